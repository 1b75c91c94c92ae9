"""US place strings -> (city, 2-letter state).

Every source spells places differently ("Warren, Michigan", "Dayton, OH 45402",
"USA DC Washington", "Tampa, FL, United States") but ranking and filtering need one state
code. The state table is data (``scraper/data/us_states.json``), read once.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from scraper.gazetteer import city_state, country_code, is_city_in, is_region_of
from scraper.placeholders import is_placeholder, is_remote_word

_DATA = Path(__file__).with_name("data") / "us_states.json"

_COUNTRY_WORDS = frozenset(
    {
        "us", "u.s.", "u.s", "usa", "u.s.a.", "u.s.a", "united states", "united states of america",
        "america",
    }
)
_ZIP = re.compile(r"\s*\b\d{5}(?:-\d{4})?\s*$")
_WORKDAY = re.compile(r"^(?:USA?|United States)[\s,\-]+([A-Za-z]{2})[\s,\-]+(.+)$")
_TRAILING_CODE = re.compile(r"^(.*?)[\s,]+([A-Z]{2})\.?$")
_COMMA_CODE = re.compile(r"(?:^|,)\s*([^,]*?)\s*,\s*([A-Z]{2})\b")
_COUNTRY_REGION_CITY = re.compile(r"^([A-Z]{2,3})-([A-Z0-9]{1,3})-(.+)$")
_STATE_PREFIX = re.compile(r"^([A-Z]{2})\s*-\s*([^-].*)$")
_WORKPLACE_WORDS = re.compile(r"\b(virtual|remote|office|home|telework|telecommute|statewide|field|various)\b", re.I)


class Location(NamedTuple):
    """A parsed place; any part may be None when the text did not say it."""

    city: str | None
    state: str | None


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    states: dict[str, str] = data["states"]
    by_name = {name.casefold(): code for code, name in states.items()}
    for alias, code in data.get("aliases", {}).items():
        by_name[alias.casefold().rstrip(".")] = code
    return states, by_name


def state_name(code: str) -> str | None:
    """Full name for a 2-letter code ("OH" -> "Ohio")."""
    return _tables()[0].get((code or "").upper())


def state_code(value: str | None) -> str | None:
    """2-letter code for a state name, code or alias; None when it is not a US state."""
    if not value:
        return None
    text = " ".join(str(value).replace("\u00a0", " ").split()).strip(" .,")
    if not text:
        return None
    states, by_name = _tables()
    if len(text) == 2 and text.upper() in states:
        return text.upper()
    key = text.casefold()
    if key in by_name:
        return by_name[key]
    if key.startswith("state of "):
        return by_name.get(key[len("state of "):])
    return None


def is_country_us(value: str | None) -> bool:
    """True for the many spellings of the United States a source may use."""
    return bool(value) and " ".join(str(value).split()).strip().casefold() in _COUNTRY_WORDS


def split_locations(text: str | None) -> list[str]:
    """Split a multi-place string ("A, ST | B, ST" or "A; B") into single places."""
    if not text:
        return []
    parts = re.split(r"\s*[|;]\s*|\s+/\s+", text)
    return [p.strip() for p in parts if p and p.strip()]


def parse_location(text: str | None) -> Location:
    """Parse one place string into (city, state).

    Accepts "City, ST", "City, ST 12345", "City, State", trailing country names and codes,
    Workday's "USA DC Washington" / "USA-MI-Detroit", iCIMS's "US-UT-Salt Lake City", a state
    prefix ("NC-Virtual Office", "TX-Houston"), "City ST", a bare state and a bare US city the
    gazetteer knows ("San Francisco"). Returns ``Location(None, None)`` for text that names no
    US state: "Remote", "Multiple Locations", placeholders ("N/A"), and foreign places even
    when they end in a code that is also a state's ("Toronto, ON, CA" is Canada).
    """
    if not text or is_placeholder(text):
        return Location(None, None)
    clean = " ".join(str(text).replace("\u00a0", " ").split()).strip(" ,")
    if not clean:
        return Location(None, None)

    parts = [p.strip() for p in clean.split(",")]
    parts = [p for p in parts if p and not is_placeholder(p)]
    if not parts:
        return Location(None, None)
    if _foreign(parts):
        return Location(None, None)
    while len(parts) > 1 and is_country_us(parts[-1]):
        parts.pop()
    parts[-1] = _ZIP.sub("", parts[-1]).strip()
    if parts[-1]:
        code = state_code(parts[-1])
        if code:
            city = parts[-2] if len(parts) >= 2 else None
            if city:
                city = re.split(r"\s+[-\u2013\u2014]\s+", city)[-1].strip()
            if city and state_code(city) and len(parts) == 2 and len(city) == 2:
                city = None
            return Location(city or None, code)

    prefixed = _prefixed(clean)
    if prefixed is not None:
        return prefixed

    single = parts[0] if len(parts) == 1 else None
    if single:
        match = _TRAILING_CODE.match(single)
        if match and state_code(match.group(2)):
            return Location(match.group(1).strip() or None, match.group(2))
        code = state_code(single)
        if code:
            return Location(None, code)
        known = city_state(single)
        if known:
            return Location(single, known)

    for match in _COMMA_CODE.finditer(clean):
        code = state_code(match.group(2))
        if code:
            city = match.group(1).strip()
            city = re.split(r"\s+-\s+", city)[-1].strip()
            return Location(city or None, code)
    for part in reversed(parts):
        for piece in re.split(r"\s+[-\u2013\u2014]\s+|\s*[()]\s*", part):
            code = state_code(_ZIP.sub("", piece))
            if code:
                return Location(None, code)
    return Location(None, None)


def _foreign(parts: list[str]) -> bool:
    """True when the last comma part names a country other than the US.

    A trailing name ("India", "United Kingdom", "UK") or alpha-3 code is a country. A trailing
    two-letter code is a country only where it cannot be a state ("GB", "MX"), or where it is
    both (CA, IN, IL) and the part before it is one of that country's regions: "Toronto, ON,
    CA" is Canada, "Main St, Springfield, IL" stays Illinois.
    """
    if len(parts) < 2:
        return False
    last = parts[-1]
    if is_country_us(last):
        return False
    if len(last) == 2 and last.isalpha() and last.isupper():
        country = country_code(last)
        if not country or country == "US":
            return False
        if not state_code(last):
            return True
        return len(parts) >= 3 and is_region_of(parts[-2], country)
    if state_code(last):
        return False  # "Tbilisi, Georgia" is read as the state: the US sources we read say states
    country = country_code(last)
    return bool(country) and country != "US"


def _prefixed(clean: str) -> Location | None:
    """Places written code-first: "USA DC Washington", "US-UT-Salt Lake", "CA-ON-Toronto",
    "NC-Virtual Office", "TX-Houston"; None when the text is not of that form."""
    match = _WORKDAY.match(clean)
    if match and state_code(match.group(1).upper()):
        city = match.group(2).strip(" -,")
        city = re.split(r"\s+-\s+", city)[0].strip()
        return Location(city or None, match.group(1).upper())
    match = _COUNTRY_REGION_CITY.match(clean)
    if match and country_code(match.group(1)) and match.group(1) not in ("US", "USA"):
        return Location(None, None)  # a foreign country-region-city form
    match = _STATE_PREFIX.match(clean)
    if not match or not state_code(match.group(1)):
        return None
    code, rest = match.group(1), match.group(2).strip()
    if is_city_in(rest, code):
        return Location(rest, code)
    if is_remote_word(rest) or _WORKPLACE_WORDS.search(rest):
        return Location(None, code)
    if not country_code(code):
        return Location(rest or None, code)
    return Location(None, None)  # "IN-Bengaluru": India's code as much as Indiana's


def format_location(city: str | None, state: str | None) -> str | None:
    """ "City, ST" (or whichever part is known) for display and storage."""
    if city and state:
        return f"{city}, {state}"
    return city or state or None


def resolve_states(states: list[str | None]) -> tuple[str | None, list[str]]:
    """(the one state, every state) for a posting's places.

    Why no "first state": a federal announcement listing twenty duty stations in twelve
    states is not a job in the first one; a posting in several states has no single state
    (``None``), and the sorted list lets ``rank --state`` match any of them.
    """
    unique = sorted({s for s in states if s})
    return (unique[0] if len(unique) == 1 else None), unique


def states_of(places: list[str]) -> list[str | None]:
    """The state each place string names (None where it names none)."""
    return [parse_location(place).state for place in places]
