"""Per-posting gaps: every requirement of every ranked posting and what it earned.

Leverage (what to learn next) lives in ``matcher.leverage``; ``Leverage`` and ``leverage``
are re-exported here because callers have always imported them from this module.
"""

from __future__ import annotations

from typing import NamedTuple

from matcher.leverage import Leverage, LeverageIndex, leverage
from matcher.scoring import Match, Point

__all__ = ["Gap", "Leverage", "LeverageIndex", "gaps", "leverage", "point_status"]


class Gap(NamedTuple):
    """One row of gap_report.csv: one requirement of one posting and what it earned."""

    rank: int
    uid: str
    title: str
    employer: str | None
    item: str
    kind: str
    level: str
    status: str  # met | partial | missing | gate | after_hire | pending | cap
    match_type: str
    credit: float
    weight: float
    points: float
    matched_by: str | None


def point_status(p: Point) -> str:
    """met | partial | missing for items; gate | pending | after_hire for required
    certifications not (yet) held; cap for the score-cap point."""
    if p.kind == "gate":
        return "cap"
    if p.gate in ("missing", "pending", "after_hire"):
        return "gate" if p.gate == "missing" else p.gate
    if p.met:
        return "met"
    return "partial" if p.credit > 0 else "missing"


def gaps(matches: list[Match]) -> list[Gap]:
    """Every point of every ranked posting (their points sum to the posting's score).

    Points are shared between postings (the scorer caches them), so each point's part of
    the row (item ... matched_by, with its status) is built once and keyed by identity."""
    out = []
    append = out.append
    new = tuple.__new__  # what Gap._make calls, without its extra Python frame per row
    tails: dict[int, tuple] = {}
    for rank, m in enumerate(matches, 1):
        f = m.facts
        head = (rank, f.uid, f.title, f.employer)
        for p in m.points:
            tail = tails.get(id(p))
            if tail is None:
                tail = tails[id(p)] = (p.item, p.kind, p.level, point_status(p), p.match_type,
                                       p.credit, p.weight, p.points, p.matched_by)
            append(new(Gap, head + tail))
    return out
