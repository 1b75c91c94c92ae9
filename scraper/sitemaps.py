"""Sitemaps: the page URLs a site lists for crawlers.

Apart from the JSON-LD source because a sitemap is a site-level file, not a posting
format; gzip files (``sitemap.xml.gz``) arrive unpacked from the client.
"""

from __future__ import annotations

import html
import re
from typing import Any

#: A sitemap index lists at most this many sitemaps that are read.
MAX_SITEMAPS = 50
_LOC = re.compile(r"<loc>\s*(.*?)\s*</loc>", re.IGNORECASE | re.DOTALL)


def sitemap_urls(client: Any, url: str) -> list[str]:
    """Page URLs of a sitemap, following one level of sitemap index (robots.txt obeyed)."""
    text = client.get(url, robots=True).text
    locs = [html.unescape(u) for u in _LOC.findall(text)]
    if "<sitemapindex" not in text[:2000].lower():
        return locs
    pages: list[str] = []
    for child in locs[:MAX_SITEMAPS]:
        pages += [html.unescape(u) for u in _LOC.findall(client.get(child, robots=True).text)]
    return pages
