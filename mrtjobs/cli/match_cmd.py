"""`rank`, `explain`, `gaps` and `profile init|check`: options -> ranking calls -> output."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from mrtjobs.cli.common import (
    DbOption, JsonOption, QuietOption, TaxonomyOption, console, err_console, open_db, print_json,
    show_progress, taxonomy_paths,
)
from mrtjobs.cli.applications_cmd import AllStatusesOption, StatusFilterOption
from mrtjobs.errors import AppError

ProfileOption = Annotated[
    Path, typer.Option("--profile", "-p", help="Your profile TOML (see `mrtjobs profile init`).", dir_okay=False)
]


class RemoteChoice(str, Enum):
    remote = "remote"
    hybrid = "hybrid"
    onsite = "onsite"


def _prepare(db, profile_path: Path, taxonomy, quiet: bool):
    """Load taxonomy, extractor and profile, open the store and bring extractions up to date."""
    from matcher.profile import load_profile
    from mrtjobs.cli.postings_cmd import run_extraction
    from mrtjobs.pipeline import load_taxonomy_and_extractor

    tax, extractor = load_taxonomy_and_extractor(taxonomy_paths(taxonomy))
    profile = load_profile(profile_path, tax)
    if profile.unknown and not quiet:
        err_console.print(f"Note: not in the taxonomy, ignored: {', '.join(profile.unknown)}", highlight=False)
    store = open_db(db)
    try:
        run_extraction(store, extractor, progress=show_progress(quiet))  # the same bar as `extract`
    except BaseException:
        store.close()
        raise
    return tax, profile, store


def _state_option(value: str | None) -> str | None:
    """--state takes a two-letter code or a state's name; anything else is a usage error."""
    if value is None:
        return None
    from scraper.geo import state_code

    code = state_code(value)
    if code is None:
        raise typer.BadParameter(f"{value!r} is not a US state (use a code like OH or a name like Ohio)")
    return code


def _fmt(x: float | None, suffix: str = "") -> str:
    return "" if x is None else f"{x:.0f}{suffix}"


def register(app: typer.Typer) -> None:
    @app.command("rank", help="Rank stored postings for your profile, best first, with the reasons.")
    def rank_cmd(
        profile: ProfileOption,
        db: DbOption = None,
        limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most N postings.", min=0)] = 20,
        json_out: JsonOption = False,
        state: Annotated[str | None, typer.Option("--state", callback=_state_option, help="Only postings in this state, e.g. OH or Ohio (remote ones always match).")] = None,
        remote: Annotated[RemoteChoice | None, typer.Option("--remote", help="Only remote, hybrid or onsite postings.")] = None,
        min_score: Annotated[float | None, typer.Option("--min-score", help="Only postings scoring at least this (0-100).")] = None,
        eligible: Annotated[bool, typer.Option("--eligible", help="Only postings whose required certifications you meet.")] = False,
        status: StatusFilterOption = None,
        all_statuses: AllStatusesOption = False,
        taxonomy: TaxonomyOption = None,
        quiet: QuietOption = False,
    ) -> None:
        from mrtjobs import applications

        tax, prof, store = _prepare(db, profile, taxonomy, quiet or json_out)
        with store:
            matches, marks = applications.rank_with_statuses(
                store, prof, tax, only=[s.value for s in status or ()], all_statuses=all_statuses,
                state=state, remote=remote.value if remote else None,
                min_score=min_score, eligible_only=eligible, limit=limit,
            )
        if json_out:
            print_json([applications.with_status(m.to_json(i), m.uid, marks) for i, m in enumerate(matches, 1)])
            return
        _print_table(matches, marks)

    @app.command("explain", help="Show how one posting scores for your profile, item by item.")
    def explain_cmd(
        uid: Annotated[str, typer.Argument(help="Posting uid (or an unambiguous prefix), as shown by `rank`.", metavar="UID")],
        profile: ProfileOption,
        db: DbOption = None,
        json_out: JsonOption = False,
        taxonomy: TaxonomyOption = None,
        quiet: QuietOption = False,
    ) -> None:
        from mrtjobs import ranking

        tax, prof, store = _prepare(db, profile, taxonomy, quiet or json_out)
        with store:
            match = ranking.explain_uid(store, uid, prof, tax)
        if json_out:
            data = match.to_json(1)
            data.pop("rank")
            data.update(flags=list(match.flags), apply=match.apply, salary_fit=match.salary_fit,
                        location_fit=match.location_fit, skill_map_alignment=match.alignment,
                        tier=match.tier, annual_pay=match.annual_pay, guide_pay=match.guide_pay,
                        pay_vs_guide_pct=match.pay_vs_guide)
            print_json(data)
            return
        _print_explain(match)

    @app.command("gaps", help="Write ranked_postings.csv, gap_report.csv and skill_leverage.csv (what to learn next).")
    def gaps_cmd(
        profile: ProfileOption,
        out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the three CSV files.", file_okay=False)],
        db: DbOption = None,
        taxonomy: TaxonomyOption = None,
        quiet: QuietOption = False,
    ) -> None:
        from mrtjobs import ranking

        tax, prof, store = _prepare(db, profile, taxonomy, quiet)
        with store:
            written = ranking.write_gap_reports(out, store, prof, tax)
        if not quiet:
            for path in written.values():
                console.print(f"wrote {path}", highlight=False)

    profile_app = typer.Typer(help="Create or check a profile TOML file.", no_args_is_help=True)

    @profile_app.command("init", help="Write a commented profile template (to PATH, or to stdout).")
    def profile_init(
        path: Annotated[Path | None, typer.Argument(help="Where to write it; omit to print.", dir_okay=False, metavar="FILE")] = None,
        force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    ) -> None:
        from matcher.profile import profile_template

        text = profile_template()
        if path is None:
            typer.echo(text, nl=False)
            return
        if path.exists() and not force:
            raise AppError(f"{path}: already exists (use --force to overwrite)")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        console.print(f"wrote {path}; edit it, then run `mrtjobs profile check {path}`", highlight=False)

    @profile_app.command("check", help="Validate a profile; errors name the key, unknown skills are listed.")
    def profile_check(
        file: Annotated[Path, typer.Argument(help="Profile TOML file.", dir_okay=False, metavar="FILE")],
        json_out: JsonOption = False,
        taxonomy: TaxonomyOption = None,
    ) -> None:
        from matcher.profile import load_profile
        from skills_taxonomy.taxonomy import load_taxonomy

        tax = load_taxonomy(taxonomy_paths(taxonomy))
        prof = load_profile(file, tax)
        data = {
            "file": str(file),
            "name": prof.name,
            "years_experience": prof.years_experience,
            "education": prof.education,
            "certifications": [{"id": h.id, "written": h.written, "status": h.status} for h in prof.certifications],
            "skills": [{"id": h.id, "written": h.written, "status": h.status} for h in prof.skills],
            "unknown": list(prof.unknown),
        }
        if json_out:
            print_json(data)
            return
        console.print(f"{file}: OK", highlight=False)
        console.print(f"  certifications: {', '.join(h.display + ' -> ' + h.id for h in prof.certifications) or '-'}",
                      highlight=False)
        console.print(f"  skills: {', '.join(h.written + ' -> ' + h.id for h in prof.skills) or '-'}", highlight=False)
        if prof.unknown:
            console.print(f"  unknown (not used for matching): {', '.join(prof.unknown)}", highlight=False)

    app.add_typer(profile_app, name="profile")


def _print_table(matches, marks=None) -> None:
    from rich.table import Table

    if not matches:
        console.print("No postings match (import or crawl some, or relax the filters).")
        return
    from rich import box
    from rich.markup import escape

    table = Table(box=box.SIMPLE_HEAD, show_lines=True,
                  caption="ok: required certifications met; gaps: required items not fully met; details: mrtjobs explain UID")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("ok", no_wrap=True)
    table.add_column("posting / employer, place / uid", ratio=1, min_width=24,
                     overflow="fold")
    table.add_column("gaps", justify="right", no_wrap=True)
    marked = marks is not None and any(marks.of(m.uid) for m in matches)
    if marked:  # application status (mrtjobs mark), only when some shown posting has one
        table.add_column("status", no_wrap=True)
    for i, m in enumerate(matches, 1):
        f = m.facts
        where = "remote" if f.remote == "remote" else (f.location or f.state or "")
        place = ", ".join(x for x in (f.employer, where) if x)
        table.add_row(
            str(i), f"{m.score:.1f}", "yes" if m.eligible else "NO",
            f"{escape(f.title)}\n[dim]{escape(place)}\n{escape(f.uid)}[/dim]",
            str(len(m.missing_required)), *([marks.label(m.uid)] if marked else []),
        )
    console.print(table)


def _print_explain(m) -> None:
    from rich.table import Table

    f = m.facts
    console.print(f"{f.title} - {f.employer or '?'} ({f.uid})", highlight=False)
    console.print(f"score {m.score:.2f} / 100   eligible: {'yes' if m.eligible else 'NO'}   "
                  f"worth applying: {'yes' if m.apply else 'no'}", highlight=False)
    table = Table()
    for col in ("item", "level", "kind", "match", "credit", "weight", "points", "matched by"):
        table.add_column(col, overflow="fold")
    for p in m.points:
        table.add_row(p.item, p.level, p.kind, p.match_type, f"{p.credit:.2f}", f"{p.weight:.2f}",
                      f"{p.points:.2f}", p.matched_by or "")
    console.print(table)
    for flag in m.flags:
        console.print(f"flag: {flag}", highlight=False)
    pay = f"{m.annual_pay:,.0f}/yr" if m.annual_pay is not None else "not stated"
    vs = f" ({m.pay_vs_guide:+.1f}% vs guide {m.guide_pay:,.0f})" if m.pay_vs_guide is not None else ""
    console.print(f"tier: {m.tier or 'unknown'}   pay: {pay}{vs}", highlight=False)
    console.print(f"skill-map alignment: {m.alignment:.1f}   salary fit: {_fmt(m.salary_fit) or 'n/a'}   "
                  f"location fit: {_fmt(m.location_fit) or 'n/a'}", highlight=False)
