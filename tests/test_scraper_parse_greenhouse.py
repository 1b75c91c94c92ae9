"""Greenhouse board lists (content=true) -> Postings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.errors import ParseError
from scraper.sources import greenhouse

FIXTURES = Path(__file__).parent / "fixtures" / "greenhouse"


@pytest.fixture(scope="module")
def board():
    raw = json.loads((FIXTURES / "board_content_true.json").read_text(encoding="utf-8"))
    return {p.external_id: p for p in greenhouse.parse(raw)}


def test_every_job_on_the_board_is_parsed_including_non_mrt(board):
    assert set(board) == {"7001001001", "7001001002", "7001001003"}


def test_content_escaped_once_becomes_plain_text(board):
    text = board["7001001001"].description_text
    assert "&lt;" not in text and "<" not in text
    assert "We run four hospitals in the Dayton area & a regional HIM center." in text
    assert "\u2022 CCS or RHIT required" in text
    assert "Pay: $27.50 \u2013 $34.00 per hour" in text  # &nbsp; and &ndash; decoded


def test_double_escaped_detail_is_unescaped_fully():
    raw = json.loads((FIXTURES / "job_detail_double_escaped.json").read_text(encoding="utf-8"))
    (p,) = greenhouse.parse(raw)
    assert p.description_text == "Respond to subpoenas & authorizations.\n\n\u2022 HIPAA"


def test_multi_city_location_keeps_text_and_takes_first_state(board):
    p = board["7001001001"]
    assert p.location == "Dayton, OH | Kettering, OH | Remote"
    assert p.state == "OH"
    assert p.extra["locations"] == ["Dayton, OH", "Kettering, OH", "Remote"]
    assert board["7001001002"].state == "OH"  # "Columbus, Ohio; Cincinnati, OH"


def test_location_type_metadata_wins_over_location_text(board):
    assert board["7001001001"].remote == "hybrid"


def test_null_metadata_value_is_ignored(board):
    assert board["7001001002"].remote is None
    assert "metadata" not in board["7001001002"].extra


def test_remote_in_location_name_without_metadata(board):
    assert board["7001001003"].remote == "remote"
    assert board["7001001003"].state is None


def test_employment_type_from_metadata_and_title(board):
    assert board["7001001001"].employment_type == "full_time"
    assert board["7001001002"].employment_type == "per_diem"  # "(PRN)" in the title


def test_dates_prefer_first_published(board):
    assert board["7001001001"].date_posted == "2026-10-02"
    assert board["7001001002"].date_posted == "2026-10-21"  # updated_at fallback


def test_employer_company_name_then_option_then_board_token(board):
    assert board["7001001001"].employer == "Miami Valley Health"
    assert board["7001001002"].employer == "Miamivalleyhealth"
    raw = json.loads((FIXTURES / "board_content_true.json").read_text(encoding="utf-8"))
    named = {p.external_id: p for p in greenhouse.parse(raw, options={"employer": "MVH"})}
    assert named["7001001002"].employer == "MVH"


def test_title_entities_decoded_and_extra_kept(board):
    p = board["7001001002"]
    assert p.title == "Document Imaging Specialist & Indexer (PRN)"
    assert p.extra["requisition_id"] == "HIM-2300"
    assert board["7001001001"].extra["departments"] == ["Health Information Management"]


def test_pay_input_ranges_in_cents():
    raw = json.loads((FIXTURES / "job_detail_double_escaped.json").read_text(encoding="utf-8"))
    (p,) = greenhouse.parse(raw)
    assert (p.salary_min, p.salary_max, p.salary_period, p.salary_currency) == (18.5, 24.0, "hour", "USD")


def test_wrong_shape():
    with pytest.raises(ParseError):
        greenhouse.parse({"SearchResult": {}})
