"""USAJOBS fetch: headers from the environment, ResultsPerPage always sent, paging to the end."""

from __future__ import annotations

import pytest
from loopback_sources import USAJOBS_KEY, Site, collect, him_jobs, install

from scraper.errors import ScraperError
from scraper.http import FetchError
from scraper.sources import usajobs


@pytest.fixture
def site(loopback, monkeypatch):
    monkeypatch.setenv("MRT_TEST_USAJOBS_KEY", USAJOBS_KEY)
    return install(loopback, Site())


def options(loopback, **extra):
    return {"base_url": loopback.base_url, "email": "seeker@example.org", "job_category_code": "0675",
            "keyword": "medical records", "api_key_env": "MRT_TEST_USAJOBS_KEY", **extra}


def test_pages_until_the_last_with_results_per_page_always_sent(site, loopback, polite, monkeypatch):
    monkeypatch.setattr(usajobs, "RESULTS_PER_PAGE", 3)
    site.jobs["usajobs"] = him_jobs(7)
    pages, problems, postings = collect(usajobs, polite, options(loopback, location="Toledo, Ohio"))
    assert (len(pages), problems) == (3, [])
    assert [p.external_id for p in postings] == [j.id for j in site.jobs["usajobs"]]
    hits = loopback.hits("/api/Search")
    assert [h.query["Page"] for h in hits] == ["1", "2", "3"]
    assert {h.query["ResultsPerPage"] for h in hits} == {"3"}
    assert {(h.query["JobCategoryCode"], h.query["Keyword"], h.query["LocationName"]) for h in hits} == {
        ("0675", "medical records", "Toledo, Ohio")}
    assert {(h.headers["authorization-key"], h.headers["user-agent"]) for h in hits} == {
        (USAJOBS_KEY, "seeker@example.org")}
    assert USAJOBS_KEY not in " ".join(p.url for p in pages)


def test_both_pay_interval_forms_and_duty_shapes_parse(site, loopback, polite):
    site.jobs["usajobs"] = him_jobs(2)  # item 0 has the 2024 shape, item 1 the 2018 shape
    _, _, postings = collect(usajobs, polite, options(loopback))
    assert [(p.salary_min, p.salary_max, p.salary_period) for p in postings] == [(21.5, 27.0, "hour")] * 2
    assert all("Analyzes records for completeness" in p.description_text for p in postings)


def test_empty_search_is_one_complete_page(site, loopback, polite):
    pages, problems, postings = collect(usajobs, polite, options(loopback))
    assert (len(pages), problems, postings) == (1, [], [])


def test_missing_key_variable_fails_before_any_request(site, loopback, polite, monkeypatch):
    monkeypatch.delenv("MRT_TEST_USAJOBS_KEY")
    with pytest.raises(ScraperError, match="MRT_TEST_USAJOBS_KEY is not set"):
        collect(usajobs, polite, options(loopback))
    assert loopback.hits("/api/Search") == []


def test_rejected_key_is_reported_without_the_key(site, loopback, polite, monkeypatch):
    monkeypatch.setenv("MRT_TEST_USAJOBS_KEY", "wrong-key-value")
    with pytest.raises(FetchError, match="HTTP 401") as info:
        collect(usajobs, polite, options(loopback))
    assert "wrong-key-value" not in str(info.value)
