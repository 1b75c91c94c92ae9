"""`mrtjobs crawl` and `mrtjobs runs` through the real CLI: exit codes, --quiet, --json,
--log-file, the lock, and --save-raw replayed by `mrtjobs import`."""

from __future__ import annotations

import json

import pytest
from loopback_sources import FakeLever, Job, Site, him_jobs, install
from test_mrtjobs_crawl import FakeExtractor
from typer.testing import CliRunner

import mrtjobs.cli.crawl_cmd as crawl_cmd
import mrtjobs.crawl as crawl_mod
from mrtjobs.cli import app
from mrtjobs.storage import exclusive_lock, open_store

runner = CliRunner()


@pytest.fixture
def env(loopback, tmp_path, monkeypatch):
    site = install(loopback, Site())
    site.jobs["lever"] = him_jobs(3) + [Job(id="RN1", title="Registered Nurse", body="<p>Bedside care.</p>")]
    monkeypatch.setattr(crawl_mod, "default_registry", lambda types: {"lever": FakeLever()})
    monkeypatch.setattr(crawl_cmd, "_setup", lambda paths: (None, FakeExtractor()))
    toml = tmp_path / "sources.toml"

    def write(*sites: str) -> str:
        body = "[crawl]\nuser_agent = 'mrtjobs-test (ops@example.org)'\nper_host_interval = 0\nmax_retries = 0\n"
        for s in sites:
            body += f"\n[[sources]]\ntype = 'lever'\nname = '{s}'\nsite = '{s}'\nbase_url = '{loopback.base_url}'\n"
        toml.write_text(body, encoding="utf-8")
        return str(toml)

    return {"site": site, "write": write, "db": str(tmp_path / "jobs.db"), "tmp": tmp_path, "server": loopback}


def test_successful_crawl_exits_0_with_json_summary(env):
    result = runner.invoke(app, ["crawl", "--sources", env["write"]("aldric-health"), "--db", env["db"], "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (source,) = data["sources"]
    assert data["ok"] is True and data["extracted"] == 3
    assert (source["feed"], source["kept"], source["dropped"], source["new"]) == ("aldric-health", 3, 1, 3)


def test_some_source_failing_exits_3_and_names_it(env):
    result = runner.invoke(app, ["crawl", "--sources", env["write"]("nowhere", "aldric-health"), "--db", env["db"]])
    assert result.exit_code == 3
    assert "Error: nowhere:" in result.stderr and "HTTP 404" in result.stderr
    with open_store(env["db"]) as store:
        assert store.count_postings() == 3


def test_bad_sources_file_exits_1_naming_the_key(env, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[crawl]\nuser_agent='x (a@b.org)'\n[[sources]]\ntype='greenhouse'\n", encoding="utf-8")
    result = runner.invoke(app, ["crawl", "--sources", str(bad), "--db", env["db"]])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "sources #1: key 'board' is required" in result.stderr


def test_locked_database_exits_4_at_once(env):
    with exclusive_lock(env["db"]):
        result = runner.invoke(app, ["crawl", "--sources", env["write"]("aldric-health"), "--db", env["db"]])
    assert result.exit_code == 4
    assert "another crawl is already running" in result.stderr
    assert env["server"].hits("/v0/postings") == []


def test_quiet_prints_nothing_on_success_and_log_file_records_the_run(env, tmp_path):
    log = tmp_path / "logs" / "crawl.log"
    args = ["crawl", "--sources", env["write"]("aldric-health"), "--db", env["db"], "--quiet", "--log-file", str(log)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""
    text = log.read_text(encoding="utf-8")
    assert "aldric-health: ok" in text and "3 kept" in text and "ops@example.org" not in text


def test_runs_lists_recent_runs(env):
    runner.invoke(app, ["crawl", "--sources", env["write"]("nowhere", "aldric-health"), "--db", env["db"], "-q"])
    result = runner.invoke(app, ["runs", "--db", env["db"], "--json"])
    assert result.exit_code == 0
    runs = json.loads(result.stdout)
    assert [(r["feed"], r["status"]) for r in runs] == [("aldric-health", "ok"), ("nowhere", "failed")]
    assert runs[1]["errors"][0]["reason"].startswith("HTTP 404")
    table = runner.invoke(app, ["runs", "--db", env["db"]])
    assert table.exit_code == 0 and "aldric-health" in table.stdout


def test_save_raw_then_import_replays_the_same_postings(env, tmp_path):
    raw = tmp_path / "raw"
    result = runner.invoke(
        app, ["crawl", "--sources", env["write"]("aldric-health"), "--db", env["db"], "-q", "--save-raw", str(raw)]
    )
    assert result.exit_code == 0
    files = sorted(raw.rglob("*.json"))
    assert files
    record = json.loads(files[0].read_text(encoding="utf-8"))
    assert record["mrtjobs_raw"] == 1 and record["source"] == "lever" and record["url"].startswith("http://127.0.0.1")
    replay_db = str(tmp_path / "replay.db")
    imported = runner.invoke(app, ["import", str(raw), "--db", replay_db, "--json"])
    assert imported.exit_code == 0, imported.output
    with open_store(env["db"]) as a, open_store(replay_db) as b:
        crawled = {p.uid: p.content_hash for p in a.iter_postings()}
        replayed = {p.uid: p.content_hash for p in b.iter_postings()}
    # The raw files hold every posting the source sent (the filter runs after parse).
    assert set(crawled) <= set(replayed)
    assert all(replayed[uid] == digest for uid, digest in crawled.items())


def test_quiet_failure_prints_only_one_line_per_error(env):
    result = runner.invoke(app, ["crawl", "--sources", env["write"]("nowhere", "aldric-health"), "--db", env["db"], "-q"])
    assert result.exit_code == 3 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: nowhere: http://127.0.0.1:")
