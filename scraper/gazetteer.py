"""Place facts the location parser looks up: US cities, countries and foreign regions.

Why a gazetteer: sources write bare city names ("San Francisco", "Mountain View") and foreign
places that look like US ones ("Toronto, ON, CA" ends in California's code). The facts are
data files built from well-kept packages by ``tools/make_geo_data.py``:

- ``data/us_cities.json``: every US city (and territory city) of 15,000+ people from GeoNames,
  with its state(s) and population;
- ``data/countries.json``: ISO 3166-1 codes and names, and the ISO 3166-2 regions of the
  countries whose code is also a US state code.

A bare city name gives a state only when one state clearly owns it: the name occurs in one
state, or its biggest namesake is at least ``DOMINANCE`` times the next ("Austin" is Texas,
"Portland" and "Springfield" stay unknown).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).with_name("data")
DOMINANCE = 10.0

_ABBREVIATIONS = ((re.compile(r"\bst\b\.?|\bsaint\b"), "st"), (re.compile(r"\bste\b\.?|\bsainte\b"), "ste"),
                  (re.compile(r"\bft\b\.?|\bfort\b"), "ft"), (re.compile(r"\bmt\b\.?|\bmount\b"), "mt"))
_NOT_WORD = re.compile(r"[^\w\s]")


def city_key(name: str) -> str:
    """Case-, punctuation- and abbreviation-blind form: "St. Louis" == "Saint Louis"."""
    key = " ".join(str(name).replace("\u00a0", " ").casefold().split())
    for pattern, short in _ABBREVIATIONS:
        key = pattern.sub(short, key)
    return " ".join(_NOT_WORD.sub(" ", key).split())


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict[str, int]]:
    raw = json.loads((_DATA / "us_cities.json").read_text(encoding="utf-8"))["cities"]
    table: dict[str, dict[str, int]] = {}
    for name, states in raw.items():
        merged = table.setdefault(city_key(name), {})
        for state, people in states.items():
            merged[state] = max(merged.get(state, 0), people)
    return table


@lru_cache(maxsize=1)
def _countries() -> dict:
    return json.loads((_DATA / "countries.json").read_text(encoding="utf-8"))


def city_state(name: str | None) -> str | None:
    """The state a bare US city name clearly belongs to, else None."""
    if not name:
        return None
    states = _cities().get(city_key(name))
    if not states:
        return None
    ranked = sorted(states.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) == 1 or ranked[0][1] >= DOMINANCE * max(ranked[1][1], 1):
        return ranked[0][0]
    return None


def is_city_in(name: str | None, state: str) -> bool:
    """True when the gazetteer knows a city of that name in that state."""
    return bool(name) and state in _cities().get(city_key(name), {})


def country_code(value: str | None) -> str | None:
    """ISO alpha-2 code for a country code, alpha-3 code or name ("CA", "CAN", "Canada"), else None."""
    if not value:
        return None
    text = " ".join(str(value).split()).strip(" .,")
    data = _countries()
    if len(text) == 2 and text.upper() in data["codes"]:
        return text.upper()
    names = _country_names()
    return names.get(text.casefold())


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {name.casefold(): code for name, code in _countries()["names"].items()}


def is_region_of(region: str | None, country: str) -> bool:
    """True when ``region`` is an ISO 3166-2 region (code or name) of ``country`` ("ON" of CA)."""
    if not region:
        return False
    regions = _countries()["subdivisions"].get(country, {})
    text = " ".join(region.split()).strip(" .")
    return text.upper() in regions or text.casefold() in {n.casefold() for n in regions.values()}
