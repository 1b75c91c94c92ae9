"""Lever postings (mode=json) -> Postings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.errors import ParseError
from scraper.sources import lever

FIXTURES = Path(__file__).parent / "fixtures" / "lever"


@pytest.fixture(scope="module")
def postings():
    raw = json.loads((FIXTURES / "postings_mode_json.json").read_text(encoding="utf-8"))
    return {p.title: p for p in lever.parse(raw)}


def test_bare_array_gives_one_posting_per_item_keyed_by_uuid(postings):
    assert len(postings) == 3
    assert postings["Tumor Registrar I"].uid == "lever:3f0c9d2e-1111-4a2b-9c3d-0e1f2a3b4c5d"


def test_created_at_milliseconds_is_a_date(postings):
    # 1790000000000 ms = 2026-09-21T14:13:20Z
    assert postings["Tumor Registrar I"].date_posted == "2026-09-21"


def test_workplace_type_both_spellings_and_unspecified(postings):
    assert postings["Tumor Registrar I"].remote == "onsite"  # README "on-site"
    assert postings["Risk Adjustment Coder (CRC)"].remote == "remote"
    assert postings["HIM Scanning Clerk"].remote is None  # "unspecified"


def test_salary_range_intervals(postings):
    p = postings["Tumor Registrar I"]
    assert (p.salary_min, p.salary_max, p.salary_period, p.salary_currency) == (24.0, 31.5, "hour", "USD")
    q = postings["Risk Adjustment Coder (CRC)"]
    assert (q.salary_min, q.salary_max, q.salary_period) == (52000.0, 61000.0, "year")
    assert postings["HIM Scanning Clerk"].salary_min is None


def test_lists_without_ul_become_bullets_under_their_heading(postings):
    text = postings["Tumor Registrar I"].description_text
    assert "What you'll do\n\u2022 Abstract cases in CNExT\n\u2022 Stage with AJCC TNM" in text
    assert "What you bring\n\u2022 CTR / ODS-C or eligible" in text
    assert text.startswith("Plains Oncology is hiring a tumor registrar.")
    assert text.rstrip().endswith("We offer tuition help toward RHIT and paid AHIMA dues.")
    assert "<" not in text and "\u00a0" not in text


def test_plain_description_used_when_html_missing(postings):
    assert postings["HIM Scanning Clerk"].description_text == "Scan and index records on weekends."


def test_commitment_and_location(postings):
    p = postings["Tumor Registrar I"]
    assert (p.employment_type, p.location, p.state) == ("full_time", "Omaha, NE", "NE")
    assert p.extra["locations"] == ["Omaha, NE", "Lincoln, NE"]
    assert postings["HIM Scanning Clerk"].employment_type == "per_diem"
    assert postings["Risk Adjustment Coder (CRC)"].employment_type is None


def test_employer_from_option_else_site_slug(postings):
    assert postings["Tumor Registrar I"].employer == "Plains Oncology"
    raw = json.loads((FIXTURES / "postings_mode_json.json").read_text(encoding="utf-8"))
    named = lever.parse(raw, options={"employer": "Plains Oncology Associates"})
    assert {p.employer for p in named} == {"Plains Oncology Associates"}


def test_error_document_raises():
    raw = json.loads((FIXTURES / "error_not_found.json").read_text(encoding="utf-8"))
    with pytest.raises(ParseError, match="Document not found"):
        lever.parse(raw)


def test_shape_detection():
    raw = json.loads((FIXTURES / "postings_mode_json.json").read_text(encoding="utf-8"))
    assert lever.is_shape(raw)
    assert not lever.is_shape([])
    assert not lever.is_shape([{"id": 1, "title": "x"}])
