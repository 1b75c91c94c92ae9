"""The database schema, as an ordered list of sqlite-utils migrations.

A migration is never edited once released: a change to the schema is a new function
appended here, so an old database file is brought forward by ``open_store``.
"""

from __future__ import annotations

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
