"""Career tier and pay of a posting, compared with the career guide's figures.

Why: a job seeker wants to know whether a posting is an entry, mid or senior job and
whether it pays what the guides say that tier pays. The tiers and salary figures live in
``matcher/data/career.toml`` (data, not code) so they can be updated when the guide is.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matcher.errors import MatcherError
from matcher.weights import PERIODS_PER_YEAR

DATA_FILE = Path(__file__).parent / "data" / "career.toml"


@dataclass(frozen=True)
class Tier:
    name: str
    label: str
    min_years: float
    max_years: float | None
    salary: float
    title_words: tuple[str, ...]


@dataclass(frozen=True)
class CareerData:
    tiers: tuple[Tier, ...]
    guide_median: float
    guide_range: tuple[float, float]
    top_10_percent_from: float
    bls_median: float
    hours_per_year: int


@lru_cache(maxsize=4)
def load_career_data(path: Path = DATA_FILE) -> CareerData:
    """Read the tiers and salary figures; a broken file is a MatcherError naming it."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        tiers = tuple(
            Tier(
                name=t["name"],
                label=t["label"],
                min_years=float(t["min_years"]),
                max_years=float(t["max_years"]) if "max_years" in t else None,
                salary=float(t["salary"]),
                title_words=tuple(w.lower() for w in t.get("title_words", ())),
            )
            for t in raw["tiers"]
        )
        return CareerData(
            tiers=tiers,
            guide_median=float(raw["guide"]["median"]),
            guide_range=(float(raw["guide"]["range_min"]), float(raw["guide"]["range_max"])),
            top_10_percent_from=float(raw["guide"]["top_10_percent_from"]),
            bls_median=float(raw["bls"]["median"]),
            hours_per_year=int(raw.get("hours_per_year", 2080)),
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise MatcherError(f"{path}: cannot read career data ({exc})") from exc


def tier_for_years(years: float | None, data: CareerData | None = None) -> Tier | None:
    """The guide's tier for a number of years (0-2 entry, 3-5 mid, 6+ senior)."""
    if years is None:
        return None
    data = data or load_career_data()
    chosen = None
    for tier in data.tiers:  # tiers are ordered; a fractional 2.5 years falls in the lower tier
        if years >= tier.min_years or chosen is None:
            chosen = tier
    return chosen


_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


def tier_for_title(title: str, data: CareerData | None = None) -> Tier | None:
    """Fallback when a posting states no years: words such as "Senior", "Lead", "II"."""
    data = data or load_career_data()
    words = set(_WORD.findall(title.lower()))
    text = " ".join(_WORD.findall(title.lower()))
    for tier in reversed(data.tiers):  # the most senior word wins ("Lead Coder I")
        for w in tier.title_words:
            if (" " in w and f" {w} " in f" {text} ") or w in words:
                return tier
    return None


def annual_pay(
    salary_min: float | None, salary_max: float | None, period: str | None
) -> float | None:
    """Midpoint of a posting's pay converted to a year (2080 hours, 260 days, ...)."""
    values = [v for v in (salary_min, salary_max) if v is not None]
    if not values:
        return None
    factor = PERIODS_PER_YEAR.get(period or "year")
    if factor is None:
        return None
    mid = sum(values) / len(values)
    return round(mid * factor, 2)


def annual_max(salary_min: float | None, salary_max: float | None, period: str | None) -> float | None:
    """The top of the posted range per year (what a salary preference is compared with)."""
    values = [v for v in (salary_min, salary_max) if v is not None]
    if not values:
        return None
    factor = PERIODS_PER_YEAR.get(period or "year")
    return None if factor is None else round(max(values) * factor, 2)
