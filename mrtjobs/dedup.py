"""Recognise one job published on two sources, so rankings show it once.

A hospital posts its HIM clerk opening on Workday and the same text shows up on its
career page's JSON-LD or a Greenhouse board. Both rows are kept (each has its own URL and
its own open/closed life), and the later one records ``duplicate_of`` = the earliest.

Why these rules: the same employer, the same title and a compatible location are
necessary (two hospitals hiring a "Medical Records Clerk" are two jobs, and so are two
campuses of one system); near-identical text is what makes it the *same* posting rather
than two openings that share a title. Containment of word 3-grams rather than plain
Jaccard, because one source often wraps the shared text in its own boilerplate (a board's
intro and EEO paragraphs).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

TEXT_THRESHOLD = 0.85
_WORD = re.compile(r"[a-z0-9]+")
_EMPLOYER_NOISE = frozenset(
    {"inc", "llc", "llp", "lp", "ltd", "corp", "corporation", "co", "company", "the", "pc", "pllc"}
)
_COUNTRY_NOISE = frozenset({"usa", "us", "united", "states", "of", "america", "remote", "hybrid", "onsite"})
_STATES = {
    "alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca",
    "colorado": "co", "connecticut": "ct", "delaware": "de", "florida": "fl", "georgia": "ga",
    "hawaii": "hi", "idaho": "id", "illinois": "il", "indiana": "in", "iowa": "ia", "kansas": "ks",
    "kentucky": "ky", "louisiana": "la", "maine": "me", "maryland": "md", "massachusetts": "ma",
    "michigan": "mi", "minnesota": "mn", "mississippi": "ms", "missouri": "mo", "montana": "mt",
    "nebraska": "ne", "nevada": "nv", "new hampshire": "nh", "new jersey": "nj", "new mexico": "nm",
    "new york": "ny", "north carolina": "nc", "north dakota": "nd", "ohio": "oh", "oklahoma": "ok",
    "oregon": "or", "pennsylvania": "pa", "rhode island": "ri", "south carolina": "sc",
    "south dakota": "sd", "tennessee": "tn", "texas": "tx", "utah": "ut", "vermont": "vt",
    "virginia": "va", "washington": "wa", "west virginia": "wv", "wisconsin": "wi", "wyoming": "wy",
    "district of columbia": "dc",
}
_STATE_RX = re.compile(r"\b(" + "|".join(sorted(_STATES, key=len, reverse=True)) + r")\b")


@dataclass
class Candidate:
    """The fields dedup looks at, taken from a postings row."""

    uid: str
    feed: str
    source: str
    first_seen: str
    employer: str
    title: str
    location: frozenset[str]
    state: str
    text: str
    current: str | None

    @cached_property
    def shingles(self) -> frozenset[int]:
        return shingles(self.text)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "Candidate":
        return cls(
            uid=row["uid"],
            feed=row.get("feed") or row.get("source") or "",
            source=row.get("source") or "",
            first_seen=row.get("first_seen") or "",
            employer=normalize_employer(row.get("employer")),
            title=normalize_title(row.get("title")),
            location=location_tokens(row.get("location")),
            state=(row.get("state") or "").strip().lower(),
            text=row.get("description_text") or "",
            current=row.get("duplicate_of"),
        )


def normalize_employer(name: str | None) -> str:
    words = _WORD.findall((name or "").lower().replace("&", " and "))
    return " ".join(w for w in words if w not in _EMPLOYER_NOISE)


def normalize_title(title: str | None) -> str:
    """Lower-case words, without requisition numbers (tokens holding digits)."""
    words = _WORD.findall((title or "").lower())
    return " ".join(w for w in words if not any(c.isdigit() for c in w))


def location_tokens(location: str | None) -> frozenset[str]:
    text = _STATE_RX.sub(lambda m: _STATES[m.group(1)], (location or "").lower())
    return frozenset(w for w in _WORD.findall(text) if w not in _COUNTRY_NOISE and not w.isdigit())


def shingles(text: str, size: int = 3) -> frozenset[int]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return frozenset({hash(" ".join(words))}) if words else frozenset()
    return frozenset(hash(" ".join(words[i : i + size])) for i in range(len(words) - size + 1))


def text_similarity(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the smaller text's 3-grams found in the larger one (0..1)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def same_place(a: Candidate, b: Candidate) -> bool:
    if a.state and b.state and a.state != b.state:
        return False
    if not a.location or not b.location:
        return True
    return a.location <= b.location or b.location <= a.location


def is_duplicate(a: Candidate, b: Candidate, threshold: float = TEXT_THRESHOLD) -> bool:
    """Same job on two feeds (or two sources in one import): same employer, title and place,
    near-identical text. Two rows of one feed and one source are two openings."""
    return (
        (a.feed != b.feed or a.source != b.source)
        and bool(a.employer)
        and a.employer == b.employer
        and bool(a.title)
        and a.title == b.title
        and same_place(a, b)
        and text_similarity(a.shingles, b.shingles) >= threshold
    )


def find_duplicates(rows: Iterable[Mapping[str, Any]], threshold: float = TEXT_THRESHOLD) -> dict[str, str | None]:
    """uid -> canonical uid (the earliest-seen copy) or None, for every given open posting."""
    blocks: dict[tuple[str, str], list[Candidate]] = {}
    for row in rows:
        c = Candidate.from_row(row)
        blocks.setdefault((c.employer, c.title), []).append(c)
    result: dict[str, str | None] = {}
    for block in blocks.values():
        if len({(c.feed, c.source) for c in block}) < 2 or not block[0].employer or not block[0].title:
            result.update((c.uid, None) for c in block)  # nothing to compare across feeds
            continue
        block.sort(key=lambda c: (c.first_seen, c.uid))
        canonicals: list[Candidate] = []
        for c in block:
            match = next((k for k in canonicals if is_duplicate(k, c, threshold)), None)
            if match is None:
                canonicals.append(c)
                result[c.uid] = None
            else:
                result[c.uid] = match.uid
    return result


def changes(rows: Iterable[Mapping[str, Any]], threshold: float = TEXT_THRESHOLD) -> dict[str, str | None]:
    """Only the uids whose ``duplicate_of`` must change (what ``Store.set_duplicates`` needs)."""
    rows = list(rows)
    current = {r["uid"]: r.get("duplicate_of") for r in rows}
    found = find_duplicates(rows, threshold)
    return {uid: canon for uid, canon in found.items() if current.get(uid) != canon}
