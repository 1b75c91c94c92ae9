"""Oracle Recruiting Cloud ("Candidate Experience") public REST API: hospital career sites on
``{host}/hcmUI/CandidateExperience/en/sites/{site}``.

``parse`` takes one job *detail* response (``recruitingCEJobRequisitionDetails``: ``{"items":
[{...}]}``); list pages carry only a teaser (``ShortDescriptionStr``), so ``parse`` refuses them
as the Workday parser refuses its lists. Quirks handled (docs/job-source-apis.md, "Oracle"):
the description is split into ``ExternalDescriptionStr``, ``ExternalResponsibilitiesStr`` and
``ExternalQualificationsStr`` (HTML, any may be empty or null); a withdrawn requisition answers
200 with ``items: []``; places are ``PrimaryLocation`` ("Richardson, TX, United States") plus
``secondaryLocations[].Name`` with their own country codes; the workplace is a closed code
(``ORA_REMOTE``/``ORA_HYBRID``/``ORA_ON_SITE``) beside a localised label that may be ""; pay and
telework, when a tenant publishes them, are ``requisitionFlexFields`` (``Prompt``/``Value``).
Requisition ids repeat across tenants, so the id is scoped by the tenant's host.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scraper.errors import ParseError
from scraper.geo import format_location, is_country_us, parse_location, resolve_states
from scraper.models import Posting
from scraper.sources._normalize import (
    as_list,
    employer_name,
    employment_type,
    first_text,
    guarded,
    iso_date,
    join_sections,
    option,
    refine_employment,
    remote_value,
    salary_from_text,
)
from scraper.sources._workplace import from_field, strongest
from scraper.text import inline_text, to_text

NAME = "oracle"
API = "/hcmRestApi/resources/latest"
_WORKPLACE_CODES = {"ORA_REMOTE": "remote", "ORA_HYBRID": "hybrid", "ORA_ON_SITE": "onsite", "ORA_ONSITE": "onsite"}
_SECTIONS = (("ExternalDescriptionStr", None), ("ExternalResponsibilitiesStr", "Responsibilities"),
             ("ExternalQualificationsStr", "Qualifications"))
_PAY_PROMPT = re.compile(r"salary|pay|compensation|wage|rate", re.I)
_TYPE_PROMPT = re.compile(r"schedule|employment|job type|worker type|time type|full.?time|part.?time|status", re.I)
_SITE = re.compile(r"siteNumber=([^,;&\s\"]+)")


@guarded(NAME)
def parse(raw: Any, *, source_url: str | None = None, options: Mapping | None = None) -> list[Posting]:
    """Postings from a requisition detail response (or one detail item)."""
    if not isinstance(raw, dict):
        raise ParseError(f"expected a JSON object, got {type(raw).__name__}", source=NAME)
    if isinstance(raw.get("items"), list):
        items = raw["items"]
    elif "Id" in raw and "Title" in raw:
        items = [raw]
    else:
        raise ParseError("expected a requisition detail response with 'items'", source=NAME)
    if any(isinstance(i, dict) and "requisitionList" in i for i in items):
        # A list item has a teaser, no description: stored as is it would stand for the posting.
        raise ParseError(
            "an Oracle job list has no descriptions; import the job detail responses "
            "(recruitingCEJobRequisitionDetails)", source=NAME)
    where = _Where.of(source_url, options)
    return [p for item in items if isinstance(item, dict) and (p := _posting(item, where, options)) is not None]


def is_shape(raw: Any) -> bool:
    """True for an Oracle Recruiting Cloud list or detail response."""
    if not isinstance(raw, dict) or not isinstance(raw.get("items"), list) or not raw["items"]:
        return False
    first = raw["items"][0]
    return isinstance(first, dict) and (
        "requisitionList" in first or "ExternalDescriptionStr" in first or "ExternalPostedStartDate" in first)


class _Where:
    """The tenant (host) and career site a response came from: for ids and public URLs."""

    def __init__(self, base: str | None, site: str | None) -> None:
        self.base, self.site = base, site

    @classmethod
    def of(cls, source_url: str | None, options: Mapping | None) -> "_Where":
        base = option(options, "base_url")
        site = option(options, "site_number")
        if source_url and "://" in source_url:
            parts = urlsplit(source_url)
            base = base or f"{parts.scheme}://{parts.netloc}"
            if not site:
                finder = " ".join(parse_qs(parts.query).get("finder", []))
                match = _SITE.search(finder)
                site = match.group(1) if match else None
        return cls(base.rstrip("/") if base else None, site)

    @property
    def host(self) -> str | None:
        return urlsplit(self.base).hostname if self.base else None

    def job_url(self, req_id: str) -> str | None:
        if not (self.base and self.site):
            return None
        return f"{self.base}/hcmUI/CandidateExperience/en/sites/{self.site}/job/{req_id}"


def _posting(item: dict, where: _Where, options: Mapping | None) -> Posting | None:
    req_id = first_text(str(item.get("Id") or ""))
    title = inline_text(item.get("Title"))
    if not req_id or not title:
        return None
    places, countries = _places(item)
    us_places = [p for p, c in zip(places, countries) if not c or is_country_us(c)]
    parsed = [parse_location(p) for p in us_places]
    state, states = resolve_states([p.state for p in parsed])
    first = next((p for p in parsed if p.state == state), None) if state else None
    location = format_location(first.city, first.state) if first else (places[0] if places else None)
    if location and len(places) > 1:
        location = f"{location} (+{len(places) - 1} more)"
    flex = _flex_fields(item)
    low, high, period, currency = _pay(flex)
    extra: dict[str, Any] = {"requisition_id": req_id}
    for key, name in (("Department", "department"), ("JobFamily", "job_family"), ("JobFunction", "job_function"),
                      ("Category", "category"), ("RequisitionType", "requisition_type"), ("JobShift", "shift"),
                      ("WorkplaceType", "workplace_type"), ("PrimaryLocationCountry", "country")):
        if inline_text(item.get(key)):
            extra[name] = inline_text(item[key])
    if len(places) > 1:
        extra["locations"] = places
        extra["states"] = states
    if flex:
        extra["flex_fields"] = flex
    employer = first_text(option(options, "employer"), employer_name(item.get("LegalEmployer")))
    return Posting(
        source=NAME,
        external_id=f"{where.host}:{req_id}" if where.host else req_id,
        title=title,
        description_text=_description(item),
        url=where.job_url(req_id),
        employer=employer,
        location=location,
        state=state,
        remote=_remote(item, flex),
        employment_type=refine_employment(_employment(item, flex), title),
        salary_min=low,
        salary_max=high,
        salary_period=period,
        salary_currency=currency,
        date_posted=iso_date(item.get("ExternalPostedStartDate") or item.get("PostedDate")),
        valid_through=iso_date(item.get("ExternalPostedEndDate") or item.get("PostingEndDate")),
        extra=extra,
    )


def _description(item: dict) -> str:
    text = join_sections((heading, to_text(item.get(key))) for key, heading in _SECTIONS)
    return text or to_text(item.get("ShortDescriptionStr"))


def _places(item: dict) -> tuple[list[str], list[str | None]]:
    """Every place name with its country code: the primary location first, then the others."""
    places: list[str] = []
    countries: list[str | None] = []
    primary = inline_text(item.get("PrimaryLocation"))
    if primary:
        places.append(primary)
        countries.append(first_text(item.get("PrimaryLocationCountry")))
    for loc in as_list(item.get("secondaryLocations")) + as_list(item.get("otherWorkLocations")):
        if not isinstance(loc, dict):
            continue
        name = inline_text(first_text(loc.get("Name"), loc.get("LocationName")))
        if name and name not in places:
            places.append(name)
            countries.append(first_text(loc.get("CountryCode"), loc.get("Country")))
    return places, countries


def _flex_fields(item: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for field in as_list(item.get("requisitionFlexFields")):
        if isinstance(field, dict) and inline_text(field.get("Prompt")) and inline_text(field.get("Value")):
            out[inline_text(field["Prompt"])] = inline_text(field["Value"])
    return out


def _remote(item: dict, flex: dict[str, str]) -> str | None:
    code = first_text(item.get("WorkplaceTypeCode"))
    if code and code.upper() in _WORKPLACE_CODES:
        return _WORKPLACE_CODES[code.upper()]
    return remote_value(item.get("WorkplaceType")) or strongest(from_field(k, v) for k, v in flex.items())


def _employment(item: dict, flex: dict[str, str]) -> str | None:
    for key in ("JobSchedule", "JobType", "WorkerType", "ContractType"):
        found = employment_type(item.get(key))
        if found:
            return found
    for prompt, value in flex.items():
        if _TYPE_PROMPT.search(prompt) and employment_type(value):
            return employment_type(value)
    return None


def _pay(flex: dict[str, str]) -> tuple[float | None, float | None, str | None, str | None]:
    for prompt, value in flex.items():
        if _PAY_PROMPT.search(prompt):
            found = salary_from_text(value)
            if found[0] is not None or found[1] is not None:
                return found
    return None, None, None, None


# --- fetch(client, config) ------------------------------------------------------------

LIST_LIMIT = 100  # the server silently caps a page at 200 and echoes whatever was asked
MAX_PAGES = 200
_FINDER_UNSAFE = re.compile(r"[\",;=]")


def list_finder(site: str, offset: int, keyword: str | None = None, limit: int | None = None) -> str:
    """The ``findReqs`` finder string: paging lives inside it, not in the query."""
    parts = [f"siteNumber={site}"]
    if keyword:
        parts.append(f'keyword="{_FINDER_UNSAFE.sub(" ", keyword).strip()}"')
    parts += [f"limit={limit or LIST_LIMIT}", f"offset={offset}", "sortBy=POSTING_DATES_DESC"]
    return "findReqs;" + ",".join(parts)


def detail_finder(site: str, req_id: str) -> str:
    return f'ById;Id="{req_id}",siteNumber={site}'


def fetch(client: Any, config: Mapping[str, Any]):
    """Page through the site's requisitions, then GET each one's detail.

    The list answers in pages of ``limit`` (``offset`` inside the finder); ``TotalJobsCount``
    is only meaningful on the first page. A short or empty page ends the listing. Without
    ``expand=requisitionList...`` the API answers 200 with a count and no rows, so a list
    response without ``requisitionList`` is an error, never an empty board. When fewer
    distinct requisitions were seen than the first page counted, the board moved while it
    was read (paging is by offset over a live, date-sorted list): that is reported, so
    nothing is closed on the strength of it.
    """
    from scraper.http import FetchError, PageProblem, RawPage

    base = config["base_url"].rstrip("/")
    site = config["site_number"]
    headers = {"Accept": "application/json"}
    options = {"base_url": base, "site_number": site, **({"employer": config["employer"]} if config.get("employer") else {})}
    list_url = f"{base}{API}/recruitingCEJobRequisitions"
    ids: list[str] = []
    offset, total = 0, 0
    for page in range(MAX_PAGES):
        params = {"onlyData": "true", "expand": "requisitionList.secondaryLocations",
                  "finder": list_finder(site, offset, config.get("keyword"))}
        resp = client.get(list_url, params=params, headers=headers)
        body = resp.json()
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise FetchError(resp.url, "not an Oracle Recruiting Cloud response (no 'items')")
        search = items[0] if items and isinstance(items[0], dict) else {}
        if items and "requisitionList" not in search:
            raise FetchError(resp.url, "the list response has no 'requisitionList' (expand was not honoured)")
        rows = [r for r in as_list(search.get("requisitionList")) if isinstance(r, dict)]
        if page == 0:
            total = _count(search.get("TotalJobsCount"))
        yield RawPage(url=resp.url, body=body, options=options, parseable=False)
        fresh = [str(r["Id"]) for r in rows if r.get("Id") not in (None, "") and str(r["Id"]) not in ids]
        if rows and not fresh:
            yield PageProblem(resp.url, "the server repeated a page; the listing may be incomplete")
            break
        ids += fresh
        offset += len(rows)
        if not rows or len(rows) < LIST_LIMIT or (total and offset >= total):
            break
    else:
        yield PageProblem(list_url, f"stopped after {MAX_PAGES} pages; narrow the keyword")
    if total and len(ids) < total:
        yield PageProblem(list_url, f"listed {len(ids)} of {total} requisitions: the board changed while it was read")

    detail_url = f"{base}{API}/recruitingCEJobRequisitionDetails"

    def detail(req_id: str):
        try:
            r = client.get(detail_url, params={"expand": "all", "onlyData": "true",
                                               "finder": detail_finder(site, req_id)}, headers=headers)
            return RawPage(url=r.url, body=r.json(), options=options)
        except FetchError as exc:
            return PageProblem(exc.url, exc.reason)

    yield from client.map(detail, ids)


def _count(value: Any) -> int:
    try:
        return max(0, int(str(value).strip()))
    except (TypeError, ValueError):
        return 0
