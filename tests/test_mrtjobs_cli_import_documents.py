"""`mrtjobs import` of postings saved as PDF or Word: the same text path as .txt, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from doc_writers import write_docx, write_pdf
from typer.testing import CliRunner

from mrtjobs.cli import app
from mrtjobs.storage import open_store

runner = CliRunner()

POSTING = """Medical Records Technician
Employer: Birch Hollow Community Hospital
Location: Bangor, ME

DUTIES
- Analyze discharged charts for missing signatures and track deficiencies
- Release records to patients and insurers under HIPAA

REQUIREMENTS
- RHIT or RHIA required
- One year of hospital HIM experience
"""


def test_pdf_and_docx_postings_import_like_text(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    write_pdf(POSTING, folder / "mrt.pdf")
    write_docx(POSTING.replace("Medical Records Technician", "Release of Information Specialist", 1), folder / "roi.docx")
    (folder / "mrt.txt").write_text(POSTING, encoding="utf-8")
    db = tmp_path / "jobs.db"
    result = runner.invoke(app, ["import", "--db", str(db), str(folder), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["files"] == 3 and report["errors"] == []
    with open_store(db) as store:
        rows = list(store.iter_posting_rows())
    by_title = {r["title"]: r for r in rows}
    assert sorted(by_title) == ["Medical Records Technician", "Release of Information Specialist"]
    mrt = [r for r in rows if r["title"] == "Medical Records Technician"]
    assert {r["employer"] for r in mrt} == {"Birch Hollow Community Hospital"} and {r["state"] for r in mrt} == {"ME"}
    # the PDF reads as the .txt does: same title, employer and place, the duties as bullets
    assert report["new"] == 3 and len(mrt) == 2 and {r["location"] for r in mrt} == {"Bangor, ME"}
    pdf_row = next(r for r in mrt if "\u2022 " in r["description_text"])
    assert pdf_row["description_text"].replace("\u2022 ", "- ").split() == next(
        r for r in mrt if r is not pdf_row)["description_text"].split()
    assert "\u2022 RHIT or RHIA required" in by_title["Release of Information Specialist"]["description_text"]
    again = runner.invoke(app, ["import", "--db", str(db), str(folder / "roi.docx"), "--json"])
    assert json.loads(again.stdout)["unchanged"] == 1


def test_broken_and_encrypted_documents_are_one_line_errors(tmp_path: Path) -> None:
    locked = write_pdf(POSTING, tmp_path / "locked.pdf", user_password="pw")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 truncated")
    good = write_docx(POSTING, tmp_path / "good.docx")
    db = str(tmp_path / "jobs.db")
    result = runner.invoke(app, ["import", "--db", db, str(locked), str(broken), str(good)])
    assert result.exit_code == 3, result.output  # some files failed, the good one is stored
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"Error: {locked}: encrypted PDF (password protected); open it, save or print it as a PDF without a "
        "password, or copy its text into a .txt file",
        f"Error: {broken}: damaged .docx (File is not a zip file)",
    ]
    assert "Imported 1 postings from 1 of 3 files" in result.stdout
    only_bad = runner.invoke(app, ["import", "--db", db, str(locked)])
    assert only_bad.exit_code == 1 and len(only_bad.stderr.strip().splitlines()) == 1


def test_a_document_without_a_title_line_says_so(tmp_path: Path) -> None:
    path = write_docx("x" * 200 + "\nbody text", tmp_path / "untitled.docx")
    result = runner.invoke(app, ["import", "--db", str(tmp_path / "j.db"), str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: text file with no title")
