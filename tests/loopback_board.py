"""One Greenhouse board on the loopback server, a sources.toml for it, a profile and a database:
what the CLI tests of `mark`, `rank`, `new` and `crawl --digest` crawl again and again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loopback_sources import Job, Site, install
from typer.testing import CliRunner

from mrtjobs.cli import app

runner = CliRunner()


def run(*args):
    """The CLI, as a person types it (every argument as text)."""
    return runner.invoke(app, [str(a) for a in args])


@dataclass
class Board:
    site: Site
    server: object
    sources: Path
    profile: Path
    db: Path

    @property
    def jobs(self) -> list[Job]:
        return self.site.jobs["greenhouse"]

    def crawl(self, *extra):
        return run("crawl", "--sources", self.sources, "--db", self.db, *extra)


def make_board(loopback, folder: Path, jobs: list[Job], profile_text: str) -> Board:
    site = install(loopback, Site())
    site.jobs["greenhouse"] = list(jobs)
    sources = folder / "sources.toml"
    sources.write_text(
        "[crawl]\nuser_agent = 'mrtjobs-test (ops@example.org)'\nper_host_interval = 0\nmax_retries = 0\n\n"
        f"[[sources]]\ntype = 'greenhouse'\nname = 'aldric'\nboard = 'aldric'\nbase_url = '{loopback.base_url}'\n",
        encoding="utf-8",
    )
    profile = folder / "me.toml"
    profile.write_text(profile_text, encoding="utf-8")
    return Board(site, loopback, sources, profile, folder / "jobs.db")
