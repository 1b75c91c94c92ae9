"""The crawl orchestration against a real loopback server: incremental upserts, closing and
reopening, no rewrite or re-extraction of unchanged postings, isolation of a failing source,
the lock, and the relevance filter's counts."""

from __future__ import annotations

import random

import pytest
from loopback import Reply
from loopback_sources import FakeLever, Job, Site, him_jobs, install

from mrtjobs.config import parse_config
from mrtjobs.crawl import run_crawl
from mrtjobs.storage import CrawlLockedError, exclusive_lock, open_store
from scraper.http import HttpSettings, make_client
from skills_taxonomy.extraction import Extraction

UA = "mrtjobs-test (ops@example.org)"


class FakeExtractor:
    version = "fake-1"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def extract_many(self, texts):
        texts = list(texts)
        self.seen.extend(texts)
        return [Extraction(extractor_version=self.version, taxonomy_version="t") for _ in texts]


@pytest.fixture
def site(loopback):
    s = install(loopback, Site())
    s.jobs["lever"] = him_jobs(5) + [Job(id="RN1", title="Registered Nurse - Med/Surg", body="<p>Patient care.</p>")]
    return s


@pytest.fixture
def crawl(loopback, fake_clock, tmp_path):
    db = tmp_path / "jobs.db"

    def run(*sources, extractor=None, registry=None, **kwargs):
        entries = list(sources) or [{"type": "lever", "name": "aldric", "site": "aldric-health"}]
        for entry in entries:
            entry.setdefault("base_url", loopback.base_url)
        config = parse_config({"crawl": {"user_agent": UA, "per_host_interval": 0}, "sources": entries})
        settings = HttpSettings(user_agent=UA, per_host_interval=0, max_retries=2)
        with make_client(settings, clock=fake_clock, sleep=fake_clock.sleep, rng=random.Random(1)) as client:
            return run_crawl(config, db, extractor=extractor, registry=registry or {"lever": FakeLever()},
                             client=client, **kwargs)

    run.db = db
    return run


def rows(db):
    with open_store(db) as store:
        return {r["uid"]: r for r in store.iter_posting_rows(include_closed=True)}


def test_first_crawl_stores_only_the_occupation_and_records_a_run(site, crawl):
    extractor = FakeExtractor()
    summary = crawl(extractor=extractor)
    (outcome,) = summary.sources
    assert (outcome.status, outcome.complete) == ("ok", True)
    # Six items at two per page: three full pages and the short (empty) page that ends paging.
    assert (outcome.pages, outcome.fetched, outcome.kept, outcome.dropped, outcome.new) == (4, 6, 5, 1, 5)
    stored = rows(crawl.db)
    assert "lever:RN1" not in stored and len(stored) == 5
    assert all(r["feed"] == "aldric" and r["first_seen"] and r["closed_at"] is None for r in stored.values())
    assert summary.extracted == 5 and len(extractor.seen) == 5
    with open_store(crawl.db) as store:
        (run,) = store.runs()
    assert (run["status"], run["complete"], run["pages"], run["fetched"], run["kept"], run["new"]) == ("ok", 1, 4, 6, 5, 5)
    assert run["started"] and run["finished"] and run["errors"] == "[]"


def test_second_unchanged_crawl_rewrites_and_extracts_nothing(site, crawl):
    crawl(extractor=FakeExtractor())
    before = rows(crawl.db)
    extractor = FakeExtractor()
    summary = crawl(extractor=extractor)
    (outcome,) = summary.sources
    assert (outcome.new, outcome.updated, outcome.unchanged, outcome.closed) == (0, 0, 5, 0)
    assert summary.extracted == 0 and extractor.seen == []
    after = rows(crawl.db)
    assert {u: r["updated_at"] for u, r in after.items()} == {u: r["updated_at"] for u, r in before.items()}
    assert {u: r["first_seen"] for u, r in after.items()} == {u: r["first_seen"] for u, r in before.items()}


def test_changed_posting_is_updated_and_only_it_is_re_extracted(site, crawl):
    crawl(extractor=FakeExtractor())
    site.jobs["lever"][2] = site.jobs["lever"][2].changed(body="<p>Release of information work, now hybrid.</p>")
    extractor = FakeExtractor()
    (outcome,) = crawl(extractor=extractor).sources
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 1, 4)
    assert len(extractor.seen) == 1 and "now hybrid" in extractor.seen[0]


def test_missing_posting_is_closed_then_reopened(site, crawl):
    crawl()
    gone = site.jobs["lever"].pop(1)
    (outcome,) = crawl().sources
    assert outcome.closed == 1
    assert rows(crawl.db)[f"lever:{gone.id}"]["closed_at"] is not None
    site.jobs["lever"].insert(1, gone)
    (outcome,) = crawl().sources
    assert (outcome.closed, outcome.reopened, outcome.unchanged) == (0, 1, 5)
    assert rows(crawl.db)[f"lever:{gone.id}"]["closed_at"] is None


def test_incomplete_listing_closes_nothing_and_other_sources_still_run(site, crawl, loopback):
    crawl()
    site.jobs["lever"].pop(0)
    # The second page of the first source now fails for good; the second source is fine.
    original = loopback.routes[:]

    def broken(req):
        if req.query.get("skip") == "2" and req.match.group(1) == "aldric-health":
            return Reply(503, "down")
        return next(h for m, rx, h in original if rx.pattern.startswith("/v0/postings"))(req)

    loopback.route("GET", r"/v0/postings/([^/]+)", broken)
    site.lever_site = "aldric-health"
    other = {"type": "lever", "name": "second", "site": "aldric-health", "employer": "Other Org"}
    summary = crawl({"type": "lever", "name": "aldric", "site": "aldric-health"}, other)
    first, second = summary.sources
    assert (first.status, first.complete, first.closed) == ("failed", False, 0)
    assert first.errors and "HTTP 503" in first.errors[0]["reason"] and "skip=2" in first.errors[0]["url"]
    assert second.status == "failed"  # same broken page: proves the loop went on to it
    assert not summary.ok and summary.failed == ["aldric", "second"]
    stored = rows(crawl.db)
    assert all(r["closed_at"] is None for r in stored.values())
    with open_store(crawl.db) as store:
        runs = store.runs()
    assert [r["status"] for r in runs[:2]] == ["failed", "failed"]


def test_one_failing_source_does_not_stop_the_others(site, crawl):
    summary = crawl(
        {"type": "lever", "name": "broken", "site": "no-such-site"},
        {"type": "lever", "name": "aldric", "site": "aldric-health"},
    )
    broken, good = summary.sources
    assert broken.status == "failed" and "HTTP 404" in broken.errors[0]["reason"]
    assert good.status == "ok" and good.new == 5
    assert len(rows(crawl.db)) == 5


def test_unavailable_source_module_is_a_source_failure(site, crawl):
    summary = crawl(
        {"type": "greenhouse", "name": "gh", "board": "aldric"},
        {"type": "lever", "name": "aldric", "site": "aldric-health"},
        registry={"greenhouse": ImportError("boom"), "lever": FakeLever()},
    )
    assert [s.status for s in summary.sources] == ["failed", "ok"]
    assert "not available" in summary.sources[0].errors[0]["reason"]


def test_parse_failure_of_one_page_is_recorded(site, crawl):
    class Broken(FakeLever):
        def parse(self, raw, *, source_url=None, options=None):
            if "skip=2" in source_url:
                raise ValueError("unexpected shape")
            return super().parse(raw, source_url=source_url, options=options)

    (outcome,) = crawl(registry={"lever": Broken()}).sources
    assert outcome.status == "partial" and not outcome.complete
    assert "unexpected shape" in outcome.errors[0]["reason"]
    assert outcome.new == 3


def test_second_crawl_on_a_locked_database_is_refused(site, crawl, loopback):
    with exclusive_lock(crawl.db), pytest.raises(CrawlLockedError, match="another crawl"):
        crawl()
    assert loopback.hits("/v0/postings") == []  # refused before any request


def test_stale_running_rows_are_marked_aborted(site, crawl):
    with open_store(crawl.db) as store:
        store.start_run("lever", "aldric")
    summary = crawl()
    assert summary.aborted_runs == 1
    with open_store(crawl.db) as store:
        statuses = sorted(r["status"] for r in store.runs())
    assert statuses == ["aborted", "ok"]


def test_same_job_on_two_feeds_is_shown_once(site, crawl, loopback):
    crawl(
        {"type": "lever", "name": "a", "site": "aldric-health", "employer": "Saint Aldric Health"},
        extractor=FakeExtractor(),
    )
    # The same five jobs under other ids on a second feed: duplicates of the first five.
    twin = Site(lever_site="aldric-mirror")
    twin.jobs["lever"] = [j.changed(id="M" + j.id) for j in site.jobs["lever"]]
    from loopback_sources import _lever

    loopback.route("GET", r"/v0/postings/(aldric-mirror)", _lever(twin))
    summary = crawl(
        {"type": "lever", "name": "a", "site": "aldric-health", "employer": "Saint Aldric Health"},
        {"type": "lever", "name": "b", "site": "aldric-mirror", "employer": "Saint Aldric Health"},
        extractor=FakeExtractor(),
    )
    assert summary.duplicates_changed == 5
    stored = rows(crawl.db)
    assert stored["lever:MJ0001"]["duplicate_of"] == "lever:J0001"
    assert stored["lever:J0001"]["duplicate_of"] is None
    with open_store(crawl.db) as store:
        shown = [p.uid for p, _ in store.iter_ranking_inputs()]
        urls = store.duplicate_urls()
    assert sorted(shown) == [f"lever:J000{i}" for i in range(5)]
    assert urls["lever:J0001"] == ["https://jobs.lever.co/aldric-mirror/MJ0001"]


def test_sources_are_fetched_concurrently(site, crawl, loopback):
    """Source A's first page is answered only once source B has asked for its own: a crawl
    that fetched sources one after the other would give up waiting (and fail A)."""
    import threading

    from loopback_sources import _lever

    b_asked = threading.Event()
    twin = Site(lever_site="other-site")
    twin.jobs["lever"] = him_jobs(2, prefix="B", employer="Mercy Valley Hospital")
    serve_a, serve_b = _lever(site), _lever(twin)

    def handler(req):
        if req.match.group(1) == "other-site":
            b_asked.set()
            return serve_b(req)
        if not b_asked.wait(10):
            return Reply(500, "B never asked")
        return serve_a(req)

    loopback.route("GET", r"/v0/postings/([^/]+)", handler)
    summary = crawl({"type": "lever", "name": "a", "site": "aldric-health"},
                    {"type": "lever", "name": "b", "site": "other-site"})
    assert [(s.feed, s.status, s.new) for s in summary.sources] == [("a", "ok", 5), ("b", "ok", 2)]
