"""The crawl_runs table: one row per source per crawl, written as the crawl goes."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from sqlite_utils import Database


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class CrawlRuns:
    """Mixed into Store; kept apart because only the crawl writes these rows."""

    db: Database

    def start_run(self, source: str, feed: str, *, now: str | None = None) -> int:
        with self.db.atomic():
            table = self.db["crawl_runs"]
            table.insert(
                {"source": source, "feed": feed, "started": now or utc_now(), "status": "running"}
            )
            return int(table.last_pk)

    def finish_run(
        self,
        run_id: int,
        *,
        status: str,
        complete: bool = False,
        pages: int = 0,
        fetched: int = 0,
        kept: int = 0,
        new: int = 0,
        updated: int = 0,
        unchanged: int = 0,
        reopened: int = 0,
        closed: int = 0,
        errors: Iterable[dict[str, Any]] = (),
        now: str | None = None,
    ) -> None:
        errors = list(errors)
        with self.db.atomic():
            self.db["crawl_runs"].update(
                run_id,
                {
                    "finished": now or utc_now(),
                    "status": status,
                    "complete": int(complete),
                    "pages": pages,
                    "fetched": fetched,
                    "kept": kept,
                    "new": new,
                    "updated": updated,
                    "unchanged": unchanged,
                    "reopened": reopened,
                    "closed": closed,
                    "error_count": len(errors),
                    "errors": json.dumps(errors, ensure_ascii=False),
                },
            )

    def update_run(self, run_id: int, **counters: int) -> None:
        """Progress of a running crawl (pages, fetched, new ...), so a killed run shows it."""
        with self.db.atomic():
            self.db["crawl_runs"].update(run_id, counters)

    def runs(self, *, limit: int = 50) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT ?", [limit]))
