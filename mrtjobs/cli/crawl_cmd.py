"""`mrtjobs crawl` and `mrtjobs runs`: scheduled collection and its history."""

from __future__ import annotations

import logging
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

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
    resolve_db,
    show_progress,
    taxonomy_paths,
)

CRAWL_HELP = """Fetch postings from the sources listed in a TOML file, politely and incrementally.

Only medical records / HIM / coding / registry / ROI / CDI postings are kept. New and changed
postings are extracted at the end; unchanged ones are left alone; postings no longer listed
by a completely crawled source are closed. The same job on two sources is shown once.

Exit codes: 0 every source succeeded; 3 some sources failed (the others are stored);
1 the crawl could not start (bad sources file, unusable database); 4 another crawl is
running on the same database. See data/sources.example.toml for the file format.

Example (cron): mrtjobs crawl --sources ~/mrtjobs/sources.toml --quiet --log-file ~/mrtjobs/crawl.log

With --digest me.toml the crawl then prints the new postings worth applying to for that
profile, and nothing when there are none, so cron mails them (see `mrtjobs new`).
"""

RUNS_HELP = """Show recent crawl runs: one row per source per crawl, with counts and errors.

Example: mrtjobs runs --limit 10
"""


def register(app: typer.Typer) -> None:
    app.command("crawl", help=CRAWL_HELP)(crawl_command)
    app.command("runs", help=RUNS_HELP)(runs_command)


def crawl_command(
    sources: Annotated[
        Path,
        typer.Option("--sources", help="Sources TOML file ([crawl] table and [[sources]] entries).",
                     show_default=False, dir_okay=False),
    ],
    db: DbOption = None,
    quiet: QuietOption = False,
    log_file: Annotated[
        Path | None,
        typer.Option("--log-file", help="Append a log of requests, retries and per-source results to this file.",
                     show_default=False, dir_okay=False),
    ] = None,
    save_raw: Annotated[
        Path | None,
        typer.Option("--save-raw", help="Keep every raw response in this directory (replay with `mrtjobs import DIR`).",
                     show_default=False, file_okay=False),
    ] = None,
    taxonomy: TaxonomyOption = None,
    json_out: JsonOption = False,
    digest: Annotated[
        Path | None,
        typer.Option("--digest", metavar="PROFILE", dir_okay=False, show_default=False,
                     help="Then print the new postings worth applying to for this profile (nothing if none; see `mrtjobs new`)."),
    ] = None,
) -> None:
    from mrtjobs.cli import new_cmd
    from mrtjobs.config import load_config
    from mrtjobs.crawl import run_crawl

    config = load_config(sources)
    db_path = resolve_db(db)
    watch = new_cmd.before_crawl(digest, db_path, taxonomy_paths(taxonomy)) if digest is not None else None
    with ExitStack() as stack:
        if log_file is not None:
            stack.callback(_detach, _attach_log_file(log_file))
        progress = None
        if show_progress(quiet) and not json_out:
            bar = stack.enter_context(_progress())
            progress = _ProgressView(bar).update
        summary = run_crawl(
            config, db_path, save_raw=save_raw, progress=progress,
            setup=lambda: _setup(taxonomy_paths(taxonomy)),
        )
    news = watch.after(db_path) if watch is not None else None
    if json_out:
        print_json(summary.to_dict() | ({"digest": news.to_json()} if news is not None else {}))
    elif not quiet:
        _print_summary(summary)
    if news is not None and not json_out:
        new_cmd.print_digest(news, profile=digest, quiet=quiet)
    for outcome in summary.sources:
        for err in outcome.errors:
            where = f"{err['url']}: " if err.get("url") else ""
            line = " ".join(f"{outcome.feed}: {where}{err['reason']}".split())
            typer.echo(f"Error: {line}", err=True)  # one unwrapped line per error, for cron mail and grep
    if not summary.ok:
        raise typer.Exit(exitcodes.PARTIAL)


def _setup(paths: list[Path]) -> tuple[Any, Any]:
    """Taxonomy-informed relevance filter and the extractor (called under the crawl lock)."""
    from mrtjobs.pipeline import load_taxonomy_and_extractor
    from mrtjobs.relevance import load_filter, taxonomy_terms

    taxonomy, extractor = load_taxonomy_and_extractor(paths)
    return load_filter(taxonomy_terms=taxonomy_terms(taxonomy)), extractor


def _attach_log_file(path: Path) -> logging.Handler:
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    for name in ("mrtjobs", "scraper"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return handler


def _detach(handler: logging.Handler) -> None:
    for name in ("mrtjobs", "scraper"):
        logging.getLogger(name).removeHandler(handler)
    handler.close()


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        console=err_console, transient=True,
    )


class _ProgressView:
    """Turns crawl events into one progress line per source plus one for extraction."""

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.tasks: dict[str, Any] = {}

    def update(self, event: str, info: Any) -> None:
        if event == "source_start":
            self.tasks[info["feed"]] = self.bar.add_task(f"{info['feed']}: starting", total=None)
        elif event == "page":
            self.bar.update(self.tasks[info["feed"]],
                            description=f"{info['feed']}: {info['pages']} pages, {info['fetched']} postings")
        elif event == "source_done":
            o = info["outcome"]
            self.bar.update(self.tasks[o.feed], total=1, completed=1,
                            description=f"{o.feed}: {o.status}, {o.kept} kept, {o.new} new")
        elif event == "extract":
            if "extract" not in self.tasks:
                self.tasks["extract"] = self.bar.add_task("extracting", total=info["total"])
            self.bar.update(self.tasks["extract"], completed=info["done"], total=info["total"])


def _print_summary(summary: Any) -> None:
    """One line per source: readable at any terminal width and under `less` or mail."""
    width = max(len(o.feed) for o in summary.sources) if summary.sources else 0
    for o in summary.sources:
        console.print(
            f"{o.feed:<{width}}  {o.status:<7} {o.pages} pages, {o.fetched} fetched, {o.kept} kept "
            f"({o.dropped} dropped), {o.new} new, {o.updated} updated, {o.unchanged} unchanged, "
            f"{o.closed} closed, {len(o.errors)} errors",
            highlight=False, markup=False, soft_wrap=True,
        )
    console.print(
        f"Extracted {summary.extracted} new or changed postings; "
        f"{summary.duplicates_changed} duplicate link(s) changed.",
        highlight=False,
    )


def runs_command(
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many runs to show (newest first).")] = 20,
    json_out: JsonOption = False,
) -> None:
    import json

    with open_db(db) as store:
        runs = store.runs(limit=limit)
    for run in runs:
        try:
            run["errors"] = json.loads(run.get("errors") or "[]")
        except ValueError:
            run["errors"] = [{"url": None, "reason": run.get("errors")}]
    if json_out:
        print_json(runs)
        return
    if not runs:
        console.print("No crawl runs yet. Start one with `mrtjobs crawl --sources FILE.toml`.", highlight=False)
        return
    width = max(len(r["feed"] or "") for r in runs)
    for r in runs:
        started = (r["started"] or "")[:16].replace("T", " ")
        console.print(
            f"#{r['id']:<4} {started}  {r['feed']:<{width}}  {r['status'] or '':<8} {r.get('pages') or 0} pages, "
            f"{r.get('kept') or 0} kept, {r.get('new') or 0} new, {r.get('updated') or 0} updated, "
            f"{r.get('unchanged') or 0} unchanged, {r.get('closed') or 0} closed, {len(r['errors'])} errors",
            highlight=False, markup=False, soft_wrap=True,
        )
    for r in runs:
        for err in r["errors"][:5]:
            where = f"{err.get('url')}: " if err.get("url") else ""
            console.print(f"  run {r['id']} {r['feed']}: {where}{err.get('reason')}", highlight=False, markup=False)
