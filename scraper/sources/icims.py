"""iCIMS career portals (``https://careers-{name}.icims.com``): HTML listing, JSON-LD job pages.

iCIMS has no public job API. The search listing is HTML that needs paging (see
``icims_pages``); each job page (``/jobs/{id}/{slug}/job?in_iframe=1``) carries a schema.org
JobPosting block, which ``parse`` reads with the JSON-LD parser and files under this source
with the portal's own job id (scoped by the portal's host: ids repeat across portals). A job
page without JSON-LD falls back to its ``.iCIMS_JobContent`` text and labelled header fields.
These are web pages, so robots.txt is obeyed for every request. A saved search page is a
listing, not a posting: ``parse`` refuses it and names the job links it holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from scraper.errors import ListingPage, ParseError
from scraper.geo import format_location, parse_location, resolve_states, split_locations, states_of
from scraper.models import Posting
from scraper.page_titles import page_url, title_segments
from scraper.sources import jsonld
from scraper.sources._normalize import employment_type, first_text, guarded, iso_date, option, refine_employment
from scraper.sources._workplace import from_field, strongest
from scraper.sources.icims_pages import frame_url, header_fields, job_id, public_url, read_listing
from scraper.text import inline_text, node_text

NAME = "icims"
_LOCATION_LABELS = ("job locations", "job location", "location", "locations", "location : location")
_TYPE_LABELS = ("position type", "type", "job type", "employment type", "schedule", "shift")
_ID_LABELS = ("id", "job id", "requisition id", "req id")


@guarded(NAME)
def parse(raw: Any, *, source_url: str | None = None, options: Mapping | None = None) -> list[Posting]:
    """The posting on one iCIMS job page (HTML)."""
    if not isinstance(raw, str):
        raise ParseError(f"expected job page HTML, got {type(raw).__name__}", source=NAME)
    tree = LexborHTMLParser(raw)
    found = jsonld.parse(raw, source_url=public_url(source_url) if source_url else None, options=options)
    if not found:
        listing = read_listing(raw, source_url or page_url(tree) or "")
        if listing.is_listing and listing.jobs:
            raise ListingPage(list(listing.jobs.values()), source=NAME)
    url = public_url(source_url) if source_url else (found[0].url if found else page_url(tree))
    ident = job_id(url) or (job_id(found[0].url) if found else None)
    fields = header_fields(tree)
    if not ident:
        ident = first_text(*(v for k, v in fields.items() if k.casefold() in _ID_LABELS))
    if not ident:
        raise ParseError("an iCIMS job page needs its /jobs/{id}/ URL or an ID field", source=NAME)
    host = urlsplit(option(options, "base_url") or url or "").hostname
    external_id = f"{host}:{ident}" if host else ident
    posting = _from_jsonld(found[0], fields, options) if found else _from_page(tree, fields, options)
    return [posting.with_changes(source=NAME, external_id=external_id, url=url or posting.url)]


def _from_jsonld(posting: Posting, fields: dict[str, str], options: Mapping | None) -> Posting:
    """The JSON-LD posting, completed from the page's labelled header where it is silent."""
    changes: dict[str, Any] = {"extra": {**posting.extra, **({"header_fields": fields} if fields else {})}}
    if option(options, "employer"):
        changes["employer"] = option(options, "employer")
    place = _header_place(fields)
    if posting.location is None and place[0]:
        changes.update(location=place[0], state=place[1])
    if posting.remote is None:
        changes["remote"] = _header_remote(fields)
    if posting.employment_type is None:
        changes["employment_type"] = refine_employment(_header_type(fields), posting.title)
    return posting.with_changes(**changes)


def _from_page(tree: LexborHTMLParser, fields: dict[str, str], options: Mapping | None) -> Posting:
    """A job page without JSON-LD: its title, ``.iCIMS_JobContent`` text and header fields."""
    heading = tree.css_first(".iCIMS_JobHeaderTitle, .iCIMS_Header, h1")
    title = inline_text(heading.text(deep=True)) if heading is not None else ""
    if not title:
        segments = title_segments(tree)
        title = segments[0] if segments else ""
    blocks = tree.css(".iCIMS_JobContent, .iCIMS_InfoMsg_Job")
    text = "\n\n".join(t for b in blocks if (t := node_text(b)))
    if not title or not text:
        raise ParseError("an iCIMS job page with neither JSON-LD nor job content", source=NAME)
    location, state, places, states = _header_place(fields)
    extra: dict[str, Any] = {"header_fields": fields} if fields else {}
    if len(places) > 1:
        extra.update(locations=places, states=states)
    return Posting(
        source=NAME, external_id="page", title=title, description_text=text,
        employer=option(options, "employer"), location=location, state=state,
        remote=_header_remote(fields), employment_type=refine_employment(_header_type(fields), title),
        date_posted=iso_date(first_text(*(v for k, v in fields.items() if "posted" in k.casefold()))),
        extra=extra,
    )


def _label(fields: dict[str, str], labels: tuple[str, ...]) -> str | None:
    return first_text(*(v for k, v in fields.items() if k.casefold() in labels))


def _header_place(fields: dict[str, str]) -> tuple[str | None, str | None, list[str], list[str]]:
    """(location, state, places, states) from "Job Locations: US-OH-Toledo | US-OH-Lima"."""
    places = split_locations(_label(fields, _LOCATION_LABELS))
    if not places:
        return None, None, [], []
    state, states = resolve_states(states_of(places))
    first = parse_location(places[0])
    location = format_location(first.city, first.state) or places[0]
    if len(places) > 1:
        location = f"{location} (+{len(places) - 1} more)"
    return location, state, places, states


def _header_remote(fields: dict[str, str]) -> str | None:
    return strongest(from_field(k, v) for k, v in fields.items())


def _header_type(fields: dict[str, str]) -> str | None:
    return employment_type(_label(fields, _TYPE_LABELS))


# --- fetch(client, config) ------------------------------------------------------------

MAX_PAGES = 200


def fetch(client: Any, config: Mapping[str, Any]):
    """Page through the portal's search listing (``pr`` 0, 1, ... to the stated count), then
    GET each job page. Every request obeys robots.txt.

    A page that repeats a job already listed, or a page before the last with fewer jobs than
    the first, means the board moved while it was read: that is a PageProblem, so nothing is
    closed. A job page that fails (an expired posting answers 410) is a PageProblem too.
    """
    from scraper.http import FetchError, PageProblem, RawPage, RobotsDisallowed

    base = config["base_url"].rstrip("/")
    options = {"base_url": base, **({"employer": config["employer"]} if config.get("employer") else {})}
    jobs: dict[str, str] = {}
    pages, first_size = 1, 0
    for page in range(MAX_PAGES):
        params = {"ss": "1", "searchKeyword": config.get("keyword") or "", "in_iframe": "1", "pr": page}
        resp = client.get(f"{base}/jobs/search", params=params, robots=True)
        listing = read_listing(resp.text, resp.url)
        if listing.moved_to:
            raise FetchError(resp.url, f"the portal sends browsers to {listing.moved_to}; point base_url there")
        if not listing.is_listing:
            raise FetchError(resp.url, "not an iCIMS job listing (no results table)")
        yield RawPage(url=resp.url, body=resp.text, options=options, parseable=False)
        if listing.no_results or (page > 0 and not listing.jobs and listing.pages is None):
            break
        if page == 0:
            pages, first_size = listing.pages or 1, len(listing.jobs)
        fresh = {k: v for k, v in listing.jobs.items() if k not in jobs}
        if len(fresh) < len(listing.jobs):
            yield PageProblem(resp.url, "a job repeated from an earlier page: the listing moved while it was read")
        elif page + 1 < pages and len(listing.jobs) < first_size:
            yield PageProblem(resp.url, "a page before the last was short: the listing moved while it was read")
        jobs.update(fresh)
        if page + 1 >= pages:
            break
    else:
        yield PageProblem(f"{base}/jobs/search", f"stopped after {MAX_PAGES} pages; narrow the keyword")

    def detail(url: str):
        try:
            r = client.get(frame_url(url), robots=True)
            return RawPage(url=r.url, body=r.text, options=options)
        except (FetchError, RobotsDisallowed) as exc:
            return PageProblem(exc.url, exc.reason)

    yield from client.map(detail, list(jobs.values()))
