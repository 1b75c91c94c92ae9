"""Oracle Recruiting Cloud and iCIMS through the real crawl: incremental upserts (unchanged
postings not rewritten nor re-extracted), closing only after a complete listing, and a
kill -9 half way that the next run finishes. The same rules as the other sources."""

from __future__ import annotations

import random
import sqlite3
import threading
from contextlib import closing

import pytest
from loopback import Reply
from loopback_hospital_ats import ORACLE_API, _icims_job, _oracle_detail, icims_id, install_hospital_ats
from loopback_sources import Job, Site, him_jobs, install
from test_mrtjobs_crawl import FakeExtractor
from test_mrtjobs_crawl_kill import child_code, kill_when_stored

from mrtjobs.config import parse_config
from mrtjobs.crawl import run_crawl
from mrtjobs.storage import open_store
from scraper.http import HttpSettings, make_client

UA = "mrtjobs-test (ops@example.org)"
ENTRIES = {
    "oracle": {"type": "oracle", "name": "aldric-orc", "site_number": "CX_1"},
    "icims": {"type": "icims", "name": "aldric-icims", "keyword": "records"},
}


@pytest.fixture
def site(loopback):
    s = install_hospital_ats(loopback, install(loopback, Site()))
    nurse = Job(id="RN7", title="Registered Nurse - Float Pool", body="<p>Bedside care on every unit.</p>")
    s.jobs["oracle"] = him_jobs(5) + [nurse]
    s.jobs["icims"] = him_jobs(5, prefix="K") + [nurse]
    return s


@pytest.fixture
def crawl(loopback, fake_clock, tmp_path):
    db = tmp_path / "jobs.db"

    def run(kind, *, extractor=None):
        entry = {**ENTRIES[kind], "base_url": loopback.base_url}
        config = parse_config({"crawl": {"user_agent": UA, "per_host_interval": 0}, "sources": [entry]})
        settings = HttpSettings(user_agent=UA, per_host_interval=0, max_retries=1)
        with make_client(settings, clock=fake_clock, wall_clock=fake_clock, sleep=fake_clock.sleep,
                         rng=random.Random(2)) as client:
            (outcome,) = run_crawl(config, db, extractor=extractor or FakeExtractor(), client=client).sources
        return outcome

    run.db = db
    return run


def rows(db):
    with open_store(db) as store:
        return {r["uid"]: r for r in store.iter_posting_rows(include_closed=True)}


@pytest.mark.parametrize("kind", ["oracle", "icims"])
def test_first_crawl_keeps_the_occupation_and_a_second_rewrites_nothing(site, crawl, kind):
    first = crawl(kind)
    assert (first.status, first.complete, first.fetched, first.kept, first.dropped, first.new) == ("ok", True, 6, 5, 1, 5)
    before = rows(crawl.db)
    assert all(r["source"] == kind and r["feed"] == ENTRIES[kind]["name"] for r in before.values())
    extractor = FakeExtractor()
    second = crawl(kind, extractor=extractor)
    assert (second.new, second.updated, second.unchanged, second.closed) == (0, 0, 5, 0)
    assert extractor.seen == []
    after = rows(crawl.db)
    assert {u: r["updated_at"] for u, r in after.items()} == {u: r["updated_at"] for u, r in before.items()}


@pytest.mark.parametrize("kind", ["oracle", "icims"])
def test_a_changed_posting_is_updated_and_only_it_is_re_extracted(site, crawl, kind):
    crawl(kind)
    site.jobs[kind][2] = site.jobs[kind][2].changed(body="<p>Release of information and chart analysis, now hybrid.</p>")
    extractor = FakeExtractor()
    outcome = crawl(kind, extractor=extractor)
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 1, 4)
    assert len(extractor.seen) == 1 and "now hybrid" in extractor.seen[0]


@pytest.mark.parametrize("kind", ["oracle", "icims"])
def test_a_posting_gone_from_a_complete_listing_is_closed_then_reopened(site, crawl, kind):
    crawl(kind)
    gone = site.jobs[kind].pop(1)
    outcome = crawl(kind)
    assert (outcome.status, outcome.closed) == ("ok", 1)
    closed = [u for u, r in rows(crawl.db).items() if r["closed_at"]]
    assert len(closed) == 1 and closed[0].endswith(gone.id if kind == "oracle" else icims_id(gone))
    site.jobs[kind].insert(1, gone)
    outcome = crawl(kind)
    assert (outcome.closed, outcome.reopened) == (0, 1)


@pytest.mark.parametrize("kind", ["oracle", "icims"])
def test_a_failed_detail_makes_the_listing_incomplete_and_closes_nothing(site, crawl, loopback, kind):
    crawl(kind)
    site.jobs[kind].pop(0)  # gone from the listing ...
    victim = site.jobs[kind][1]
    if kind == "oracle":
        serve = _oracle_detail(site)
        loopback.route("GET", ORACLE_API + r"/recruitingCEJobRequisitionDetails",
                       lambda req: Reply(503, "down") if victim.id in req.query["finder"] else serve(req))
    else:
        loopback.route("GET", rf"/jobs/{icims_id(victim)}/[^/]+/job", lambda req: Reply(503, "down"))
    outcome = crawl(kind)  # ... but another detail fails: "don't know", not "gone"
    assert (outcome.status, outcome.complete, outcome.closed) == ("partial", False, 0)
    assert "HTTP 503" in outcome.errors[0]["reason"]
    assert all(r["closed_at"] is None for r in rows(crawl.db).values())


@pytest.mark.parametrize("kind", ["oracle", "icims"])
def test_kill_9_mid_crawl_then_the_next_run_completes(loopback, tmp_path, kind):
    site = install_hospital_ats(loopback, install(loopback, Site()))
    site.jobs[kind] = him_jobs(10, prefix="M")
    frozen = site.jobs[kind][6]
    reached, release = threading.Event(), threading.Event()
    serve = _oracle_detail(site) if kind == "oracle" else _icims_job(site, loopback)

    def freeze(req):
        if (frozen.id in req.query.get("finder", "")) or req.path.startswith(f"/jobs/{icims_id(frozen)}/"):
            reached.set()
            release.wait(30)
        return serve(req)

    detail = ORACLE_API + r"/recruitingCEJobRequisitionDetails" if kind == "oracle" else r"/jobs/(\d+)/[^/]+/job"
    loopback.route("GET", detail, freeze)
    db = tmp_path / "jobs.db"
    entry = {**ENTRIES[kind], "base_url": loopback.base_url}
    code = child_code(entry, db)
    kill_when_stored(code, db, 4, reached, release)
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = conn.execute("SELECT count(*) FROM postings").fetchone()[0]
    assert 4 <= stored < 10

    config = parse_config({"crawl": {"user_agent": UA, "per_host_interval": 0}, "sources": [entry]})
    extractor = FakeExtractor()
    summary = run_crawl(config, db, extractor=extractor)
    (outcome,) = summary.sources
    assert summary.aborted_runs == 1
    assert (outcome.status, outcome.new, outcome.unchanged) == ("ok", 10 - stored, stored)
    assert summary.extracted == 10
    with open_store(db) as store:
        assert store.count_postings(include_closed=False) == 10
        assert sorted(r["status"] for r in store.runs()) == ["aborted", "ok"]


@pytest.mark.parametrize("kind", ["oracle", "icims"])
def test_saved_raw_responses_replay_to_the_same_postings(site, loopback, tmp_path, kind):
    from mrtjobs.pipeline import import_files

    entry = {**ENTRIES[kind], "base_url": loopback.base_url}
    config = parse_config({"crawl": {"user_agent": UA, "per_host_interval": 0}, "sources": [entry]})
    raw = tmp_path / "raw"
    run_crawl(config, tmp_path / "crawl.db", save_raw=raw)
    with open_store(tmp_path / "crawl.db") as store:
        crawled = {p.uid: p.content_hash for p in store.iter_postings()}
    with open_store(tmp_path / "replay.db") as store:
        report = import_files(store, [raw])
        replayed = {p.uid: p.content_hash for p in store.iter_postings()}
    assert report.errors == [] and report.files == 6  # detail pages only; list pages are not saved
    assert {u: h for u, h in replayed.items() if u in crawled} == crawled
