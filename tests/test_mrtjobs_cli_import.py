"""`mrtjobs import`: bad files get one line each naming the file; good files still import."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mrtjobs.cli import app
from mrtjobs.storage import open_store

runner = CliRunner()

GOOD_BOARD = {
    "jobs": [
        {
            "id": 4410001,
            "title": "Release of Information Specialist",
            "absolute_url": "https://job-boards.greenhouse.io/example/jobs/4410001",
            "updated_at": "2026-10-02T09:00:00-04:00",
            "location": {"name": "Columbus, OH"},
            "metadata": None,
            "content": "&lt;p&gt;Process requests for medical records under HIPAA.&lt;/p&gt;",
            "departments": [],
            "offices": [],
        }
    ],
    "meta": {"total": 1},
}


def make_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "good": tmp_path / "good.json",
        "malformed": tmp_path / "malformed.json",
        "nopage": tmp_path / "about-us.html",
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "photo.json",
    }
    files["good"].write_text(json.dumps(GOOD_BOARD))
    files["malformed"].write_text('{"jobs": [ {"id": 1, "title": "Coder" ')
    files["nopage"].write_text("<html><head><title></title></head><body><nav>Home</nav></body></html>")
    files["empty"].write_text("")
    files["binary"].write_bytes(bytes(range(256)) * 8)
    return files


def test_bad_files_are_reported_good_files_imported(tmp_path: Path) -> None:
    files = make_files(tmp_path)
    db = tmp_path / "jobs.db"
    result = runner.invoke(app, ["import", "--db", str(db), *map(str, files.values())])
    assert result.exit_code == 3, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 4, result.stderr
    for key in ("malformed", "nopage", "empty", "binary"):
        assert sum(str(files[key]) in line for line in errors) == 1, (key, errors)
    assert "Traceback" not in result.output + result.stderr
    with open_store(db) as store:
        assert store.count_postings() == 1
        assert store.get_posting("greenhouse:4410001").title == "Release of Information Specialist"


def test_reimport_creates_no_duplicates(tmp_path: Path) -> None:
    files = make_files(tmp_path)
    db = tmp_path / "jobs.db"
    for _ in range(2):
        result = runner.invoke(app, ["import", "--db", str(db), "--json", str(files["good"])])
        assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["unchanged"] == 1
    with open_store(db) as store:
        assert store.count_postings() == 1


def test_db_from_environment(tmp_path: Path, monkeypatch) -> None:
    files = make_files(tmp_path)
    db = tmp_path / "env.db"
    monkeypatch.setenv("MRTJOBS_DB", str(db))
    result = runner.invoke(app, ["import", str(files["good"])])
    assert result.exit_code == 0, result.output
    assert db.exists()


def test_unusable_database_is_a_one_line_error(tmp_path: Path) -> None:
    files = make_files(tmp_path)
    db = tmp_path / "not-a-db.db"
    db.write_bytes(b"garbage" * 1000)
    result = runner.invoke(app, ["import", "--db", str(db), str(files["good"])])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and str(db) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_nothing_importable_is_exit_1_and_unsupported_types_are_named(tmp_path: Path) -> None:
    doc = tmp_path / "posting.rtf"
    doc.write_bytes(b"{\\rtf1 not supported}")
    pdf = tmp_path / "posting.pdf"
    pdf.write_bytes(b"%PDF-1.7 not really")
    args = ["import", "--db", str(tmp_path / "j.db"), str(doc), str(pdf), str(tmp_path / "missing.json")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert any("posting.rtf" in l and "unsupported file type" in l for l in lines), lines
    assert any("posting.pdf" in l and "damaged PDF" in l for l in lines), lines
    assert any("missing.json" in l and "no such file" in l for l in lines), lines
