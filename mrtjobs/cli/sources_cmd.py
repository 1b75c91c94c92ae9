"""`mrtjobs sources list|add|check`: start a sources file from the health-system catalogue.

Thin on purpose: options -> ``mrtjobs.catalogue`` / ``mrtjobs.sources_file`` -> lines or
JSON. Library errors (an unknown name, a broken file) reach the app's error boundary,
which prints ``Error: ...`` and exits 1.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Annotated

import typer

from mrtjobs.cli import exitcodes
from mrtjobs.cli.common import JsonOption, console, print_json

sources_app = typer.Typer(
    help=(
        "Find the career sites of US health systems and build a sources file for `mrtjobs crawl`. "
        "Typical flow: `sources list --state OH`, `sources add NAME... --to ~/mrtjobs/sources.toml`, "
        "`sources check ~/mrtjobs/sources.toml`, then `crawl --sources ~/mrtjobs/sources.toml`."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

CatalogueOption = Annotated[
    Path | None,
    typer.Option(
        "--catalogue",
        help="A catalogue file to use instead of the shipped data/sources/catalogue.toml.",
        show_default=False,
        dir_okay=False,
        metavar="FILE",
    ),
]
WIDTH = 80


def register(app: typer.Typer) -> None:
    app.add_typer(sources_app, name="sources")


def _catalogue(path: Path | None):
    from mrtjobs.catalogue import load_catalogue

    return load_catalogue(path)


@sources_app.command(
    "list",
    help=(
        "List the catalogue's health systems: name (with, in brackets, the name to pass to `sources add`), "
        "states, ATS type and, below, the endpoint. --state keeps systems in that state plus nationwide employers; --type keeps "
        "one ATS (workday, oracle, icims, greenhouse, lever, smartrecruiters); --kind one kind of employer "
        "(hospital_system, academic_medical_center, childrens_hospital, physician_group, health_plan, "
        "revenue_cycle, post_acute, community_health). Example: mrtjobs sources list --state OH"
    ),
)
def list_cmd(
    state: Annotated[str | None, typer.Option("--state", help="Two-letter state code, e.g. OH.", show_default=False)] = None,
    type_: Annotated[str | None, typer.Option("--type", help="ATS type, e.g. workday.", show_default=False)] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Kind of employer, e.g. health_plan.", show_default=False)] = None,
    catalogue: CatalogueOption = None,
    json_out: JsonOption = False,
) -> None:
    from mrtjobs.catalogue import KINDS, STATE_CODES
    from mrtjobs.config import SOURCE_TYPES

    if state is not None and state.upper() not in STATE_CODES:
        raise typer.BadParameter(f"{state!r} is not a USPS state code (e.g. OH, TX, CA)", param_hint="--state")
    if type_ is not None and type_ not in SOURCE_TYPES:
        raise typer.BadParameter(f"{type_!r} is not a source type (one of: {', '.join(SOURCE_TYPES)})",
                                 param_hint="--type")
    if kind is not None and kind not in KINDS:
        raise typer.BadParameter(f"{kind!r} is not a kind (one of: {', '.join(KINDS)})", param_hint="--kind")
    cat = _catalogue(catalogue)
    systems = sorted(cat.filter(state=state, type=type_, kind=kind), key=lambda s: s.name.casefold())
    if json_out:
        print_json([s.to_dict() for s in systems])
        return
    if not systems:
        console.print("No catalogue entry matches. `mrtjobs sources list` shows them all.", highlight=False)
        return
    for system in systems:
        for line in _record(system):
            console.print(line, highlight=False, markup=False, soft_wrap=True)
    by_type = {}
    for system in systems:
        by_type[system.type] = by_type.get(system.type, 0) + 1
    summary = ", ".join(f"{n} {t}" for t, n in sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0])))
    console.print(
        textwrap.fill(
            f"{len(systems)} systems ({summary}). Add them with: mrtjobs sources add NAME... --to FILE",
            WIDTH,
        ),
        highlight=False, markup=False, soft_wrap=True,
    )


def _states(system) -> str:
    if system.nationwide:
        return "nationwide" + (f" (HQ {' '.join(system.states)})" if system.states else "")
    return " ".join(system.states)


def _record(system) -> list[str]:
    """Two lines per system, each within 80 columns (an endpoint longer than that stays whole)."""
    head = textwrap.wrap(
        f"{system.name} ({system.id}) · {_states(system)} · {system.type}",
        WIDTH, subsequent_indent="  ", break_on_hyphens=False, break_long_words=False,
    )
    return head + [f"  {system.endpoint}"]


@sources_app.command(
    "add",
    help=(
        "Append catalogue entries to a sources file as [[sources]] entries (created with a [crawl] "
        "template when missing). NAME is the name shown in brackets by `sources list`, or the "
        "employer's name in quotes. Existing content and comments are kept; an entry already in the "
        "file is skipped, never duplicated. --search sets the search words of the sources that have "
        "them (Workday search_text, Oracle and iCIMS keyword, SmartRecruiters query) so a crawl of a "
        "large system fetches only matching postings; --search '' fetches the whole listing. "
        "Example: mrtjobs sources add cleveland-clinic ohio-state --to ~/mrtjobs/sources.toml"
    ),
)
def add_cmd(
    names: Annotated[list[str], typer.Argument(help="Catalogue names (see `sources list`).", metavar="NAME...")],
    to: Annotated[
        Path,
        typer.Option("--to", help="The sources file to append to (created if missing).", show_default=False,
                     dir_okay=False, metavar="FILE"),
    ],
    search: Annotated[
        str,
        typer.Option("--search", help="Search words for sources that take them; '' for the whole listing."),
    ] = "health information",
    contact: Annotated[
        str | None,
        typer.Option("--contact", help="Your email or URL for [crawl] user_agent when the file is created.",
                     show_default=False),
    ] = None,
    catalogue: CatalogueOption = None,
    json_out: JsonOption = False,
) -> None:
    from mrtjobs.catalogue import UnknownSystemError
    from mrtjobs.sources_file import add_systems

    cat = _catalogue(catalogue)
    chosen, unknown = [], []
    for name in names:
        try:
            system = cat.find(name)
        except UnknownSystemError as exc:
            unknown.append(exc)
            continue
        if system not in chosen:
            chosen.append(system)
    if unknown:
        for exc in unknown:
            typer.echo(f"Error: {exc}", err=True)
        typer.echo(f"Error: nothing was added to {to}", err=True)
        raise typer.Exit(exitcodes.ERROR)
    result = add_systems(to, chosen, search=search or None, contact=contact)
    if json_out:
        print_json({
            "file": str(result.path),
            "created": result.created,
            "added": [s.id for s in result.added],
            "skipped": [{"id": s.id, "reason": why} for s, why in result.skipped],
            "warning": result.warning,
        })
    else:
        if result.created:
            console.print(f"Created {result.path} with a [crawl] section.", highlight=False, markup=False)
        for system in result.added:
            console.print(f"Added {system.id} ({system.name}, {system.type})", highlight=False, markup=False)
        for system, why in result.skipped:
            console.print(f"Skipped {system.id}: {why}", highlight=False, markup=False)
        if result.added or result.created:
            console.print(f"Next: mrtjobs sources check {result.path}", highlight=False, markup=False)
    if result.created and not contact:
        typer.echo(
            f"Note: put your own email or URL in [crawl] user_agent of {result.path} (or use --contact).",
            err=True,
        )
    if result.warning:
        typer.echo(f"Note: the file does not load yet: {result.warning}", err=True)


@sources_app.command(
    "check",
    help=(
        "Validate the catalogue (no FILE) or a sources file: every entry must parse into a source of a "
        "known type with the keys it needs. Prints one line per problem (FILE:LINE: entry: what is "
        "wrong) and exits 1, or prints a summary and exits 0. Example: mrtjobs sources check ~/mrtjobs/sources.toml"
    ),
)
def check_cmd(
    file: Annotated[
        Path | None,
        typer.Argument(help="A sources file; without it, the catalogue is checked.", show_default=False,
                       dir_okay=False, metavar="FILE"),
    ] = None,
    catalogue: CatalogueOption = None,
    json_out: JsonOption = False,
) -> None:
    from mrtjobs.catalogue import check_catalogue, count_by

    if file is not None:
        from mrtjobs.config import load_config
        from mrtjobs.sources_file import check_sources_file

        problems = check_sources_file(file)
        summary = None
        if not problems:
            config = load_config(file)
            counts = {}
            for source in config.sources:
                counts[source.type] = counts.get(source.type, 0) + 1
            summary = {"file": str(file), "sources": len(config.sources), "by_type": counts}
    else:
        cat, problems = check_catalogue(catalogue)
        summary = None if problems else {
            "file": str(cat.path),
            "systems": len(cat.systems),
            "by_type": count_by(cat.systems, "type"),
            "by_kind": count_by(cat.systems, "kind"),
            "nationwide": sum(1 for s in cat.systems if s.nationwide),
            "states": len(count_by(cat.systems, "state")),
        }
    if json_out:
        print_json({"ok": not problems, "problems": [str(p) for p in problems], **(summary or {})})
    if problems:
        if not json_out:
            for problem in problems:
                typer.echo(f"Error: {' '.join(str(problem).split())}", err=True)
        raise typer.Exit(exitcodes.ERROR)
    if json_out:
        return
    types = ", ".join(f"{n} {t}" for t, n in summary["by_type"].items())
    if file is not None:
        line = f"OK: {summary['file']}: {summary['sources']} sources ({types})"
    else:
        line = (f"OK: {summary['file']}: {summary['systems']} systems ({types}); "
                f"{summary['nationwide']} nationwide; {summary['states']} state codes")
    console.print(line, highlight=False, markup=False, soft_wrap=True)  # one line, for scripts and mail
