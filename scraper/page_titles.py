"""A saved page's head, read for the job title, the employer and the page's own URL.

``<title>`` holds "Job | Careers | Employer", "Job - Employer Careers" or, on a saved USAJOBS
announcement, "Medical Records Technician - USAJOBS - Job Announcement". The parts that name
the site (job boards, ATS vendors: USAJOBS, Indeed, Workday) or the kind of page ("Job
Announcement", "Careers") are never the employer; that vocabulary is data
(``scraper/data/site_names.json``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from scraper.sources._normalize import first_text
from scraper.text import inline_text

_DATA = Path(__file__).with_name("data") / "site_names.json"
SITE_WORDS = re.compile(r"\b(careers?|jobs?|job board|employment|opportunities)\b", re.I)
_DASH = re.compile(r"(\s+[-\u2013\u2014]\s+)")


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    return (frozenset(s.casefold() for s in data["sites"]), frozenset(w.casefold() for w in data["page_words"]))


def is_site_name(text: str) -> bool:
    """True for a job board / ATS name or a page-kind phrase ("USAJOBS", "Job Announcement")."""
    key = " ".join(text.split()).casefold().strip(" .|-")
    sites, words = _vocabulary()
    return key in sites or key in words


def title_segments(tree: LexborHTMLParser) -> list[str]:
    """<title> split into "Job | Careers | Employer" parts; trailing " - Site" parts too."""
    node = tree.css_first("title")
    text = inline_text(node.text(deep=True)) if node is not None else ""
    if not text:
        return []
    parts = [p.strip() for p in re.split(r"\s+\|\s+", text) if p.strip()]
    pieces = _DASH.split(parts[0])  # [text, separator, text, separator, ...]
    tails: list[str] = []
    while len(pieces) > 2 and (SITE_WORDS.search(pieces[-1]) or is_site_name(pieces[-1])):
        tails.insert(0, pieces[-1].strip())
        del pieces[-2:]
    parts[0:1] = ["".join(pieces).strip(), *tails]
    return parts


def page_url(tree: LexborHTMLParser) -> str | None:
    """The page's own address as it declares it (``<link rel="canonical">``, else og:url)."""
    for selector, attr in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = tree.css_first(selector)
        if node is not None and first_text(node.attributes.get(attr)):
            return node.attributes[attr].strip()
    return None


def page_employer(tree: LexborHTMLParser) -> str | None:
    """The employer a page names in og:site_name or its title, never a job board or ATS."""
    node = tree.css_first('meta[property="og:site_name"]')
    if node is not None:
        name = first_text(node.attributes.get("content"))
        if name and not is_site_name(name):
            return name
    for segment in reversed(title_segments(tree)[1:]):
        if is_site_name(segment):
            continue
        name = SITE_WORDS.sub("", segment).strip(" -|")
        if len(name) > 1 and not is_site_name(name):
            return name
    return None
