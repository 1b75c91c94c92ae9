"""`mrtjobs profile from-resume FILE --out me.toml`: a profile drafted from a resume.

Registered onto the `profile` group that mrtjobs/cli/match_cmd.py defines, by looking the
group up on the root app, so the two modules never edit each other.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from mrtjobs.cli.common import JsonOption, TaxonomyOption, console, err_console, print_json, taxonomy_paths
from mrtjobs.errors import AppError

FROM_RESUME_HELP = """Draft a profile TOML from your resume (PDF, Word .docx or plain text).

Reads the resume with the same extractor that reads postings: certifications (with "in
progress" or "eligible" when the resume says so), skills, years of experience from the dates
of the jobs listed (overlapping jobs counted once, "present" = today) and your highest
finished education. Only jobs that are records, coding or HIM work count toward the years;
anything it is unsure of ("2019-present: is this HIM work?") is written as a CHECK comment
in the file, never guessed silently. Scanned PDFs (images without text) cannot be read.

Example: mrtjobs profile from-resume ~/Documents/resume.pdf --out me.toml
"""


def register(app: typer.Typer) -> None:
    profile_group = next((g.typer_instance for g in app.registered_groups if g.name == "profile"), None)
    if profile_group is None:  # match_cmd registers the group; registration order is in cli/app.py
        raise RuntimeError("the `profile` command group must be registered before resume_cmd")
    profile_group.command("from-resume", help=FROM_RESUME_HELP)(from_resume_command)


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-12-01") from None


def from_resume_command(
    file: Annotated[Path, typer.Argument(help="Your resume: .pdf, .docx or .txt.", dir_okay=False, metavar="FILE")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Where to write the profile; omit to print it.",
                                             dir_okay=False, show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing --out file.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", callback=_as_of, metavar="DATE",
                                              help="Count 'present' in job dates as this date (default: today).")] = None,
    json_out: JsonOption = False,
    taxonomy: TaxonomyOption = None,
) -> None:
    from matcher.profile import parse_profile
    from mrtjobs.pipeline import load_relevance, load_taxonomy_and_extractor
    from mrtjobs.resume import draft_profile
    from mrtjobs.resume_toml import render_profile, summary_line
    from scraper.documents import document_text
    from scraper.sources.files import MAX_FILE_BYTES

    if out is not None and out.exists() and not force:
        raise AppError(f"{out}: already exists (use --force to overwrite)")
    text = document_text(file, max_bytes=MAX_FILE_BYTES)
    tax, extractor = load_taxonomy_and_extractor(taxonomy_paths(taxonomy))
    draft = draft_profile(text, taxonomy=tax, extractor=extractor, relevance=load_relevance(tax),
                          today=as_of or date.today(), source=file.name)
    toml_text = render_profile(draft)
    # The file must pass `profile check` as written; a failure here is a bug in the writer.
    parse_profile(toml_text, tax, source=str(out or "<from-resume>"))
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(toml_text, encoding="utf-8")
    if json_out:
        data = draft.to_dict()
        data["out"] = str(out) if out is not None else None
        print_json(data)
        return
    if out is None:
        typer.echo(toml_text, nl=False)
        err_console.print(summary_line(draft), highlight=False, soft_wrap=True)
        return
    console.print(f"wrote {out}: {summary_line(draft)}", highlight=False, soft_wrap=True)
    for check in draft.checks:
        console.print(f"  CHECK: {check}", highlight=False, markup=False, soft_wrap=True)
    console.print(f"Read it, then run `mrtjobs profile check {out}`.", highlight=False, markup=False)
