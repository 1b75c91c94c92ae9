"""Reading iCIMS career-portal pages: the search listing and the pieces of a job page.

The listing (``/jobs/search?...&in_iframe=1&pr=N``) is server-rendered HTML: job cards
(``li.iCIMS_JobCardItem`` in ``ul.iCIMS_JobsTable``; older portals use ``div.row``) whose title
links point at ``/jobs/{id}/{slug}/job?in_iframe=1``, and a header "Search Results Page 1 of
N" (``.iCIMS_SearchResultsHeader``). ``pr`` is zero-based where the header counts from one;
the page size is the tenant's (20, 50), so the stated page count is what ends paging. Past
the last page the portal answers 200 with an empty header; a search with no hits says
"Sorry, no jobs were found". Without ``in_iframe=1`` (or when the portal moved) the answer is
a wrapper page with no listing at all, sometimes only a script sending the browser elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from scraper.text import inline_text

JOB_PATH = re.compile(r"^/jobs/(\d+)/[^/]+/job/?$")
_PAGE_COUNT = re.compile(r"Page\s+(\d+)\s+of\s+(\d+)", re.I)
_NO_RESULTS = re.compile(r"no (?:jobs|positions|job openings) (?:were |was )?found|no results (?:were )?found", re.I)
_MOVED = re.compile(r"""(?:window\.)?(?:top\.)?location(?:\.href)?\s*=\s*['"]([^'"]+)['"]""")
_LISTING_MARKS = ("iCIMS_ListingsPage", "iCIMS_JobsTable", "iCIMS_SearchResultsHeader")


@dataclass
class Listing:
    """What one search page says: its page number and count, and the jobs it links to."""

    is_listing: bool
    page: int | None = None
    pages: int | None = None
    jobs: dict[str, str] = field(default_factory=dict)  # iCIMS job id -> public job URL
    no_results: bool = False
    moved_to: str | None = None


def job_id(url: str | None) -> str | None:
    """The numeric iCIMS job id of a job-page URL ("/jobs/4821/coder/job" -> "4821")."""
    if not url:
        return None
    match = JOB_PATH.match(urlsplit(url).path)
    return match.group(1) if match else None


def public_url(url: str) -> str:
    """A job page's address for a person: without ``in_iframe=1`` and the other query flags."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def frame_url(url: str) -> str:
    """The bare (framed) job page, which carries the content without the portal's wrapper."""
    return public_url(url) + "?in_iframe=1"


def read_listing(html: str, page_url: str) -> Listing:
    if not any(mark in html for mark in _LISTING_MARKS):
        moved = _MOVED.search(html)
        target = moved.group(1).replace("\\/", "/") if moved and len(html) < 5000 else None
        return Listing(is_listing=bool(_NO_RESULTS.search(html)) and "icims" in html.casefold(),
                       no_results=bool(_NO_RESULTS.search(html)), moved_to=target)
    tree = LexborHTMLParser(html)
    listing = Listing(is_listing=True)
    for node in tree.css(".iCIMS_SearchResultsHeader, h2.iCIMS_SubHeader_Jobs, .iCIMS_Paginator_Bottom, "
                         ".iCIMS_PagingBatch, .iCIMS_Pagination"):
        match = _PAGE_COUNT.search(inline_text(node.text(deep=True)))
        if match:
            listing.page, listing.pages = int(match.group(1)), int(match.group(2))
            break
    for anchor in tree.css(".iCIMS_JobsTable a[href]"):
        url = urljoin(page_url, (anchor.attributes.get("href") or "").strip())
        ident = job_id(url)
        if ident and ident not in listing.jobs:
            listing.jobs[ident] = public_url(url)
    table = tree.css_first(".iCIMS_JobsTable")
    listing.no_results = not listing.jobs and (table is None or bool(_NO_RESULTS.search(html)))
    return listing


def header_fields(tree: LexborHTMLParser) -> dict[str, str]:
    """A job page's labelled header (``dt.iCIMS_JobHeaderField`` / ``dd.iCIMS_JobHeaderData``)."""
    out: dict[str, str] = {}
    for tag in tree.css(".iCIMS_JobHeaderTag"):
        label, value = tag.css_first("dt"), tag.css_first("dd")
        if label is None or value is None:
            continue
        key = inline_text(label.text(deep=True))
        text = inline_text(value.text(deep=True))
        if key and text and key not in out:
            out[key] = text
    return out
