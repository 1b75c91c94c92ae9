"""Values that stand for "nothing": placeholders sources put where a fact should be.

Real responses fill address parts with "UNAVAILABLE", "N/A" or "TBD" and put "Remote" where a
street belongs; stored as they are, they become a posting in the city of UNAVAILABLE. The
vocabulary is data (``scraper/data/placeholders.json``) so a new spelling is added once and
every source drops it the same way.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).with_name("data") / "placeholders.json"
_TRIM = re.compile(r"^[\s.,;:()\[\]]+|[\s.,;:()\[\]]+$")


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    return frozenset(data["values"]), frozenset(data["remote_words"])


def _key(value: object) -> str:
    return " ".join(_TRIM.sub("", str(value)).split()).casefold()


def is_placeholder(value: object) -> bool:
    """True for None, blanks and the known "no value" spellings ("N/A", "TBD", "UNAVAILABLE")."""
    if value is None:
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return False
    key = _key(value)
    return not key or key in _vocabulary()[0]


def is_remote_word(value: object) -> bool:
    """True when a place field holds a workplace word instead of a place ("Remote", "Virtual Office")."""
    return value is not None and _key(value) in _vocabulary()[1]


def clean(value: object) -> str | None:
    """The stripped text, or None when it is a placeholder."""
    if not isinstance(value, str) or is_placeholder(value):
        return None
    return " ".join(value.split())
