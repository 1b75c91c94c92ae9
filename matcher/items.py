"""The items a posting asks for, before any profile is looked at.

Why apart from scoring: what a posting requires (one item per taxonomy id, its highest
level, alternatives such as "RHIT or RHIA" merged, experience and education) depends only on
the posting, so it is built once per posting and cached per taxonomy, while scoring is what
changes from one profile to the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from matcher import weights as W
from matcher.facts import PostingFacts
from matcher.relations import Relations
from skills_taxonomy.extraction import Extraction

LEVEL_RANK = {"required": 0, "preferred": 1, "mentioned": 2}
LEVELS_BY_RANK = ("required", "preferred", "mentioned", "mentioned")


@dataclass(frozen=True)
class Item:
    """One scoreable requirement, before the profile is looked at."""

    key: str
    label: str
    kind: str
    level: str
    ids: tuple[str, ...]
    weight: float
    gate: bool = False
    after_hire: str | None = None
    amount: float | None = None  # years asked, for experience items
    # worked out once: items are cached and then sorted and looked up thousands of times
    order: tuple = field(init=False, repr=False, compare=False)
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "order", (LEVEL_RANK.get(self.level, 3), -self.weight, self.label, self.key))
        object.__setattr__(self, "_hash", hash((self.key, self.label, self.kind, self.level, self.ids,
                                                self.weight, self.gate, self.after_hire, self.amount)))

    def __hash__(self) -> int:  # the same fields as __eq__ compares, hashed once
        return self._hash


def build_items(facts: PostingFacts, extraction: Extraction, rel: Relations) -> list[Item]:
    """Requirements of a posting: one per taxonomy id (highest level wins), alternatives
    ("RHIT or RHIA") merged into one item, then experience and education."""
    return items_from(asked_ids(extraction, rel), facts, extraction, rel)


def asked_ids(extraction: Extraction, rel: Relations) -> dict[str, list[Any]]:
    """id -> [best level rank, kind, within months, after hire] over the posting's mentions
    (also what the skill-map alignment reads, so the mentions are walked once)."""
    best: dict[str, list[Any]] = {}
    rank_of = LEVEL_RANK.get
    for m in extraction.mentions:
        r = rank_of(m.level, 3)
        cur = best.get(m.skill_id)
        if cur is None:
            best[m.skill_id] = [r, m.kind or rel.kind(m.skill_id), m.within_months, m.obtain_after_hire]
            continue
        if r < cur[0]:
            cur[0] = r
        if m.within_months is not None:
            cur[2] = m.within_months if cur[2] is None else min(cur[2], m.within_months)
        if m.obtain_after_hire:
            cur[3] = True
    return best


def items_from(best: dict[str, list[Any]], facts: PostingFacts, extraction: Extraction,
                rel: Relations) -> list[Item]:
    grouped: set[str] = set()
    groups = []
    for g in facts.alternatives:
        g = tuple(i for i in g if i in best and best[i][0] == 0)
        if len(g) > 1:
            groups.append(g)
            grouped.update(g)
    cache = rel.items
    items: list[Item] = []
    for sid, (r, kind, months, after) in best.items():
        if sid in grouped:
            continue
        key = (sid, r, kind, months, after)
        it = cache.get(key)
        if it is None:
            level = LEVELS_BY_RANK[r]
            it = cache[key] = _make_skill_item((sid,), rel.short(sid), kind, level, [(months, after)])
        items.append(it)
    for g in groups:
        label = " or ".join(rel.short(i) for i in g)
        items.append(_make_skill_item(g, label, "certification", "required", [tuple(best[i][2:]) for i in g]))
    items.sort(key=_ORDER)
    req = extraction.requirements
    years, preferred = req.min_years_experience, req.preferred_years_experience
    if years:
        items.append(_cached(cache, ("experience.required", years), _experience_item, "required", years))
    if preferred and preferred > (years or 0):
        items.append(_cached(cache, ("experience.preferred", preferred), _experience_item, "preferred", preferred))
    if req.education_min in W.EDUCATION_ORDER:
        eq = bool(req.education_equivalent_ok)
        items.append(_cached(cache, ("education", req.education_min, eq), _education_item, req.education_min, eq))
    return items


_ORDER = attrgetter("order")


def _cached(cache: dict, key: tuple, make, *args) -> Item:
    """One Item per distinct requirement, so that scoring finds it again by identity."""
    it = cache.get(key)
    if it is None:
        it = cache[key] = make(*args)
    return it


def _experience_item(level: str, years: float) -> Item:
    weight = W.WEIGHT_EXPERIENCE_REQUIRED if level == "required" else W.WEIGHT_EXPERIENCE_PREFERRED
    return Item(f"experience.{level}", f"{number_text(years)}+ years experience", "experience", level, (),
                weight, amount=float(years))


def _education_item(education: str, equivalent_ok: bool) -> Item:
    label = education.replace("_", " ") + (" or equivalent" if equivalent_ok else "")
    return Item(f"education.{education}" + (".eq" if equivalent_ok else ""), f"education: {label}",
                "education", "required", (), W.WEIGHT_EDUCATION)


def _make_skill_item(ids, label, kind, level, infos) -> Item:
    """``infos``: (within months, obtain after hire) of each id's mentions."""
    weight = W.LEVEL_WEIGHTS.get(level, W.WEIGHT_MENTIONED) * W.KIND_FACTORS.get(kind, 1.0)
    months = [m for m, _ in infos if m is not None]
    after = None
    if kind == "certification" and level == "required":
        if months:
            after = f"within {max(months)} months of hire"
        elif any(a for _, a in infos):
            after = "after hire"
    gate = kind == "certification" and level == "required" and after is None
    return Item("|".join(ids), label, kind, level, tuple(ids), weight, gate, after)


def number_text(x: float) -> str:
    """2 -> "2", 1.5 -> "1.5": years as people write them."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
