"""Application status in rankings: which marked postings `rank` shows, and how.

Why a module of its own: the matcher scores postings and knows nothing of what the user did
about them; ranking.py turns stored postings into matches. This module adds the user's
marks (mrtjobs/storage/applications.py) on top, in three small steps that `rank` and
`new` share:

- postings the user marked stay listed after they close ("applied" to a posting that the
  site took down is still an application in progress), so they join the open postings;
- hidden and rejected postings are left out unless asked for (``all_statuses``), and
  ``only`` keeps just the given statuses;
- each row can say its status ("applied", "applied (closed)").
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from matcher.profile import Profile
from matcher.scoring import Match
from mrtjobs.ranking import filter_matches, score_pairs
from mrtjobs.storage.applications import CLEARED, STATUSES

LEFT_OUT_BY_DEFAULT = ("hidden", "rejected")
# the order `mrtjobs applications` lists them in: furthest along first
PIPELINE_ORDER = ("offer", "interviewing", "applied", "saved", "rejected", "hidden")

__all__ = ["CLEARED", "LEFT_OUT_BY_DEFAULT", "PIPELINE_ORDER", "STATUSES", "Marks", "load_marks",
           "keep_by_status", "rank_with_statuses"]


@dataclass(frozen=True)
class Marks:
    """The user's statuses, and which marked postings are closed (or shown under another copy)."""

    status: Mapping[str, str] = field(default_factory=dict)
    closed: frozenset[str] = frozenset()
    kept_apart: frozenset[str] = frozenset()  # marked postings that plain ranking leaves out

    def of(self, uid: str) -> str | None:
        return self.status.get(uid)

    def label(self, uid: str) -> str:
        status = self.status.get(uid)
        if status is None:
            return ""
        return f"{status} (closed)" if uid in self.closed else status


def load_marks(store: Any) -> Marks:
    rows = store.applications()
    return Marks(
        status={r["uid"]: r["status"] for r in rows},
        closed=frozenset(r["uid"] for r in rows if r["closed_at"]),
        kept_apart=frozenset(r["uid"] for r in rows if r["closed_at"] or r["duplicate_of"]),
    )


def ranking_inputs(store: Any, marks: Marks) -> Iterator[tuple[Any, Any]]:
    """Open, non-duplicate postings, plus the marked ones that are closed or duplicates."""
    extra = store.iter_ranking_inputs(include_closed=True, include_duplicates=True, uids=marks.kept_apart) \
        if marks.kept_apart else iter(())
    return chain(store.iter_ranking_inputs(), extra)


def keep_by_status(
    matches: list[Match], marks: Marks, *, only: Collection[str] | None = None, all_statuses: bool = False
) -> list[Match]:
    """Leave out hidden and rejected postings (unless ``all_statuses``); with ``only``, keep
    just the postings marked with one of those statuses (asking for "hidden" shows hidden)."""
    if only:
        wanted = set(only)
        return [m for m in matches if marks.of(m.uid) in wanted]
    if all_statuses:
        return list(matches)
    return [m for m in matches if marks.of(m.uid) not in LEFT_OUT_BY_DEFAULT]


def rank_with_statuses(
    store: Any, profile: Profile, taxonomy: Any, *, only: Collection[str] | None = None,
    all_statuses: bool = False, limit: int | None = None, **filters: Any,
) -> tuple[list[Match], Marks]:
    """`rank`: every open posting and every marked one, scored, status-filtered, then the
    usual filters (state, remote, min_score, eligible_only) and the limit."""
    marks = load_marks(store)
    matches = score_pairs(ranking_inputs(store, marks), profile, taxonomy)
    matches = keep_by_status(matches, marks, only=only, all_statuses=all_statuses)
    return filter_matches(matches, limit=limit, **filters), marks


def with_status(row: dict[str, Any], uid: str, marks: Marks) -> dict[str, Any]:
    """A `rank --json` row with the posting's status (null when unmarked) and whether it is closed."""
    row["status"] = marks.of(uid)
    row["closed"] = uid in marks.closed
    return row
