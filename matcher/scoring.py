"""Score one posting against one profile with points that add up.

Why additive points: a job seeker must be able to check the number. Each requirement of a
posting gets a weight (required > preferred > mentioned, by kind), the user's best match for
it earns a published credit (exact/equivalent 1.0 ... none 0), and its points are
``credit * weight / total weight * 100``, kept in hundredths so that the points of a
posting always sum exactly to its score. A missing required certification is a gate: the
posting is not eligible and an explicit negative "cap" point brings the score down to the
cap, so the sum still holds and the reason is visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matcher import weights as W
from matcher.career import annual_pay, load_career_data, tier_for_title, tier_for_years
from matcher.facts import PostingFacts
from matcher.fit import location_fit, salary_fit
from matcher.items import LEVEL_RANK, LEVELS_BY_RANK, Item, asked_ids, build_items, items_from, number_text
from matcher.profile import Holding, Profile
from matcher.relations import Relations
from skills_taxonomy.extraction import Extraction

MET = frozenset(W.GATE_SATISFYING)


@dataclass(frozen=True)
class Point:
    """One requirement of a posting and what it earned. ``to_dict`` gives the JSON keys."""

    item: str
    kind: str
    level: str
    match_type: str
    credit: float
    weight: float
    points: float
    matched_by: str | None
    key: str = ""
    ids: tuple[str, ...] = ()
    centi: int = 0  # points in hundredths: the exact unit the score is summed in
    gate: str | None = None  # "missing" | "pending" | "met" for required certifications
    flag: str | None = None  # e.g. "CCS in_progress", "may be obtained within 12 months"

    @property
    def met(self) -> bool:
        """Fully answered: an earned exact/equivalent/implied match, or experience/education met."""
        if self.kind in ("experience", "education"):
            return self.credit >= 1.0
        return self.match_type in MET and self.credit >= W.CREDIT_IMPLIED

    def share(self, centi: int) -> Point:
        """This point with ``centi`` hundredths of its posting's score.

        Built by copying the fields rather than through ``__init__``: ranking 10,000
        postings makes ~50,000 points that differ from a cached one only in their share,
        and the frozen dataclass's ``__init__`` (13 fields set one by one) was a tenth of
        the ranking's time. The copy is as immutable as any other Point."""
        p = object.__new__(Point)
        fields = p.__dict__
        fields.update(self.__dict__)
        fields["centi"] = centi
        fields["points"] = centi / 100
        return p

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "kind": self.kind,
            "level": self.level,
            "match_type": self.match_type,
            "credit": self.credit,
            "weight": self.weight,
            "points": self.points,
            "matched_by": self.matched_by,
        }


@dataclass(frozen=True)
class Match:
    facts: PostingFacts
    score: float
    eligible: bool
    points: tuple[Point, ...]
    missing_required: tuple[str, ...]
    missing_preferred: tuple[str, ...]
    flags: tuple[str, ...]
    total_weight: float
    salary_fit: float | None
    location_fit: float | None
    alignment: float
    tier: str | None
    tier_source: str | None
    annual_pay: float | None
    guide_pay: float
    pay_vs_guide: float | None  # percent above (+) or below (-) the guide's figure for the tier
    apply: bool
    score_centi: int = 0

    @property
    def uid(self) -> str:
        return self.facts.uid

    def to_json(self, rank: int) -> dict[str, Any]:
        return {
            "rank": rank,
            "uid": self.facts.uid,
            "title": self.facts.title,
            "employer": self.facts.employer,
            "score": self.score,
            "eligible": self.eligible,
            "points": [p.to_dict() for p in self.points],
            "missing_required": list(self.missing_required),
            "missing_preferred": list(self.missing_preferred),
        }

    def top_reason(self) -> str:
        """One line for the CSV: the gate if there is one, else the biggest earner."""
        pts = self.points
        if not self.eligible:
            gate = next((p for p in pts if p.gate == "missing"), None)
            if gate is not None:
                return f"not eligible: lacks {gate.item}"
        centis = [p.centi for p in pts]
        top = max(centis, default=0)
        if top <= 0:
            return "no requirement matched"
        if centis.count(top) == 1:  # the common case; a tie goes to the higher level
            best = pts[centis.index(top)]
        else:
            best = max(pts, key=lambda p: (p.centi, -LEVEL_RANK.get(p.level, 3)))
        return f"{best.item}: {best.match_type}" + (f" ({best.matched_by})" if best.matched_by else "")


def centi_points(credit: float, weight: float, total: float) -> int:
    """Points in hundredths; the one rounding step, shared with leverage."""
    if total <= 0:
        return 0
    return int(round(credit * weight / total * 10000))


def cap_centi() -> int:
    return int(round(W.INELIGIBLE_SCORE_CAP * 100))


MAX_CENTI = 10000  # 100.00: rounding each item to hundredths may overshoot by a few


def final_centi(raw: int, gated: bool) -> int:
    """The score in hundredths from the items' sum: capped when gated, never above 100."""
    return min(raw, cap_centi() if gated else MAX_CENTI)


class Scorer:
    """Scores many postings for one profile; remembers each requirement's best match."""

    def __init__(self, profile: Profile, taxonomy: Any, relations: Relations | None = None):
        self.profile = profile
        self.rel = relations or Relations(taxonomy)
        self.career = load_career_data()
        self._best: dict[str, tuple[float, str, Holding | None]] = {}
        self._gate: dict[str, str] = {}
        self._bases: dict[Item, tuple[Point, dict[int, Point]]] = {}  # base point, its shares
        # item -> total weight -> point; nested rather than keyed by (item, total) so that
        # 10,000 postings leave ~2,000 small dicts, not ~50,000 key tuples, for the GC to walk
        self._points: dict[Item, dict[float, Point]] = {}

    # -- the profile's best answer to one taxonomy id ---------------------------------
    def best(self, required: str) -> tuple[float, str, Holding | None]:
        got = self._best.get(required)
        if got is None:
            got = (0.0, "none", None)
            best_key = (0.0, 0)
            for h in self.profile.holdings:
                mt = self.rel.match(required, h.id)
                credit = W.MATCH_CREDITS[mt] * W.STATUS_FACTORS[h.status]
                key = (credit, -W.MATCH_TYPES.index(mt))  # on a tie, the closer match explains better
                if credit > 0 and key > best_key:
                    got, best_key = (credit, mt, h), key
            self._best[required] = got
        return got

    def gate_state(self, required: str) -> str:
        got = self._gate.get(required)
        if got is None:
            got = "missing"
            for h in self.profile.holdings:
                if self.rel.match(required, h.id) in MET:
                    if h.status == "earned":
                        got = "met"
                        break
                    got = "pending"
            self._gate[required] = got
        return got

    # -- one posting -------------------------------------------------------------------
    def items(self, facts: PostingFacts, extraction: Extraction) -> list[Item]:
        return build_items(facts, extraction, self.rel)

    def score(self, facts: PostingFacts, extraction: Extraction) -> Match:
        asked = asked_ids(extraction, self.rel)
        items = items_from(asked, facts, extraction, self.rel)
        total = sum(i.weight for i in items)
        points: list[Point] = []
        flags: list[str] = []
        missing_req: list[str] = []
        missing_pref: list[str] = []
        eligible = True
        raw = 0
        cache = self._points  # the same requirement in postings of the same total weight scores the same
        for it in items:
            by_total = cache.get(it)
            if by_total is None:
                by_total = cache[it] = {}
            p = by_total.get(total)
            if p is None:
                p = by_total[total] = self._make_point(it, total)
            points.append(p)
            raw += p.centi
            if p.gate == "missing":
                eligible = False
            if p.flag:
                flags.append(f"{p.item}: {p.flag}")
            if p.level == "required":
                if not p.met:
                    missing_req.append(p.item)
            elif p.level == "preferred" and not p.met:
                missing_pref.append(p.item)
        score_centi = final_centi(raw, not eligible)
        if score_centi < raw:  # the gate's cap, or 100 when per-item rounding overshoots
            c = score_centi - raw  # so that the points still sum to the score
            what = ("score cap: required certification missing" if not eligible
                    else "score cap: 100 (rounding)")
            points.append(Point(what, "gate", "required", "cap", 0.0, 0.0, c / 100, None, key="cap", centi=c))
        score = score_centi / 100
        # the skill-map alignment counts each mentioned id at its highest known level
        levels = {sid: LEVELS_BY_RANK[a[0]] for sid, a in asked.items() if a[0] < 3}
        return self._finish(facts, extraction, tuple(points), score, score_centi, eligible,
                            tuple(missing_req), tuple(missing_pref), tuple(flags), total, levels)

    def _make_point(self, it: Item, total: float) -> Point:
        """The item's point in a posting of this total weight. Postings of different totals
        often give an item the same share (in hundredths); they get the same Point, so the
        gap report and leverage, which work per distinct point, do half the work."""
        got = self._bases.get(it)
        if got is None:
            got = self._bases[it] = (self._base_point(it), {})
        base, shares = got
        c = centi_points(base.credit, it.weight, total)
        p = shares.get(c)
        if p is None:
            p = shares[c] = base.share(c)
        return p

    def _base_point(self, it: Item) -> Point:
        """The item's point with no share of a total yet: everything but the share depends
        on the item and the profile only, so it is worked out once per item."""
        if it.kind == "experience":
            return _experience_point(it, self.profile)
        if it.kind == "education":
            return _education_point(it, self.profile)
        credit, mt, display, gate, flag = self._answer(it)
        return Point(it.label, it.kind, it.level, mt, credit, it.weight, 0.0, display,
                     key=it.key, ids=it.ids, gate=gate, flag=flag)

    def _answer(self, it: Item) -> tuple[float, str, str | None, str | None, str | None]:
        """(credit, match type, matched by, gate, flag) of a skill item: everything of its
        point but the share of the posting's total weight, so computed once per item."""
        credit, mt, by = 0.0, "none", None
        for rid in it.ids:
            c, m, h = self.best(rid)
            if c > credit:
                credit, mt, by = c, m, h
        gate = None
        flag = None
        if it.kind == "certification" and it.level == "required":
            states = [self.gate_state(r) for r in it.ids]
            gate = "met" if "met" in states else "pending" if "pending" in states else "missing"
            if gate == "pending":
                flag = f"not yet earned: {by.display}" if by and by.status != "earned" else "not yet earned"
            elif gate == "missing" and not it.gate:
                gate = "after_hire"
                flag = f"may be obtained {it.after_hire}"
        if flag is None and by is not None and by.status != "earned":
            flag = f"partial credit via {by.written} ({by.status})"
        return credit, mt, by.display if by else None, gate, flag

    def _finish(self, facts, extraction, points, score, score_centi, eligible, missing_req,
                missing_pref, flags, total, levels) -> Match:
        req = extraction.requirements
        tier, source = tier_for_years(req.min_years_experience, self.career), "experience"
        if tier is None:
            tier, source = tier_for_title(facts.title, self.career), "title"
        pay = annual_pay(facts.salary_min, facts.salary_max, facts.salary_period)
        guide = tier.salary if tier else self.career.guide_median
        vs = round(100.0 * (pay - guide) / guide, 1) if pay is not None else None
        return Match(
            facts=facts, score=score, eligible=eligible, points=points,
            missing_required=missing_req, missing_preferred=missing_pref, flags=flags,
            total_weight=total,
            salary_fit=salary_fit(facts, self.profile.preferences),
            location_fit=location_fit(facts, self.profile.preferences),
            alignment=self.rel.alignment(levels),
            tier=tier.name if tier else None, tier_source=source if tier else None,
            annual_pay=pay, guide_pay=guide, pay_vs_guide=vs,
            apply=eligible and score >= W.APPLY_THRESHOLD, score_centi=score_centi,
        )


def _experience_point(it: Item, profile: Profile) -> Point:
    need = it.amount or 0.0
    short = max(0.0, need - profile.years_experience)
    credit = max(0.0, 1.0 - W.EXPERIENCE_PENALTY_PER_YEAR * short)
    mt = "met" if short == 0 else ("shortfall" if credit > 0 else "none")
    return Point(it.label, it.kind, it.level, mt, credit, it.weight, 0.0,
                 f"{number_text(profile.years_experience)} years", key=it.key)


def _education_point(it: Item, profile: Profile) -> Point:
    need_name = it.key.split(".")[1]
    need = W.EDUCATION_ORDER.index(need_name)
    have = W.EDUCATION_ORDER.index(profile.education) if profile.education else -1
    short = max(0, need - have)
    credit = max(0.0, 1.0 - W.EDUCATION_PENALTY_PER_LEVEL * short)
    mt = "met" if short == 0 else ("shortfall" if credit > 0 else "none")
    if short and it.key.endswith(".eq") and profile.years_experience >= W.EQUIVALENT_YEARS_PER_LEVEL * short:
        if W.EDUCATION_EQUIVALENT_CREDIT > credit:
            credit, mt = W.EDUCATION_EQUIVALENT_CREDIT, "equivalent_experience"
    by = profile.education.replace("_", " ") if profile.education else None
    return Point(it.label, it.kind, it.level, mt, credit, it.weight, 0.0, by, key=it.key)


def score(profile: Profile, facts: PostingFacts, extraction: Extraction, taxonomy: Any) -> Match:
    """Convenience for one posting; use ``Scorer`` for many (it caches relations)."""
    return Scorer(profile, taxonomy).score(facts, extraction)


def rank(matches: list[Match]) -> list[Match]:
    """Deterministic order: score, then eligibility, then uid."""
    return sorted(matches, key=lambda m: (-m.score_centi, not m.eligible, m.facts.uid))
