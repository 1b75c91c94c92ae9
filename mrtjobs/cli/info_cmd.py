"""`mrtjobs paths`: where mrtjobs keeps things, so users can back up or point cron at them."""

from __future__ import annotations

import typer

from mrtjobs.cli.common import DbOption, JsonOption, console, print_json, resolve_db, taxonomy_paths

PATHS_HELP = """Show where mrtjobs reads and writes: the database, its lock and HTTP cache,
the shipped taxonomy and bundled data, and extra taxonomy files from $MRTJOBS_TAXONOMY.
"""


def register(app: typer.Typer) -> None:
    app.command("paths", help=PATHS_HELP)(paths_command)


def paths_command(db: DbOption = None, json_out: JsonOption = False) -> None:
    from mrtjobs.crawl import cache_dir_for
    from mrtjobs.paths import project_data_dir
    from mrtjobs.storage.lock import lock_path_for
    from skills_taxonomy.taxonomy import DATA_DIR

    database = resolve_db(db)
    info = {
        "database": str(database),
        "database_exists": database.exists(),
        "lock_file": str(lock_path_for(database)),
        "http_cache": str(cache_dir_for(database)),
        "taxonomy_data": str(DATA_DIR),
        "extra_taxonomy": [str(p) for p in taxonomy_paths(None)],
        "bundled_data": str(project_data_dir()),
    }
    if json_out:
        print_json(info)
        return
    for key, value in info.items():
        console.print(f"{key:16} {value}", highlight=False, soft_wrap=True)
