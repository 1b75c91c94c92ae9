"""`mrtjobs demo`: the whole flow on the bundled samples, offline, in one command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mrtjobs.cli.common import QuietOption, TaxonomyOption, console, print_json, show_progress, taxonomy_paths
from mrtjobs.paths import project_data_dir

DEMO_HELP = """Run the whole flow on the bundled sample postings, with no network.

Imports data/samples/ into a SQLite database (default ./out/demo.db), extracts skills and
requirements, ranks the postings for data/profiles/example.toml, prints the top ten and writes
ranked_postings.csv, gap_report.csv and skill_leverage.csv into ./out/. Running it again
reuses the database: nothing is duplicated and nothing unchanged is re-extracted.
"""


def register(app: typer.Typer) -> None:
    app.command("demo", help=DEMO_HELP)(demo_command)


def demo_command(
    out: Annotated[Path, typer.Option(help="Folder for the CSV reports.", file_okay=False)] = Path("out"),
    db: Annotated[Path | None, typer.Option("--db", help="Database to use. Default: OUT/demo.db.", dir_okay=False)] = None,
    samples: Annotated[Path | None, typer.Option(help="Postings to import. Default: the bundled data/samples/.")] = None,
    profile: Annotated[Path | None, typer.Option("--profile", "-p", help="Profile TOML. Default: data/profiles/example.toml.", dir_okay=False)] = None,
    limit: Annotated[int, typer.Option(help="How many of the best postings to print.", min=1)] = 10,
    taxonomy: TaxonomyOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the ranked list as JSON.")] = False,
    quiet: QuietOption = False,
) -> None:
    from matcher.profile import load_profile
    from mrtjobs.cli.match_cmd import _print_table
    from mrtjobs.cli.postings_cmd import run_extraction
    from mrtjobs.pipeline import import_files, load_relevance, load_taxonomy_and_extractor
    from mrtjobs.ranking import filter_matches, gap_reports, score_pairs
    from matcher.export import write_reports
    from matcher.scoring import Scorer
    from mrtjobs.storage import open_store

    data = project_data_dir()
    samples = samples or data / "samples"
    profile_path = profile or data / "profiles" / "example.toml"
    db_path = db or out / "demo.db"
    say = (lambda *a: None) if quiet or json_out else (lambda msg: console.print(msg, highlight=False))

    tax, extractor = load_taxonomy_and_extractor(taxonomy_paths(taxonomy))
    me = load_profile(profile_path, tax)
    with open_store(db_path) as store:
        report = import_files(store, [samples], relevance=load_relevance(tax))
        for line in report.errors:
            typer.echo(f"Error: {line}", err=True)
        up = report.upsert
        say(f"Imported {report.postings} sample postings from {samples} into {db_path} "
            f"({len(up.new)} new, {len(up.updated)} updated, {len(up.unchanged)} unchanged).")
        if report.set_aside:
            say(f"Set aside {len(report.set_aside)} postings of other occupations: "
                + "; ".join(title for title, _ in report.set_aside) + ".")
        count = run_extraction(store, extractor, progress=show_progress(quiet or json_out))
        say(f"Extracted skills and requirements from {count} new or changed postings "
            f"(taxonomy {tax.version}, {len(tax.entries)} entries).")
        scorer = Scorer(me, tax)
        matches = score_pairs(store.iter_ranking_inputs(), me, tax, scorer)
    gap_list, leverage = gap_reports(matches, me, tax, scorer)
    written = write_reports(out, matches, gap_list, leverage)
    top = filter_matches(matches, limit=limit)
    if json_out:
        print_json([m.to_json(i) for i, m in enumerate(top, 1)])
        return
    if not quiet:
        console.print(f"\nTop {len(top)} of {len(matches)} postings for profile {me.name or profile_path}:")
        _print_table(top)
        ordered = sorted((x for x in leverage if x.learn_order), key=lambda x: x.learn_order)
        if ordered:
            names = ", then ".join(x.label for x in ordered[:3])
            console.print(f"\nWhat to learn next, in order: {names} (see skill_leverage.csv).", highlight=False)
        for path in written.values():
            console.print(f"Wrote {path}", highlight=False)
