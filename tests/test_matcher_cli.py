"""`mrtjobs rank / explain / gaps / profile`: end to end on a small database (real extractor)."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from matcher.export import GAP_COLUMNS, LEVERAGE_COLUMNS, RANKED_COLUMNS
from mrtjobs.cli import app
from mrtjobs.storage import open_store
from scraper.models import Posting

runner = CliRunner()

POSTINGS = [
    Posting(source="t", external_id="roi", title="Release of Information Specialist",
            employer="Lakeside Clinic", state="OH", location="Dayton, OH", remote="onsite",
            salary_min=19.5, salary_max=23.0, salary_period="hour",
            description_text=(
                "Process requests for patient records.\n\nRequirements:\n- RHIT certification required\n"
                "- Knowledge of HIPAA and release of information\n- 1 year of experience in a medical office\n"
                "Preferred:\n- Epic experience")),
    Posting(source="t", external_id="coder", title="Outpatient Coder II", employer="=Evil Corp",
            state="PA", remote="remote",
            description_text=(
                "Assign ICD-10-CM and CPT codes to outpatient encounters.\n\nQualifications:\n"
                "- CPC or CCS required\n- 3 years of coding experience\n- Associate degree required\n"
                "Preferred:\n- Experience with 3M encoder and Cerner")),
    Posting(source="t", external_id="clerk", title="Medical Records Clerk", employer="Hill Hospital",
            state="MI", description_text="Scan and index charts. High school diploma required. Attention to detail."),
]

PROFILE = """
name = "Test"
years_experience = 2
education = "associate"
certifications = ["RHIT"]
skills = ["HIPAA", "ICD-10-CM", "Epic", "Underwater welding"]
[preferences]
remote = "any"
states = ["OH"]
min_salary = 40000
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    db = d / "jobs.db"
    with open_store(db) as store:
        store.upsert_postings(POSTINGS)
    prof = d / "me.toml"
    prof.write_text(PROFILE, encoding="utf-8")
    return d, db, prof


def run(*args: str):
    result = runner.invoke(app, list(args))
    return result


def test_rank_json_shape_order_and_sums(env):
    d, db, prof = env
    r = run("rank", "--profile", str(prof), "--db", str(db), "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [x["rank"] for x in rows] == list(range(1, len(rows) + 1)) and len(rows) == 3
    assert set(rows[0]) == {"rank", "uid", "title", "employer", "score", "eligible", "points",
                            "missing_required", "missing_preferred", "status", "closed"}
    assert [x["score"] for x in rows] == sorted((x["score"] for x in rows), reverse=True)
    for x in rows:
        assert round(sum(p["points"] for p in x["points"]), 2) == x["score"]
        for p in x["points"]:
            assert set(p) == {"item", "kind", "level", "match_type", "credit", "weight", "points", "matched_by"}
    again = run("rank", "--profile", str(prof), "--db", str(db), "--json")
    assert again.stdout == r.stdout


def test_rank_filters(env):
    d, db, prof = env
    all_rows = json.loads(run("rank", "--profile", str(prof), "--db", str(db), "--json").stdout)
    eligible = json.loads(run("rank", "--profile", str(prof), "--db", str(db), "--json", "--eligible").stdout)
    assert [x["uid"] for x in eligible] == [x["uid"] for x in all_rows if x["eligible"]]
    cut = all_rows[0]["score"]
    top = json.loads(run("rank", "--profile", str(prof), "--db", str(db), "--json", "--min-score", str(cut)).stdout)
    assert top and all(x["score"] >= cut for x in top)
    ohio = json.loads(run("rank", "--profile", str(prof), "--db", str(db), "--json", "--state", "OH").stdout)
    assert {x["uid"] for x in ohio} == {"t:roi", "t:coder"}  # the remote one matches any state
    one = json.loads(run("rank", "--profile", str(prof), "--db", str(db), "--json", "--limit", "1").stdout)
    assert len(one) == 1
    table = run("rank", "--profile", str(prof), "--db", str(db))
    assert table.exit_code == 0 and "t:roi" in table.stdout


def test_rhit_holder_outscores_a_profile_without_it(env, tmp_path):
    d, db, prof = env
    other = tmp_path / "other.toml"
    other.write_text(PROFILE.replace('certifications = ["RHIT"]', 'certifications = ["CPC"]'), encoding="utf-8")
    mine = {x["uid"]: x for x in json.loads(run("rank", "-p", str(prof), "--db", str(db), "--json").stdout)}
    theirs = {x["uid"]: x for x in json.loads(run("rank", "-p", str(other), "--db", str(db), "--json").stdout)}
    assert mine["t:roi"]["score"] > theirs["t:roi"]["score"]


def test_explain_agrees_with_rank(env):
    d, db, prof = env
    rows = json.loads(run("rank", "--profile", str(prof), "--db", str(db), "--json").stdout)
    r = run("explain", "t:roi", "--profile", str(prof), "--db", str(db), "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    ranked = next(x for x in rows if x["uid"] == "t:roi")
    assert data["score"] == ranked["score"] and data["points"] == ranked["points"]
    text = run("explain", "t:ro", "--profile", str(prof), "--db", str(db))
    assert text.exit_code == 0 and "points" in text.stdout
    missing = run("explain", "t:nope", "--profile", str(prof), "--db", str(db))
    assert missing.exit_code == 1 and "Error: no posting with uid 't:nope'" in missing.stderr


def test_gaps_writes_three_safe_csvs(env):
    d, db, prof = env
    out = d / "out"
    r = run("gaps", "--profile", str(prof), "--db", str(db), "--out", str(out))
    assert r.exit_code == 0, r.output
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(first) == {"ranked_postings.csv", "gap_report.csv", "skill_leverage.csv"}
    for name, cols in (("ranked_postings.csv", RANKED_COLUMNS), ("gap_report.csv", GAP_COLUMNS),
                       ("skill_leverage.csv", LEVERAGE_COLUMNS)):
        rows = list(csv.reader(first[name].decode("utf-8").splitlines()))
        assert tuple(rows[0]) == cols
    ranked = list(csv.DictReader(first["ranked_postings.csv"].decode().splitlines()))
    assert any(r["employer"] == "'=Evil Corp" for r in ranked)
    run("gaps", "--profile", str(prof), "--db", str(db), "--out", str(out))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def test_profile_init_and_check(tmp_path):
    path = tmp_path / "me.toml"
    r = run("profile", "init", str(path))
    assert r.exit_code == 0 and path.exists()
    assert run("profile", "init", str(path)).exit_code == 1  # no silent overwrite
    checked = run("profile", "check", str(path), "--json")
    assert checked.exit_code == 0 and json.loads(checked.stdout)["file"] == str(path)
    bad = tmp_path / "bad.toml"
    bad.write_text('education = "phd"\n', encoding="utf-8")
    r = run("profile", "check", str(bad))
    assert r.exit_code == 1 and r.stderr.startswith(f"Error: {bad}: education: must be one of")
    unknown = tmp_path / "u.toml"
    unknown.write_text('skills = ["Underwater welding", "HIPAA"]\n', encoding="utf-8")
    r = run("profile", "check", str(unknown))
    assert r.exit_code == 0 and "Underwater welding" in r.stdout
