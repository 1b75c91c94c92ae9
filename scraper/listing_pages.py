"""Pages that list jobs are not postings (issue 12, quirk 10).

A saved Workday career-site search page or a Lever ``mode=html`` board has no JobPosting
JSON-LD, so the page importer used to read its main text as one posting: "Jobs at ..." whose
text was the cookie banner. A page is a listing when it links to several job-detail pages
(by the URL shapes of the ATSs we know, and a generic "/jobs/<id>" form) and holds little
text besides those links; the importer then stores nothing and names the links instead.
Links in "related jobs" boxes beside a real description do not make a posting a listing.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborNode

# Job-detail URL shapes, one per ATS (path and query only, any host: saved pages and mirrors).
JOB_LINK_PATTERNS = tuple(re.compile(p, re.I) for p in (
    r"/job/[^/?#]+/[^/?#]+_[A-Z0-9][\w.-]*/?$",                 # Workday: /job/{place}/{title}_{JR-123}
    r"/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/?$",  # Lever: /{site}/{uuid}
    r"/jobs/\d{4,}/?$",                                          # Greenhouse: /{board}/jobs/{id}
    r"[?&]gh_jid=\d+",                                           # Greenhouse on a company site
    r"/jobs/\d+/[^/?#]+/job/?$",                                 # iCIMS: /jobs/{id}/{slug}/job
    r"/sites/[^/]+/(?:requisitions/preview|job)/\d+/?$",         # Oracle Candidate Experience
    r"^/[^/]+/\d{9,}(?:-[^/]*)?/?$",                             # SmartRecruiters: /{Company}/{id}-{slug}
    r"/(?:job|jobs|careers?|positions?|openings?|requisitions?)/(?:[^/?#]*?\d{3,}[^/?#]*)/?$",  # generic
))
MIN_LINKS = 3
MAX_WORDS_PER_LINK = 40   # a listing holds a title, a place and a date per job
MAX_OTHER_WORDS = 150     # ... or little text at all besides its links
_RELATED = re.compile(r"related|similar|recommend|other-jobs|more-jobs|suggest", re.I)


def is_job_link(href: str) -> bool:
    parts = urlsplit(href)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return any(p.search(target) for p in JOB_LINK_PATTERNS)


def job_links(container: LexborNode, base_url: str | None = None) -> list[str]:
    """Distinct job-detail links in ``container`` (outside "related jobs" boxes), page order."""
    found: list[str] = []
    for anchor in container.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")) or _in_related_box(anchor):
            continue
        url = urljoin(base_url, href) if base_url else href
        if is_job_link(url) and url not in found:
            found.append(url)
    return found


def listing_links(container: LexborNode, text: str, base_url: str | None = None) -> list[str]:
    """The job links when the page is a listing of jobs, else []."""
    links = job_links(container, base_url)
    if len(links) < MIN_LINKS:
        return []
    link_words = sum(len((a.text(deep=True) or "").split()) for a in container.css("a[href]")
                     if is_job_link(a.attributes.get("href") or ""))
    other = max(0, len(text.split()) - link_words)
    if other <= MAX_OTHER_WORDS or other / len(links) <= MAX_WORDS_PER_LINK:
        return links
    return []


def _in_related_box(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html"):
        if parent.tag == "aside":
            return True
        marks = " ".join(parent.attributes.get(k) or "" for k in ("id", "class", "data-automation-id", "aria-label"))
        if marks and _RELATED.search(marks):
            return True
        parent = parent.parent
    return False
