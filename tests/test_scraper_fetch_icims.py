"""iCIMS fetch against the loopback server: zero-based ``pr`` paging to the stated page count,
robots.txt obeyed, JSON-LD job pages under the portal's own ids, a listing that moves while
it is read, expired job pages, the framed-page wrapper, Retry-After and the per-host interval."""

from __future__ import annotations

import random

import pytest
from loopback import Reply
from loopback_hospital_ats import _icims_search, icims_id, icims_job_page, icims_listing, install_hospital_ats
from loopback_sources import Site, collect, him_jobs, install

from scraper.errors import ListingPage
from scraper.http import FetchError, HttpSettings, RobotsDisallowed, make_client
from scraper.sources import icims


@pytest.fixture
def site(loopback):
    s = install(loopback, Site())
    return install_hospital_ats(loopback, s)


def opts(loopback, **extra):
    return {"base_url": loopback.base_url, "keyword": "health information", **extra}


def test_pages_by_zero_based_pr_to_the_stated_count(site, loopback, polite):
    site.jobs["icims"] = him_jobs(45)
    pages, problems, postings = collect(icims, polite, opts(loopback))
    searches = loopback.hits("/jobs/search")
    assert [h.query["pr"] for h in searches] == ["0", "1", "2"]
    assert all(h.query["in_iframe"] == "1" and h.query["ss"] == "1" and h.query["searchKeyword"] == "health information"
               for h in searches)
    assert len(loopback.hits(r"/jobs/\d+/[^/]+/job$")) == 45
    assert all(h.query == {"in_iframe": "1"} for h in loopback.hits(r"/jobs/\d+/[^/]+/job$"))
    assert len(loopback.hits("/robots.txt")) == 1  # pages: robots.txt read (once per host)
    assert problems == [] and sum(not p.parseable for p in pages) == 3 and len(postings) == 45


def test_job_page_fields(site, loopback, polite):
    site.jobs["icims"] = him_jobs(1)
    _, _, (p,) = collect(icims, polite, opts(loopback))
    ident = icims_id(site.jobs["icims"][0])
    assert p.uid == f"icims:127.0.0.1:{ident}"
    assert p.url == f"{loopback.base_url}/jobs/{ident}/medical-records-technician/job"  # no in_iframe
    assert (p.title, p.employer, p.location, p.state, p.employment_type) == (
        "Medical Records Technician", "Saint Aldric Health", "Toledo, OH", "OH", "full_time")
    assert (p.date_posted, p.valid_through) == ("2026-11-20", "2027-01-31")
    assert "Assign ICD-10-CM and CPT codes" in p.description_text
    assert p.extra["identifier"] == f"2026-{ident}" and p.extra["header_fields"]["Position Type"] == "Regular Full-Time"


def test_robots_disallowing_the_portal_stops_before_any_listing_request(site, loopback, polite):
    site.jobs["icims"] = him_jobs(3)
    loopback.static("/robots.txt", "User-agent: *\nDisallow: /jobs/\n")
    with pytest.raises(RobotsDisallowed):
        collect(icims, polite, opts(loopback))
    assert loopback.hits("/jobs/") == []


def test_no_results_is_a_complete_empty_listing(site, loopback, polite):
    pages, problems, postings = collect(icims, polite, opts(loopback))
    assert (len(pages), problems, postings) == (1, [], [])


def test_the_wrapper_page_without_a_listing_is_an_error(site, loopback, polite):
    loopback.route("GET", r"/jobs/search", lambda req: Reply(200, '<html><body><iframe id="icims_content_iframe">'
                                                                  "</iframe></body></html>"))
    with pytest.raises(FetchError, match="not an iCIMS job listing"):
        collect(icims, polite, opts(loopback))


def test_a_moved_portal_names_where_it_went(site, loopback, polite):
    body = "<script type=\"text/javascript\">\nwindow.top.location.href = 'https:\\/\\/careers.aldric.example\\/jobs';\n</script>\n"
    loopback.route("GET", r"/jobs/search", lambda req: Reply(200, body))
    with pytest.raises(FetchError, match="https://careers.aldric.example/jobs"):
        collect(icims, polite, opts(loopback))


def test_a_job_repeated_across_pages_makes_the_listing_incomplete(site, loopback, polite):
    site.jobs["icims"] = him_jobs(30)
    serve = _icims_search(site, loopback)

    def shifting(req):
        if req.query.get("pr") == "1":
            site.jobs["icims"].insert(0, site.jobs["icims"][-1].changed(id="N0001", title="HIM Analyst"))
        return serve(req)

    loopback.route("GET", r"/jobs/search", shifting)
    _, problems, _ = collect(icims, polite, opts(loopback))
    assert len(problems) == 1 and "repeated" in problems[0].reason


def test_an_expired_job_page_is_a_problem(site, loopback, polite):
    site.jobs["icims"] = him_jobs(3)
    gone = icims_id(site.jobs["icims"][1])
    loopback.route("GET", rf"/jobs/{gone}/[^/]+/job", lambda req: Reply(410, "<html>expired</html>"))
    _, problems, postings = collect(icims, polite, opts(loopback))
    assert len(postings) == 2 and len(problems) == 1 and "HTTP 410" in problems[0].reason


def test_retry_after_on_a_listing_page_is_honoured(site, loopback, polite, fake_clock):
    site.jobs["icims"] = him_jobs(25)
    serve, state = _icims_search(site, loopback), {"n": 0}

    def busy(req):
        state["n"] += 1
        return Reply(503, "busy", {"Retry-After": "9"}) if state["n"] == 2 else serve(req)

    loopback.route("GET", r"/jobs/search", busy)
    _, problems, postings = collect(icims, polite, opts(loopback))
    assert (len(postings), problems) == (25, []) and 9.0 in fake_clock.sleeps


def test_requests_to_the_portal_are_spaced_by_the_per_host_interval(site, loopback, fake_clock):
    site.jobs["icims"] = him_jobs(3)
    settings = HttpSettings(user_agent="mrtjobs-test (ops@example.org)", per_host_interval=1.5, max_retries=0)
    with make_client(settings, clock=fake_clock, wall_clock=fake_clock, sleep=fake_clock.sleep,
                     rng=random.Random(1)) as client:
        collect(icims, client, opts(loopback))
    requests = len(loopback.log)
    assert requests == 5 and sum(fake_clock.sleeps) >= 1.5 * (requests - 1) - 1e-6  # robots, 1 listing, 3 jobs


def test_a_job_page_without_json_ld_falls_back_to_its_content(loopback):
    job = him_jobs(1)[0]
    page = icims_job_page(job, "https://careers-aldric.icims.com", with_jsonld=False)
    (p,) = icims.parse(page, source_url=f"https://careers-aldric.icims.com/jobs/{icims_id(job)}/x/job?in_iframe=1")
    assert (p.title, p.location, p.state, p.employment_type) == ("Medical Records Technician", "Toledo, OH", "OH", "full_time")
    assert p.uid == f"icims:careers-aldric.icims.com:{icims_id(job)}" and "release of information requests" in p.description_text


def test_a_saved_search_page_is_a_listing_not_a_posting():
    html = icims_listing(him_jobs(3), 0, 20, "https://careers-aldric.icims.com")
    with pytest.raises(ListingPage) as info:
        icims.parse(html, source_url="https://careers-aldric.icims.com/jobs/search?pr=0&in_iframe=1")
    assert len(info.value.links) == 3 and "in_iframe" not in info.value.links[0]
