"""JSON-LD career pages: sitemap and listed URLs, robots.txt obeyed, broken JSON-LD parsed."""

from __future__ import annotations

import pytest
from loopback_sources import Site, collect, him_jobs, install

from scraper.http import FetchError
from scraper.sources import jsonld


@pytest.fixture
def site(loopback):
    s = install(loopback, Site())
    s.jobs["jsonld"] = him_jobs(8)
    return s


def test_sitemap_pages_in_every_variant_are_parsed(site, loopback, polite):
    pages, problems, postings = collect(jsonld, polite, {"base_url": loopback.base_url, "sitemap": "/sitemap.xml"})
    assert problems == []
    assert sorted(p.extra["identifier"] for p in postings) == [j.id for j in site.jobs["jsonld"]]
    assert all("ICD-10-CM" in p.description_text and "&lt;" not in p.description_text for p in postings)
    assert loopback.hits("/private/") == []  # disallowed by robots.txt: never requested
    assert len(loopback.hits("/robots.txt")) == 1
    assert len(pages) == 9  # eight job pages and the about page (which holds no posting)


def test_listed_urls_and_a_disallowed_one(site, loopback, polite):
    opts = {"base_url": loopback.base_url, "urls": ["/careers/jobs/J0002.html", "/private/jobs/secret.html"]}
    pages, problems, postings = collect(jsonld, polite, opts)
    assert [p.extra["identifier"] for p in postings] == ["J0002"]
    assert len(problems) == 1 and "robots.txt" in problems[0].reason


def test_base_url_rebases_absolute_urls(site, loopback, polite):
    opts = {"base_url": loopback.base_url, "urls": ["https://careers.example.org/careers/jobs/J0003.html"]}
    _, problems, postings = collect(jsonld, polite, opts)
    assert problems == [] and [p.extra["identifier"] for p in postings] == ["J0003"]


def test_a_missing_listed_page_is_a_problem(site, loopback, polite):
    opts = {"base_url": loopback.base_url, "urls": ["/careers/jobs/NOPE.html", "/careers/jobs/J0001.html"]}
    _, problems, postings = collect(jsonld, polite, opts)
    assert [p.extra["identifier"] for p in postings] == ["J0001"] and "HTTP 404" in problems[0].reason


def test_sitemap_index_is_followed(site, loopback, polite):
    loopback.static("/sitemap-index.xml", f"<sitemapindex><sitemap><loc>{loopback.base_url}/sitemap.xml</loc>"
                                           "</sitemap></sitemapindex>")
    _, _, postings = collect(jsonld, polite, {"base_url": loopback.base_url, "sitemap": "/sitemap-index.xml"})
    assert len(postings) == 8


def test_unreachable_sitemap_fails_the_source(site, loopback, polite):
    with pytest.raises(FetchError, match="HTTP 404"):
        collect(jsonld, polite, {"base_url": loopback.base_url, "sitemap": "/no-sitemap.xml"})


def test_gzipped_sitemap_index_and_sitemaps_are_read(site, loopback, polite):
    """Large sites publish sitemap.xml.gz files, often behind a sitemap index."""
    import gzip

    plain = polite.get(loopback.url("/sitemap.xml")).text
    loopback.static("/jobs-sitemap.xml.gz", gzip.compress(plain.encode()), headers={"Content-Type": "application/x-gzip"})
    index = (f'<?xml version="1.0"?><sitemapindex><sitemap><loc>{loopback.url("/jobs-sitemap.xml.gz")}</loc>'
             "</sitemap></sitemapindex>")
    loopback.static("/sitemap_index.xml.gz", gzip.compress(index.encode()), headers={"Content-Type": "application/gzip"})
    pages, problems, postings = collect(jsonld, polite, {"base_url": loopback.base_url, "sitemap": "/sitemap_index.xml.gz"})
    assert problems == []
    assert sorted(p.extra["identifier"] for p in postings) == [j.id for j in site.jobs["jsonld"]]
