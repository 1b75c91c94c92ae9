"""The Store: every read and write of the mrtjobs database goes through here.

Why one class: the rest of the app talks in Postings and Extractions, never in SQL, so the
schema can change (by migration) without touching commands, crawls or the matcher. Every
method that writes does so inside one transaction, so a crash or kill leaves the database
as it was before that call or after it, never half way.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from mrtjobs.storage.applications import Applications
from mrtjobs.storage.errors import StorageError
from mrtjobs.storage.recent import Recent
from mrtjobs.storage.runs import CrawlRuns, utc_now
from mrtjobs.storage.schema import migrations
from scraper.models import Posting, fill_from
from skills_taxonomy.extraction import Extraction, Mention, Requirements, Salary

_CHUNK = 500
IMPORT_FEED = "import"


@dataclass
class UpsertResult:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    reopened: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        return self.new + self.updated


def open_store(path: str | Path) -> "Store":
    """Open (creating and migrating if needed) the database at ``path``."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=30)
        db = Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # with WAL: consistent after any crash, fewer fsyncs
        db.execute("PRAGMA foreign_keys=ON")
        migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path}: not a usable mrtjobs database ({exc})") from exc
    except OSError as exc:
        raise StorageError(f"{path}: cannot open database ({exc.strerror or exc})") from exc
    return Store(db, path)


class Store(CrawlRuns, Applications, Recent):
    def __init__(self, db: Database, path: Path):
        self.db = db
        self.path = path

    # -- lifecycle -----------------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- postings ------------------------------------------------------------------
    def upsert_postings(
        self, postings: Iterable[Posting], *, feed: str = IMPORT_FEED, now: str | None = None
    ) -> UpsertResult:
        """Insert new postings, rewrite changed ones, touch unchanged ones.

        A posting seen again after being closed is reopened. Unchanged content (same
        ``content_hash``) keeps its row and its extraction untouched apart from
        ``last_seen``, which is what makes a repeated crawl cheap.
        """
        now = now or utc_now()
        result = UpsertResult()
        batch: dict[str, Posting] = {}
        for posting in postings:
            batch[posting.uid] = posting  # last one wins inside one call
        uids = list(batch)
        with self.db.atomic():
            for i in range(0, len(uids), _CHUNK):
                chunk = uids[i : i + _CHUNK]
                existing = self._existing(chunk)
                stored = self._stored([u for u in chunk if batch[u].listing_only and u in existing])
                inserts, touches = [], []
                for uid in chunk:
                    posting = batch[uid]
                    old = existing.get(uid)
                    if old is not None and uid in stored:
                        # A list item without the text: only a detail response decides the text.
                        posting = fill_from(posting, stored[uid])
                    if old is None:
                        row = posting.to_row()
                        row.update(feed=feed, first_seen=now, last_seen=now, updated_at=now, closed_at=None)
                        inserts.append(row)
                        result.new.append(uid)
                        continue
                    if feed == IMPORT_FEED and old["feed"] not in (None, IMPORT_FEED):
                        # A file import (say, replaying an old --save-raw folder) never
                        # overwrites, reopens or takes over a posting a crawl feed owns.
                        result.unchanged.append(uid)
                        continue
                    if old["closed_at"]:
                        result.reopened.append(uid)
                    if old["content_hash"] == posting.content_hash:
                        touches.append((now, feed, posting.url, uid))
                        result.unchanged.append(uid)
                    else:
                        row = posting.to_row()
                        row.update(feed=feed, last_seen=now, updated_at=now, closed_at=None)
                        row.pop("uid")
                        self.db["postings"].update(uid, row)
                        result.updated.append(uid)
                if inserts:
                    self.db["postings"].insert_all(inserts, batch_size=_CHUNK)
                if touches:
                    self.db.conn.executemany(
                        "UPDATE postings SET last_seen = ?, closed_at = NULL, feed = ?, "
                        "url = COALESCE(?, url) WHERE uid = ?",
                        touches,
                    )
        return result

    def _existing(self, uids: list[str]) -> dict[str, dict[str, Any]]:
        if not uids:
            return {}
        marks = ",".join("?" for _ in uids)
        rows = self.db.query(
            f"SELECT uid, feed, content_hash, closed_at FROM postings WHERE uid IN ({marks})", uids
        )
        return {r["uid"]: r for r in rows}

    def _stored(self, uids: list[str]) -> dict[str, Posting]:
        """The stored postings behind ``uids`` (for filling in what a listing leaves out)."""
        if not uids:
            return {}
        marks = ",".join("?" for _ in uids)
        rows = self.db.query(f"SELECT * FROM postings WHERE uid IN ({marks})", uids)
        return {r["uid"]: Posting.from_row(r) for r in rows}

    def close_missing(
        self, feed: str, seen_uids: Collection[str], *, now: str | None = None
    ) -> list[str]:
        """Mark as closed the open postings of ``feed`` that a complete crawl did not see."""
        now = now or utc_now()
        seen = set(seen_uids)
        rows = self.db.query(
            "SELECT uid FROM postings WHERE feed = ? AND closed_at IS NULL", [feed]
        )
        gone = [r["uid"] for r in rows if r["uid"] not in seen]
        with self.db.atomic():
            for uid in gone:
                self.db.execute("UPDATE postings SET closed_at = ? WHERE uid = ?", [now, uid])
        return gone

    def get_posting(self, uid: str) -> Posting | None:
        rows = list(self.db.query("SELECT * FROM postings WHERE uid = ?", [uid]))
        return Posting.from_row(rows[0]) if rows else None

    def posting_row(self, uid: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM postings WHERE uid = ?", [uid]))
        return rows[0] if rows else None

    def find_uids(self, prefix: str) -> list[str]:
        """UIDs equal to or starting with ``prefix`` (lets users type a short uid)."""
        rows = self.db.query(
            "SELECT uid FROM postings WHERE uid = ? OR uid LIKE ? ORDER BY uid",
            [prefix, prefix.replace("%", "") + "%"],
        )
        return [r["uid"] for r in rows]

    def iter_postings(self, *, include_closed: bool = False) -> Iterator[Posting]:
        where = "" if include_closed else "WHERE closed_at IS NULL"
        for row in self.db.query(f"SELECT * FROM postings {where} ORDER BY uid"):
            yield Posting.from_row(row)

    def iter_posting_rows(self, *, include_closed: bool = False) -> Iterator[dict[str, Any]]:
        where = "" if include_closed else "WHERE closed_at IS NULL"
        yield from self.db.query(f"SELECT * FROM postings {where} ORDER BY uid")

    def count_postings(self, *, include_closed: bool = True) -> int:
        where = "" if include_closed else "WHERE closed_at IS NULL"
        return next(self.db.query(f"SELECT count(*) AS n FROM postings {where}"))["n"]

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over title and description (SQLite FTS5 syntax)."""
        try:
            return list(self.db["postings"].search(query, limit=limit, columns=["uid", "title", "employer"]))
        except sqlite3.OperationalError as exc:
            raise StorageError(f"search query {query!r}: {exc}") from exc

    def set_duplicates(self, mapping: dict[str, str | None]) -> None:
        """Record which postings repeat another one (uid -> canonical uid, or None)."""
        with self.db.atomic():
            for uid, canonical in mapping.items():
                self.db.execute(
                    "UPDATE postings SET duplicate_of = ? WHERE uid = ?", [canonical, uid]
                )

    def duplicate_urls(self) -> dict[str, list[str]]:
        """canonical uid -> URLs of the postings recorded as its duplicates."""
        out: dict[str, list[str]] = {}
        for row in self.db.query(
            "SELECT duplicate_of, url FROM postings WHERE duplicate_of IS NOT NULL AND url IS NOT NULL ORDER BY uid"
        ):
            out.setdefault(row["duplicate_of"], []).append(row["url"])
        return out

    # -- extractions ---------------------------------------------------------------
    def postings_needing_extraction(self, extractor_version: str) -> list[Posting]:
        """Open postings never extracted, changed since, or extracted by another version."""
        rows = self.db.query(
            """
            SELECT p.* FROM postings p
            LEFT JOIN posting_extractions e ON e.uid = p.uid
            WHERE p.closed_at IS NULL
              AND (e.uid IS NULL OR e.extractor_version != ? OR e.content_hash != p.content_hash)
            ORDER BY p.uid
            """,
            [extractor_version],
        )
        return [Posting.from_row(r) for r in rows]

    def save_extractions(
        self,
        items: Iterable[tuple[Posting, Extraction]],
        *,
        version: str | None = None,
        now: str | None = None,
    ) -> int:
        """Replace the stored extraction of each posting, all in one transaction.

        ``version`` is what ``postings_needing_extraction`` later compares with: pass the
        extractor's ``version`` (rules + taxonomy); default: the extraction's own stamp.
        """
        now = now or utc_now()
        count = 0
        with self.db.atomic():
            for posting, extraction in items:
                self._save_one(posting, extraction, version or extraction.extractor_version, now)
                count += 1
        return count

    def _save_one(self, posting: Posting, extraction: Extraction, version: str, now: str) -> None:
        req = extraction.requirements
        salary = req.salary
        self.db.execute("DELETE FROM posting_skills WHERE uid = ?", [posting.uid])
        self.db["posting_extractions"].upsert(
            {
                "uid": posting.uid,
                "extractor_version": version,
                "taxonomy_version": extraction.taxonomy_version,
                "content_hash": posting.content_hash,
                "min_years_experience": req.min_years_experience,
                "preferred_years_experience": req.preferred_years_experience,
                "education_min": req.education_min,
                "education_equivalent_ok": int(req.education_equivalent_ok),
                "salary_min": salary.min if salary else None,
                "salary_max": salary.max if salary else None,
                "salary_period": salary.period if salary else None,
                "salary_currency": salary.currency if salary else None,
                "remote": req.remote,
                "employment_type": req.employment_type,
                "extracted_at": now,
            },
            pk="uid",
        )
        rows = []
        for m in extraction.mentions:
            row = m.to_dict()
            row["uid"] = posting.uid
            row["obtain_after_hire"] = int(m.obtain_after_hire)
            rows.append(row)
        if rows:
            self.db["posting_skills"].insert_all(rows)

    def load_extraction(self, uid: str) -> Extraction | None:
        rows = list(self.db.query("SELECT * FROM posting_extractions WHERE uid = ?", [uid]))
        if not rows:
            return None
        mentions = self._mentions_by_uid([uid]).get(uid, [])
        return _extraction_from_row(rows[0], mentions)

    def _mentions_by_uid(self, uids: list[str] | None = None) -> dict[str, list[Mention]]:
        # A plain cursor and positional columns: this runs once per ranking over every
        # mention stored, so it avoids building a dict per row.
        cols = "uid, skill_id, label, kind, level, start, \"end\", text, code, within_months, obtain_after_hire"
        if uids is None:
            cursor = self.db.conn.execute(f"SELECT {cols} FROM posting_skills ORDER BY uid, start, id")
        else:
            cursor = self.db.conn.execute(
                f"SELECT {cols} FROM posting_skills WHERE uid IN (SELECT value FROM json_each(?)) "
                "ORDER BY uid, start, id", [json.dumps(list(uids))]
            )
        out: dict[str, list[Mention]] = {}
        for uid, skill_id, label, kind, level, start, end, text, code, months, after in cursor:
            out.setdefault(uid, []).append(
                Mention(skill_id, label, kind, level, start, end, text, code, months, bool(after))
            )
        return out

    def iter_ranking_inputs(
        self, *, include_closed: bool = False, include_duplicates: bool = False,
        uids: Collection[str] | None = None,
    ) -> Iterator[tuple[Posting, Extraction]]:
        """Each extracted posting with its extraction, duplicates left out by default;
        ``uids`` limits it to those postings (the new ones of a digest, marked closed ones)."""
        conds = ["1=1"]
        params: list[Any] = []
        if not include_closed:
            conds.append("p.closed_at IS NULL")
        if not include_duplicates:
            conds.append("p.duplicate_of IS NULL")
        if uids is not None:
            uids = sorted(set(uids))
            conds.append("p.uid IN (SELECT value FROM json_each(?))")  # any number of uids, one parameter
            params.append(json.dumps(uids))
        where = " AND ".join(conds)
        mentions = self._mentions_by_uid(uids) if uids is not None else self._mentions_by_uid()
        # One pass over a plain cursor: the posting's columns first, then the extraction's,
        # split by position rather than by building and filtering a dict per row.
        cursor = self.db.conn.execute(
            f"SELECT p.*, {', '.join('e.' + c for c in _EXTRACTION_COLUMNS)} "
            f"FROM postings p JOIN posting_extractions e ON e.uid = p.uid WHERE {where} ORDER BY p.uid", params
        )
        names = [d[0] for d in cursor.description]
        split = len(names) - len(_EXTRACTION_COLUMNS)
        posting_names = names[:split]
        for row in cursor:
            posting = Posting.from_row(dict(zip(posting_names, row[:split])))
            ext_row = dict(zip(_EXTRACTION_COLUMNS, row[split:]))
            yield posting, _extraction_from_row(ext_row, mentions.get(posting.uid, []))


_EXTRACTION_COLUMNS = (
    "extractor_version", "taxonomy_version", "min_years_experience", "preferred_years_experience",
    "education_min", "education_equivalent_ok", "salary_min", "salary_max", "salary_period",
    "salary_currency", "remote", "employment_type",
)


def _extraction_from_row(row: dict[str, Any], mentions: list[Mention]) -> Extraction:
    salary = None
    if row.get("salary_min") is not None or row.get("salary_max") is not None:
        salary = Salary(row["salary_min"], row["salary_max"], row["salary_period"], row["salary_currency"])
    return Extraction(
        mentions=tuple(mentions),
        requirements=Requirements(
            min_years_experience=row.get("min_years_experience"),
            preferred_years_experience=row.get("preferred_years_experience"),
            education_min=row.get("education_min"),
            education_equivalent_ok=bool(row.get("education_equivalent_ok")),
            salary=salary,
            remote=row.get("remote"),
            employment_type=row.get("employment_type"),
        ),
        taxonomy_version=row.get("taxonomy_version") or "",
        extractor_version=row.get("extractor_version") or "",
    )
