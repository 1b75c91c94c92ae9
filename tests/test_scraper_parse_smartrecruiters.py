"""SmartRecruiters posting details -> Postings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.errors import ParseError
from scraper.sources import smartrecruiters

FIXTURES = Path(__file__).parent / "fixtures" / "smartrecruiters"


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hybrid():
    (p,) = smartrecruiters.parse(load("posting_detail_hybrid.json"))
    return p


def test_trailing_space_title_and_ids(hybrid):
    assert hybrid.title == "Health Information Technician"
    assert hybrid.uid == "smartrecruiters:744000200112233"
    assert hybrid.extra["refNumber"] == "REF2231H"


def test_sections_joined_in_reading_order(hybrid):
    text = hybrid.description_text
    order = ["Company Description", "Job Description", "Qualifications", "Additional Information"]
    assert [text.index(h) for h in order] == sorted(text.index(h) for h in order)
    assert "\u2022 Epic HIM deficiency queue" in text
    assert "<" not in text


def test_lowercase_country_region_and_hybrid_flag(hybrid):
    assert (hybrid.location, hybrid.state, hybrid.remote) == ("Toledo, OH", "OH", "hybrid")
    assert hybrid.extra["country"] == "us"


def test_salary_from_custom_field(hybrid):
    assert (hybrid.salary_min, hybrid.salary_max, hybrid.salary_period, hybrid.salary_currency) == (
        18.5, 22.75, "hour", "USD")


def test_type_date_url_employer(hybrid):
    assert hybrid.employment_type == "full_time"
    assert hybrid.date_posted == "2026-10-05"
    assert hybrid.url.startswith("https://jobs.smartrecruiters.com/LakeErieHealth/744000200112233")
    assert hybrid.employer == "Lake Erie Health Partners"


def test_remote_without_region_and_closed_posting():
    (p,) = smartrecruiters.parse(load("posting_detail_remote_no_region.json"))
    assert p.remote == "remote"
    assert p.state is None
    assert p.location == "Erie, United States"  # "Erie, , United States" tidied
    assert p.employment_type == "contract"
    assert p.salary_min is None  # a "Department" custom field is not pay
    assert p.extra["closed"] is True


def test_list_envelope_items_parse_without_description():
    (p,) = smartrecruiters.parse(load("list_page.json"))
    assert p.uid == "smartrecruiters:744000200112233"
    assert p.description_text == ""


def test_wrong_shape():
    with pytest.raises(ParseError):
        smartrecruiters.parse("html")
