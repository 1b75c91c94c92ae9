"""Oracle Recruiting Cloud and iCIMS as the loopback server serves them (tests and fixtures).

Shapes follow docs/job-source-apis.md. Oracle: the list's paging lives inside the ``finder``
string; rows come only with ``expand=requisitionList...`` (without it: a count and no rows);
``TotalJobsCount`` is meaningful on the first page only; an unknown site number serves the
default board; the detail endpoint answers ``items: []`` for a withdrawn requisition. iCIMS:
``in_iframe=1`` is what returns the listing (else a wrapper page); ``pr`` is zero-based, the
header "Search Results Page N of M" one-based; past the last page an empty header; job pages
carry JSON-LD and answer 410 once expired. The postings are our own words (``loopback_sources.Job``).
"""

from __future__ import annotations

import html
import json
import re

from loopback import Loopback, Reply
from loopback_sources import Job, Site

ORACLE_API = "/hcmRestApi/resources/latest"
ICIMS_PAGE_SIZE = 20


def icims_id(job: Job) -> str:
    """iCIMS job ids are numbers: "J0007" -> "740007" (the letter's code, then the digits)."""
    digits = "".join(c for c in job.id if c.isdigit()) or "0"
    return f"{ord(job.id[0])}{int(digits):04d}"


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")


# -- Oracle Recruiting Cloud ----------------------------------------------------------------------
def _finder(text: str) -> dict[str, str]:
    name, _, args = text.partition(";")
    out = {"_name": name}
    for part in re.findall(r'(\w+)=("[^"]*"|[^,]*)', args):
        out[part[0]] = part[1].strip('"')
    return out


def oracle_row(job: Job) -> dict:
    return {
        "Id": job.id, "Title": job.title, "PostedDate": job.posted, "PostingEndDate": None, "Language": "US",
        "PrimaryLocationCountry": "US", "GeographyId": 300000001234567, "HotJobFlag": False,
        "WorkplaceTypeCode": "ORA_ON_SITE", "JobFamily": "Health Information", "JobFunction": None,
        "WorkerType": None, "ContractType": None, "ManagerLevel": None, "JobSchedule": None, "JobShift": None,
        "JobType": None, "StudyLevel": None, "DomesticTravelRequired": None, "InternationalTravelRequired": None,
        "WorkDurationYears": None, "WorkDurationMonths": None, "WorkHours": None, "WorkDays": None,
        "LegalEmployer": None, "BusinessUnit": None, "Department": None, "Organization": None,
        "ShortDescriptionStr": f"{job.employer} is hiring a {job.title}.",
        "PrimaryLocation": f"{job.city}, {job.state}, United States", "Distance": 0.0, "TrendingFlag": False,
        "BeFirstToApplyFlag": False, "Relevancy": 1, "WorkplaceType": "On-site",
        "ExternalQualificationsStr": None, "ExternalResponsibilitiesStr": None, "secondaryLocations": [],
    }


def oracle_detail(job: Job) -> dict:
    flex = [{"Prompt": "Job Type", "Value": "Regular", "ControlType": "SingleChoiceList", "SequenceNumber": 5}]
    if job.pay_min:
        unit = "per hour" if job.hourly else "per year"
        flex.append({"Prompt": "Pay Range", "Value": f"${job.pay_min:.2f} - ${job.pay_max:.2f} {unit}",
                     "ControlType": "Text", "SequenceNumber": 9})
    duties, _, asks = job.html().partition("<p><b>What you bring</b></p>")
    return {
        "Id": job.id, "Title": job.title, "Category": "Health Information", "RequisitionType": "Standard",
        "JobGrade": None, "RequisitionId": 300000009000000 + len(job.id), "ExternalPostedStartDate": f"{job.posted}T14:05:00+00:00",
        "JobLevel": None, "JobSchedule": "Full time", "JobShift": "Day", "StudyLevel": None,
        "ExternalContactName": None, "ExternalContactEmail": None, "ContractType": None,
        "ExternalPostedEndDate": None, "JobFamilyId": 300000000000010, "GeographyId": 300000001234567,
        "ExternalDescriptionStr": duties, "ExternalResponsibilitiesStr": "",
        "ExternalQualificationsStr": asks, "CorporateDescriptionStr": f"<p>{job.employer} serves its region.</p>",
        "OrganizationDescriptionStr": "", "ShortDescriptionStr": f"{job.employer} is hiring a {job.title}.",
        "ContentLocale": "en", "PrimaryLocation": f"{job.city}, {job.state}, United States",
        "PrimaryLocationCountry": "US", "ApplyWhenNotPostedFlag": False, "WorkplaceTypeCode": "ORA_ON_SITE",
        "WorkplaceType": "On-site", "LegalEmployer": job.employer, "Department": "Health Information Management",
        "secondaryLocations": [], "media": [], "workLocation": [], "otherWorkLocations": [],
        "requisitionFlexFields": flex, "skills": [],
        "primaryLocationCoordinates": [{"GeographyId": 300000001234567, "Latitude": "", "Longitude": "", "CountryCode": "US"}],
    }


def _envelope(items: list) -> dict:
    return {"items": items, "count": len(items), "hasMore": False, "limit": 25, "offset": 0, "links": []}


def _oracle_list(site: Site):
    def handler(req):
        finder = _finder(req.query.get("finder", ""))
        if req.query.get("onlyData") != "true" or finder["_name"] != "findReqs":
            return Reply(400, {"title": "Bad Request", "detail": "URL request parameter finder is not valid."})
        limit = min(int(finder.get("limit") or 25), 200)  # capped silently; the echo below lies
        offset = int(finder.get("offset") or 0)
        jobs = site.list("oracle")
        search = {"SearchId": 1, "Keyword": finder.get("keyword"), "Offset": offset,
                  "Limit": int(finder.get("limit") or 25), "SortBy": finder.get("sortBy"),
                  "TotalJobsCount": len(jobs) if offset == 0 else 0, "SiteNumber": finder.get("siteNumber"),
                  "Facets": None, "HotJobFlag": None, "WorkplaceType": None}
        if "requisitionList" in req.query.get("expand", ""):
            search["requisitionList"] = [oracle_row(j) for j in jobs[offset : offset + limit]]
        return Reply(200, _envelope([search]))

    return handler


def _oracle_detail(site: Site):
    def handler(req):
        finder = _finder(req.query.get("finder", ""))
        if finder["_name"] != "ById" or "Id" not in finder:
            return Reply(400, {"title": "Bad Request", "detail": "URL request parameter finder is not valid."})
        job = next((j for j in site.list("oracle") if j.id == finder["Id"]), None)
        return Reply(200, _envelope([oracle_detail(job)] if job else []))  # no 404: a gone requisition is []

    return handler


# -- iCIMS ---------------------------------------------------------------------------------------
def icims_card(job: Job, base: str) -> str:
    ident = icims_id(job)
    return (
        '<li class="iCIMS_JobCardItem"><div class="row">'
        '<div class="col-xs-6 header left"><span class="sr-only field-label">Job Locations</span>'
        f"<span>\nUS-{job.state}-{html.escape(job.city)}</span></div>"
        '<div class="col-xs-6 header right"><span class="sr-only field-label">Posted Date</span>'
        f'<span title="{int(job.posted[5:7])}/{int(job.posted[8:])}/{job.posted[:4]} 9:00 AM">3 days ago</span></div>'
        f'<div class="col-xs-12 title"><a href="{base}/jobs/{ident}/{slug(job.title)}/job?in_iframe=1" '
        f'class="iCIMS_Anchor" title="{ident} - {html.escape(job.title)}">'
        f'<span class="sr-only field-label">Title</span><h3 >\n{html.escape(job.title)}</h3></a></div>'
        f'<div class="col-xs-12 description">{html.escape(job.employer)} is hiring...</div>'
        '<div class="col-xs-12 additionalFields"><dl class="iCIMS_JobHeaderGroup">'
        '<div class="iCIMS_JobHeaderTag"><dt class="iCIMS_JobHeaderField">ID</dt>'
        f'<dd class="iCIMS_JobHeaderData"><span >\n2026-{ident}</span></dd></div>'
        '<div class="iCIMS_JobHeaderTag"><dt class="iCIMS_JobHeaderField">Category</dt>'
        '<dd class="iCIMS_JobHeaderData"><span >Health Information Management</span></dd></div>'
        "</dl></div></div></li>"
    )


def icims_listing(jobs: list[Job], page: int, size: int, base: str) -> str:
    pages = max(1, -(-len(jobs) // size))
    head = ('<!DOCTYPE html><html><head><title>Search Results | Careers</title></head><body>'
            '<div class="iCIMS_MainWrapper iCIMS_ListingsPage"><div class="container-fluid iCIMS_SearchForm">'
            '<p class="iCIMS_SubHeader iCIMS_SubHeader_Jobs">Search by keyword</p></div>')
    if not jobs:
        return head + '<div class="iCIMS_InfoMsg iCIMS_InfoMsg_JobSearch">Sorry, no jobs were found that match your search criteria.</div></div></body></html>'
    if page >= pages:  # past the end: 200, an empty header, no cards
        return head + '<div class="iCIMS_SearchResultsHeader"></div></div></body></html>'
    cards = "".join(icims_card(j, base) for j in jobs[page * size : (page + 1) * size])
    return (head + '<div class="container-fluid iCIMS_SearchResultsHeader"><div class="row"><div class="pull-left">'
            f'<h2 class="iCIMS_SubHeader iCIMS_SubHeader_Jobs">\nSearch Results\nPage {page + 1} of {pages} \n</h2>'
            f'</div></div></div><ul class="container-fluid iCIMS_JobsTable">{cards}</ul></div></body></html>')


def icims_job_page(job: Job, base: str, *, with_jsonld: bool = True) -> str:
    ident = icims_id(job)
    node = {
        "@context": "https://schema.org", "@type": "JobPosting", "title": job.title,
        "description": job.html(), "datePosted": f"{job.posted}T05:00:00.000Z",
        "validThrough": "2027-01-31T05:00:00.000Z", "employmentType": "FULL_TIME",
        "hiringOrganization": {"@type": "Organization", "name": job.employer},
        "identifier": {"@type": "PropertyValue", "name": job.employer, "value": f"2026-{ident}"},
        "url": f"{base}/jobs/{ident}/{slug(job.title)}/job",
        "jobLocation": [{"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": job.city,
                                                       "addressRegion": job.state, "addressCountry": "US"}}],
    }
    script = f'<script type="application/ld+json">{json.dumps(node)}</script>' if with_jsonld else ""
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(job.title)} in {html.escape(job.city)}, {job.state} | "
        f"Careers at {html.escape(job.employer)}</title>{script}</head><body><div class=\"iCIMS_MainWrapper\">"
        f'<h1 class="iCIMS_Header">{html.escape(job.title)}</h1>'
        '<div class="iCIMS_JobHeaderGroup"><div class="iCIMS_JobHeaderTag"><dt class="iCIMS_JobHeaderField">Job Locations</dt>'
        f'<dd class="iCIMS_JobHeaderData">US-{job.state}-{html.escape(job.city)}</dd></div>'
        '<div class="iCIMS_JobHeaderTag"><dt class="iCIMS_JobHeaderField">Position Type</dt>'
        '<dd class="iCIMS_JobHeaderData">Regular Full-Time</dd></div></div>'
        f'<div class="iCIMS_JobContent"><h2>Overview</h2>{job.html()}</div></div></body></html>'
    )


def _icims_search(site: Site, server: Loopback):
    def handler(req):
        if req.query.get("in_iframe") != "1":  # the framed career site: a wrapper without the listing
            return Reply(200, '<html><body><iframe id="icims_content_iframe" src="/jobs/search?in_iframe=1"></iframe>'
                              "</body></html>", {"Content-Type": "text/html; charset=UTF-8"})
        page = int(req.query.get("pr") or 0)
        size = getattr(site, "icims_page_size", ICIMS_PAGE_SIZE)
        return Reply(200, icims_listing(site.list("icims"), page, size, server.base_url),
                     {"Content-Type": "text/html; charset=UTF-8"})

    return handler


def _icims_job(site: Site, server: Loopback):
    def handler(req):
        for job in site.list("icims"):
            if icims_id(job) == req.match.group(1):
                return Reply(200, icims_job_page(job, server.base_url), {"Content-Type": "text/html; charset=UTF-8"})
        return Reply(410, "<html><body>This job is no longer available.</body></html>", {"Content-Type": "text/html"})

    return handler


def install_hospital_ats(server: Loopback, site: Site) -> Site:
    """Serve Oracle Recruiting Cloud and iCIMS from ``server`` beside the others (call after
    ``loopback_sources.install``, which serves robots.txt)."""
    server.route("GET", re.escape(ORACLE_API) + r"/recruitingCEJobRequisitions", _oracle_list(site))
    server.route("GET", re.escape(ORACLE_API) + r"/recruitingCEJobRequisitionDetails", _oracle_detail(site))
    server.route("GET", r"/jobs/search", _icims_search(site, server))
    server.route("GET", r"/jobs/(\d+)/[^/]+/job", _icims_job(site, server))
    return site
