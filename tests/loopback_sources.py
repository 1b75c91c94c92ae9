"""Each job source's wire shapes, served from the loopback server (tests and the benchmark).

The shapes and quirks follow /work/shared/reference/job-source-apis.md: USAJOBS paging with
string page counts and both pay-interval forms; Greenhouse's once-escaped ``content``;
Lever's bare arrays with skip/limit and millisecond ``createdAt``; Workday's POST-only list
with ``limit`` <= 20 and ``total`` only on the first page, then a detail GET per posting;
SmartRecruiters' list then detail; career pages with JSON-LD in several broken ways. The
postings are our own words. ``Site.jobs[source]`` is mutable so a test can add, change or
remove postings between two crawls.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from loopback import Loopback, Reply

USAJOBS_KEY = "test-key-not-secret"


@dataclass
class Job:
    id: str
    title: str
    employer: str = "Saint Aldric Health"
    city: str = "Toledo"
    state: str = "OH"
    state_name: str = "Ohio"
    pay_min: float | None = 21.5
    pay_max: float | None = 27.0
    hourly: bool = True
    posted: str = "2026-11-20"
    body: str = ""

    def html(self) -> str:
        text = self.body or (
            f"<p>{self.employer} is hiring a {self.title} for our {self.city} campus (posting {self.id}).</p>"
            "<p><b>What you will do</b></p><ul>"
            "<li>Assign ICD-10-CM and CPT codes to outpatient and emergency records.</li>"
            "<li>Complete chart analysis and track deficiencies in the electronic health record.</li>"
            "<li>Process release of information requests under HIPAA.</li></ul>"
            "<p><b>What you bring</b></p><ul><li>RHIT or CCA credential, or eligible within 12 months.</li>"
            "<li>Two years of health information management experience.</li></ul>"
        )
        return text

    def changed(self, **changes) -> "Job":
        return replace(self, **changes)


def him_jobs(n: int, prefix: str = "J", **common) -> list[Job]:
    titles = ["Medical Records Technician", "Outpatient Coder II", "Release of Information Specialist",
              "HIM Scanning Technician", "Cancer Registrar", "Clinical Documentation Specialist"]
    return [Job(id=f"{prefix}{i:04d}", title=titles[i % len(titles)], **common) for i in range(n)]


@dataclass
class Site:
    """Everything the loopback serves, by source type; mutate between crawls."""

    jobs: dict[str, list[Job]] = field(default_factory=dict)
    board: str = "aldric"
    lever_site: str = "aldric-health"
    tenant: str = "aldric"
    wd_site: str = "External"
    company: str = "SaintAldric"
    usajobs_email: str = "seeker@example.org"

    def list(self, source: str) -> list[Job]:
        return self.jobs.setdefault(source, [])


def _iso(day: str) -> str:
    return f"{day}T09:00:00-05:00"


def _ms(day: str) -> int:
    return int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp() * 1000)


# -- USAJOBS ------------------------------------------------------------------------------
def usajobs_item(job: Job, n: int) -> dict:
    old = n % 2 == 1  # alternate the 2018 and 2024 shapes
    pay = {"MinimumRange": f"{job.pay_min:.2f}" if job.pay_min else "0",
           "MaximumRange": f"{job.pay_max:.1f}" if job.pay_max else "0"}
    if old:
        pay["RateIntervalCode"] = "Per Hour" if job.hourly else "Per Year"
    else:
        pay.update(RateIntervalCode="PH" if job.hourly else "PA", Description="Per Hour" if job.hourly else "Per Year")
    duties = ["Codes inpatient and outpatient records with ICD-10-CM.", "Analyzes records for completeness."]
    return {
        "MatchedObjectId": job.id,
        "MatchedObjectDescriptor": {
            "PositionID": f"VHA-{job.id}",
            "PositionTitle": job.title,
            "PositionURI": f"https://www.usajobs.gov:443/job/{job.id}",
            "ApplyURI": [f"https://www.usajobs.gov:443/job/{job.id}?PostingChannelID="],
            "PositionLocationDisplay": f"{job.city}, {job.state_name}",
            "PositionLocation": [{"LocationName": f"{job.city}, {job.state_name}", "CountryCode": "United States",
                                  "CountrySubDivisionCode": job.state_name, "CityName": f"{job.city}, {job.state_name}",
                                  "Longitude": -83.5, "Latitude": 41.6}],
            "OrganizationName": "Veterans Affairs, Veterans Health Administration",
            "DepartmentName": "Department of Veterans Affairs",
            "JobCategory": [{"Name": "Medical Records Technician", "Code": "0675"}],
            "JobGrade": [{"Code": "GS"}],
            "PositionSchedule": [{"Name": "", "Code": "1"}],
            "PositionOfferingType": [{"Name": "Permanent", "Code": "15317"}],
            "QualificationSummary": "One year of specialized experience with medical records coding.",
            "PositionRemuneration": [pay],
            "PublicationStartDate": job.posted if old else f"{job.posted}T00:00:00.0000",
            "ApplicationCloseDate": "2027-01-15T23:59:59.9970",
            "UserArea": {
                "Details": {
                    "JobSummary": f"The {job.title} maintains veterans' health records ({job.id}).",
                    "LowGrade": "05", "HighGrade": "07",
                    "MajorDuties": " ".join(duties) if old else duties,
                    "TeleworkEligible": False, "RemoteIndicator": False, "Relocation": "False",
                },
                "IsRadialSearch": False,
            },
        },
        "RelevanceRank": 0,
    }


def _usajobs(site: Site):
    def handler(req):
        if req.headers.get("authorization-key") != USAJOBS_KEY or req.headers.get("user-agent") != site.usajobs_email:
            return Reply(401, {"message": "Authorization-Key and User-Agent headers are required"})
        jobs = site.list("usajobs")
        per = int(req.query.get("ResultsPerPage") or 25)  # the observed default when omitted
        page = int(req.query.get("Page") or 1)
        chunk = jobs[(page - 1) * per : page * per]
        pages = max(1, -(-len(jobs) // per))
        return Reply(200, {"LanguageCode": "EN", "SearchParameters": {}, "SearchResult": {
            "SearchResultCount": len(chunk), "SearchResultCountAll": len(jobs),
            "SearchResultItems": [usajobs_item(j, (page - 1) * per + i) for i, j in enumerate(chunk)],
            "UserArea": {"NumberOfPages": str(pages), "IsRadialSearch": False}}})

    return handler


# -- Greenhouse ---------------------------------------------------------------------------
def greenhouse_job(job: Job, board: str) -> dict:
    return {
        "absolute_url": f"https://job-boards.greenhouse.io/{board}/jobs/{job.id}",
        "internal_job_id": 1000, "id": job.id, "requisition_id": f"R-{job.id}",
        "location": {"name": f"{job.city}, {job.state}"},
        "metadata": [{"id": 1, "name": "Location Type", "value": "On-Site", "value_type": "single_select"}],
        "updated_at": _iso(job.posted), "first_published": _iso(job.posted), "title": job.title,
        "company_name": job.employer, "language": "en",
        "content": html.escape(job.html(), quote=True),
        "departments": [{"id": 5, "name": "Health Information Management", "child_ids": [], "parent_id": None}],
        "offices": [{"id": 6, "name": job.city, "location": f"{job.city}, {job.state_name}, United States"}],
    }


def _greenhouse(site: Site):
    def handler(req):
        if req.match.group(1) != site.board:
            return Reply(404, {"status": 404, "error": "Job board not found"})
        jobs = [greenhouse_job(j, site.board) for j in site.list("greenhouse")]
        if req.query.get("content") != "true":
            for j in jobs:
                for key in ("content", "departments", "offices"):
                    j.pop(key)
        return Reply(200, {"jobs": jobs, "meta": {"total": len(jobs)}})

    return handler


# -- Lever --------------------------------------------------------------------------------
def lever_item(job: Job, site: str) -> dict:
    item = {
        "id": job.id, "text": job.title, "country": "US", "workplaceType": "onsite",
        "categories": {"commitment": "Full-time", "department": "HIM", "location": f"{job.city}, {job.state}",
                       "team": "Coding", "allLocations": [f"{job.city}, {job.state}"]},
        "createdAt": _ms(job.posted), "description": job.html(), "descriptionPlain": "",
        "lists": [{"text": "Nice to have", "content": "\n<li>Epic HIM module experience</li>"}],
        "additional": "<div>We are an equal opportunity employer.</div>", "additionalPlain": "",
        "hostedUrl": f"https://jobs.lever.co/{site}/{job.id}",
        "applyUrl": f"https://jobs.lever.co/{site}/{job.id}/apply",
    }
    if job.pay_min:
        item["salaryRange"] = {"min": job.pay_min, "max": job.pay_max, "currency": "USD",
                               "interval": "per-hour-wage" if job.hourly else "per-year-salary"}
    return item


def _lever(site: Site):
    def handler(req):
        if req.match.group(1) != site.lever_site:
            return Reply(404, {"ok": False, "error": "Document not found"})
        if req.query.get("mode") != "json":
            return Reply(200, "<html>postings page</html>", {"Content-Type": "text/html"})
        items = [lever_item(j, site.lever_site) for j in site.list("lever")]
        skip = int(req.query.get("skip") or 0)
        limit = req.query.get("limit")
        return Reply(200, items[skip : skip + int(limit)] if limit else items[skip:])

    return handler


# -- Workday ------------------------------------------------------------------------------
def workday_path(job: Job) -> str:
    return f"/job/{job.city}-{job.state}/{job.title.replace(' ', '-')}_{job.id}"


def workday_detail(job: Job, site: Site, base: str) -> dict:
    pay = f"<p>Pay range: ${job.pay_min:.2f} - ${job.pay_max:.2f} per hour.</p>" if job.pay_min else ""
    return {
        "jobPostingInfo": {
            "id": f"wd{job.id}", "title": job.title, "jobDescription": job.html() + pay,
            "location": f"{job.city}, {job.state}", "postedOn": "Posted 3 Days Ago", "startDate": job.posted,
            "timeType": "Full time", "jobReqId": job.id, "jobPostingId": f"{job.title}_{job.id}",
            "country": {"descriptor": "United States of America", "id": "bc33"}, "canApply": True, "posted": True,
            "externalUrl": f"{base}/{site.wd_site}{workday_path(job)}",
        },
        "hiringOrganization": {"name": job.employer, "url": ""},
        "similarJobs": [], "userAuthenticated": False,
    }


def _workday_list(site: Site):
    def handler(req):
        if req.match.group(1) != site.tenant or req.match.group(2) != site.wd_site:
            return Reply(422, {"errorCode": "HTTP_422"})
        if req.method == "GET":
            return Reply(400, {"errorCode": "HTTP_400", "httpStatus": 400, "message": ""})
        body = req.json() or {}
        if not {"appliedFacets", "limit", "offset", "searchText"} <= set(body):
            return Reply(422, {"errorCode": "HTTP_422"})
        if int(body["limit"]) > 20:
            return Reply(400, {"errorCode": "HTTP_400", "errorCaseId": "C816", "httpStatus": 400, "message": ""})
        jobs = site.list("workday")
        offset, limit = int(body["offset"]), int(body["limit"])
        chunk = jobs[offset : offset + limit]
        return Reply(200, {
            "total": len(jobs) if offset == 0 else 0,
            "jobPostings": [{"title": j.title, "externalPath": workday_path(j), "locationsText": f"{j.city}, {j.state}",
                             "postedOn": "Posted 3 Days Ago", "bulletFields": [j.id]} for j in chunk],
            "facets": [] if offset else [{"facetParameter": "timeType", "values": []}],
            "userAuthenticated": False})

    return handler


def _workday_detail(site: Site, server: Loopback):
    def handler(req):
        path = "/job/" + req.match.group(3)
        for job in site.list("workday"):
            if workday_path(job) == path:
                return Reply(200, workday_detail(job, site, server.base_url))
        return Reply(404, {"errorCode": "HTTP_404"})

    return handler


# -- SmartRecruiters ----------------------------------------------------------------------
def sr_item(job: Job, site: Site, base: str, *, detail: bool) -> dict:
    item = {
        "id": job.id, "name": job.title + " ", "uuid": f"uuid-{job.id}", "refNumber": f"REF{job.id}",
        "company": {"identifier": site.company, "name": job.employer}, "releasedDate": f"{job.posted}T12:00:00.000Z",
        "location": {"city": job.city, "region": job.state, "country": "us", "remote": False, "hybrid": False,
                     "fullLocation": f"{job.city}, {job.state}, United States"},
        "typeOfEmployment": {"id": "permanent", "label": "Full-time"},
        "ref": f"{base}/v1/companies/{site.company}/postings/{job.id}",
    }
    if detail:
        item.update(
            postingUrl=f"https://jobs.smartrecruiters.com/{site.company}/{job.id}",
            applyUrl=f"https://jobs.smartrecruiters.com/{site.company}/{job.id}?oga=true", active=True,
            jobAd={"sections": {
                "companyDescription": {"title": "About us", "text": f"<p>{job.employer} serves northwest Ohio.</p>"},
                "jobDescription": {"title": "Job Description", "text": job.html()},
                "qualifications": {"title": "Qualifications", "text": "<ul><li>RHIT preferred</li></ul>"},
                "additionalInformation": {"title": "More", "text": "<p>Benefits from day one.</p>"}}})
    return item


def _sr_list(site: Site, server: Loopback):
    def handler(req):
        limit = int(req.query.get("limit") or 10)
        if limit > 100:
            return Reply(400, {"message": "limit must be <= 100"})
        if req.match.group(1) != site.company:
            return Reply(200, {"offset": 0, "limit": limit, "totalFound": 0, "content": []})
        jobs = site.list("smartrecruiters")
        offset = int(req.query.get("offset") or 0)
        chunk = [sr_item(j, site, server.base_url, detail=False) for j in jobs[offset : offset + limit]]
        return Reply(200, {"offset": offset, "limit": limit, "totalFound": len(jobs), "content": chunk})

    return handler


def _sr_detail(site: Site, server: Loopback):
    def handler(req):
        for job in site.list("smartrecruiters"):
            if job.id == req.match.group(2):
                return Reply(200, sr_item(job, site, server.base_url, detail=True))
        return Reply(404, {"message": "not found"})

    return handler


# -- JSON-LD career pages ------------------------------------------------------------------
def jsonld_page(job: Job, variant: int) -> str:
    node = {
        "@context": "https://schema.org/", "@type": "JobPosting", "title": job.title,
        "identifier": {"@type": "PropertyValue", "name": job.employer, "value": job.id},
        "datePosted": job.posted, "validThrough": "2027-01-31T23:59",
        "employmentType": ["FULL_TIME"], "description": job.html(),
        "hiringOrganization": {"@type": "Organization", "name": job.employer},
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": job.city,
                                                        "addressRegion": job.state, "addressCountry": "US"}},
    }
    if job.pay_min:
        node["baseSalary"] = {"@type": "MonetaryAmount", "currency": "USD", "value": {
            "@type": "QuantitativeValue", "minValue": job.pay_min, "maxValue": job.pay_max,
            "unitText": "HOUR" if job.hourly else "YEAR"}}
    org = '{"@context": "https://schema.org", "@type": "Organization", "name": "%s"}' % job.employer
    kind = variant % 4
    if kind == 1:  # @graph, type as array, HTML-escaped description
        node["@type"] = ["JobPosting"]
        node["description"] = html.escape(job.html())
        block = json.dumps({"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, node]})
    elif kind == 2:  # a raw newline inside a string (invalid JSON seen in the wild) and a trailing ';'
        block = json.dumps(node).replace("What you will do", "What you\nwill do") + ";"
    elif kind == 3:  # a top-level array with escaped slashes
        block = json.dumps([node]).replace("/", "\\/")
    else:
        block = json.dumps(node)
    return (
        f"<!doctype html><html><head><title>{html.escape(job.title)}</title>"
        f'<script type="application/ld+json">{org}</script>'
        f'<script type="application/ld+json">{block}</script></head>'
        f"<body><h1>{html.escape(job.title)}</h1>{job.html()}</body></html>"
    )


def _jsonld_page(site: Site):
    def handler(req):
        for n, job in enumerate(site.list("jsonld")):
            if job.id == req.match.group(1):
                return Reply(200, jsonld_page(job, n), {"Content-Type": "text/html; charset=utf-8"})
        return Reply(404, "<html>gone</html>", {"Content-Type": "text/html"})

    return handler


def _sitemap(site: Site, server: Loopback):
    def handler(req):
        locs = [f"{server.base_url}/careers/jobs/{j.id}.html" for j in site.list("jsonld")]
        locs += [f"{server.base_url}/careers/about.html", f"{server.base_url}/private/jobs/secret.html"]
        body = "".join(f"<url><loc>{html.escape(u)}</loc></url>" for u in locs)
        return Reply(200, f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>',
                     {"Content-Type": "application/xml"})

    return handler


def install(server: Loopback, site: Site) -> Site:
    """Serve all six source shapes from ``server`` (paths as on the real hosts)."""
    server.route("GET", r"/api/Search", _usajobs(site))
    server.route("GET", r"/v1/boards/([^/]+)/jobs", _greenhouse(site))
    server.route("GET", r"/v0/postings/([^/]+)", _lever(site))
    for method in ("GET", "POST"):
        server.route(method, r"/wday/cxs/([^/]+)/([^/]+)/jobs", _workday_list(site))
    server.route("GET", r"/wday/cxs/([^/]+)/([^/]+)/job/(.+)", _workday_detail(site, server))
    server.route("GET", r"/v1/companies/([^/]+)/postings", _sr_list(site, server))
    server.route("GET", r"/v1/companies/([^/]+)/postings/([^/]+)", _sr_detail(site, server))
    server.route("GET", r"/careers/jobs/([^/]+)\.html", _jsonld_page(site))
    server.static("/careers/about.html", "<html><body>About us</body></html>", headers={"Content-Type": "text/html"})
    server.static("/private/jobs/secret.html", "<html>no</html>", headers={"Content-Type": "text/html"})
    server.route("GET", r"/sitemap\.xml", _sitemap(site, server))
    server.static("/robots.txt", "User-agent: *\nDisallow: /private/\n")
    return site


class FakeLever:
    """A stand-in source module (NAME, fetch, parse) for crawl tests: Lever paging with a
    small page size, parsed by the real Lever parser. ``fail_pages`` makes chosen pages fail
    as a PageProblem; ``block`` (a threading.Event pair) lets a test freeze the crawl."""

    NAME = "lever"

    def __init__(self, page_size: int = 2) -> None:
        self.page_size = page_size

    def fetch(self, client, options):
        from scraper.http import RawPage

        base = options["base_url"].rstrip("/")
        skip = 0
        while True:
            resp = client.get(f"{base}/v0/postings/{options['site']}",
                              params={"mode": "json", "skip": skip, "limit": self.page_size})
            items = resp.json()
            yield RawPage(url=resp.url, body=items, options={"site": options["site"], **(
                {"employer": options["employer"]} if options.get("employer") else {})})
            if len(items) < self.page_size:
                return
            skip += self.page_size

    def parse(self, raw, *, source_url=None, options=None):
        from scraper.sources import lever

        return lever.parse(raw, source_url=source_url, options=options)


def collect(module, client, options):
    """Run a source's fetch and parse every parseable page: (pages, problems, postings)."""
    from scraper.http import PageProblem

    pages, problems, postings = [], [], []
    for item in module.fetch(client, options):
        if isinstance(item, PageProblem):
            problems.append(item)
            continue
        pages.append(item)
        if item.parseable:
            postings += module.parse(item.body, source_url=item.url, options=item.options)
    return pages, problems, postings
