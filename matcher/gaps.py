"""Per-posting gaps and cross-posting leverage: "which one thing would open the most doors?"

Why incremental: with 10,000 postings and ~200 candidate skills, re-scoring everything for
every candidate is 2 million scorings. Instead each posting's scored items are kept as a
small state, an inverted index maps each taxonomy id to the (posting, item) pairs asking for
it, and a candidate only touches the items whose credit it would raise. The gain computed
this way is exactly what re-scoring with the candidate added to the profile would give
(tests check this), because it uses the same credits and the same rounding.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from itertools import chain
from dataclasses import dataclass
from typing import NamedTuple

from matcher import weights as W
from matcher.scoring import MAX_CENTI, MET, Match, Point, Scorer, cap_centi, centi_points, final_centi


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


@dataclass(frozen=True)
class Leverage:
    """One row of skill_leverage.csv: one item the user lacks and what learning it would do."""

    id: str
    label: str
    kind: str
    postings_requiring: int
    postings_preferring: int
    would_make_eligible: int
    would_reach_apply: int
    postings_gaining: int
    mean_gain: float
    total_gain: float
    learn_order: int | None


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
    """Every point of every ranked posting (their points sum to the posting's score)."""
    out = []
    status: dict[int, str] = {}  # points are shared between postings; keyed by identity
    for rank, m in enumerate(matches, 1):
        f = m.facts
        for p in m.points:
            st = status.get(id(p))
            if st is None:
                st = status[id(p)] = point_status(p)
            out.append(Gap(rank, f.uid, f.title, f.employer, p.item, p.kind, p.level, st,
                           p.match_type, p.credit, p.weight, p.points, p.matched_by))
    return out


class _State:
    """A posting's scored items, updatable when the user learns something (lists by point index)."""

    __slots__ = ("total", "credit", "centi", "weight", "ids", "missing_gates", "raw", "score", "apply")

    def __init__(self, m: Match):
        pts = m.points
        self.total = m.total_weight
        self.credit = [p.credit for p in pts]
        self.centi = [p.centi for p in pts]
        self.weight = [p.weight for p in pts]
        self.ids = [p.ids for p in pts]
        self.missing_gates = (set() if m.eligible
                              else {i for i, p in enumerate(pts) if p.gate == "missing"})
        # the items' sum before any cap point (a cap point is always last)
        self.raw = m.score_centi - pts[-1].centi if pts and pts[-1].kind == "gate" else m.score_centi
        self.score = m.score_centi
        self.apply = m.apply


def _final(raw: int, gated: bool) -> int:
    return final_centi(raw, gated)


class LeverageIndex:
    """States of all postings plus the id -> (posting, item) index; answers gain(candidate).

    A candidate only matters for requirement ids whose credit it would raise above what the
    profile (plus anything already "learned") earns for them; those ids are found through
    reverse maps of the taxonomy relations, never by scanning every posting.
    """

    def __init__(self, matches: list[Match], scorer: Scorer):
        self.scorer = scorer
        self.rel = scorer.rel
        self.states = [_State(m) for m in matches]
        self.index: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.requiring: dict[str, set[int]] = defaultdict(set)
        self.preferring: dict[str, set[int]] = defaultdict(set)
        for si, m in enumerate(matches):
            for pi, p in enumerate(m.points):
                for rid in p.ids:
                    self.index[rid].append((si, pi))
                    if p.level == "required":
                        self.requiring[rid].add(si)
                    elif p.level == "preferred":
                        self.preferring[rid].add(si)
        self.threshold = int(round(W.APPLY_THRESHOLD * 100))
        # what the user earns now for each asked-for id (raised as items are learned)
        self.current = {r: scorer.best(r)[0] for r in self.index}
        self._agg_cache: dict[tuple[str, float, bool], tuple] = {}
        self._log: list[dict[str, list[int]]] = []  # per greedy step: id -> postings changed
        # per id: posting -> item index for single-id items; postings whose item lists alternatives
        self._single: dict[str, dict[int, int]] = defaultdict(dict)
        self._slow_of: dict[str, list[int]] = defaultdict(list)
        for r, pairs in self.index.items():
            for si, pi in pairs:
                if len(self.states[si].ids[pi]) > 1:
                    self._slow_of[r].append(si)
                else:
                    self._single[r][si] = pi
        self.cap = cap_centi()
        # reverse relations: which asked-for ids could a holding of X answer at all?
        self._by_group: dict[str, set[str]] = defaultdict(set)
        for r in self.index:
            for g in self.rel.families(r).union(self.rel.ancestors(r)):
                self._by_group[g].add(r)

    def candidates(self) -> list[str]:
        """Ids asked for somewhere that the user does not fully hold (earned)."""
        return sorted(r for r in self.index if self.scorer.gate_state(r) != "met")

    def _relevant(self, cand: str) -> list[tuple[str, float]]:
        """(asked-for id, credit the candidate would earn) where that beats the current credit."""
        rel = self.rel
        covered = rel.covered_by(cand)
        pool: set[str] = set()
        for c in covered:
            pool.add(c)
            pool.update(rel.ancestors(c))
            pool.update(self._by_group.get(c, ()))
            for f in rel.families(c):
                pool.update(self._by_group.get(f, ()))
        out = []
        for r in pool:
            cur = self.current.get(r)
            if cur is None:
                continue
            cx = W.MATCH_CREDITS[rel.match(r, cand)]
            if cx > cur:
                out.append((r, cx))
        out.sort()
        return out

    def _touched(self, cand: str) -> dict[int, dict[int, float]]:
        by_state: dict[int, dict[int, float]] = defaultdict(dict)
        for r, cx in self._relevant(cand):
            for si, pi in self.index[r]:
                d = by_state[si]
                if d.get(pi, -1.0) < cx:
                    d[pi] = cx
        return by_state

    def _new_state(self, st: _State, cand: str, changes: dict[int, float]):
        raw = st.raw
        out = {}
        for pi, cx in changes.items():
            if cx > st.credit[pi]:
                c = centi_points(cx, st.weight[pi], st.total)
                raw += c - st.centi[pi]
                out[pi] = (cx, c)
        gates = st.missing_gates
        if gates:
            gates = {g for g in gates if not (g in changes and any(self.rel.match(r, cand) in MET for r in st.ids[g]))}
        return raw, gates, out

    def _outcome(self, st: _State, d: int, hits: int) -> tuple[int, int, int]:
        """(score gain, newly eligible, newly worth applying) for one posting."""
        if st.missing_gates:
            gated = len(st.missing_gates) > hits
            raw = st.raw + d
            new = (raw if raw < self.cap else self.cap) if gated else (raw if raw < MAX_CENTI else MAX_CENTI)
            elig = 0 if gated else 1
        else:
            gated, new, elig = False, min(st.raw + d, MAX_CENTI), 0
        gain = new - st.score
        if gain <= 0:
            return 0, elig, 0
        return gain, elig, 1 if (not gated and not st.apply and new >= self.threshold) else 0

    def _share(self, si: int, pi: int, cx: float, met: bool):
        """One posting's part in an aggregate: (point change, gate hit, gain, elig, over)."""
        st = self.states[si]
        if cx <= st.credit[pi]:
            return None
        tot = st.total
        d = (int(round(cx * st.weight[pi] / tot * 10000)) if tot > 0 else 0) - st.centi[pi]
        mg = st.missing_gates
        hit = 1 if (met and mg and pi in mg) else 0
        return (d, hit, *self._outcome(st, d, hit))

    def _aggregate(self, r: str, cx: float, met: bool):
        """What raising id ``r`` to credit ``cx`` does, summed over the postings asking for it,
        plus each posting's share (to correct postings that several ids of one candidate
        touch). Cached per (id, credit, gate-met) because many candidates raise the same id
        to the same credit (every AHIMA credential is "family" for RHIT). After a greedy
        step, a cached aggregate is brought up to date lazily, when next asked for, by
        redoing only the shares of the postings that step changed."""
        key = (r, cx, met)
        got = self._agg_cache.get(key)
        if got is None:
            per: dict[int, tuple] = {}
            sums = [0, 0, 0, 0]
            states = self.states
            outcome = self._outcome
            total = elig = over = gaining = 0
            for si, pi in self._single[r].items():  # = self._share, inlined: the hot loop
                st = states[si]
                if cx <= st.credit[pi]:
                    continue
                tot = st.total
                d = (int(round(cx * st.weight[pi] / tot * 10000)) if tot > 0 else 0) - st.centi[pi]
                mg = st.missing_gates
                hit = 1 if (met and mg and pi in mg) else 0
                g, e, o = outcome(st, d, hit)
                per[si] = (d, hit, g, e, o)
                total += g
                elig += e
                over += o
                gaining += g > 0
            sums[:] = [total, elig, over, gaining]
            got = self._agg_cache[key] = (sums, per, self._slow_of.get(r, ()), [len(self._log)])
        elif got[3][0] < len(self._log):
            self._catch_up(r, cx, met, got)
        return got

    def _catch_up(self, r: str, cx: float, met: bool, got) -> None:
        sums, per, _, version = got
        single = self._single[r]
        redo: set[int] = set()
        for step in self._log[version[0]:]:
            redo.update(step.get(r, ()))
        for si in redo:
            old = per.pop(si, None)
            if old is not None:
                sums[0] -= old[2]
                sums[1] -= old[3]
                sums[2] -= old[4]
                sums[3] -= old[2] > 0
            sh = self._share(si, single[si], cx, met)
            if sh is not None:
                per[si] = sh
                sums[0] += sh[2]
                sums[1] += sh[3]
                sums[2] += sh[4]
                sums[3] += sh[2] > 0
        version[0] = len(self._log)

    def _refresh(self, changed: set[int]) -> None:
        """Log which postings (by asked-for id) a greedy step changed; see _aggregate."""
        by_id: dict[str, list[int]] = defaultdict(list)
        for si in changed:
            for ids in self.states[si].ids:
                if len(ids) == 1:
                    by_id[ids[0]].append(si)
        self._log.append(by_id)

    def gain(self, cand: str) -> tuple[int, int, int, int]:
        """(total gain in hundredths, newly eligible, newly over the apply threshold, postings gaining).

        Each id the candidate improves contributes a cached aggregate; postings touched by
        several of those ids, and postings whose item lists alternatives, are corrected
        exactly, one by one. This keeps the common case at C speed (sums of cached tuples).
        """
        rel = self.rel
        parts = [self._aggregate(r, cx, rel.match(r, cand) in MET) for r, cx in self._relevant(cand)]
        if not parts:
            return 0, 0, 0, 0
        total = sum(p[0][0] for p in parts)
        elig = sum(p[0][1] for p in parts)
        over = sum(p[0][2] for p in parts)
        gaining = sum(p[0][3] for p in parts)
        slow: set[int] = set()
        for p in parts:
            slow.update(p[2])
        fix: set[int] = set()
        if len(parts) > 1:
            counts = Counter(chain.from_iterable(p[1] for p in parts))
            fix = {si for si, c in counts.items() if c > 1}
        if slow:
            fix |= {si for p in parts for si in p[1] if si in slow}
        if not fix and not slow:
            return total, elig, over, gaining
        states = self.states
        combined: dict[int, list[int]] = {}
        for p in parts:  # take out the separate shares ...
            per = p[1]
            for si in per.keys() & fix:
                d, hit, g, e, o = per[si]
                total -= g
                elig -= e
                over -= o
                gaining -= g > 0
                acc = combined.get(si)
                if acc is None:
                    combined[si] = [d, hit]
                else:
                    acc[0] += d
                    acc[1] += hit
        for si, (d_sum, hits) in combined.items():  # ... and put in the combined one
            if si in slow:
                continue
            g, e, o = self._outcome(states[si], d_sum, hits)
            total += g
            elig += e
            over += o
            gaining += g > 0
        if slow:
            touched = self._touched(cand)
            for si in sorted(slow):
                st = states[si]
                raw, gates, _ = self._new_state(st, cand, touched[si])
                new = _final(raw, bool(gates))
                if new > st.score:
                    total += new - st.score
                    gaining += 1
                    if not st.apply and not gates and new >= self.threshold:
                        over += 1
                if st.missing_gates and not gates:
                    elig += 1
        return total, elig, over, gaining

    def learn(self, cand: str) -> None:
        """Update every touched posting as if the user now held ``cand`` (earned)."""
        touched = self._touched(cand)
        for si, changes in touched.items():
            st = self.states[si]
            raw, gates, out = self._new_state(st, cand, changes)
            for pi, (cx, c) in out.items():
                st.credit[pi], st.centi[pi] = cx, c
            st.raw, st.missing_gates = raw, gates
            st.score = _final(raw, bool(gates))
            st.apply = not gates and st.score >= self.threshold
        for r, cx in self._relevant(cand):
            self.current[r] = cx
        self._refresh(set(touched))


def leverage(matches: list[Match], scorer: Scorer, *, steps: int = W.GREEDY_STEPS) -> list[Leverage]:
    """One row per lacking item, with a lazy-greedy "learn in this order" rank for the best few.

    Greedy: pick the item with the largest total score gain, pretend it is learned, repeat.
    Lazy: a candidate's stale gain is only recomputed when it reaches the top of the heap.
    """
    idx = LeverageIndex(matches, scorer)
    base: dict[str, tuple[int, int, int, int]] = {c: idx.gain(c) for c in idx.candidates()}
    heap = [(-g[0], -g[1], c) for c, g in base.items() if g[0] > 0 or g[1] > 0]
    heapq.heapify(heap)
    order: dict[str, int] = {}
    while heap and len(order) < steps:
        _, _, cand = heapq.heappop(heap)
        cur = idx.gain(cand)
        if cur[0] <= 0 and cur[1] <= 0:
            continue
        if heap and (-cur[0], -cur[1], cand) > heap[0]:
            heapq.heappush(heap, (-cur[0], -cur[1], cand))
            continue
        order[cand] = len(order) + 1
        idx.learn(cand)
    rows = []
    for c, (total, elig, over, gaining) in base.items():
        rows.append(Leverage(
            id=c, label=scorer.rel.label(c), kind=scorer.rel.kind(c),
            postings_requiring=len(idx.requiring.get(c, ())),
            postings_preferring=len(idx.preferring.get(c, ())),
            would_make_eligible=elig, would_reach_apply=over, postings_gaining=gaining,
            mean_gain=round(total / gaining / 100, 2) if gaining else 0.0,
            total_gain=total / 100, learn_order=order.get(c),
        ))
    big = len(rows) + 1
    rows.sort(key=lambda r: (r.learn_order or big, -r.total_gain, -r.would_make_eligible, r.id))
    return rows
