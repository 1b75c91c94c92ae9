"""Where a job is, as real responses spell it (issue 12, quirks 2, 4, 5 and 8).

Each fixture reproduces a shape seen in a recorded real response, in our own words:
USAJOBS announcements listing twenty-odd duty stations across states and territories,
a trailing ISO country code ("Toronto, ON, CA"), bare US city names, Workday's
"NC-Virtual Office", placeholder address parts and a jobLocation list whose places
carry distinct names over one copied address.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.geo import parse_location
from scraper.sources import greenhouse, jsonld, usajobs, workday

FIXTURES = Path(__file__).parent / "fixtures"


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def federal():
    return {p.external_id: p for p in usajobs.parse(load("usajobs/search_multi_location.json"))}


# -- quirk 2: a posting in several states has no single state ---------------------------------
def test_usajobs_many_states_give_no_state_and_keep_every_location(federal):
    p = federal["870100100"]
    assert p.state is None
    assert p.location == "Multiple Locations"
    assert p.extra["states"] == ["AK", "AZ", "CA", "CO", "GU", "HI", "ID", "NM", "NV", "OR", "PR", "TX",
                                 "UT", "VI", "WA", "WY"]
    assert len(p.extra["locations"]) == 21 and "Fresno, California" in p.extra["locations"]


def test_usajobs_negotiable_location_is_no_place(federal):
    p = federal["870100200"]
    assert (p.state, p.location) == (None, "Location Negotiable After Selection")
    assert "states" not in p.extra


def test_usajobs_several_cities_in_one_state_keep_that_state(federal):
    p = federal["870100300"]
    assert p.state == "OH" and p.extra["states"] == ["OH"] and len(p.extra["locations"]) == 3


def test_resolve_states_rule():
    from scraper.geo import resolve_states

    assert resolve_states(["OH", "OH"]) == ("OH", ["OH"])
    assert resolve_states(["TX", "OK", None, "TX"]) == (None, ["OK", "TX"])
    assert resolve_states([None]) == (None, [])


# -- quirk 4: a trailing country code is a country -------------------------------------------
@pytest.mark.parametrize("text", ["Toronto, ON, CA", "Vancouver, BC, CA", "Mumbai, MH, IN", "Toronto, Ontario, CA",
                                  "Bangalore, Karnataka, India", "CA-ON-Toronto", "London, United Kingdom"])
def test_non_us_places_get_no_us_state(text):
    assert parse_location(text).state is None


@pytest.mark.parametrize(("text", "state"), [("Springfield, IL, US", "IL"), ("Dayton, OH, USA", "OH"),
                                              ("Springfield, IL", "IL"), ("Fresno, CA", "CA"),
                                              ("Richardson, TX, United States", "TX")])
def test_us_places_keep_their_state(text, state):
    assert parse_location(text).state == state


def test_greenhouse_toronto_is_not_california():
    by_id = {p.external_id: p for p in greenhouse.parse(load("greenhouse/metadata_working_model.json"))}
    assert by_id["8120034002"].state is None


# -- quirk 5: bare city names, "NC-Virtual Office" --------------------------------------------
@pytest.mark.parametrize(("text", "city", "state"), [
    ("San Francisco", "San Francisco", "CA"), ("Mountain View", "Mountain View", "CA"),
    ("San Francisco, United States", "San Francisco", "CA"), ("St. Louis", "St. Louis", "MO"),
    ("NC-Virtual Office", None, "NC"), ("TX-Houston", "Houston", "TX"), ("US-UT-North Salt Lake", "North Salt Lake", "UT"),
])
def test_gazetteer_and_state_prefixes(text, city, state):
    assert parse_location(text) == (city, state)


@pytest.mark.parametrize("text", ["Springfield", "Portland", "Columbus", "Remote", "IN-Bengaluru", "Kansas City"])
def test_ambiguous_or_foreign_bare_names_stay_unknown(text):
    assert parse_location(text).state is None


def test_greenhouse_bare_cities_resolve_through_the_gazetteer():
    by_id = {p.external_id: p for p in greenhouse.parse(load("greenhouse/metadata_working_model.json"))}
    assert by_id["8120034004"].state == "CA"


def test_workday_virtual_office_gives_its_state():
    (p,) = workday.parse(load("workday/detail_company_code_virtual_office.json"))
    assert (p.state, p.remote) == ("NC", "remote")


# -- quirk 8: placeholders and copied addresses ------------------------------------------------
@pytest.fixture(scope="module")
def bluestem():
    html = (FIXTURES / "jsonld" / "placeholder_and_copied_places.html").read_text(encoding="utf-8")
    return {p.extra["identifier"]: p for p in jsonld.parse(html, source_url="https://jobs.bluestem.example/x")}


def test_places_with_copied_addresses_are_read_by_their_names(bluestem):
    p = bluestem["MRC-55"]
    assert p.extra["locations"] == ["Austin, TX", "Round Rock, TX", "Tulsa, OK", "Wichita, KS", "Remote"]
    assert p.extra["states"] == ["KS", "OK", "TX"] and p.state is None
    assert p.remote == "remote"


def test_placeholder_address_parts_are_not_a_place(bluestem):
    p = bluestem["ROI-56"]
    assert (p.location, p.state, p.remote) == ("Remote", None, "remote")
    assert "UNAVAILABLE" not in json.dumps(p.extra)


@pytest.mark.parametrize("text", ["UNAVAILABLE", "N/A", "TBD", "n/a", "-", "Not Specified"])
def test_placeholders_parse_to_nothing(text):
    assert parse_location(text) == (None, None)
