"""Oracle Recruiting Cloud fetch against the loopback server: finder paging, detail per
requisition, the API's traps (no rows without expand, total on the first page only, no 404
for a withdrawn requisition), Retry-After and the per-host interval."""

from __future__ import annotations

import random

import pytest
from loopback import Reply
from loopback_hospital_ats import ORACLE_API, _oracle_list, install_hospital_ats
from loopback_sources import Site, collect, him_jobs, install

from scraper.http import FetchError, HttpSettings, make_client
from scraper.sources import oracle


@pytest.fixture
def site(loopback):
    s = install(loopback, Site())
    return install_hospital_ats(loopback, s)


def opts(loopback, **extra):
    return {"base_url": loopback.base_url, "site_number": "CX_1", "keyword": "medical records", **extra}


def finders(loopback, path):
    return [h.query["finder"] for h in loopback.hits(ORACLE_API + path)]


def test_pages_inside_the_finder_then_one_detail_per_requisition(site, loopback, polite):
    site.jobs["oracle"] = him_jobs(230)
    pages, problems, postings = collect(oracle, polite, opts(loopback))
    assert problems == [] and sum(not p.parseable for p in pages) == 3
    assert finders(loopback, "/recruitingCEJobRequisitions") == [
        f'findReqs;siteNumber=CX_1,keyword="medical records",limit=100,offset={o},sortBy=POSTING_DATES_DESC'
        for o in (0, 100, 200)]
    lists = loopback.hits(ORACLE_API + "/recruitingCEJobRequisitions")
    assert {(h.query["onlyData"], h.query["expand"]) for h in lists} == {("true", "requisitionList.secondaryLocations")}
    details = finders(loopback, "/recruitingCEJobRequisitionDetails")
    assert len(details) == 230 and details[0] == 'ById;Id="J0000",siteNumber=CX_1'
    assert loopback.hits("/robots.txt") == []  # an API for programs, not a page
    assert len(postings) == 230


def test_detail_fields(site, loopback, polite):
    site.jobs["oracle"] = him_jobs(1)
    _, _, (p,) = collect(oracle, polite, opts(loopback, employer="Saint Aldric Health System"))
    host = loopback.base_url.split("//")[1].split(":")[0]
    assert p.uid == f"oracle:{host}:J0000"
    assert p.url == f"{loopback.base_url}/hcmUI/CandidateExperience/en/sites/CX_1/job/J0000"
    assert (p.title, p.employer, p.location, p.state) == (
        "Medical Records Technician", "Saint Aldric Health System", "Toledo, OH", "OH")
    assert (p.remote, p.employment_type, p.date_posted) == ("onsite", "full_time", "2026-11-20")
    assert (p.salary_min, p.salary_max, p.salary_period, p.salary_currency) == (21.5, 27.0, "hour", "USD")
    assert "Assign ICD-10-CM and CPT codes" in p.description_text
    assert "Qualifications\n\u2022 RHIT or CCA credential" in p.description_text and "<" not in p.description_text
    assert p.extra["flex_fields"]["Job Type"] == "Regular"


def test_a_list_without_rows_is_an_error_not_an_empty_board(site, loopback, polite):
    site.jobs["oracle"] = him_jobs(3)
    serve = _oracle_list(site)

    def no_expand(req):
        req.query.pop("expand", None)  # the server drops rows without expand
        return serve(req)

    loopback.route("GET", ORACLE_API + r"/recruitingCEJobRequisitions", no_expand)
    with pytest.raises(FetchError, match="requisitionList"):
        collect(oracle, polite, opts(loopback))


def test_withdrawn_requisition_is_no_posting_and_no_problem(site, loopback, polite):
    site.jobs["oracle"] = him_jobs(3)
    gone = site.jobs["oracle"][1]
    serve = _oracle_list(site)

    def list_then_withdraw(req):
        reply = serve(req)
        if gone in site.jobs["oracle"]:
            site.jobs["oracle"].remove(gone)  # withdrawn between the list and its detail
        return reply

    loopback.route("GET", ORACLE_API + r"/recruitingCEJobRequisitions", list_then_withdraw)
    _, problems, postings = collect(oracle, polite, opts(loopback))
    assert problems == [] and sorted(p.extra["requisition_id"] for p in postings) == ["J0000", "J0002"]


def test_a_board_that_shrinks_while_paged_is_an_incomplete_listing(site, loopback, polite, monkeypatch):
    monkeypatch.setattr(oracle, "LIST_LIMIT", 2)
    site.jobs["oracle"] = him_jobs(5)
    serve = _oracle_list(site)

    def shrink(req):
        if "offset=2," in req.query["finder"]:
            site.jobs["oracle"].pop(0)  # everything moves up one: one posting is never served
        return serve(req)

    loopback.route("GET", ORACLE_API + r"/recruitingCEJobRequisitions", shrink)
    _, problems, _ = collect(oracle, polite, opts(loopback))
    assert len(problems) == 1 and "4 of 5" in problems[0].reason


def test_retry_after_on_a_list_page_is_honoured(site, loopback, polite, fake_clock):
    site.jobs["oracle"] = him_jobs(2)
    serve, state = _oracle_list(site), {"n": 0}

    def busy_once(req):
        state["n"] += 1
        return Reply(429, "slow down", {"Retry-After": "6"}) if state["n"] == 1 else serve(req)

    loopback.route("GET", ORACLE_API + r"/recruitingCEJobRequisitions", busy_once)
    _, problems, postings = collect(oracle, polite, opts(loopback))
    assert (len(postings), problems) == (2, []) and 6.0 in fake_clock.sleeps


def test_requests_to_the_tenant_are_spaced_by_the_per_host_interval(site, loopback, fake_clock):
    site.jobs["oracle"] = him_jobs(4)
    settings = HttpSettings(user_agent="mrtjobs-test (ops@example.org)", per_host_interval=2.5, max_retries=0)
    with make_client(settings, clock=fake_clock, wall_clock=fake_clock, sleep=fake_clock.sleep,
                     rng=random.Random(1)) as client:
        collect(oracle, client, opts(loopback))
    requests = len(loopback.hits(ORACLE_API))
    assert requests == 5 and sum(fake_clock.sleeps) >= 2.5 * (requests - 1) - 1e-6


def test_a_saved_list_response_is_refused_and_a_detail_parses(site, loopback, polite):
    site.jobs["oracle"] = him_jobs(1)
    pages, _, _ = collect(oracle, polite, opts(loopback))
    from scraper.errors import ParseError

    with pytest.raises(ParseError, match="no descriptions"):
        oracle.parse(pages[0].body)
    assert oracle.is_shape(pages[0].body) and oracle.is_shape(pages[1].body)
    (p,) = oracle.parse(pages[1].body, source_url=pages[1].url)  # site and host from the URL alone
    assert p.url.endswith("/hcmUI/CandidateExperience/en/sites/CX_1/job/J0000")
