"""Salary and location/remote fit: reported beside the score, never folded into it.

Why separate: a posting that pays well and is remote must not look like a good match when
the user lacks its required credential; these sub-scores inform, the skill score decides.
"""

from __future__ import annotations

from matcher.career import annual_max
from matcher.facts import PostingFacts
from matcher.profile import Preferences
from matcher.weights import PERIODS_PER_YEAR

# remote preference -> posting's arrangement -> fit (0-100)
REMOTE_FIT = {
    "remote": {"remote": 100.0, "hybrid": 50.0, "onsite": 0.0},
    "hybrid": {"remote": 75.0, "hybrid": 100.0, "onsite": 50.0},
    "onsite": {"remote": 50.0, "hybrid": 100.0, "onsite": 100.0},
}
CITY_MISS_FIT = 50.0  # right state, another city


def salary_fit(facts: PostingFacts, prefs: Preferences) -> float | None:
    """100 when the top of the posted range reaches the user's minimum, else the share reached."""
    if prefs.min_salary is None or prefs.min_salary <= 0:
        return None
    top = annual_max(facts.salary_min, facts.salary_max, facts.salary_period)
    if top is None:
        return None
    wanted = prefs.min_salary * PERIODS_PER_YEAR[prefs.salary_period]
    return 100.0 if top >= wanted else round(100.0 * top / wanted, 1)


def location_fit(facts: PostingFacts, prefs: Preferences) -> float | None:
    """The lower of remote-arrangement fit and place fit; None when the posting says neither."""
    parts: list[float] = []
    if prefs.remote != "any" and facts.remote is not None:
        parts.append(REMOTE_FIT[prefs.remote][facts.remote])
    place = _place_fit(facts, prefs)
    if place is not None:
        parts.append(place)
    return min(parts) if parts else None


def _place_fit(facts: PostingFacts, prefs: Preferences) -> float | None:
    if facts.remote == "remote":
        return 100.0 if (prefs.states or prefs.cities) else None
    if not prefs.states and not prefs.cities:
        return None
    if prefs.states:
        if facts.state is None:
            return None
        if facts.state.upper() not in prefs.states:
            return 0.0
    if prefs.cities:
        where = (facts.location or "").lower()
        if not where:
            return None
        return 100.0 if any(c.lower() in where for c in prefs.cities) else CITY_MISS_FIT
    return 100.0


def place_matches(facts: PostingFacts, state: str | None = None, remote: str | None = None) -> bool:
    """Filter used by ``rank --state/--remote``: a remote posting matches every state."""
    if remote is not None and remote != "any" and facts.remote != remote:
        return False
    if state is not None and facts.remote != "remote":
        if (facts.state or "").upper() != state.upper():
            return False
    return True
