"""`mrtjobs mark`, `mrtjobs applications` and the status in `rank` and ranked_postings.csv.

The loopback test crawls a Greenhouse board served on 127.0.0.1 with the real source module,
the real extractor and a real SQLite file, and checks that a status survives a re-crawl that
changes the posting's text and one that closes it.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from extractor_once import real_extractor_once  # noqa: F401 (a fixture)
from loopback_board import make_board, run
from loopback_sources import him_jobs

from mrtjobs.cli.applications_cmd import MarkChoice, StatusChoice
from mrtjobs.storage import open_store
from mrtjobs.storage.applications import STATUSES
from scraper.models import Posting

PROFILE = """
name = "Test Seeker"
years_experience = 3
education = "associate"
certifications = ["RHIT"]
skills = ["ICD-10-CM", "CPT", "HIPAA", "release of information"]
"""


@pytest.fixture(autouse=True)
def _extractor(real_extractor_once):
    return real_extractor_once


@pytest.fixture
def board(loopback, tmp_path):
    b = make_board(loopback, tmp_path, him_jobs(3), PROFILE)  # J0000 records technician, J0001 coder, J0002 ROI

    def crawl():
        result = b.crawl("--quiet")
        assert result.exit_code == 0, result.output
        return result

    return {"site": b.site, "db": b.db, "profile": b.profile, "crawl": crawl}


def rank_json(db: Path, profile: Path, *extra: str) -> list[dict]:
    result = run("rank", "--db", db, "--profile", profile, "--json", "-q", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_status_survives_a_recrawl_that_changes_the_text_and_one_that_closes_it(board, tmp_path):
    db, profile, site = board["db"], board["profile"], board["site"]
    board["crawl"]()
    marked = run("mark", "applied", "greenhouse:J0001", "--note", "applied online, ref 4471", "--db", db)
    assert marked.exit_code == 0, marked.output
    assert marked.stdout == "greenhouse:J0001: applied - Outpatient Coder II - Saint Aldric Health\n"
    assert run("mark", "hidden", "greenhouse:J0002", "--db", db).exit_code == 0
    with open_store(db) as store:
        old_hash = store.posting_row("greenhouse:J0001")["content_hash"]

    # 1. the posting's text changes: the row is rewritten and re-extracted, the status stays
    jobs = site.jobs["greenhouse"]
    jobs[1] = jobs[1].changed(body="<p>Code outpatient surgery with ICD-10-CM and CPT.</p>"
                                   "<p>Requirements: RHIT or CCS required; three years of coding.</p>")
    board["crawl"]()
    with open_store(db) as store:
        row = store.posting_row("greenhouse:J0001")
        extraction = store.load_extraction("greenhouse:J0001")
    assert row["content_hash"] != old_hash and "outpatient surgery" in row["description_text"]
    assert any(m.text == "CCS" for m in extraction.mentions)  # re-extracted from the new text
    apps = json.loads(run("applications", "--db", db, "--json", "--all-statuses").stdout)
    assert [(a["uid"], a["status"], a["note"]) for a in apps] == [
        ("greenhouse:J0001", "applied", "applied online, ref 4471"), ("greenhouse:J0002", "hidden", None)]
    assert [h["status"] for h in apps[0]["history"]] == ["applied"]

    rows = rank_json(db, profile)
    by_uid = {r["uid"]: r for r in rows}
    assert by_uid["greenhouse:J0001"]["status"] == "applied" and by_uid["greenhouse:J0001"]["closed"] is False
    assert by_uid["greenhouse:J0000"]["status"] is None
    assert "greenhouse:J0002" not in by_uid  # hidden
    assert "greenhouse:J0002" in {r["uid"] for r in rank_json(db, profile, "--all-statuses")}

    # 2. the board stops listing it: closed, and still listed (with its status) where it matters
    del jobs[1]
    board["crawl"]()
    with open_store(db) as store:
        assert store.posting_row("greenhouse:J0001")["closed_at"] is not None
    rows = rank_json(db, profile)
    applied = [r for r in rows if r["uid"] == "greenhouse:J0001"]
    assert applied and applied[0]["status"] == "applied" and applied[0]["closed"] is True
    assert [r["uid"] for r in rank_json(db, profile, "--status", "applied")] == ["greenhouse:J0001"]
    table = run("rank", "--db", db, "--profile", profile, "-q")
    assert "applied (closed)" in table.stdout
    listing = run("applications", "--db", db)
    assert listing.exit_code == 0
    lines = listing.stdout.splitlines()
    assert lines[0].startswith("applied      Outpatient Coder II - Saint Aldric Health  [closed 20")
    assert "note: applied online, ref 4471" in listing.stdout
    assert "greenhouse:J0002" not in listing.stdout
    assert lines[-1] == "(1 hidden posting(s) not shown; --all-statuses shows them)"


@pytest.fixture
def small_db(tmp_path):
    db = tmp_path / "jobs.db"
    postings = [
        Posting(source="t", external_id=f"p{i}", title=title, employer="Lakeside Clinic", state="OH",
                url=f"https://jobs.example.org/{i}",
                description_text=f"{title} for our clinic.\n\nRequirements:\n- RHIT required\n- ICD-10-CM and HIPAA")
        for i, title in enumerate(["Medical Records Technician", "Coding Specialist", "ROI Specialist",
                                   "HIM Analyst"])
    ]
    with open_store(db) as store:
        store.upsert_postings(postings)
    profile = tmp_path / "me.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    return db, profile


def test_mark_again_clear_and_history(small_db):
    db, _ = small_db
    assert run("mark", "saved", "t:p0", "t:p1", "--db", db).exit_code == 0
    again = run("mark", "saved", "t:p0", "--db", db)
    assert again.stdout == "t:p0: already saved - Medical Records Technician - Lakeside Clinic\n"
    moved = run("mark", "interviewing", "t:p0", "--note", "phone screen Tuesday", "--db", db)
    assert moved.stdout == "t:p0: interviewing (was saved) - Medical Records Technician - Lakeside Clinic\n"
    cleared = run("mark", "clear", "t:p1", "--db", db)
    assert cleared.stdout == "t:p1: cleared (was saved) - Coding Specialist - Lakeside Clinic\n"
    assert run("mark", "clear", "t:p1", "--db", db).stdout.startswith("t:p1: had no status")
    history = run("applications", "--history", "--db", db)
    assert history.exit_code == 0
    assert history.stdout.splitlines()[0] == "interviewing Medical Records Technician - Lakeside Clinic"
    assert [line.split()[-1] for line in history.stdout.splitlines() if line.startswith(" " * 15)] == [
        "saved", "Tuesday"]
    data = json.loads(run("applications", "--json", "--db", db).stdout)
    assert [(d["uid"], d["status"]) for d in data] == [("t:p0", "interviewing")]
    assert [(h["status"], h["note"]) for h in data[0]["history"]] == [
        ("saved", None), ("interviewing", "phone screen Tuesday")]
    with sqlite3.connect(db) as conn:  # the history keeps the cleared posting too
        rows = conn.execute("SELECT uid, status FROM application_history ORDER BY id").fetchall()
    assert rows == [("t:p0", "saved"), ("t:p1", "saved"), ("t:p0", "interviewing"), ("t:p1", "cleared")]


def test_mark_errors_are_one_line_and_change_nothing(small_db):
    db, _ = small_db
    unknown = run("mark", "applied", "t:p0", "nope:1", "--db", db)
    assert unknown.exit_code == 1
    assert unknown.stderr == "Error: no posting with uid 'nope:1' (see `mrtjobs rank` or `mrtjobs search`)\n"
    ambiguous = run("mark", "applied", "t:p", "--db", db)
    assert ambiguous.exit_code == 1 and "uid 't:p' is ambiguous: t:p0, t:p1, t:p2, t:p3" in ambiguous.stderr
    bad = run("mark", "maybe", "t:p0", "--db", db)
    assert bad.exit_code == 2 and "maybe" in bad.output
    with open_store(db) as store:
        assert store.application_statuses() == {}
    assert run("mark", "offer", "t:p3", "--db", db).exit_code == 0  # a unique prefix works too
    assert run("mark", "rejected", "t:p", "--db", db).exit_code == 1


def test_rank_filters_and_the_csv_status_column(small_db, tmp_path):
    db, profile = small_db
    for status, uid in (("applied", "t:p0"), ("rejected", "t:p1"), ("hidden", "t:p2")):
        assert run("mark", status, uid, "--db", db).exit_code == 0
    assert {r["uid"] for r in rank_json(db, profile)} == {"t:p0", "t:p3"}
    assert {r["uid"] for r in rank_json(db, profile, "--all-statuses")} == {"t:p0", "t:p1", "t:p2", "t:p3"}
    assert [r["uid"] for r in rank_json(db, profile, "--status", "rejected")] == ["t:p1"]
    both = rank_json(db, profile, "--status", "applied", "--status", "hidden")
    assert sorted(r["uid"] for r in both) == ["t:p0", "t:p2"]
    table = run("rank", "--db", db, "--profile", profile, "-q")
    assert " status " in table.stdout and "applied" in table.stdout
    out = tmp_path / "reports"
    assert run("gaps", "--db", db, "--profile", profile, "--out", out, "-q").exit_code == 0
    with (out / "ranked_postings.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[-1] == "status"
    assert {r["uid"]: r["status"] for r in rows} == {"t:p0": "applied", "t:p1": "rejected", "t:p2": "hidden", "t:p3": ""}


def test_no_marks_and_the_choices_match_storage(small_db):
    db, _ = small_db
    empty = run("applications", "--db", db)
    assert empty.exit_code == 0 and empty.stdout.startswith("No marked postings.")
    assert tuple(s.value for s in StatusChoice) == STATUSES
    assert tuple(s.value for s in MarkChoice) == STATUSES + ("clear",)
