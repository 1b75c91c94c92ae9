"""Workday CXS detail responses -> Postings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.errors import ParseError
from scraper.sources import workday

FIXTURES = Path(__file__).parent / "fixtures" / "workday"


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_unicode_escaped_html_description_becomes_text():
    assert "\\u003C" in (FIXTURES / "detail_unicode_escaped.json").read_text(encoding="utf-8")
    (p,) = workday.parse(load("detail_unicode_escaped.json"))
    assert "\u2022 Chart completion & deficiency tracking" in p.description_text
    assert "Monday's through Friday's" in p.description_text  # &#39; decoded
    assert "<" not in p.description_text


def test_ids_dates_and_type():
    (p,) = workday.parse(load("detail_unicode_escaped.json"))
    assert p.uid == "workday:JR-40211"  # jobReqId
    assert p.date_posted == "2026-10-09"  # startDate, not the "Posted 8 Days Ago" prose
    assert p.extra["posted_on"] == "Posted 8 Days Ago"
    assert p.employment_type == "full_time"
    assert p.url.endswith("/Medical-Records-Technician---HIM_JR-40211")


def test_workday_location_string_gives_city_and_state():
    (p,) = workday.parse(load("detail_unicode_escaped.json"))
    assert (p.location, p.state) == ("Dayton, OH", "OH")
    assert p.extra["requisition_location"] == "USA OH Dayton - 1 Wyoming St (MVH01)"


def test_pay_inside_description_is_left_to_the_extractor():
    (p,) = workday.parse(load("detail_unicode_escaped.json"))
    assert (p.salary_min, p.salary_max, p.salary_period) == (None, None, None)
    assert "Pay range: $18.75 - $24.10 per hour" in p.description_text


def test_employer_from_hiring_organization_or_option():
    raw = load("detail_unicode_escaped.json")
    assert workday.parse(raw)[0].employer == "Miami Valley Hospital, Inc."  # the company code "0420 " dropped
    assert workday.parse(raw, options={"employer": "Miami Valley Hospital"})[0].employer == "Miami Valley Hospital"


def test_remote_type_additional_locations_and_posting_id_fallback():
    (p,) = workday.parse(load("detail_remote_multi_location.json"))
    assert p.remote == "remote"
    assert p.external_id == "Coding-Specialist--PRN-_JR-40299"  # no jobReqId
    assert p.extra["locations"] == ["Remote - Ohio", "USA OH Cincinnati", "USA KY Covington"]
    assert p.state is None and p.extra["states"] == ["KY", "OH"]  # two states: no single one
    assert p.employment_type == "per_diem"  # "(PRN)" title beats "Part time"


def test_list_page_is_refused_because_it_has_no_description():
    with pytest.raises(ParseError, match="list page"):
        workday.parse(load("list_page.json"))


def test_wrong_shape():
    with pytest.raises(ParseError):
        workday.parse({"errorCode": "HTTP_400"})
