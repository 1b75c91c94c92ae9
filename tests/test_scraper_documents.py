"""scraper/documents.py: PDF and Word files to text, and the one-line errors for bad ones.

Files are written by tests/doc_writers.py (fpdf2, python-docx, pypdf for encryption) or are
deliberately damaged copies of those; nothing binary is committed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from doc_writers import write_docx, write_pdf

import scraper.documents as documents
from scraper.documents import document_text
from scraper.errors import BrokenDocumentError, DocumentError, EncryptedDocumentError, ImportFileError

TEXT = """HEALTH INFORMATION TECHNICIAN
Lakeside Regional Hospital | Toledo, OH

Requirements
- RHIT credential required
- Two years of release of information experience, with HIPAA and 42 CFR Part 2
Pay: $21.00 \u2013 $26.50 per hour, \u201cshift differential\u201d for evenings.
A long sentence that the PDF writer wraps onto a second line because it keeps on going about chart completion and deficiency tracking in the record.
"""


def test_pdf_text_keeps_lines_bullets_dashes_and_joins_wrapped_lines(tmp_path: Path) -> None:
    text = document_text(write_pdf(TEXT, tmp_path / "p.pdf"))
    lines = text.splitlines()
    assert lines[0] == "HEALTH INFORMATION TECHNICIAN"
    assert "\u2022 RHIT credential required" in lines
    assert "Pay: $21.00 \u2013 $26.50 per hour, \u201cshift differential\u201d for evenings." in lines
    wrapped = [line for line in lines if line.startswith("A long sentence")]
    assert wrapped and wrapped[0].endswith("deficiency tracking in the record.")


def test_docx_text_has_header_bullets_and_table_rows_in_order(tmp_path: Path) -> None:
    path = write_docx("Intro line\nRole | 2020 \u2013 present\n- First duty\nAfter", tmp_path / "d.docx",
                      header="Page header name")
    assert document_text(path).splitlines() == [
        "Page header name", "", "Intro line", "Role | 2020 \u2013 present", "\u2022 First duty", "After",
    ]


def test_owner_password_only_pdf_opens_but_a_user_password_does_not(tmp_path: Path) -> None:
    assert "RHIT credential required" in document_text(write_pdf(TEXT, tmp_path / "o.pdf", owner_password="own"))
    with pytest.raises(EncryptedDocumentError) as err:
        document_text(write_pdf(TEXT, tmp_path / "u.pdf", user_password="pw"))
    assert str(err.value).startswith(f"{tmp_path / 'u.pdf'}: encrypted PDF (password protected)")
    assert isinstance(err.value, ImportFileError)  # the importer reports it like any bad file


def test_damaged_pdfs_are_broken_document_errors(tmp_path: Path) -> None:
    good = write_pdf(TEXT, tmp_path / "good.pdf").read_bytes()
    cases = {
        "no-header.pdf": b"just some bytes, no PDF here" * 10,
        "truncated.pdf": good[: len(good) // 3],
        "garbled.pdf": good[:400] + bytes(range(256)) * 8 + good[-200:],
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(DocumentError) as err:
            document_text(path)
        assert str(err.value).startswith(f"{path}: "), name
        assert "\n" not in str(err.value)


def test_pdf_without_text_says_it_may_be_a_scan(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no text in it \\(a scanned image"):
        document_text(write_pdf("", tmp_path / "scan.pdf"))


def test_docx_problems_are_named(tmp_path: Path) -> None:
    old_doc = tmp_path / "old.docx"
    old_doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    locked = tmp_path / "locked.docx"  # an encrypted OOXML file is a compound file holding these streams
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptionInfo".encode("utf-16-le")
                       + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le"))
    not_word = tmp_path / "notword.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a document")
    not_word.write_bytes(buf.getvalue())
    cut = tmp_path / "cut.docx"
    cut.write_bytes(write_docx("Some text", tmp_path / "whole.docx").read_bytes()[:300])
    expected = {
        old_doc: (BrokenDocumentError, "an old Word .doc file"),
        locked: (EncryptedDocumentError, "encrypted Word document"),
        not_word: (BrokenDocumentError, "not a Word document (no word/document.xml)"),
        cut: (BrokenDocumentError, "damaged .docx"),
    }
    for path, (kind, words) in expected.items():
        with pytest.raises(kind) as err:
            document_text(path)
        assert str(err.value).startswith(f"{path}: ") and words in str(err.value)


def test_size_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_docx("A paragraph of text\n" * 50, tmp_path / "big.docx")
    with pytest.raises(DocumentError, match="too large"):
        document_text(path, max_bytes=1024)
    monkeypatch.setattr(documents, "MAX_UNPACKED_BYTES", 2048)  # a zip bomb is refused before parsing
    with pytest.raises(BrokenDocumentError, match="unpacks to"):
        document_text(path)
    monkeypatch.setattr(documents, "MAX_PDF_PAGES", 1)
    many = write_pdf("\n".join(f"Line {i} of a long document" for i in range(200)), tmp_path / "many.pdf")
    text = document_text(many)
    assert "Line 0 of" in text and "Line 199 of" not in text


def test_plain_text_fallbacks(tmp_path: Path) -> None:
    cp = tmp_path / "r.txt"
    cp.write_bytes("Coder \u2013 r\u00e9sum\u00e9".encode("cp1252"))
    assert document_text(cp) == "Coder \u2013 r\u00e9sum\u00e9"
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"abc\x00def")
    with pytest.raises(DocumentError, match="binary file"):
        document_text(binary)
