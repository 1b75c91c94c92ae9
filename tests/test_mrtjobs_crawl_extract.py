"""A crawl with the real taxonomy and extractor: new postings are extracted once, and an
unchanged second crawl extracts nothing."""

from __future__ import annotations

import pytest
from loopback_sources import FakeLever, Site, him_jobs, install

from mrtjobs.config import parse_config
from mrtjobs.crawl import run_crawl
from mrtjobs.pipeline import load_taxonomy_and_extractor
from mrtjobs.relevance import load_filter, taxonomy_terms


@pytest.fixture(scope="module")
def real():
    taxonomy, extractor = load_taxonomy_and_extractor([])
    return load_filter(taxonomy_terms=taxonomy_terms(taxonomy)), extractor


def test_real_extractor_runs_once_per_new_posting(loopback, tmp_path, real):
    site = install(loopback, Site())
    site.jobs["lever"] = him_jobs(4)
    config = parse_config({"crawl": {"user_agent": "t (ops@example.org)", "per_host_interval": 0},
                           "sources": [{"type": "lever", "site": "aldric-health", "base_url": loopback.base_url}]})
    relevance, extractor = real
    db = tmp_path / "jobs.db"
    first = run_crawl(config, db, registry={"lever": FakeLever()}, relevance=relevance, extractor=extractor)
    assert first.extracted == 4
    second = run_crawl(config, db, registry={"lever": FakeLever()}, relevance=relevance, extractor=extractor)
    assert second.sources[0].unchanged == 4
    assert second.extracted == 0
