"""Workday (POST list, limit 20, total only on page one, detail GETs) and SmartRecruiters
(list limit <= 100, then detail) fetches against the loopback server."""

from __future__ import annotations

import pytest
from loopback import Reply
from loopback_sources import Site, collect, him_jobs, install

from scraper.sources import smartrecruiters, workday


@pytest.fixture
def site(loopback):
    return install(loopback, Site())


def wd_options(loopback, **extra):
    return {"base_url": loopback.base_url, "tenant": "aldric", "site": "External", "search_text": "coder", **extra}


def test_workday_pages_by_20_using_the_first_total(site, loopback, polite):
    site.jobs["workday"] = him_jobs(45)
    pages, problems, postings = collect(workday, polite, wd_options(loopback))
    posts = loopback.hits("/wday/cxs/aldric/External/jobs", method="POST")
    assert [(h.json()["offset"], h.json()["limit"], h.json()["searchText"]) for h in posts] == [
        (0, 20, "coder"), (20, 20, "coder"), (40, 20, "coder")]
    assert all(set(h.json()) == {"appliedFacets", "limit", "offset", "searchText"} for h in posts)
    assert len(loopback.hits("/wday/cxs/aldric/External/job/", method="GET")) == 45
    assert problems == [] and sum(not p.parseable for p in pages) == 3
    assert sorted(p.external_id for p in postings) == sorted(j.id for j in site.jobs["workday"])
    first = next(p for p in postings if p.external_id == "J0000")
    assert first.date_posted == "2026-11-20" and first.salary_min is None  # pay only in the text
    assert "Pay range: $21.50 - $27.00 per hour" in first.description_text


def test_workday_failed_detail_is_a_problem_not_a_crash(site, loopback, polite):
    site.jobs["workday"] = him_jobs(3)
    loopback.route("GET", r"/wday/cxs/aldric/External/job/.*_J0001", lambda req: Reply(404, {"errorCode": "HTTP_404"}))
    _, problems, postings = collect(workday, polite, wd_options(loopback))
    assert len(postings) == 2 and len(problems) == 1
    assert "HTTP 404" in problems[0].reason and problems[0].url.endswith("_J0001")


def test_workday_employer_option_reaches_the_parser(site, loopback, polite):
    site.jobs["workday"] = him_jobs(1)
    _, _, postings = collect(workday, polite, wd_options(loopback, employer="Saint Aldric Health System"))
    assert postings[0].employer == "Saint Aldric Health System"


def test_smartrecruiters_list_then_detail(site, loopback, polite):
    site.jobs["smartrecruiters"] = him_jobs(130)
    opts = {"base_url": loopback.base_url, "company": "SaintAldric", "query": "records"}
    pages, problems, postings = collect(smartrecruiters, polite, opts)
    lists = loopback.hits(r"/v1/companies/SaintAldric/postings$")
    assert [(h.query["limit"], h.query["offset"], h.query["q"]) for h in lists] == [
        ("100", "0", "records"), ("100", "100", "records")]
    assert len(loopback.hits(r"/v1/companies/SaintAldric/postings/J\d+$")) == 130
    assert problems == [] and len(postings) == 130
    text = postings[0].description_text
    assert "RHIT preferred" in text and "serves northwest Ohio" in text and postings[0].title == "Medical Records Technician"


def test_smartrecruiters_unknown_company_is_an_empty_complete_listing(site, loopback, polite):
    pages, problems, postings = collect(smartrecruiters, polite, {"base_url": loopback.base_url, "company": "Nobody"})
    assert (len(pages), problems, postings) == (1, [], [])
