"""PDF and Word (.docx) files to plain text: job descriptions published as PDFs, resumes.

Why one module: `mrtjobs import` (a posting saved as a PDF) and `mrtjobs profile
from-resume` (a resume) both need "the text of this document" and the same one-line errors
for a broken, encrypted or oversized file. Both libraries are well kept (pypdf, python-docx);
there is no OCR: a scanned PDF without a text layer is reported as such, not guessed at.

Hostile files are bounded: the file size (the caller passes the importer's limit), the
number of PDF pages read, the size a .docx unpacks to (a zip bomb is refused before
python-docx parses it), and the length of the text returned.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scraper.errors import BrokenDocumentError, DocumentError, EncryptedDocumentError
from scraper.text import normalize_whitespace

DOCUMENT_SUFFIXES = (".pdf", ".docx")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # the files importer's MAX_FILE_BYTES; callers pass theirs
MAX_PDF_PAGES = 60  # a posting is 1-3 pages and a resume 1-4; past this it is not one of them
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # what a .docx's parts may unpack to, all together
MAX_TEXT_CHARS = 500_000

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: old .doc, or an encrypted .docx
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BULLET = "\u2022 "
# A line cut by the PDF's line wrapping: it ends inside a sentence and the next goes on in lower case.
_WRAPPED = re.compile(r"(?<=[a-z,;])\n(?=[a-z])")


def document_text(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a .pdf, .docx or plain-text file; raises DocumentError (one line, with the path)."""
    path = Path(path)
    data = read_bounded(path, max_bytes)
    suffix = path.suffix.casefold()
    if suffix == ".pdf" or (suffix != ".docx" and data[:1024].find(_PDF_MAGIC) >= 0):
        return pdf_text(data, path)
    if suffix == ".docx" or data.startswith(_ZIP_MAGIC):
        return docx_text(data, path)
    return plain_text(data, path)


def read_bounded(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(path, f"too large ({size // (1024 * 1024)} MB; the limit is "
                                      f"{max_bytes // (1024 * 1024)} MB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(path, "no such file") from None
    except IsADirectoryError:
        raise DocumentError(path, "is a directory") from None
    except OSError as exc:
        raise DocumentError(path, f"unreadable: {exc.strerror or exc}") from None
    if not data.strip():
        raise DocumentError(path, "empty file")
    return data


def plain_text(data: bytes, path: Path) -> str:
    return _finish(decode_text(data, path), path, "text file")


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, as pasted text usually is; binary
    data (NUL bytes, many control characters) is refused. The text is returned as decoded."""
    if b"\x00" in data[:8192]:
        raise DocumentError(path, "binary file, not text (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise DocumentError(path, "binary file, not UTF-8 text") from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(3, len(text[:8192]) // 50):
        raise DocumentError(path, "binary file, not text (control characters)")
    return text


# --- PDF ---------------------------------------------------------------------------------


def pdf_text(data: bytes, path: Path) -> str:
    """Text of the first MAX_PDF_PAGES pages, in reading order as pypdf gives it."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    start = data.find(_PDF_MAGIC, 0, 1024)
    if start < 0:
        raise BrokenDocumentError(path, "not a PDF file (no %PDF header)")
    pieces: list[str] = []
    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data[start:]))
            if reader.is_encrypted:
                _decrypt(reader, path)
            total = 0
            for number, page in enumerate(reader.pages, 1):
                if number > MAX_PDF_PAGES:
                    break
                piece = page.extract_text() or ""
                pieces.append(piece)
                total += len(piece)
                if total > MAX_TEXT_CHARS:
                    break
        except DocumentError:
            raise
        except (FileNotDecryptedError, DependencyError) as exc:
            raise EncryptedDocumentError(path, f"encrypted PDF that cannot be opened ({exc})") from None
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
                RecursionError, OverflowError, ZeroDivisionError, zipfile.BadZipFile) as exc:
            # pypdf reports damage through many exception types; all mean "cannot be read"
            raise BrokenDocumentError(path, f"damaged PDF ({_reason(exc)})") from None
    text = "\n".join(pieces)
    if not text.strip():
        raise DocumentError(path, "PDF with no text in it (a scanned image? mrtjobs reads a PDF's text and does no OCR)")
    return _finish(_WRAPPED.sub(" ", text), path, "PDF")


def _decrypt(reader, path: Path) -> None:
    """Many PDFs are encrypted only against editing or printing: an empty password opens them."""
    from pypdf import PasswordType
    from pypdf.errors import DependencyError

    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise EncryptedDocumentError(path, f"encrypted PDF that cannot be opened ({exc})") from None
    except NotImplementedError as exc:
        raise EncryptedDocumentError(path, f"encrypted PDF in a form pypdf cannot open ({exc})") from None
    if opened == PasswordType.NOT_DECRYPTED:
        raise EncryptedDocumentError(
            path, "encrypted PDF (password protected); open it, save or print it as a PDF without a password, "
                  "or copy its text into a .txt file"
        )


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs and warns about every repaired oddity; the user gets one line or none."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


# --- DOCX --------------------------------------------------------------------------------


def docx_text(data: bytes, path: Path) -> str:
    """Paragraphs and tables in document order (a table row on one line, cells split by " | "),
    list paragraphs as "• " bullets, then the first page header (where resumes put the name)."""
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTION_STREAM in data:
            raise EncryptedDocumentError(
                path, "encrypted Word document (password protected); save a copy without a password"
            )
        raise BrokenDocumentError(path, "an old Word .doc file, not .docx; save it as .docx or PDF")
    if not data.startswith(_ZIP_MAGIC):
        raise BrokenDocumentError(path, "not a Word .docx file (not a zip package)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
            names = set(package.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise BrokenDocumentError(path, f"damaged .docx ({_reason(exc)})") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise BrokenDocumentError(path, f"unpacks to {unpacked // (1024 * 1024)} MB; the limit is "
                                        f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB")
    if "word/document.xml" not in names:
        raise BrokenDocumentError(path, "a zip file but not a Word document (no word/document.xml)")

    import docx
    from docx.opc.exceptions import OpcError

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_body_lines(document))
        header = _header_lines(document)
    except (OpcError, KeyError, ValueError, AttributeError, TypeError, zipfile.BadZipFile,
            SyntaxError, RecursionError) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        raise BrokenDocumentError(path, f"damaged .docx ({_reason(exc)})") from None
    text = "\n".join(header + [""] + lines if header else lines)
    if not text.strip():
        raise DocumentError(path, "Word document with no text in it")
    return _finish(text, path, "Word document")


def _body_lines(document) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.element.body.iterchildren():
        if block.tag == f"{_WORD_NS}p":
            yield _paragraph_line(Paragraph(block, document))
        elif block.tag == f"{_WORD_NS}tbl":
            yield from _table_lines(Table(block, document))


def _paragraph_line(paragraph) -> str:
    text = paragraph.text
    ppr = paragraph._p.pPr
    listed = ppr is not None and ppr.numPr is not None
    style = (paragraph.style.name or "") if paragraph.style is not None else ""
    if text.strip() and (listed or style.startswith("List Bullet") or style.startswith("List Number")):
        return _BULLET + text.strip()
    return text


def _table_lines(table, depth: int = 0) -> Iterator[str]:
    """One line per row; a nested table (layout inside a cell) gets its own lines."""
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                continue
            seen.add(id(cell._tc))
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text:
                cells.append(text)
            if depth < 3:
                for inner in cell.tables:
                    yield from _table_lines(inner, depth + 1)
        if cells:
            yield " | ".join(cells)


def _header_lines(document) -> list[str]:
    try:
        header = document.sections[0].header
    except IndexError:
        return []
    if header.is_linked_to_previous:  # no header of its own (reading it would create one)
        return []
    return [p.text for p in header.paragraphs if p.text.strip()]


# --- shared ------------------------------------------------------------------------------


def _finish(text: str, path: Path, what: str) -> str:
    clean = normalize_whitespace(text[: MAX_TEXT_CHARS + 1])
    if not clean:
        raise DocumentError(path, f"{what} with no text in it")
    return clean[:MAX_TEXT_CHARS]


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:160] or type(exc).__name__
