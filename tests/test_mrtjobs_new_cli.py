"""`mrtjobs new` and `crawl --digest`: the new postings worth applying to, and silence otherwise.

The crawl tests serve a Greenhouse board on 127.0.0.1 (tests/loopback_sources.py) and use the
real source module, the real extractor and a real SQLite file, through the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from extractor_once import real_extractor_once  # noqa: F401 (a fixture)
from loopback_board import make_board, run
from loopback_sources import Job, him_jobs

from mrtjobs.storage import open_store
from scraper.models import Posting

PROFILE = """
name = "Test Seeker"
years_experience = 3
education = "associate"
certifications = ["RHIT"]
skills = ["ICD-10-CM", "CPT", "HIPAA", "release of information", "chart analysis", "deficiency tracking", "EHR"]
"""
REGISTRAR = ("<p>Abstract cancer cases for the registry.</p><p><b>Requirements</b></p><ul>"
             "<li>CTR credential required</li><li>Three years of cancer registry experience</li>"
             "<li>ICD-O-3 and AJCC staging</li></ul>")


@pytest.fixture(autouse=True)
def _extractor(real_extractor_once):
    return real_extractor_once


@pytest.fixture
def board(loopback, tmp_path):
    b = make_board(loopback, tmp_path, him_jobs(2) + [Job(id="R0001", title="Cancer Registrar", body=REGISTRAR)],
                   PROFILE)
    return {"site": b.site, "db": b.db, "profile": b.profile, "server": b.server,
            "crawl": lambda *extra: b.crawl("--digest", b.profile, *extra)}


def worth_applying(db: Path, profile: Path) -> list[dict]:
    """What `rank` says is worth applying to (eligible, score >= 60), best first."""
    result = run("rank", "--db", db, "--profile", profile, "--json", "-q", "--limit", "1000")
    assert result.exit_code == 0, result.output
    return [r for r in json.loads(result.stdout) if r["eligible"] and r["score"] >= 60]


def listed_uids(output: str) -> list[str]:
    return [line.split("uid ", 1)[1] for line in output.splitlines() if line.strip().startswith("uid ")]


def test_crawl_digest_under_quiet_prints_exactly_the_new_worth_applying_postings(board):
    first = board["crawl"]("--quiet")
    assert first.exit_code == 0, first.output
    expected = worth_applying(board["db"], board["profile"])
    assert sorted(r["uid"] for r in expected) == ["greenhouse:J0000", "greenhouse:J0001"]  # not the registrar
    assert listed_uids(first.stdout) == [r["uid"] for r in expected]  # all of them, best first, no others
    lines = first.stdout.splitlines()
    assert lines[0] == "2 new postings worth applying to in this crawl, best first:"
    assert lines[-1] == ("1 more new posting below your threshold "
                         f"(all of them: mrtjobs rank --profile {board['profile']}).")
    for r in expected:
        assert f"{r['score']:5.1f}  {r['title']}" in first.stdout
        assert f"https://job-boards.greenhouse.io/aldric/jobs/{r['uid'].split(':')[1]}" in first.stdout
    assert "why: " in first.stdout and "(+" in first.stdout
    assert "\x1b[" not in first.stdout and first.stderr == ""  # not a terminal: no colours, no progress

    # nothing new: nothing at all, so cron sends no mail
    again = board["crawl"]("--quiet")
    assert again.exit_code == 0 and again.stdout == "" and again.stderr == ""

    # one new posting worth applying to, one new that is not: exactly the first is listed
    jobs = board["site"].jobs["greenhouse"]
    jobs.append(Job(id="J0100", title="Medical Records Technician", city="Dayton"))
    jobs.append(Job(id="R0002", title="Tumor Registrar", body=REGISTRAR))
    third = board["crawl"]("--quiet")
    assert third.exit_code == 0, third.output
    assert listed_uids(third.stdout) == ["greenhouse:J0100"]
    assert third.stdout.splitlines()[0] == "1 new posting worth applying to in this crawl, best first:"
    assert "1 more new posting below your threshold" in third.stdout

    # only a posting below the threshold is new: silence under --quiet, a line without it
    jobs.append(Job(id="R0003", title="Cancer Registry Abstractor", body=REGISTRAR))
    assert board["crawl"]("--quiet").stdout == ""
    jobs.append(Job(id="R0004", title="Registry Abstractor", body=REGISTRAR))
    loud = board["crawl"]()
    assert loud.exit_code == 0
    assert "aldric" in loud.stdout and "1 new" in loud.stdout  # the crawl summary
    assert loud.stdout.splitlines()[-1] == ("No new postings worth applying to in this crawl; "
                                            "1 new posting below your threshold.")


def test_crawl_digest_json_and_a_bad_profile_stops_before_any_request(board, tmp_path):
    result = board["crawl"]("--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["digest"]["window"] == "in this crawl"
    digest = data["digest"]
    assert digest["new"] == 3 and digest["below_threshold"] == 1 and digest["threshold"] == 60
    assert [r["uid"] for r in digest["worth_applying"]] == [r["uid"] for r in worth_applying(board["db"], board["profile"])]
    row = digest["worth_applying"][0]
    assert set(row) == {"rank", "uid", "title", "employer", "location", "url", "score", "eligible", "status",
                        "first_seen", "reasons"}
    assert row["url"].startswith("https://job-boards.greenhouse.io/aldric/jobs/") and row["reasons"]

    bad = tmp_path / "bad.toml"
    bad.write_text("years_experience = 'lots'\n", encoding="utf-8")
    hits_before = len(board["server"].hits("/v1/boards/aldric/jobs"))
    failed = run("crawl", "--sources", tmp_path / "sources.toml", "--db", board["db"], "--digest", bad, "-q")
    assert failed.exit_code == 1
    assert failed.stderr.startswith(f"Error: {bad}: years_experience: must be a number")
    assert len(board["server"].hits("/v1/boards/aldric/jobs")) == hits_before


def test_hidden_new_postings_are_left_out(board):
    assert board["crawl"]("-q").exit_code == 0
    assert run("mark", "hidden", "greenhouse:J0000", "--db", board["db"]).exit_code == 0
    assert run("mark", "saved", "greenhouse:J0001", "--db", board["db"]).exit_code == 0
    result = run("new", "--profile", board["profile"], "--db", board["db"], "--since", "2000-01-01", "-q")
    assert result.exit_code == 0
    assert listed_uids(result.stdout) == ["greenhouse:J0001"]
    assert "Outpatient Coder II  [saved]" in result.stdout


# --- `mrtjobs new` on a database written with known times ---------------------------------

def posting(i: int, *, registrar: bool = False) -> Posting:
    if registrar:
        body = "Abstract cancer cases.\n\nRequirements:\n- CTR credential required\n- ICD-O-3"
        title = "Cancer Registrar"
    else:
        body = ("Assign ICD-10-CM and CPT codes; release of information under HIPAA.\n\nRequirements:\n"
                "- RHIT required\n- Two years of HIM experience")
        title = "Medical Records Technician"
    return Posting(source="t", external_id=f"p{i}", title=title, employer=f"Clinic {i}", state="OH",
                   url=f"https://jobs.example.org/{i}", description_text=body)


@pytest.fixture
def timed_db(tmp_path):
    """Two crawls: Nov 1 stored p1 and p2; Nov 20 stored p3 (worth applying) and p4 (not)."""
    db = tmp_path / "jobs.db"
    with open_store(db) as store:
        run_id = store.start_run("greenhouse", "a", now="2026-11-01T06:00:00+00:00")
        store.upsert_postings([posting(1), posting(2)], feed="a", now="2026-11-01T06:00:05+00:00")
        store.finish_run(run_id, status="ok", now="2026-11-01T06:01:00+00:00")
        run_id = store.start_run("greenhouse", "a", now="2026-11-20T06:00:00+00:00")
        other = store.start_run("lever", "b", now="2026-11-20T06:00:00+00:00")
        store.upsert_postings([posting(1), posting(2), posting(3), posting(4, registrar=True)], feed="a",
                              now="2026-11-20T06:00:04+00:00")
        store.finish_run(other, status="ok", now="2026-11-20T06:00:03+00:00")
        store.finish_run(run_id, status="ok", now="2026-11-20T06:01:00+00:00")
    profile = tmp_path / "me.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    return db, profile


def test_new_since_last_crawl_a_date_and_json(timed_db):
    db, profile = timed_db
    last = run("new", "--profile", profile, "--db", db)
    assert last.exit_code == 0, last.output
    assert last.stdout.startswith("1 new posting worth applying to since the crawl of 2026-11-20 06:00 UTC")
    assert listed_uids(last.stdout) == ["t:p3"]
    assert "https://jobs.example.org/3" in last.stdout
    assert "1 more new posting below your threshold" in last.stdout
    both = json.loads(run("new", "--profile", profile, "--db", db, "--since", "2026-10-31", "--json").stdout)
    assert both["window"] == "since 2026-10-31" and both["since"] == "2026-10-31T00:00:00+00:00"
    assert sorted(r["uid"] for r in both["worth_applying"]) == ["t:p1", "t:p2", "t:p3"]
    assert both["new"] == 4 and both["below_threshold"] == 1
    assert {r["first_seen"] for r in both["worth_applying"]} == {"2026-11-01T06:00:05+00:00", "2026-11-20T06:00:04+00:00"}
    none = run("new", "--profile", profile, "--db", db, "--since", "2026-11-21T00:00")
    assert none.stdout == "No new postings since 2026-11-21.\n"
    assert run("new", "--profile", profile, "--db", db, "--since", "2026-11-21", "-q").stdout == ""


def test_new_bad_since_and_no_crawl_yet(tmp_path):
    db = tmp_path / "jobs.db"
    with open_store(db) as store:
        store.upsert_postings([posting(1)])
    profile = tmp_path / "me.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    never = run("new", "--profile", profile, "--db", db)
    assert never.exit_code == 1
    assert never.stderr == ("Error: no crawl recorded yet, so there is no 'last crawl': "
                            "use --since DATE (e.g. 2026-11-01)\n")
    bad = run("new", "--profile", profile, "--db", db, "--since", "yesterday")
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: --since 'yesterday': expected last-crawl, a date")
    imported = run("new", "--profile", profile, "--db", db, "--since", "3650d")
    assert listed_uids(imported.stdout) == ["t:p1"]
    assert "in the last 3650 days" in imported.stdout
