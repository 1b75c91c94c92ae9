"""Greenhouse and Lever fetch: one board response with content=true; skip/limit paging."""

from __future__ import annotations

import pytest
from loopback import Reply
from loopback_sources import Job, Site, collect, him_jobs, install

from scraper.http import FetchError
from scraper.sources import greenhouse, lever


@pytest.fixture
def site(loopback):
    return install(loopback, Site())


def test_greenhouse_whole_board_with_content_unescaped_once(site, loopback, polite):
    site.jobs["greenhouse"] = him_jobs(3) + [Job(id="RN9", title="Registered Nurse")]
    pages, problems, postings = collect(greenhouse, polite, {"base_url": loopback.base_url, "board": "aldric"})
    assert (len(pages), problems, len(postings)) == (1, [], 4)
    assert loopback.hits("/v1/boards/aldric/jobs")[0].query == {"content": "true"}
    text = postings[0].description_text
    assert "ICD-10-CM" in text and "&lt;" not in text and "<p>" not in text
    assert postings[0].employer == "Saint Aldric Health" and pages[0].options["board"] == "aldric"


def test_greenhouse_unknown_board_fails_with_url(site, loopback, polite):
    with pytest.raises(FetchError, match="HTTP 404") as info:
        collect(greenhouse, polite, {"base_url": loopback.base_url, "board": "nobody"})
    assert "/v1/boards/nobody/jobs" in info.value.url


@pytest.mark.parametrize(("count", "requests"), [(250, 3), (200, 3), (0, 1)])
def test_lever_pages_with_skip_and_limit(site, loopback, polite, count, requests):
    site.jobs["lever"] = him_jobs(count)
    pages, problems, postings = collect(lever, polite, {"base_url": loopback.base_url, "site": "aldric-health"})
    hits = loopback.hits("/v0/postings/aldric-health")
    assert len(hits) == requests and problems == []
    assert [(h.query["mode"], h.query["skip"], h.query["limit"]) for h in hits] == [
        ("json", str(100 * i), "100") for i in range(requests)]
    assert len(postings) == count
    if count:
        assert postings[0].date_posted == "2026-11-20"  # createdAt in milliseconds
        assert postings[0].salary_period == "hour" and postings[0].remote == "onsite"


def test_lever_retries_a_429_page(site, loopback, polite, fake_clock):
    site.jobs["lever"] = him_jobs(150)
    from loopback_sources import _lever

    serve, state = _lever(site), {"n": 0}

    def handler(req):
        state["n"] += 1
        if state["n"] == 2:
            return Reply(429, "slow", {"Retry-After": "5"})
        return serve(req)

    loopback.route("GET", r"/v0/postings/([^/]+)", handler)
    _, problems, postings = collect(lever, polite, {"base_url": loopback.base_url, "site": "aldric-health"})
    assert (len(postings), problems) == (150, []) and 5.0 in fake_clock.sleeps


def test_lever_document_not_found_body_is_an_error(site, loopback, polite):
    loopback.static("/v0/postings/gone", {"ok": False, "error": "Document not found"})
    with pytest.raises(FetchError, match="Document not found"):
        collect(lever, polite, {"base_url": loopback.base_url, "site": "gone"})


def test_lever_server_ignoring_skip_stops_with_a_problem(site, loopback, polite):
    site.jobs["lever"] = him_jobs(100)
    from loopback_sources import lever_item

    items = [lever_item(j, "loop") for j in site.jobs["lever"]]
    loopback.static("/v0/postings/loop", items)
    pages, problems, _ = collect(lever, polite, {"base_url": loopback.base_url, "site": "loop"})
    assert len(pages) == 1 and "repeated" in problems[0].reason
