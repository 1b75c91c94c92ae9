"""`mrtjobs new` and `crawl --digest`: what is new since last time, worth applying to.

The output is written for mail as much as for a terminal: plain lines that keep URLs whole,
colour only on a terminal, and nothing at all under --quiet when nothing new is worth
applying to, so that a cron line sends mail only when there is something to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from mrtjobs.cli.common import DbOption, JsonOption, QuietOption, TaxonomyOption, console, print_json
from mrtjobs.cli.match_cmd import ProfileOption

NEW_HELP = """List the postings first seen since the last crawl (or a date) that are worth applying to.

Worth applying to: you meet the required certifications and the score is at least 60.
Best first, each with its score, the reasons that earned the most and its URL, then one
line for the rest ("12 more new postings below your threshold"). Postings you marked hidden
or rejected are left out. --since takes last-crawl (the default), a date (2026-11-01, UTC),
a time (2026-11-01T06:00) or an age (7d, 12h). Under --quiet nothing is printed when no new
posting is worth applying to.

Example: mrtjobs new --profile me.toml --since 7d
"""


def register(app: typer.Typer) -> None:
    app.command("new", help=NEW_HELP)(new_command)


def new_command(
    profile: ProfileOption,
    since: Annotated[str, typer.Option("--since", metavar="last-crawl|DATE",
                                       help="Start of the window: last-crawl, a date, a time or an age (7d).")] = "last-crawl",
    db: DbOption = None,
    json_out: JsonOption = False,
    taxonomy: TaxonomyOption = None,
    quiet: QuietOption = False,
) -> None:
    from mrtjobs.cli.match_cmd import _prepare
    from mrtjobs.digest import digest_since

    tax, prof, store = _prepare(db, profile, taxonomy, quiet or json_out)
    with store:
        digest = digest_since(store, prof, tax, since)
    if json_out:
        print_json(digest.to_json())
        return
    print_digest(digest, profile=profile, quiet=quiet)


def print_digest(digest: Any, *, profile: Path, quiet: bool) -> None:
    """The digest as a person reads it; under ``quiet``, only when something is worth applying to."""
    if not digest.worth:
        if quiet:
            return
        if not digest.new:
            console.print(f"No new postings {digest.window}.", highlight=False, markup=False)
        else:
            console.print(f"No new postings worth applying to {digest.window}; {digest.below} new "
                          f"posting{'s' if digest.below != 1 else ''} below your threshold.",
                          highlight=False, markup=False, soft_wrap=True)
        return
    n = len(digest.worth)
    console.print(f"{n} new posting{'s' if n != 1 else ''} worth applying to {digest.window}, best first:",
                  highlight=False, markup=False, soft_wrap=True)
    for i, m in enumerate(digest.worth, 1):
        row = digest.row(i, m)
        status = "  " + escape(f"[{row['status']}]") if row["status"] else ""
        lines = [
            f"\n{i:>2}. {m.score:5.1f}  [bold]{escape(m.facts.title)}[/bold]{status}",
            f"           {escape(row['location'])}" if row["location"] else "",
            f"           why: {escape('; '.join(row['reasons']))}" if row["reasons"] else "",
            f"           {escape(m.facts.url)}" if m.facts.url else "",
            f"           [dim]uid {escape(m.uid)}[/dim]",
        ]
        for line in lines:
            if line:
                console.print(line, highlight=False, soft_wrap=True)
    if digest.below:
        console.print(f"\n{digest.below} more new posting{'s' if digest.below != 1 else ''} below your threshold "
                      f"(all of them: mrtjobs rank --profile {profile}).", highlight=False, markup=False, soft_wrap=True)


@dataclass
class CrawlDigest:
    """`crawl --digest PROFILE`: the profile checked before the crawl, the uids stored before it."""

    profile_path: Path
    profile: Any
    taxonomy: Any
    before: frozenset[str]

    def after(self, db_path: Path) -> Any:
        from mrtjobs.digest import digest_of
        from mrtjobs.storage import open_store

        with open_store(db_path) as store:
            new = store.all_uids() - self.before
            return digest_of(store, self.profile, self.taxonomy, new, window="in this crawl")


def before_crawl(profile_path: Path, db_path: Path, taxonomy_files: list[Path]) -> CrawlDigest:
    """Load the profile first (a bad one stops the crawl before any request), then note what is stored."""
    from matcher.profile import load_profile
    from mrtjobs.storage import open_store
    from skills_taxonomy.taxonomy import load_taxonomy

    tax = load_taxonomy(taxonomy_files)
    prof = load_profile(profile_path, tax)
    with open_store(db_path) as store:
        before = store.all_uids()
    return CrawlDigest(profile_path, prof, tax, before)
