"""Options and helpers shared by the commands: one definition of --db, --json, --taxonomy."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from mrtjobs.paths import default_db_path

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="SQLite database file. Default: $MRTJOBS_DB, else the user data dir (see `mrtjobs paths`).",
        show_default=False,
        dir_okay=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of a table.")]
TaxonomyOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--taxonomy",
        help="Extra taxonomy JSONL file(s) merged with the shipped data (also $MRTJOBS_TAXONOMY, ':'-separated).",
        show_default=False,
        metavar="FILE",
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summaries (for cron).")]

console = Console(emoji=False)
err_console = Console(stderr=True, emoji=False)


def resolve_db(db: Path | None) -> Path:
    return db if db is not None else default_db_path()


def open_db(db: Path | None):
    from mrtjobs.storage import open_store

    return open_store(resolve_db(db))


def taxonomy_paths(cli_paths: list[Path] | None) -> list[Path]:
    """--taxonomy options first, then $MRTJOBS_TAXONOMY entries."""
    paths = list(cli_paths or [])
    env = os.environ.get("MRTJOBS_TAXONOMY", "")
    paths += [Path(p) for p in env.split(os.pathsep) if p.strip()]
    return paths


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def show_progress(quiet: bool) -> bool:
    """Progress bars only for a person at a terminal, never under cron or in --json."""
    return not quiet and sys.stderr.isatty()
