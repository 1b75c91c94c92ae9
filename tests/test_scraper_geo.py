"""US place strings -> (city, state code), as each source spells them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.geo import Location, parse_location, split_locations, state_code, state_name

STATES = json.loads((Path(__file__).parents[1] / "scraper" / "data" / "us_states.json").read_text())["states"]


@pytest.mark.parametrize("code,name", sorted(STATES.items()))
def test_every_state_name_and_code_resolves(code, name):
    assert state_code(name) == code
    assert state_code(name.upper()) == code
    assert state_code(code.lower()) == code
    assert state_name(code) == name


@pytest.mark.parametrize("value", ["", None, "UK", "Ontario", "N/A", "Remote"])
def test_non_states_give_none(value):
    assert state_code(value) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Warren, Michigan", Location("Warren", "MI")),
        ("Dayton, OH 45402", Location("Dayton", "OH")),
        ("Tampa, FL, United States", Location("Tampa", "FL")),
        ("Columbus, Ohio, USA", Location("Columbus", "OH")),
        ("USA DC Washington", Location("Washington", "DC")),
        ("USA-MI-Detroit", Location("Detroit", "MI")),
        ("Dayton OH", Location("Dayton", "OH")),
        ("Yakima, WA - Mercy Valley Medical Center", Location("Yakima", "WA")),
        ("Hybrid \u2013 Dayton, OH", Location("Dayton", "OH")),
        ("Remote - Ohio", Location(None, "OH")),
        ("Ohio", Location(None, "OH")),
        ("Remote", Location(None, None)),
        ("Multiple Locations", Location(None, None)),
        ("London, UK", Location(None, None)),
        ("Anywhere in the U.S. (remote job)", Location(None, None)),
    ],
)
def test_parse_location(text, expected):
    assert parse_location(text) == expected


def test_split_locations_on_pipes_and_semicolons():
    assert split_locations("Dayton, OH | Kettering, OH; Remote") == ["Dayton, OH", "Kettering, OH", "Remote"]
    assert split_locations(None) == []
