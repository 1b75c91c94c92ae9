"""`mrtjobs extract-text` and `mrtjobs extract` with the real taxonomy and spaCy pipeline."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mrtjobs.cli import app

runner = CliRunner()

POSTING = """Inpatient Coder II

Requirements:
• RHIT or CCS certification required
• Two (2) years of inpatient coding experience with ICD-10-CM/PCS
Preferred:
• Experience with Epic and 3M 360 Encompass
Pay: $28.50 - $36.00 per hour. This is a fully remote position.
"""


def test_extract_text_from_file_prints_the_contract(tmp_path: Path) -> None:
    path = tmp_path / "posting.txt"
    path.write_text(POSTING, encoding="utf-8")
    result = runner.invoke(app, ["extract-text", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"mentions", "requirements"}
    by_id = {m["skill_id"]: m for m in data["mentions"]}
    for m in data["mentions"]:
        assert POSTING[m["start"] : m["end"]] == m["text"]
        assert set(m) >= {"skill_id", "label", "kind", "level", "start", "end", "text", "code"}
    rhit = next(m for m in data["mentions"] if m["code"] == "RHIT")
    assert rhit["level"] == "required" and rhit["kind"] == "certification"
    epic = [m for m in data["mentions"] if m["label"].lower().startswith("epic")]
    assert epic and all(m["level"] == "preferred" for m in epic)
    assert "code.icd10cm" in by_id or any("ICD-10-CM" in m["label"] for m in data["mentions"])
    req = data["requirements"]
    assert req["min_years_experience"] == 2
    assert req["salary"] == {"min": 28.5, "max": 36.0, "period": "hour", "currency": "USD"}
    assert req["remote"] == "remote"


def test_extract_text_from_stdin() -> None:
    result = runner.invoke(app, ["extract-text", "-"], input=POSTING)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["requirements"]["min_years_experience"] == 2


def test_extract_text_rejects_binary_and_missing_files(tmp_path: Path) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(app, ["extract-text", str(blob)])
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and "blob.bin" in result.stderr
    result = runner.invoke(app, ["extract-text", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1 and "missing.txt" in result.stderr


def test_extract_only_new_or_changed(tmp_path: Path) -> None:
    db = tmp_path / "jobs.db"
    posting = tmp_path / "coder.txt"
    posting.write_text(POSTING, encoding="utf-8")
    assert runner.invoke(app, ["import", "--db", str(db), str(posting)]).exit_code == 0
    first = runner.invoke(app, ["extract", "--db", str(db), "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["extracted"] == 1
    again = runner.invoke(app, ["extract", "--db", str(db), "--json"])
    assert json.loads(again.stdout)["extracted"] == 0
    posting.write_text(POSTING + "\nCPC accepted in place of CCS.\n", encoding="utf-8")
    runner.invoke(app, ["import", "--db", str(db), str(posting)])
    # a pasted text's id is its content hash, so an edited paste is a new posting
    assert json.loads(runner.invoke(app, ["extract", "--db", str(db), "--json"]).stdout)["extracted"] == 1
