"""Storage against a real SQLite file: upserts, closing, extractions, runs, lock, atomicity."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mrtjobs.storage import CrawlLockedError, StorageError, exclusive_lock, open_store
from scraper.models import Posting
from skills_taxonomy.extraction import Extraction, Mention, Requirements, Salary


def posting(ext_id: str = "1", **kw) -> Posting:
    base = dict(source="greenhouse", external_id=ext_id, title="Inpatient Coder", description_text="ICD-10-CM coding")
    base.update(kw)
    return Posting(**base)


def extraction(version: str = "v1") -> Extraction:
    return Extraction(
        mentions=(Mention("code.icd10cm", "ICD-10-CM", "coding_system", "required", 0, 9, "ICD-10-CM"),),
        requirements=Requirements(min_years_experience=2, salary=Salary(25.0, 31.0, "hour", "USD")),
        taxonomy_version="t1",
        extractor_version=version,
    )


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "jobs.db") as s:
        yield s


def test_upsert_new_unchanged_updated(store) -> None:
    assert store.upsert_postings([posting()], now="2026-01-01T00:00:00").new == ["greenhouse:1"]
    again = store.upsert_postings([posting()], now="2026-01-02T00:00:00")
    assert again.unchanged == ["greenhouse:1"] and not again.new
    row = store.posting_row("greenhouse:1")
    assert row["first_seen"] == "2026-01-01T00:00:00" and row["last_seen"] == "2026-01-02T00:00:00"
    assert row["updated_at"] == "2026-01-01T00:00:00"  # unchanged content is not rewritten
    changed = store.upsert_postings([posting(title="Inpatient Coder II")], now="2026-01-03T00:00:00")
    assert changed.updated == ["greenhouse:1"]
    assert store.count_postings() == 1


def test_close_missing_and_reopen(store) -> None:
    store.upsert_postings([posting("1"), posting("2")], feed="gh-a")
    store.upsert_postings([posting("3")], feed="gh-b")
    assert store.close_missing("gh-a", {"greenhouse:1"}) == ["greenhouse:2"]
    assert store.count_postings(include_closed=False) == 2  # other feed untouched
    back = store.upsert_postings([posting("2")], feed="gh-a")
    assert back.reopened == ["greenhouse:2"]
    assert store.posting_row("greenhouse:2")["closed_at"] is None


def test_extraction_round_trip_and_versioning(store) -> None:
    store.upsert_postings([posting()])
    assert [p.uid for p in store.postings_needing_extraction("v1")] == ["greenhouse:1"]
    store.save_extractions([(store.get_posting("greenhouse:1"), extraction())])
    assert store.postings_needing_extraction("v1") == []
    assert len(store.postings_needing_extraction("v2")) == 1  # a new extractor re-extracts
    loaded = store.load_extraction("greenhouse:1")
    assert loaded == extraction()
    store.upsert_postings([posting(description_text="ICD-10-CM and CPT coding")])
    assert len(store.postings_needing_extraction("v1")) == 1  # changed content re-extracts
    pairs = list(store.iter_ranking_inputs())
    assert pairs[0][0].uid == "greenhouse:1" and pairs[0][1].mentions[0].skill_id == "code.icd10cm"


def test_save_extractions_is_atomic(store) -> None:
    store.upsert_postings([posting("1"), posting("2")])
    p1, p2 = store.get_posting("greenhouse:1"), store.get_posting("greenhouse:2")

    def items():
        yield p1, extraction()
        raise RuntimeError("killed half way")
        yield p2, extraction()

    with pytest.raises(RuntimeError):
        store.save_extractions(items())
    assert store.load_extraction("greenhouse:1") is None
    assert next(store.db.query("select count(*) n from posting_skills"))["n"] == 0


def test_duplicates_leave_rankings(store) -> None:
    store.upsert_postings([posting("1", url="https://a/1"), posting("2", url="https://b/2")])
    store.save_extractions([(store.get_posting(u), extraction()) for u in ("greenhouse:1", "greenhouse:2")])
    store.set_duplicates({"greenhouse:2": "greenhouse:1"})
    assert [p.uid for p, _ in store.iter_ranking_inputs()] == ["greenhouse:1"]
    assert store.duplicate_urls() == {"greenhouse:1": ["https://b/2"]}


def test_full_text_search(store) -> None:
    store.upsert_postings([posting("1"), posting("2", title="Tumor Registrar", description_text="CTR, ICD-O-3")])
    assert [r["uid"] for r in store.search("registrar")] == ["greenhouse:2"]
    with pytest.raises(StorageError):
        store.search('"unbalanced')


def test_runs_recorded(store) -> None:
    run = store.start_run("lever", "lever-acme")
    store.finish_run(run, status="ok", complete=True, pages=2, fetched=40, new=3,
                     errors=[{"url": "http://x", "reason": "timeout"}])
    row = store.runs()[0]
    assert row["status"] == "ok" and row["fetched"] == 40 and row["error_count"] == 1


def test_reopening_migrated_db_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    with open_store(path) as s:
        s.upsert_postings([posting()])
    with open_store(path) as s:
        assert s.count_postings() == 1


def test_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="bad.db"):
        open_store(bad)


def test_lock_refuses_second_holder(tmp_path: Path) -> None:
    db = tmp_path / "jobs.db"
    with exclusive_lock(db):
        with pytest.raises(CrawlLockedError, match="another crawl"):
            with exclusive_lock(db):
                pass
    with exclusive_lock(db):  # released afterwards
        pass


def test_import_never_takes_over_or_reopens_a_crawled_posting(store) -> None:
    store.upsert_postings([posting("1")], feed="gh-a")
    store.close_missing("gh-a", set())
    result = store.upsert_postings([posting("1", title="Old text from a saved raw file")])  # feed=import
    assert result.unchanged == ["greenhouse:1"] and not result.reopened and not result.updated
    row = store.posting_row("greenhouse:1")
    assert row["feed"] == "gh-a" and row["closed_at"] is not None and row["title"] == "Inpatient Coder"


def test_run_progress_is_visible_before_the_run_ends(store) -> None:
    run = store.start_run("lever", "lever-acme")
    store.update_run(run, pages=3, fetched=60, new=12)
    row = store.runs()[0]
    assert (row["status"], row["pages"], row["fetched"], row["new"]) == ("running", 3, 60, 12)


def test_jsonld_ids_from_before_m005_are_scoped_in_place_keeping_history(tmp_path: Path) -> None:
    """A database written before JSON-LD identifiers were scoped by site: opening it moves
    each such posting to the uid the parser now gives, with its first_seen, extraction,
    skills and duplicate links, so the next crawl sees it unchanged instead of new."""
    from sqlite_utils import Database

    from mrtjobs.storage.schema import migrations
    from mrtjobs.storage.store import Store
    from scraper.sources import jsonld

    path = tmp_path / "old.db"
    conn = sqlite3.connect(str(path))
    db = Database(conn)
    db.execute("PRAGMA foreign_keys=ON")
    migrations.apply(db, stop_before="m005_scoped_jsonld_ids")
    old = Store(db, path)
    page = ('<script type="application/ld+json">{"@type": "JobPosting", "title": "Medical Records Technician",'
            ' "identifier": "R-4821", "url": "https://www.careers.mercy.example/jobs/R-4821",'
            ' "hiringOrganization": {"name": "Mercy Valley"}, "description": "<p>ROI and HIPAA.</p>"}</script>')
    (fresh,) = jsonld.parse(page)
    legacy = Posting(**{**{k: getattr(fresh, k) for k in ("source", "title", "description_text", "url", "employer",
                                                            "extra")}, "external_id": "R-4821"})
    copy = posting("77", source="greenhouse", title="Medical Records Technician")
    odd = Posting(source="jsonld", external_id="R-9", title="Coder", description_text="x",
                  url="https://[tenant].example/R-9", employer="Lake Clinic", extra={"identifier": "R-9"})
    old.upsert_postings([legacy, copy, odd], now="2026-01-05T00:00:00")
    old.save_extractions([(legacy, extraction())])
    old.set_duplicates({copy.uid: "jsonld:R-4821"})
    old.close()

    with open_store(path) as s:
        assert fresh.uid == "jsonld:careers.mercy.example:R-4821"
        moved = s.get_posting(fresh.uid)
        assert moved is not None and s.get_posting("jsonld:R-4821") is None
        assert s.db.execute("SELECT first_seen FROM postings WHERE uid = ?", [fresh.uid]).fetchone()[0] \
            == "2026-01-05T00:00:00"
        assert s.load_extraction(fresh.uid).mentions[0].skill_id == "code.icd10cm"
        assert s.db.execute("SELECT duplicate_of FROM postings WHERE uid = ?", [copy.uid]).fetchone()[0] == fresh.uid
        assert [r["uid"] for r in s.search("HIPAA")] == [fresh.uid]
        assert s.upsert_postings([fresh]).unchanged == [fresh.uid]  # the next crawl: nothing new
        assert s.get_posting("jsonld:lake-clinic:R-9") is not None  # an unparsable URL: scoped by employer
