"""USAJOBS Search responses -> Postings, quirk by quirk (2024 and 2018 shapes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.errors import ParseError
from scraper.sources import usajobs

FIXTURES = Path(__file__).parent / "fixtures" / "usajobs"


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def two_eras():
    postings = usajobs.parse(load("search_two_eras.json"))
    return {p.external_id: p for p in postings}


def test_one_posting_per_item_keyed_by_control_number(two_eras):
    assert set(two_eras) == {"861234500", "512000900"}
    assert all(p.source == "usajobs" and p.uid == f"usajobs:{p.external_id}" for p in two_eras.values())


def test_pay_strings_and_pa_code_become_yearly_floats(two_eras):
    p = two_eras["861234500"]
    assert (p.salary_min, p.salary_max, p.salary_period, p.salary_currency) == (46012.0, 73987.0, "year", "USD")


def test_old_per_hour_interval_without_description(two_eras):
    p = two_eras["512000900"]
    assert (p.salary_min, p.salary_max, p.salary_period) == (19.25, 25.02, "hour")


def test_per_day_code():
    (p,) = usajobs.parse(load("search_remote.json"))
    assert p.salary_period == "day"


def test_dates_with_fraction_and_plain_dates(two_eras):
    assert (two_eras["861234500"].date_posted, two_eras["861234500"].valid_through) == ("2026-10-14", "2026-10-28")
    assert (two_eras["512000900"].date_posted, two_eras["512000900"].valid_through) == ("2026-09-11", "2026-09-25")


def test_major_duties_list_become_bullets_and_string_is_kept(two_eras):
    new = two_eras["861234500"].description_text
    assert "\u2022 Assigns ICD-10-CM and CPT codes to outpatient encounters." in new
    assert new.index("Summary") < new.index("Duties") < new.index("Qualifications")
    old = two_eras["512000900"].description_text
    assert "Processes requests for records under the Privacy Act and FOIA." in old
    assert "<" not in new + old


def test_grade_and_series_in_extra(two_eras):
    extra = two_eras["861234500"].extra
    assert extra["pay_plan"] == "GS"
    assert (extra["low_grade"], extra["high_grade"]) == ("05", "07")
    assert extra["grade"] == "GS-05/07"
    assert extra["series"] == ["0675"]
    assert two_eras["512000900"].extra["grade"] == "GS-06"


def test_state_from_full_subdivision_name(two_eras):
    assert two_eras["861234500"].state == "OH"
    assert two_eras["861234500"].location == "Dayton, OH"


def test_multiple_locations_skip_negotiable_entry(two_eras):
    p = two_eras["512000900"]
    assert p.location == "Multiple Locations"
    assert p.state == "NC"
    assert "Asheville, North Carolina" in p.extra["locations"]


def test_schedule_code_when_name_is_empty(two_eras):
    assert two_eras["861234500"].employment_type == "full_time"
    assert two_eras["512000900"].employment_type == "part_time"


def test_telework_is_hybrid_and_remote_indicator_is_remote(two_eras):
    assert two_eras["861234500"].remote == "hybrid"
    assert two_eras["512000900"].remote is None  # no flags in the 2018 shape
    (remote,) = usajobs.parse(load("search_remote.json"))
    assert remote.remote == "remote"
    assert remote.state is None


def test_employer_and_url(two_eras):
    p = two_eras["861234500"]
    assert p.employer == "Veterans Affairs, Veterans Health Administration"
    assert p.url == "https://www.usajobs.gov:443/job/861234500"


def test_empty_page_gives_no_postings():
    assert usajobs.parse(load("search_empty.json")) == []


@pytest.mark.parametrize("raw", [{"jobs": []}, "text", 3])
def test_wrong_shape_raises_parse_error(raw):
    with pytest.raises(ParseError, match="usajobs"):
        usajobs.parse(raw)


def test_parse_is_deterministic():
    raw = load("search_two_eras.json")
    assert [p.content_hash for p in usajobs.parse(raw)] == [p.content_hash for p in usajobs.parse(raw)]
