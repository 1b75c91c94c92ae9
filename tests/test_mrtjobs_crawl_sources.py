"""All eight real source modules in one crawl against the loopback server, through the CLI."""

from __future__ import annotations

import json

import pytest
from loopback_hospital_ats import install_hospital_ats
from loopback_sources import USAJOBS_KEY, Job, Site, him_jobs, install
from test_mrtjobs_crawl import FakeExtractor
from typer.testing import CliRunner

import mrtjobs.cli.crawl_cmd as crawl_cmd
from mrtjobs.cli import app
from mrtjobs.storage import open_store

runner = CliRunner()


@pytest.fixture
def setup(loopback, tmp_path, monkeypatch):
    monkeypatch.setenv("USAJOBS_API_KEY", USAJOBS_KEY)
    monkeypatch.setattr(crawl_cmd, "_setup", lambda paths: (None, FakeExtractor()))
    site = install_hospital_ats(loopback, install(loopback, Site()))
    shared = him_jobs(4)  # the same four jobs published on six sources
    for source in ("greenhouse", "workday", "smartrecruiters", "oracle", "icims", "jsonld"):
        site.jobs[source] = list(shared)
    site.jobs["greenhouse"].append(Job(id="RN7", title="Registered Nurse - Float Pool", body="<p>Bedside care.</p>"))
    site.jobs["usajobs"] = him_jobs(3, prefix="V")
    site.jobs["lever"] = him_jobs(2, prefix="L", employer="Mercy Valley Hospital", city="Dayton")
    b = loopback.base_url
    toml = tmp_path / "sources.toml"
    toml.write_text(f"""
[crawl]
user_agent = "mrtjobs-test (ops@example.org)"
per_host_interval = 0
concurrency = 4

[[sources]]
type = "usajobs"
base_url = "{b}"
email = "seeker@example.org"
keyword = "medical records"

[[sources]]
type = "greenhouse"
base_url = "{b}"
board = "aldric"

[[sources]]
type = "lever"
base_url = "{b}"
site = "aldric-health"
employer = "Mercy Valley Hospital"

[[sources]]
type = "workday"
base_url = "{b}"
tenant = "aldric"
site = "External"
search_text = "records"

[[sources]]
type = "smartrecruiters"
base_url = "{b}"
company = "SaintAldric"

[[sources]]
type = "oracle"
base_url = "{b}"
site_number = "CX_1"
keyword = "health information"

[[sources]]
type = "icims"
base_url = "{b}/jobs/search?ss=1"

[[sources]]
type = "jsonld"
base_url = "{b}"
sitemap = "/sitemap.xml"
""", encoding="utf-8")
    return {"site": site, "toml": str(toml), "db": str(tmp_path / "jobs.db")}


def test_eight_sources_crawl_filter_and_dedup(setup):
    result = runner.invoke(app, ["crawl", "--sources", setup["toml"], "--db", setup["db"], "--json"])
    assert result.exit_code == 0, result.output + result.stderr
    data = json.loads(result.stdout)
    by_source = {s["source"]: s for s in data["sources"]}
    assert {k: v["status"] for k, v in by_source.items()} == dict.fromkeys(
        ["usajobs", "greenhouse", "lever", "workday", "smartrecruiters", "oracle", "icims", "jsonld"], "ok")
    assert (by_source["greenhouse"]["kept"], by_source["greenhouse"]["dropped"]) == (4, 1)
    assert {k: v["new"] for k, v in by_source.items()} == {
        "usajobs": 3, "greenhouse": 4, "lever": 2, "workday": 4, "smartrecruiters": 4, "oracle": 4, "icims": 4,
        "jsonld": 4}
    with open_store(setup["db"]) as store:
        shown = [p for p, _ in store.iter_ranking_inputs()]
        assert store.count_postings() == 29
        urls = store.duplicate_urls()
    # One row per distinct job in rankings: the shared four once, plus USAJOBS 3 and Lever 2.
    assert len(shown) == 9
    assert sum(len(v) for v in urls.values()) == 20

    again = runner.invoke(app, ["crawl", "--sources", setup["toml"], "--db", setup["db"], "--json"])
    assert again.exit_code == 0
    second = json.loads(again.stdout)
    assert second["extracted"] == 0 and second["duplicates_changed"] == 0
    assert sum(s["unchanged"] for s in second["sources"]) == 29


def test_one_source_down_exits_3_and_keeps_the_rest(setup, loopback):
    from loopback import Reply

    loopback.route("GET", r"/v1/boards/([^/]+)/jobs", lambda req: Reply(503, "maintenance"))
    toml = setup["toml"]
    with open(toml, encoding="utf-8") as fh:
        text = fh.read().replace("concurrency = 4", "concurrency = 4\nmax_retries = 0")  # no real backoff sleeps
    with open(toml, "w", encoding="utf-8") as fh:
        fh.write(text)
    result = runner.invoke(app, ["crawl", "--sources", setup["toml"], "--db", setup["db"], "--json"])
    assert result.exit_code == 3
    statuses = {s["source"]: s["status"] for s in json.loads(result.stdout)["sources"]}
    assert statuses.pop("greenhouse") == "failed" and set(statuses.values()) == {"ok"}
    assert "greenhouse:aldric" in result.stderr and "HTTP 503" in result.stderr
