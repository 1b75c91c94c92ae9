"""What is new since last time: the new postings worth applying to, best first.

Why its own module: `mrtjobs new` (postings first seen since a time) and `crawl --digest`
(the postings a crawl stored for the first time, found exactly by comparing the uids
before and after) ask the same question of different sets of postings. Both score only
those postings, leave out what the user hid or rejected, and split them into the ones worth
applying to (eligible and over the apply threshold, matcher/weights.py) and a count of
the rest.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from matcher import weights
from matcher.profile import Profile
from matcher.scoring import Match
from mrtjobs.applications import Marks, keep_by_status, load_marks
from mrtjobs.errors import AppError
from mrtjobs.ranking import score_pairs

LAST_CRAWL = "last-crawl"
TOP_REASONS = 3
_AGO = re.compile(r"^(\d{1,5})\s*([dh])$", re.IGNORECASE)


@dataclass
class Digest:
    window: str  # "in this crawl", "since the crawl of 2026-11-20 06:17 UTC", "since 2026-11-01"
    since: str | None  # UTC ISO time the window starts (None for a crawl's own new postings)
    new: int = 0  # new postings considered (open, extracted, not duplicates, not hidden/rejected)
    worth: list[Match] = field(default_factory=list)
    marks: Marks = field(default_factory=Marks)
    first_seen: dict[str, str] = field(default_factory=dict)

    @property
    def below(self) -> int:
        return self.new - len(self.worth)

    def to_json(self) -> dict[str, Any]:
        return {
            "window": self.window,
            "since": self.since,
            "new": self.new,
            "threshold": weights.APPLY_THRESHOLD,
            "worth_applying": [self.row(i, m) for i, m in enumerate(self.worth, 1)],
            "below_threshold": self.below,
        }

    def row(self, rank: int, m: Match) -> dict[str, Any]:
        f = m.facts
        return {
            "rank": rank, "uid": f.uid, "title": f.title, "employer": f.employer, "location": place(m),
            "url": f.url, "score": m.score, "eligible": m.eligible, "status": self.marks.of(f.uid),
            "first_seen": self.first_seen.get(f.uid), "reasons": reasons(m),
        }


def digest_of(store: Any, profile: Profile, taxonomy: Any, uids: Collection[str], *, window: str,
              since: str | None = None) -> Digest:
    """Score the postings ``uids`` (open, extracted, not duplicates) and keep the worth-applying ones."""
    marks = load_marks(store)
    matches = score_pairs(store.iter_ranking_inputs(uids=uids), profile, taxonomy) if uids else []
    matches = keep_by_status(matches, marks)
    return Digest(window=window, since=since, new=len(matches), worth=[m for m in matches if m.apply],
                  marks=marks, first_seen=store.first_seen_of([m.uid for m in matches]) if matches else {})


def digest_since(store: Any, profile: Profile, taxonomy: Any, since: str, *, now: datetime | None = None) -> Digest:
    """The digest of postings first seen since ``since``: "last-crawl", a date, a time, or "7d"/"12h"."""
    start, window = resolve_since(store, since, now=now)
    return digest_of(store, profile, taxonomy, store.new_since(start), window=window, since=start)


def resolve_since(store: Any, value: str, *, now: datetime | None = None) -> tuple[str, str]:
    """(UTC ISO start, words for it); AppError for a value that is none of the accepted forms."""
    value = value.strip()
    if value == LAST_CRAWL:
        start = store.last_crawl_start()
        if start is None:
            raise AppError("no crawl recorded yet, so there is no 'last crawl': use --since DATE (e.g. 2026-11-01)")
        return start, f"since the crawl of {_readable(start)}"
    if m := _AGO.match(value):
        amount, unit = int(m.group(1)), m.group(2).lower()
        delta = timedelta(days=amount) if unit == "d" else timedelta(hours=amount)
        start_dt = (now or datetime.now(timezone.utc)) - delta
        return _iso(start_dt), f"in the last {amount} {'day' if unit == 'd' else 'hour'}{'s' if amount != 1 else ''}"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise AppError(f"--since {value!r}: expected last-crawl, a date (2026-11-01), a time "
                       "(2026-11-01T06:00, UTC unless it says otherwise) or an age (7d, 12h)") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return _iso(parsed), f"since {_readable(_iso(parsed))}"


def reasons(m: Match, limit: int = TOP_REASONS) -> list[str]:
    """The points that earned the most, as "RHIT: exact (+21.4)", best first."""
    earned = sorted((p for p in m.points if p.points > 0), key=lambda p: -p.points)[:limit]
    out = []
    for p in earned:
        shown = p.matched_by and p.match_type != "exact" and p.matched_by.casefold() != p.item.casefold()
        via = f" via {p.matched_by}" if shown else ""
        out.append(f"{p.item}: {p.match_type}{via} (+{p.points:.1f})")
    return out


def place(m: Match) -> str:
    f = m.facts
    where = "remote" if f.remote == "remote" else (f.location or f.state or "")
    return ", ".join(x for x in (f.employer, where) if x)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def _readable(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso).astimezone(timezone.utc)
    except ValueError:
        return iso
    if moment.hour == moment.minute == moment.second == 0:
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%d %H:%M UTC")
