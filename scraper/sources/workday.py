"""Workday career sites, CXS JSON API (most hospital systems).

``parse`` takes one job *detail* response (``{"jobPostingInfo": {...}}``); list pages carry
no description or date, so ``parse`` refuses them (the crawler marks them unparseable).
Quirks handled (reference section 4): ``postedOn`` is prose ("Posted 8 Days Ago") so
``startDate`` is the posted date; the id is ``jobReqId``, else ``jobPostingId``, else the
last segment of the URL; locations are "USA DC Washington"-style strings; ``timeType`` is
"Full time"/"Part time"; ``remoteType`` is optional. Pay exists only inside the description
text, so salary is left to the extractor.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scraper.errors import ParseError
from scraper.geo import format_location, parse_location, resolve_states, states_of
from scraper.models import Posting
from scraper.sources._normalize import (
    as_list,
    employer_name,
    employment_type,
    first_text,
    guarded,
    iso_date,
    option,
    refine_employment,
    remote_value,
)
from scraper.text import inline_text, to_text

NAME = "workday"


@guarded(NAME)
def parse(
    raw: Any, *, source_url: str | None = None, options: Mapping | None = None
) -> list[Posting]:
    """Postings from a CXS detail response (or a list of them); list pages are refused."""
    if isinstance(raw, list):
        return [p for item in raw for p in parse(item, source_url=source_url, options=options)]
    if not isinstance(raw, dict):
        raise ParseError(f"expected a JSON object, got {type(raw).__name__}", source=NAME)
    if isinstance(raw.get("jobPostingInfo"), dict):
        posting = _detail(raw["jobPostingInfo"], raw.get("hiringOrganization"), source_url, options)
        return [posting] if posting else []
    if isinstance(raw.get("jobPostings"), list):
        # A stub without description would overwrite a stored posting's text on upsert.
        raise ParseError(
            "a Workday list page has no descriptions or dates; import the job detail responses",
            source=NAME,
        )
    raise ParseError("expected a CXS detail response with 'jobPostingInfo'", source=NAME)


def is_shape(raw: Any) -> bool:
    """True for a Workday CXS detail response or list page."""
    return isinstance(raw, dict) and (
        isinstance(raw.get("jobPostingInfo"), dict)
        or (isinstance(raw.get("jobPostings"), list) and ("facets" in raw or "total" in raw))
    )


def _remote(info: dict, places: list[str]) -> str | None:
    found = remote_value(info.get("remoteType"))
    if found:
        return found
    for place in places:
        lowered = place.casefold()
        if "remote" in lowered or "virtual" in lowered:
            return "remote"
    return None


def _detail(info: dict, org: Any, source_url: str | None, options: Mapping | None) -> Posting | None:
    title = inline_text(info.get("title"))
    url = first_text(info.get("externalUrl"), source_url)
    external_id = first_text(info.get("jobReqId"), info.get("jobPostingId"),
                             url.rstrip("/").rsplit("/", 1)[-1] if url else None)
    if not title or not external_id:
        return None
    req_loc = info.get("jobRequisitionLocation") if isinstance(info.get("jobRequisitionLocation"), dict) else {}
    primary = first_text(info.get("location"), req_loc.get("descriptor"))
    additional = [a for a in as_list(info.get("additionalLocations")) if isinstance(a, str) and a.strip()]
    places = [p for p in (primary, req_loc.get("descriptor"), *additional) if isinstance(p, str) and p]
    state, states = resolve_states(states_of(places))
    city = next((parse_location(p).city for p in places if parse_location(p).state == state), None) if state else None
    org_name = employer_name(org.get("name")) if isinstance(org, dict) else None
    country = info.get("country")
    extra: dict[str, Any] = {}
    for key, name in (("jobReqId", "requisition_id"), ("jobPostingId", "job_posting_id"),
                      ("timeType", "time_type"), ("remoteType", "remote_type")):
        if first_text(info.get(key)):
            extra[name] = info[key].strip()
    if additional:
        extra["locations"] = [primary, *additional] if primary else additional
        extra["states"] = states
    if first_text(req_loc.get("descriptor")):
        extra["requisition_location"] = req_loc["descriptor"].strip()
    if isinstance(country, dict) and first_text(country.get("descriptor")):
        extra["country"] = country["descriptor"].strip()
    if first_text(info.get("postedOn")):
        extra["posted_on"] = info["postedOn"].strip()
    if info.get("canApply") is False or info.get("posted") is False:
        extra["closed"] = True
    location = primary
    if primary and additional:
        location = f"{primary} (+{len(additional)} more)"
    elif primary and state and parse_location(primary).state:
        location = format_location(city, state) if primary.upper().startswith("US") else primary
    return Posting(
        source=NAME,
        external_id=external_id,
        title=title,
        description_text=to_text(info.get("jobDescription")),
        url=url,
        employer=first_text(option(options, "employer"), org_name),
        location=location,
        state=state,
        remote=_remote(info, places),
        employment_type=refine_employment(employment_type(info.get("timeType")), title),
        date_posted=iso_date(info.get("startDate")),
        valid_through=iso_date(info.get("endDate")),
        extra=extra,
    )


# --- fetch(client, config) ------------------------------------------------------------
# Reserved: the crawler worker adds ``fetch(client, config)`` below this line. It returns
# raw decoded detail responses that ``parse`` above accepts unchanged.

LIST_LIMIT = 20  # the CXS hard maximum: 21+ is answered with HTTP 400
RESULT_CAP = 2000  # many tenants clamp paging here and repeat earlier postings


def fetch(client: Any, config: Mapping[str, Any]):
    """POST the list pages (``total`` only on the first), then GET each posting's detail.

    List pages are yielded as index pages (no description, so not parsed); every detail
    response is yielded for ``parse``. A detail that fails is reported as a PageProblem,
    which marks the listing incomplete (nothing is closed on that run).
    """
    from urllib.parse import quote

    from scraper.http import FetchError, PageProblem, RawPage

    base = config["base_url"].rstrip("/")
    root = f"{base}/wday/cxs/{quote(config['tenant'], safe='')}/{quote(config['site'], safe='')}"
    options = {"employer": config["employer"]} if config.get("employer") else {}
    paths: list[str] = []
    seen: set[str] = set()
    offset, total = 0, 0
    while True:
        body_in = {"appliedFacets": {}, "limit": LIST_LIMIT, "offset": offset, "searchText": config.get("search_text") or ""}
        resp = client.post_json(f"{root}/jobs", body_in)
        body = resp.json()
        items = body.get("jobPostings") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise FetchError(resp.url, "not a Workday jobs response (no 'jobPostings')")
        if offset == 0:
            total = int(body.get("total") or 0)  # later pages say 0: keep the first page's count
        yield RawPage(url=f"{resp.url}#offset={offset}", body=body, options=options, parseable=False)
        for item in items:
            path = item.get("externalPath") if isinstance(item, dict) else None
            if isinstance(path, str) and path and path not in seen:
                seen.add(path)
                paths.append(path)
        offset += LIST_LIMIT
        if not items or offset >= total:
            break
        if offset >= RESULT_CAP:
            yield PageProblem(f"{root}/jobs", f"Workday lists at most {RESULT_CAP} results; narrow search_text")
            break

    def detail(path: str):
        try:
            r = client.get(root + path, headers={"Accept": "application/json"})
            return RawPage(url=r.url, body=r.json(), options=options)
        except FetchError as exc:
            return PageProblem(exc.url, exc.reason)

    yield from client.map(detail, paths)
