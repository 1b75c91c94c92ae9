"""Remote / hybrid / on-site from labelled fields, as every source labels them.

"Telework eligible: Yes" (USAJOBS pages), a Greenhouse custom field "Working Model
Eligibility: Remote", a yes/no "Remote Eligible", an Oracle flex field "Telework": the label
vocabulary is data (``scraper/data/workplace_labels.json``) and one function reads them all,
so a source that adds such a field only passes its (label, value) pairs here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from scraper.sources._normalize import remote_value

_DATA = Path(__file__).resolve().parent.parent / "data" / "workplace_labels.json"
_NOT_WORD = re.compile(r"[\W_]+")
_YES = re.compile(r"^\s*(yes|y|true|eligible)\b", re.I)
_NO = re.compile(r"^\s*(no|n|false|not eligible|ineligible)\b", re.I)
PRIORITY = ("remote", "hybrid", "onsite")  # the most flexible stated arrangement wins


@lru_cache(maxsize=1)
def _labels() -> tuple[dict[str, tuple[str, str]], frozenset[str]]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    yes_no = {label_key(k): (v[0], v[1]) for k, v in data["yes_no"].items()}
    return yes_no, frozenset(label_key(v) for v in data["value"])


def label_key(label: Any) -> str:
    return " ".join(_NOT_WORD.sub(" ", str(label)).casefold().split())


def is_workplace_label(label: Any) -> bool:
    key = label_key(label)
    yes_no, value_labels = _labels()
    return key in yes_no or key in value_labels


def yes_no_label(label: Any) -> bool:
    return label_key(label) in _labels()[0]


def from_field(label: Any, value: Any) -> str | None:
    """remote/hybrid/onsite that one labelled field states, else None."""
    key = label_key(label)
    yes_no, value_labels = _labels()
    if isinstance(value, list):
        found = [from_field(label, v) for v in value]
        return strongest(found)
    if key in yes_no:
        yes, no = yes_no[key]
        if value is True or (isinstance(value, str) and _YES.match(value)):
            return yes
        if value is False or (isinstance(value, str) and _NO.match(value)):
            return no
        return remote_value(value) if isinstance(value, str) else None
    if key in value_labels and isinstance(value, str):
        return remote_value(value)
    return None


def strongest(values: Iterable[str | None]) -> str | None:
    """Several fields agree on the most flexible arrangement one of them states."""
    found = {v for v in values if v}
    return next((p for p in PRIORITY if p in found), None)
