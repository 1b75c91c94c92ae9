"""What is new: postings first seen since a time, and when the last crawl began.

Kept apart from store.py because only "what is new since last time" (`mrtjobs new`,
`crawl --digest`) asks these questions.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlite_utils import Database


class Recent:
    """Mixed into Store."""

    db: Database

    def all_uids(self) -> frozenset[str]:
        """Every stored uid: taken before a crawl, what the crawl adds is exactly what is new."""
        return frozenset(uid for (uid,) in self.db.execute("SELECT uid FROM postings"))

    def new_since(self, since: str) -> list[str]:
        """Open, non-duplicate postings first seen at or after ``since`` (UTC ISO text)."""
        rows = self.db.execute(
            "SELECT uid FROM postings WHERE first_seen >= ? AND closed_at IS NULL AND duplicate_of IS NULL "
            "ORDER BY uid", [since])
        return [uid for (uid,) in rows]

    def first_seen_of(self, uids: Collection[str]) -> dict[str, str]:
        rows = self.db.execute(
            "SELECT uid, first_seen FROM postings WHERE uid IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(uids))])
        return {uid: first_seen for uid, first_seen in rows}

    def last_crawl_start(self) -> str | None:
        """When the most recent crawl began, or None if there was none.

        A crawl writes one crawl_runs row per source, all before its first request, and no
        two crawls overlap (the lock): so walking back from the newest row, the rows of that
        crawl are those that had not finished before its earliest row started. (Times have
        one-second resolution: a crawl that ended in the very second the next one began is
        taken as part of it, which can only show more postings as new, never fewer.)
        """
        rows: list[dict[str, Any]] = list(self.db.query(
            "SELECT id, started, finished FROM crawl_runs ORDER BY id DESC LIMIT 1000"))
        if not rows:
            return None
        start = rows[0]["started"]
        for row in rows[1:]:
            if row["finished"] is not None and row["finished"] < start:
                break
            start = min(start, row["started"])
        return start
