"""The matcher's own view of a posting: identity, place and pay, nothing about storage.

Why a separate record: the matcher may not import the scraper or the database, so the
application (``mrtjobs/ranking.py``) copies the few fields ranking needs into this shape.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from skills_taxonomy.extraction import Mention


@dataclass(frozen=True)
class PostingFacts:
    uid: str
    title: str
    employer: str | None = None
    location: str | None = None
    state: str | None = None
    remote: str | None = None  # remote | hybrid | onsite
    employment_type: str | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_period: str | None = None
    url: str | None = None
    # groups of required certification ids a posting accepts one of ("RHIT or RHIA")
    alternatives: tuple[tuple[str, ...], ...] = ()


# what may stand between two credentials that a posting offers as alternatives
_ALTERNATIVE_GAP = re.compile(r"^[\s,;/()]*(?:\bor\b|\band/or\b|/)?[\s,;/()]*$", re.IGNORECASE)
_MAX_GAP = 24
# "CIC accepted in place of CCS", "CPC in lieu of CCS", "COC may substitute for CPC"
_SUBSTITUTE_GAP = re.compile(
    r"^[\s,;()]*(?:(?:is|are|will be|may be|can be)\s+)?(?:(?:also\s+)?accepted|acceptable)?\s*"
    r"(?:in place of|in lieu of|instead of|as a substitute for|may substitute for|substitutes for)[\s(]*$",
    re.IGNORECASE,
)
_MAX_SUBSTITUTE_GAP = 40


def find_alternatives(mentions: Sequence[Mention], text: str) -> tuple[tuple[str, ...], ...]:
    """Group required certifications written as alternatives: "RHIT or RHIA", "CPC/CCS",
    "CIC accepted in place of CCS".

    Why from the text between mentions: only the words "or" and "/" (or a comma list ending in
    "or") tell that one credential of several is enough; without this, "RHIT or RHIA"
    would gate a holder of either for lacking the other.
    """
    certs = sorted(
        (m for m in mentions if m.kind == "certification" and m.level == "required"),
        key=lambda m: (m.start, m.end),
    )
    groups: list[list[Mention]] = []
    for m in certs:
        if groups:
            prev = groups[-1][-1]
            gap = text[prev.end : m.start] if 0 <= prev.end <= m.start <= len(text) else None
            if gap is not None and len(gap) <= _MAX_GAP and _ALTERNATIVE_GAP.match(gap):
                groups[-1].append(m)
                continue
        groups.append([m])
    out = []
    for g in groups:
        if len(g) < 2:
            continue
        between = "".join(text[a.end : b.start] for a, b in zip(g, g[1:])).lower()
        if "or" not in between and "/" not in between:  # "RHIT, RHIA" alone is a list of both
            continue
        ids = tuple(dict.fromkeys(m.skill_id for m in g))
        if len(ids) > 1:
            out.append(ids)
    for a, b in zip(certs, certs[1:]):
        gap = text[a.end : b.start] if 0 <= a.end <= b.start <= len(text) else ""
        if a.skill_id != b.skill_id and len(gap) <= _MAX_SUBSTITUTE_GAP and _SUBSTITUTE_GAP.match(gap):
            merged = next((i for i, ids in enumerate(out) if b.skill_id in ids or a.skill_id in ids), None)
            if merged is None:
                out.append((b.skill_id, a.skill_id))
            else:
                out[merged] = tuple(dict.fromkeys(out[merged] + (b.skill_id, a.skill_id)))
    return tuple(out)
