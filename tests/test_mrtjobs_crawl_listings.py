"""Listings are not postings (issue 12, quirks 1 and 10) and `import --employer` (quirk 9).

Quirk 1: a list response without descriptions (Greenhouse ``/jobs`` without ``content=true``,
a SmartRecruiters list item) must never blank the text a detail response stored. Quirk 10: a
saved page that lists jobs (a Workday career-site search page, a Lever ``mode=html`` board)
is not a posting: nothing is stored, and the job links it holds are listed.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mrtjobs.cli import app
from mrtjobs.pipeline import import_files
from mrtjobs.storage import open_store
from scraper.sources import greenhouse, smartrecruiters

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_a_list_without_content_never_blanks_stored_text(tmp_path):
    full = greenhouse.parse(load("greenhouse/board_content_true.json"))
    bare = greenhouse.parse(load("greenhouse/board_without_content.json"))
    assert all(p.description_text == "" for p in bare)
    with open_store(tmp_path / "jobs.db") as store:
        store.upsert_postings(full, feed="gh")
        before = {r["uid"]: r for r in store.iter_posting_rows()}
        result = store.upsert_postings(bare, feed="gh")
        after = {r["uid"]: r for r in store.iter_posting_rows()}
    assert sorted(result.unchanged) == sorted(before) and result.updated == []
    for uid, row in before.items():
        assert after[uid]["description_text"] == row["description_text"] != ""
        assert after[uid]["content_hash"] == row["content_hash"]  # nothing to re-extract
        assert after[uid]["updated_at"] == row["updated_at"]


def test_a_listing_that_changes_a_field_it_has_still_updates_it(tmp_path):
    full = greenhouse.parse(load("greenhouse/board_content_true.json"))
    raw = load("greenhouse/board_without_content.json")
    raw["jobs"][0]["title"] = "HIM Coder III"
    bare = greenhouse.parse(raw)
    with open_store(tmp_path / "jobs.db") as store:
        store.upsert_postings(full, feed="gh")
        result = store.upsert_postings(bare, feed="gh")
        row = store.posting_row(f"greenhouse:{raw['jobs'][0]['id']}")
    assert result.updated == [f"greenhouse:{raw['jobs'][0]['id']}"]
    assert row["title"] == "HIM Coder III" and "CCS or RHIT required" in row["description_text"]


def test_smartrecruiters_list_items_do_not_blank_details(tmp_path):
    detail = smartrecruiters.parse(load("smartrecruiters/posting_detail_hybrid.json"))
    listed = [p for p in smartrecruiters.parse(load("smartrecruiters/list_page.json"))
              if p.uid in {d.uid for d in detail}]
    assert listed and all(p.description_text == "" for p in listed)
    with open_store(tmp_path / "jobs.db") as store:
        store.upsert_postings(detail, feed="sr")
        store.upsert_postings(listed, feed="sr")
        row = store.posting_row(detail[0].uid)
    assert row["description_text"] == detail[0].description_text != ""


def test_a_new_listing_only_posting_is_still_stored(tmp_path):
    bare = greenhouse.parse(load("greenhouse/board_without_content.json"))
    with open_store(tmp_path / "jobs.db") as store:
        assert len(store.upsert_postings(bare).new) == 3


# -- quirk 10 ----------------------------------------------------------------------------------
def test_saved_listing_pages_store_nothing_and_list_their_job_links(tmp_path):
    db = tmp_path / "jobs.db"
    files = [FIXTURES / "files" / "workday_listing_page_saved.html", FIXTURES / "files" / "lever_html_job_list.html"]
    with open_store(db) as store:
        report = import_files(store, files)
        assert store.count_postings() == 0
    assert report.postings == 0 and len(report.listings) == 2
    by_file = {Path(path).name: links for path, links in report.listings}
    workday_links = by_file["workday_listing_page_saved.html"]
    assert len(workday_links) == 5 and workday_links[0].endswith("/en-US/External/job/USA-NC-Raleigh/HIM-Coder-II_JR-40101")
    assert by_file["lever_html_job_list.html"][2] == (
        "https://jobs.lever.co/harborview-coding/0d2b6f3e-8c41-4f0a-b7a1-1a2b3c4d5e03")


def test_import_command_says_a_listing_page_is_not_a_posting(tmp_path):
    listing = FIXTURES / "files" / "lever_html_job_list.html"
    result = runner.invoke(app, ["import", "--db", str(tmp_path / "jobs.db"), str(listing)])
    assert result.exit_code == 1
    assert "lists 3 jobs" in result.stderr and "nothing stored" in result.stderr
    assert "https://jobs.lever.co/harborview-coding/0d2b6f3e-8c41-4f0a-b7a1-1a2b3c4d5e01" in result.stderr
    as_json = runner.invoke(app, ["import", "--db", str(tmp_path / "jobs.db"), "--json", str(listing)])
    data = json.loads(as_json.stdout)
    assert data["postings"] == 0 and len(data["listings"][0]["links"]) == 3


def test_a_posting_page_with_a_few_related_job_links_is_still_a_posting(tmp_path):
    body = " ".join(["Assign ICD-10-CM codes to outpatient records and query providers."] * 20)
    related = "".join(f'<li><a href="/jobs/{i}/coder/job">Coder {i}</a></li>' for i in range(4))
    html = (f"<html><head><title>Outpatient Coder | Careers</title></head><body><main><h1>Outpatient Coder</h1>"
            f"<p>{body}</p><aside><h3>Similar jobs</h3><ul>{related}</ul></aside></main></body></html>")
    path = tmp_path / "coder.html"
    path.write_text(html, encoding="utf-8")
    with open_store(tmp_path / "jobs.db") as store:
        report = import_files(store, [path])
    assert report.postings == 1 and report.listings == []


# -- quirk 9: --employer -----------------------------------------------------------------------
def test_import_employer_option_names_the_employer(tmp_path):
    db = tmp_path / "jobs.db"
    fixture = FIXTURES / "workday" / "detail_company_code_virtual_office.json"
    result = runner.invoke(app, ["import", "--db", str(db), "--all", "--employer", "Northfield Health", str(fixture)])
    assert result.exit_code == 0, result.output + result.stderr
    with open_store(db) as store:
        (p,) = list(store.iter_postings())
    assert p.employer == "Northfield Health"
