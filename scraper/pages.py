"""What a source's ``fetch`` yields: raw pages to parse, and pages it had to skip.

``fetch`` returns raw decoded responses rather than Postings so that ``parse`` stays pure
and ``--save-raw`` can keep exactly what was received. A skipped page (a failed detail, a
page robots.txt forbids) is a PageProblem: the crawl records it and treats the listing as
incomplete, so nothing is closed on the strength of a partial view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RawPage:
    """One fetched response a source hands to the crawl.

    ``body`` is decoded JSON (API sources) or HTML text (page sources). ``parseable``
    pages go to the source's ``parse`` with ``options`` and are written by --save-raw;
    index pages (a Workday list, a sitemap) only lead to other pages.
    """

    url: str
    body: Any
    options: dict[str, Any] = field(default_factory=dict)
    parseable: bool = True


@dataclass(frozen=True)
class PageProblem:
    """A page a source could not fetch but could skip; the listing is then incomplete."""

    url: str
    reason: str
