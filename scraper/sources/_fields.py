"""Facts a pasted posting states in its first lines: employer, place, schedule, date.

Saved pages and .txt postings have no structured fields, but people (and career sites)
write the same few facts at the top: "Location: Salina, Kansas", "Bayfront General Hospital",
"Lewiston, ID · Full time · On site". Reading only those lines, and only labelled or short
separator-joined ones, keeps prose ("this is not a remote role") from setting fields.
"""

from __future__ import annotations

import re
from typing import Any

from scraper.geo import format_location, parse_location
from scraper.sources._normalize import employment_type, iso_date, remote_value
from scraper.sources._workplace import from_field, is_workplace_label, label_key, strongest, yes_no_label

_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z /]{1,30}?)\s*[:\uff1a]\s*(.+?)\s*$")
_META_SPLIT = re.compile(r"\s+[|\u00b7\u2022\u2014\u2013]\s+|\s+-\s+")
_LOCATION_LABELS = {"location", "job location", "work location", "city", "locations", "where"}
_EMPLOYER_LABELS = {"company", "employer", "organization", "organisation", "hospital",
                    "facility", "hiring organization"}
_POSTED = re.compile(r"^\s*(?:date\s+)?posted(?:\s+on)?\s*:?\s+(.+)$", re.I)
_HEADING_WORDS = re.compile(
    r"\b(about|overview|summary|description|responsibilities|duties|role|requirements|"
    r"qualifications|benefits|job|position|what|who|why|we|our|you)\b", re.I)
_TYPE_LABELS = {"job type", "employment type", "schedule", "status", "position type",
                "employment", "type", "hours", "work schedule", "employment status", "appointment type"}
_REMOTE_LABELS = {"workplace", "work arrangement", "remote", "work setting", "workplace type",
                  "location type", "work model"}
_DATE_LABELS = {"posted", "date posted", "posting date", "posted on"}
_META_LINES = 8
_PAIR_LINES = 150  # a bare "Telework eligible" line and its "Yes" line may sit below the header
_PAIR_VALUE = 80
_REMOTE_WORDS = r"((?:100%\s+|fully\s+)?(?:remote|hybrid|on[- ]?site|in[- ]office|telework|work from home))"
_REMOTE_START = re.compile(r"^\s*" + _REMOTE_WORDS + r"\b", re.I)
_REMOTE_PAREN = re.compile(r"\(\s*" + _REMOTE_WORDS + r"\b", re.I)


def labelled_fields(body: str, *, first_line_employer: bool = True) -> dict[str, Any]:
    """Facts stated in the first lines ("Location: Dayton, OH", "Mercy Health · Dayton, OH").

    Only labelled lines and short separator-joined meta lines are read: a sentence like
    "this is not a remote role" must not set the remote flag. A short first line that is
    not a heading is taken as the employer, as pasted postings usually put it there.
    """
    found: dict[str, Any] = {}
    votes: list[str | None] = []
    lines = [ln.strip().lstrip("\u2022*\u00b7").strip() for ln in body.split("\n")]
    lines = [ln for ln in lines if ln]
    for index, line in enumerate(lines[:25]):
        posted = _POSTED.match(line)
        if posted and "date_posted" not in found and iso_date(posted.group(1)):
            found["date_posted"] = iso_date(posted.group(1))
            continue
        match = _LABEL.match(line)
        if match:
            if is_workplace_label(match.group(1)):
                votes.append(from_field(match.group(1), match.group(2)))
            _apply_label(found, match.group(1).casefold().strip(), match.group(2))
            continue
        if _is_pair(lines, index):
            continue  # a label alone on its line; its value line is read below
        if index >= _META_LINES or len(line) > 100 or line.endswith((".", ":", "!", "?")):
            continue
        parts = [p.strip() for p in _META_SPLIT.split(line) if p.strip()]
        used = [_apply_meta(found, part) for part in parts]
        if (first_line_employer and index == 0 and "employer" not in found and not used[0]
                and _looks_like_name(parts[0])):
            if len(parts) > 1 or len(lines) > 1 and not _looks_like_sentence(parts[0]):
                found["employer"] = parts[0]
    for index, line in enumerate(lines[:_PAIR_LINES]):
        # Pages render "label" and "value" as two lines (<dt>/<dd>, <h5>/<p>): "Telework eligible" / "Yes".
        if _is_pair(lines, index):
            value = lines[index + 1]
            if is_workplace_label(line):
                votes.append(from_field(line, value))
            elif index < 25:
                _apply_label(found, label_key(line), value)
    vote = strongest(votes)
    if vote:
        found["remote"] = strongest([vote, found.get("remote")])
    return found


def _is_pair(lines: list[str], index: int) -> bool:
    """True when ``lines[index]`` is a known label alone on its line, followed by a short value."""
    if index + 1 >= len(lines) or len(lines[index + 1]) > _PAIR_VALUE:
        return False
    key = label_key(lines[index])
    if yes_no_label(key) or is_workplace_label(key):
        return True
    return key in _LOCATION_LABELS or key in _TYPE_LABELS or key in _EMPLOYER_LABELS


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 8
        and not text.isupper()
        and not _HEADING_WORDS.search(text)
        and sum(w[:1].isupper() for w in words) >= max(1, len(words) - 2)
    )


def _looks_like_sentence(text: str) -> bool:
    return text.endswith(".") or len(text.split()) > 8


def _apply_label(found: dict[str, Any], label: str, value: str) -> None:
    if label in _LOCATION_LABELS and "location" not in found:
        parsed = parse_location(value)
        found["location"] = format_location(parsed.city, parsed.state) or value
        if parsed.state:
            found["state"] = parsed.state
        if "remote" not in found and remote_value(value) in ("remote", "hybrid"):
            found["remote"] = remote_value(value)
    elif label in _EMPLOYER_LABELS and "employer" not in found:
        found["employer"] = value
    elif label in _TYPE_LABELS and "employment_type" not in found and employment_type(value):
        found["employment_type"] = employment_type(value)
    elif label in _REMOTE_LABELS and "remote" not in found and remote_value(value):
        found["remote"] = remote_value(value)
    elif label in _DATE_LABELS and "date_posted" not in found and iso_date(value):
        found["date_posted"] = iso_date(value)


def _apply_meta(found: dict[str, Any], part: str) -> bool:
    """Read one short meta fragment; True when it said something (place, type, remote)."""
    used = False
    parsed = parse_location(part)
    if parsed.state and parsed.city and len(part) <= 60:
        used = True
        if "location" not in found:
            found["location"] = format_location(parsed.city, parsed.state)
            found["state"] = parsed.state
    if len(part) <= 40 and employment_type(part):
        used = True
        found.setdefault("employment_type", employment_type(part))
    flag = _REMOTE_START.match(part) or _REMOTE_PAREN.search(part)
    if flag and len(part) <= 60 and remote_value(flag.group(1)):
        used = True
        found.setdefault("remote", remote_value(flag.group(1)))
        if found["remote"] == "remote" and "location" not in found:
            found["location"] = part
    return used
