"""Write real PDF and Word files for tests, from plain text we wrote (nothing binary is committed).

Conventions of the text given to the writers: a line starting with "- " is a bullet (a real
Word list paragraph, a "•" in the PDF); a line in capitals is a heading (bold); a line with
" | " between parts is a row whose last part (the dates) sits right-aligned in the PDF and in
its own cell of a two-column table in Word, as resume templates lay them out.
"""

from __future__ import annotations

from pathlib import Path


def _is_heading(line: str) -> bool:
    s = line.strip()
    return bool(s) and s == s.upper() and any(c.isalpha() for c in s) and not any(c.isdigit() or c in ",|" for c in s)


def write_pdf(text: str, path: Path, *, user_password: str | None = None, owner_password: str | None = None) -> Path:
    """A text PDF made with fpdf2 (core fonts, Windows-1252: dashes, bullets and curly quotes)."""
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for line in text.splitlines():
        if not line.strip():
            pdf.ln(3)
            continue
        if _is_heading(line):
            pdf.set_font("Helvetica", "B", 11)
            pdf.cell(0, 7, line.strip(), new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.set_font("Helvetica", "", 10)
        if " | " in line:
            left, _, right = line.rpartition(" | ")
            pdf.cell(130, 6, left.replace(" | ", ", "))
            pdf.cell(0, 6, right, align="R", new_x="LMARGIN", new_y="NEXT")
        elif line.startswith("- "):
            pdf.multi_cell(0, 6, "\u2022 " + line[2:], new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    if user_password is not None or owner_password is not None:
        _encrypt(path, user_password or "", owner_password or user_password or "owner")
    return path


def _encrypt(path: Path, user: str, owner: str) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(path)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    with path.open("wb") as fh:
        writer.write(fh)


def write_docx(text: str, path: Path, *, header: str | None = None) -> Path:
    """A Word document made with python-docx: headings, list bullets, dated rows as table rows."""
    import docx

    document = docx.Document()
    if header is not None:
        section = document.sections[0]
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = header
    table = None
    for line in text.splitlines():
        if " | " in line:
            if table is None:
                table = document.add_table(rows=0, cols=2)
            left, _, right = line.rpartition(" | ")
            cells = table.add_row().cells
            cells[0].text = left.replace(" | ", ", ")
            cells[1].text = right
            continue
        table = None
        if not line.strip():
            continue
        if _is_heading(line):
            document.add_heading(line.strip().title(), level=2)
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path
