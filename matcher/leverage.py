"""Cross-posting leverage: "which one thing would open the most doors?"

Why incremental: with 10,000 postings and ~200 candidate skills, re-scoring everything for
every candidate is 2 million scorings. Instead each posting's scored items are kept as a
small state, an inverted index maps each taxonomy id to the (posting, item) pairs asking for
it, and a candidate only touches the items whose credit it would raise. The gain computed
this way is exactly what re-scoring with the candidate added to the profile would give
(tests check this), because it uses the same credits and the same rounding.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass

from matcher import weights as W
from matcher.scoring import MAX_CENTI, MET, Match, Scorer, cap_centi, centi_points, final_centi


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


class _Learned:
    """An item's credit and hundredths after a greedy step raised them (points stay untouched)."""

    __slots__ = ("credit", "centi", "weight", "ids")

    def __init__(self, credit: float, centi: int, weight: float, ids: tuple[str, ...]):
        self.credit, self.centi, self.weight, self.ids = credit, centi, weight, ids


_NO_GATES: frozenset[int] = frozenset()


class _State:
    """A posting's scored items, updatable when the user learns something.

    ``items`` starts as the match's own points tuple (read only: credit, centi, weight, ids);
    the first greedy step that raises an item copies it to a list and puts a _Learned record
    in its place. Most postings are never raised, so they cost no copy."""

    __slots__ = ("total", "items", "missing_gates", "raw", "score", "apply")

    def __init__(self, m: Match):
        pts = m.points
        self.total = m.total_weight
        self.items: tuple | list = pts
        self.missing_gates = (_NO_GATES if m.eligible
                              else {i for i, p in enumerate(pts) if p.gate == "missing"})
        # the items' sum before any cap point (a cap point is always last)
        self.raw = m.score_centi - pts[-1].centi if pts and pts[-1].kind == "gate" else m.score_centi
        self.score = m.score_centi
        self.apply = m.apply


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
        # per id: posting -> item index for single-id items; postings whose item lists alternatives
        self._single: dict[str, dict[int, int]] = defaultdict(dict)
        self._slow_of: dict[str, list[int]] = defaultdict(list)
        for si, m in enumerate(matches):
            for pi, p in enumerate(m.points):
                ids = p.ids
                if not ids:
                    continue
                level = p.level
                for rid in ids:
                    self.index[rid].append((si, pi))
                    if level == "required":
                        self.requiring[rid].add(si)
                    elif level == "preferred":
                        self.preferring[rid].add(si)
                    if len(ids) > 1:
                        self._slow_of[rid].append(si)
                    else:
                        self._single[rid][si] = pi
        self.threshold = int(round(W.APPLY_THRESHOLD * 100))
        # what the user earns now for each asked-for id (raised as items are learned)
        self.current = {r: scorer.best(r)[0] for r in self.index}
        self._agg_cache: dict[tuple[str, float, bool], tuple] = {}
        self._log: list[set[int]] = []  # per greedy step: the postings it changed
        self.cap = cap_centi()
        # reverse relations: which asked-for ids could a holding of X answer at all?
        self._by_group: dict[str, set[str]] = defaultdict(set)
        for r in self.index:
            for g in self.rel.families(r).union(self.rel.ancestors(r)):
                self._by_group[g].add(r)
        self._reach: dict[str, list[tuple[str, float, bool]]] = {}

    def candidates(self) -> list[str]:
        """Ids asked for somewhere that the user does not fully hold (earned)."""
        return sorted(r for r in self.index if self.scorer.gate_state(r) != "met")

    def _reachable(self, cand: str) -> list[tuple[str, float, bool]]:
        """(asked-for id, credit the candidate earns for it, gate met) for every asked-for id
        the candidate relates to, sorted by id. Fixed per candidate, so computed once."""
        got = self._reach.get(cand)
        if got is None:
            rel = self.rel
            pool: set[str] = set()
            for c in rel.covered_by(cand):
                pool.add(c)
                pool.update(rel.ancestors(c))
                pool.update(self._by_group.get(c, ()))
                for f in rel.families(c):
                    pool.update(self._by_group.get(f, ()))
            got = []
            for r in sorted(pool):
                if r in self.current:
                    mt = rel.match(r, cand)
                    got.append((r, W.MATCH_CREDITS[mt], mt in MET))
            self._reach[cand] = got
        return got

    def _relevant(self, cand: str) -> list[tuple[str, float, bool]]:
        """(asked-for id, credit, gate met) where the candidate beats the current credit."""
        current = self.current
        return [t for t in self._reachable(cand) if t[1] > current[t[0]]]

    def _touched(self, cand: str) -> dict[int, dict[int, float]]:
        by_state: dict[int, dict[int, float]] = defaultdict(dict)
        for r, cx, _ in self._relevant(cand):
            for si, pi in self.index[r]:
                d = by_state[si]
                if d.get(pi, -1.0) < cx:
                    d[pi] = cx
        return by_state

    def _new_state(self, st: _State, cand: str, changes: dict[int, float]):
        raw = st.raw
        out = {}
        items = st.items
        for pi, cx in changes.items():
            q = items[pi]
            if cx > q.credit:
                c = centi_points(cx, q.weight, st.total)
                raw += c - q.centi
                out[pi] = (cx, c)
        gates = st.missing_gates
        if gates:
            match = self.rel.match
            gates = {g for g in gates if not (g in changes and any(match(r, cand) in MET for r in items[g].ids))}
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

    def _share(self, st: _State, pi: int, cx: float, met: bool):
        """One posting's part in an aggregate: (point change, gate hit, gain, elig, over),
        None when ``cx`` does not raise the item."""
        q = st.items[pi]
        if cx <= q.credit:
            return None
        tot = st.total
        d = (int(round(cx * q.weight / tot * 10000)) if tot > 0 else 0) - q.centi
        hit = 1 if (met and pi in st.missing_gates) else 0
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
            states = self.states
            cap, threshold = self.cap, self.threshold
            total = elig = over = gaining = 0
            for si, pi in self._single[r].items():  # = self._share, inlined: the hot loop
                st = states[si]
                q = st.items[pi]
                if cx <= q.credit:
                    continue
                tot = st.total
                d = (int(round(cx * q.weight / tot * 10000)) if tot > 0 else 0) - q.centi
                raw = st.raw + d
                mg = st.missing_gates
                hit = e = o = 0
                if mg:
                    hit = 1 if (met and pi in mg) else 0
                    if len(mg) > hit:  # still gated
                        g = (raw if raw < cap else cap) - st.score
                    else:
                        e = 1
                        new = raw if raw < MAX_CENTI else MAX_CENTI
                        g = new - st.score
                        if g > 0 and not st.apply and new >= threshold:
                            o = 1
                else:
                    new = raw if raw < MAX_CENTI else MAX_CENTI
                    g = new - st.score
                    if g > 0 and not st.apply and new >= threshold:
                        o = 1
                if g > 0:
                    total += g
                    gaining += 1
                else:
                    g = 0
                per[si] = (d, hit, g, e, o)
                elig += e
                over += o
            sums = [total, elig, over, gaining]
            got = self._agg_cache[key] = (sums, per, self._slow_of.get(r, ()), [len(self._log)])
        elif got[3][0] < len(self._log):
            self._catch_up(r, cx, met, got)
        return got

    def _catch_up(self, r: str, cx: float, met: bool, got) -> None:
        sums, per, _, version = got
        single = self._single[r]
        states = self.states
        changed: set[int] = set()
        for step in self._log[version[0]:]:
            changed |= step
        for si in single.keys() & changed:
            old = per.pop(si, None)
            if old is not None:
                sums[0] -= old[2]
                sums[1] -= old[3]
                sums[2] -= old[4]
                sums[3] -= old[2] > 0
            sh = self._share(states[si], single[si], cx, met)
            if sh is not None:
                per[si] = sh
                sums[0] += sh[2]
                sums[1] += sh[3]
                sums[2] += sh[4]
                sums[3] += sh[2] > 0
        version[0] = len(self._log)

    def _refresh(self, changed: set[int]) -> None:
        """Log which postings a greedy step changed; see _aggregate."""
        self._log.append(changed)

    def gain(self, cand: str) -> tuple[int, int, int, int]:
        """(total gain in hundredths, newly eligible, newly over the apply threshold, postings gaining).

        Each id the candidate improves contributes a cached aggregate; postings touched by
        several of those ids, and postings whose item lists alternatives, are corrected
        exactly, one by one. This keeps the common case at C speed (sums of cached tuples).
        """
        parts = [self._aggregate(r, cx, met) for r, cx, met in self._relevant(cand)]
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
        if len(parts) > 1:  # postings that more than one part touches
            seen: set[int] = set()
            for p in parts:
                keys = p[1].keys()
                fix |= keys & seen
                seen.update(keys)
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
                new = final_centi(raw, bool(gates))
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
            if out:
                items = st.items = list(st.items)
                for pi, (cx, c) in out.items():
                    q = items[pi]
                    items[pi] = _Learned(cx, c, q.weight, q.ids)
            st.raw, st.missing_gates = raw, gates
            st.score = final_centi(raw, bool(gates))
            st.apply = not gates and st.score >= self.threshold
        for r, cx, _ in self._relevant(cand):
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
