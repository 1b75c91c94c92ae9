"""The database schema, as an ordered list of sqlite-utils migrations.

A migration is never edited once released: a change to the schema is a new function
appended here, so an old database file is brought forward by ``open_store``.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from sqlite_utils import Database, Migrations

migrations = Migrations("mrtjobs")


@migrations()
def m001_postings(db: Database) -> None:
    db["postings"].create(
        {
            "uid": str,
            "source": str,
            "feed": str,
            "external_id": str,
            "url": str,
            "title": str,
            "employer": str,
            "location": str,
            "state": str,
            "remote": str,
            "employment_type": str,
            "salary_min": float,
            "salary_max": float,
            "salary_period": str,
            "salary_currency": str,
            "date_posted": str,
            "valid_through": str,
            "description_text": str,
            "content_hash": str,
            "extra": str,
            "first_seen": str,
            "last_seen": str,
            "updated_at": str,
            "closed_at": str,
            "duplicate_of": str,
        },
        pk="uid",
        not_null={"source", "external_id", "title", "description_text", "content_hash"},
    )
    db["postings"].create_index(["source"])
    db["postings"].create_index(["feed"])
    db["postings"].create_index(["closed_at"])
    db["postings"].enable_fts(["title", "description_text"], create_triggers=True, tokenize="porter")


@migrations()
def m002_extractions(db: Database) -> None:
    db["posting_extractions"].create(
        {
            "uid": str,
            "extractor_version": str,
            "taxonomy_version": str,
            "content_hash": str,
            "min_years_experience": float,
            "preferred_years_experience": float,
            "education_min": str,
            "education_equivalent_ok": int,
            "salary_min": float,
            "salary_max": float,
            "salary_period": str,
            "salary_currency": str,
            "remote": str,
            "employment_type": str,
            "extracted_at": str,
        },
        pk="uid",
        foreign_keys=[("uid", "postings", "uid")],
    )
    db["posting_skills"].create(
        {
            "id": int,
            "uid": str,
            "skill_id": str,
            "label": str,
            "kind": str,
            "level": str,
            "start": int,
            "end": int,
            "text": str,
            "code": str,
            "within_months": int,
            "obtain_after_hire": int,
        },
        pk="id",
        foreign_keys=[("uid", "postings", "uid")],
    )
    db["posting_skills"].create_index(["uid"])
    db["posting_skills"].create_index(["skill_id"])


@migrations()
def m003_crawl_runs(db: Database) -> None:
    db["crawl_runs"].create(
        {
            "id": int,
            "source": str,
            "feed": str,
            "started": str,
            "finished": str,
            "status": str,
            "complete": int,
            "pages": int,
            "fetched": int,
            "kept": int,
            "new": int,
            "updated": int,
            "unchanged": int,
            "closed": int,
            "error_count": int,
            "errors": str,
        },
        pk="id",
    )
    db["crawl_runs"].create_index(["feed"])


@migrations()
def m004_reopened_count(db: Database) -> None:
    """Reopened postings (closed, then listed again) get their own count per run."""
    db["crawl_runs"].add_column("reopened", int)


@migrations()
def m005_scoped_jsonld_ids(db: Database) -> None:
    """JSON-LD postings identified by their ``identifier`` get the site-scoped id the parser
    now gives ("careers.mercy.example:R-4821", see scraper/sources/jsonld.py), in place,
    so that the next crawl finds them unchanged: their first_seen, extraction and
    duplicate links are kept rather than closed and stored again as new postings."""
    db.execute("PRAGMA defer_foreign_keys = ON")  # parent and children change in one transaction
    rows = db.execute(
        "SELECT uid, external_id, url, employer, extra FROM postings WHERE source = 'jsonld'"
    ).fetchall()
    taken = {r[0] for r in rows}
    renames: list[tuple[str, str, str]] = []
    for uid, external_id, url, employer, extra in rows:
        try:
            ident = json.loads(extra or "{}").get("identifier")
        except (ValueError, AttributeError):
            continue
        if not ident or external_id != ident:
            continue  # a hashed id, or already scoped
        scoped = _jsonld_scope_v1(ident, url, employer)
        new_uid = f"jsonld:{scoped}"
        if scoped == external_id or new_uid in taken:
            continue
        taken.add(new_uid)
        renames.append((uid, new_uid, scoped))
    if not renames:
        return
    # set-based, through a keyed table: one UPDATE per row on an unindexed column
    # (duplicate_of) would scan the table once per renamed posting
    db.execute("CREATE TEMP TABLE m005_renames (old TEXT PRIMARY KEY, new TEXT NOT NULL, external_id TEXT NOT NULL)")
    db.conn.executemany("INSERT INTO m005_renames VALUES (?, ?, ?)", renames)
    db.execute("UPDATE postings SET duplicate_of = (SELECT new FROM m005_renames WHERE old = postings.duplicate_of) "
               "WHERE duplicate_of IN (SELECT old FROM m005_renames)")
    for table in ("posting_extractions", "posting_skills"):
        db.execute(f"UPDATE {table} SET uid = (SELECT new FROM m005_renames WHERE old = {table}.uid) "
                   "WHERE uid IN (SELECT old FROM m005_renames)")
    db.conn.executemany("UPDATE postings SET uid = ?, external_id = ? WHERE uid = ?",
                        [(new, ext, old) for old, new, ext in renames])
    db.execute("DROP TABLE m005_renames")


def _jsonld_scope_v1(ident: str, url: str | None, employer: str | None) -> str:
    """A frozen copy of the rule in scraper.sources.jsonld._scoped as of m005 (a migration
    must give the same result forever, even if the parser's rule changes later)."""
    try:
        host = (urlsplit(url).hostname or "") if url and "://" in url else ""
    except ValueError:
        host = ""
    scope = host.removeprefix("www.") if host else re.sub(r"[^a-z0-9]+", "-", (employer or "").casefold()).strip("-")
    return f"{scope}:{ident}" if scope else ident


@migrations()
def m006_applications(db: Database) -> None:
    """The user's application status per posting (`mrtjobs mark`), and its history.

    Tables of their own, written only by `mark`: no crawl, import or extraction touches
    them, and there is no foreign key to ``postings``, so nothing done to a posting's row
    (closing, rewriting, re-extracting) can change or drop a status. A later migration that
    renames uids (as m005 did) must rename them here too.
    """
    db["applications"].create(
        {"uid": str, "status": str, "note": str, "marked_at": str, "first_marked_at": str},
        pk="uid",
        not_null={"status", "marked_at", "first_marked_at"},
    )
    db["applications"].create_index(["status"])
    db["application_history"].create(
        {"id": int, "uid": str, "status": str, "note": str, "at": str},
        pk="id",
        not_null={"uid", "status", "at"},
    )
    db["application_history"].create_index(["uid"])
