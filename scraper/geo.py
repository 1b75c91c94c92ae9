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

    Accepts "City, ST", "City, ST 12345", "City, State", trailing country names,
    Workday's "USA DC Washington" / "USA-MI-Detroit", "City ST" and a bare state.
    Returns ``Location(None, None)`` for text that names no US state ("Remote",
    "Multiple Locations", "London, UK").
    """
    if not text:
        return Location(None, None)
    clean = " ".join(str(text).replace("\u00a0", " ").split()).strip(" ,")
    if not clean:
        return Location(None, None)

    parts = [p.strip() for p in clean.split(",")]
    while len(parts) > 1 and (is_country_us(parts[-1]) or not parts[-1]):
        parts.pop()
    if parts:
        parts[-1] = _ZIP.sub("", parts[-1]).strip()
    if parts and parts[-1]:
        code = state_code(parts[-1])
        if code:
            city = parts[-2] if len(parts) >= 2 else None
            if city:
                city = re.split(r"\s+[-\u2013\u2014]\s+", city)[-1].strip()
            if city and state_code(city) and len(parts) == 2 and len(city) == 2:
                city = None
            return Location(city or None, code)

    match = _WORKDAY.match(clean)
    if match and state_code(match.group(1).upper()):
        city = match.group(2).strip(" -,")
        city = re.split(r"\s+-\s+", city)[0].strip()
        return Location(city or None, match.group(1).upper())

    single = parts[0] if len(parts) == 1 else None
    if single:
        match = _TRAILING_CODE.match(single)
        if match and state_code(match.group(2)):
            return Location(match.group(1).strip() or None, match.group(2))
        code = state_code(single)
        if code:
            return Location(None, code)

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


def format_location(city: str | None, state: str | None) -> str | None:
    """ "City, ST" (or whichever part is known) for display and storage."""
    if city and state:
        return f"{city}, {state}"
    return city or state or None
