"""Commands that bring postings in and read them: import, extract, extract-text, search."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from mrtjobs.cli import exitcodes
from mrtjobs.cli.common import (
    DbOption,
    JsonOption,
    QuietOption,
    TaxonomyOption,
    console,
    err_console,
    open_db,
    print_json,
    show_progress,
    taxonomy_paths,
)
from mrtjobs.errors import AppError


def register(app: typer.Typer) -> None:
    app.command("import", help=IMPORT_HELP)(import_command)
    app.command("extract", help=EXTRACT_HELP)(extract_command)
    app.command("extract-text", help=EXTRACT_TEXT_HELP)(extract_text_command)
    app.command("search", help=SEARCH_HELP)(search_command)


IMPORT_HELP = """Import postings from files you saved or pasted.

Accepts .json in a known source format (USAJOBS, Greenhouse, Lever, Workday, SmartRecruiters,
or a raw file written by `crawl --save-raw`), saved .html pages (schema.org JobPosting JSON-LD,
else the page's main text), .txt (first non-empty line is the title) and postings saved as
.pdf or .docx (their text, read as a .txt; a scanned PDF without text cannot be read). Directories are read
recursively. A bad file is reported on one line and skipped; the others still import, and the
exit code is 3 when any file failed (1 when none could be imported). Importing the same file again creates no duplicates.
Postings of other occupations (a nurse or an engineer on a hospital's board) are set aside
and listed, as a crawl does; --all imports them anyway. A saved page that lists jobs (a career
site's search results) is not a posting: nothing is stored from it, and the job links it holds
are printed so you can save or import those pages. --employer names the employer of every
imported posting, for files whose employer is missing or wrong.

Example: mrtjobs import --db jobs.db ~/Downloads/coder-posting.html data/samples/
"""


LISTING_LINKS_SHOWN = 20


def import_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to import.", show_default=False, metavar="PATH")],
    db: DbOption = None,
    keep_all: Annotated[bool, typer.Option("--all", help="Also import postings of other occupations.")] = False,
    employer: Annotated[str | None, typer.Option(
        "--employer", metavar="NAME", help="Employer name for every imported posting (overrides the file's).",
        show_default=False)] = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    from mrtjobs.pipeline import import_files, load_relevance

    if employer is not None and not employer.strip():
        raise typer.BadParameter("must not be empty", param_hint="--employer")
    relevance = None if keep_all else load_relevance()
    with open_db(db) as store:
        report = import_files(store, paths, relevance=relevance, employer=employer.strip() if employer else None)
    listed = dict(report.listings)
    for line in report.errors:
        typer.echo(f"Error: {' '.join(line.split())}", err=True)
        path = line.split(": ", 1)[0]
        for link in listed.get(path, [])[:LISTING_LINKS_SHOWN]:
            typer.echo(f"  {link}", err=True)
        if len(listed.get(path, [])) > LISTING_LINKS_SHOWN:
            typer.echo(f"  ... and {len(listed[path]) - LISTING_LINKS_SHOWN} more (--json lists them all)", err=True)
    up = report.upsert
    if json_out:
        print_json(
            {
                "files": report.files,
                "postings": report.postings,
                "new": len(up.new),
                "updated": len(up.updated),
                "unchanged": len(up.unchanged),
                "set_aside": [{"title": t, "reason": r} for t, r in report.set_aside],
                "listings": [{"file": f, "links": links} for f, links in report.listings],
                "errors": report.errors,
            }
        )
    elif not quiet:
        console.print(
            f"Imported {report.postings} postings from {report.files - len(report.errors)} of "
            f"{report.files} files: {len(up.new)} new, {len(up.updated)} updated, "
            f"{len(up.unchanged)} unchanged.",
            highlight=False,
        )
        for title, reason in report.set_aside:
            console.print(f"  set aside (not this occupation): {title} - {reason}", highlight=False)
    if report.errors:
        # 3: some files imported, others failed; 1: nothing could be imported at all.
        nothing = report.files == len(report.errors)
        raise typer.Exit(exitcodes.ERROR if nothing else exitcodes.PARTIAL)


EXTRACT_HELP = """Bring the stored postings' extractions up to date.

Only new or changed postings are extracted, or all of them after the taxonomy or the
extractor changed (each extraction is stamped with both versions).
"""


def extract_command(
    db: DbOption = None,
    taxonomy: TaxonomyOption = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    from mrtjobs.pipeline import load_taxonomy_and_extractor

    _, extractor = load_taxonomy_and_extractor(taxonomy_paths(taxonomy))
    with open_db(db) as store:
        count = run_extraction(store, extractor, progress=show_progress(quiet or json_out))
        total = store.count_postings(include_closed=False)
    if json_out:
        print_json({"extracted": count, "open_postings": total, "extractor_version": extractor.version})
    elif not quiet:
        console.print(f"Extracted {count} postings ({total} open postings stored).", highlight=False)


def run_extraction(store, extractor, *, progress: bool) -> int:
    """ensure_extracted with a progress bar when a person is watching."""
    from mrtjobs.pipeline import ensure_extracted

    if not progress:
        return ensure_extracted(store, extractor)
    with Progress(
        TextColumn("Extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err_console, transient=True,
    ) as bar:
        task = bar.add_task("extract", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return ensure_extracted(store, extractor, on_progress=update)


EXTRACT_TEXT_HELP = """Extract skills and requirements from one text and print them as JSON.

FILE may be '-' to read standard input. Prints {"mentions": [...], "requirements": {...}}
with character offsets into the text exactly as read (UTF-8).
"""

MAX_TEXT_BYTES = 20 * 1024 * 1024


def extract_text_command(
    file: Annotated[str, typer.Argument(help="A text file, or '-' for standard input.", show_default=False, metavar="FILE")],
    taxonomy: TaxonomyOption = None,
) -> None:
    from mrtjobs.pipeline import load_taxonomy_and_extractor

    if file == "-":
        data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
        where = "<stdin>"
    else:
        path = Path(file)
        if not path.is_file():
            raise AppError(f"{file}: no such file")
        with path.open("rb") as fh:
            data = fh.read(MAX_TEXT_BYTES + 1)
        where = file
    if len(data) > MAX_TEXT_BYTES:
        raise AppError(f"{where}: larger than {MAX_TEXT_BYTES // (1024 * 1024)} MB; not a job posting")
    if b"\x00" in data:
        raise AppError(f"{where}: binary data, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AppError(f"{where}: not UTF-8 text (byte {exc.start})") from None
    _, extractor = load_taxonomy_and_extractor(taxonomy_paths(taxonomy))
    print_json(extractor.extract(text).to_dict())


SEARCH_HELP = """Full-text search over stored titles and descriptions (SQLite FTS5 syntax).

Example: mrtjobs search 'coder AND (remote OR telework)'
"""


def search_command(
    query: Annotated[str, typer.Argument(help="FTS5 query, e.g. 'tumor registrar' or 'CCS NOT CPC'.", metavar="QUERY")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Most results to show.", min=1)] = 20,
    json_out: JsonOption = False,
) -> None:
    with open_db(db) as store:
        rows = store.search(query, limit=limit)
    if json_out:
        print_json(rows)
        return
    table = Table("uid", "title", "employer")
    for r in rows:
        table.add_row(r["uid"], r["title"], r["employer"] or "")
    console.print(table)
