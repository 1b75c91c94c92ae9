"""Cross-posting leverage: "which one thing would open the most doors?"

Why incremental: with 10,000 postings and ~200 candidate skills, re-scoring everything for
every candidate is 2 million scorings. Instead every scored item is kept as one row of a few
columns, an inverted index maps each taxonomy id to the items asking for it, and a candidate
only touches the items whose credit it would raise. The gain computed this way is exactly what
re-scoring with the candidate added to the profile would give (tests check this), because it
uses the same credits and the same rounding.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain, compress
from operator import attrgetter
from typing import NamedTuple

import numpy as np

from matcher import weights as W
from matcher.scoring import MAX_CENTI, MET, Match, Scorer, cap_centi


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


class _Effect(NamedTuple):
    """What holding one more item does: the items it raises and the postings they are in."""

    items: np.ndarray  # item numbers raised (each once)
    credit: np.ndarray  # their new credit
    centi: np.ndarray  # their new points in hundredths
    cleared: np.ndarray  # per raised item: a missing gate the new holding satisfies
    postings: np.ndarray  # posting numbers touched (sorted, each once)
    raw: np.ndarray  # per touched posting: the items' new sum
    gates: np.ndarray  # per touched posting: missing gates left
    score: np.ndarray  # per touched posting: the new score in hundredths


class LeverageIndex:
    """Every posting's scored items as columns, plus an id -> items index; answers gain(candidate).

    Why columns (numpy arrays) rather than objects: a candidate raises the items of the ids it
    relates to, often thousands of them across postings (every AHIMA credential is "family"
    for RHIT), and the greedy order asks again after every step. Done item by item in Python
    that was most of the ranking's time; as array arithmetic it is a few dozen vector
    operations per candidate, with exactly the scorer's credits and rounding (the same IEEE
    operations in the same order, round half to even like Python's round), so the gain is
    still exactly what re-scoring with the candidate added to the profile would give
    (tests check this).

    A candidate only matters for requirement ids whose credit it would raise above what the
    profile (plus anything already "learned") earns for them; those ids are found through
    reverse maps of the taxonomy relations, never by scanning every posting.
    """

    def __init__(self, matches: list[Match], scorer: Scorer):
        self.scorer = scorer
        self.rel = scorer.rel
        columns, self._items_of, self.requiring, self.preferring, self._multi = _columns(matches)
        (self._posting_of, self._weight, self._total, self._credit, self._centi, self._gate) = columns
        self._raw = np.fromiter((_raw_centi(m) for m in matches), dtype=np.int64, count=len(matches))
        self._score = np.fromiter((m.score_centi for m in matches), dtype=np.int64, count=len(matches))
        self._apply = np.fromiter((m.apply for m in matches), dtype=bool, count=len(matches))
        self._gates = np.bincount(self._posting_of[self._gate], minlength=len(matches)).astype(np.int64)
        self.threshold = int(round(W.APPLY_THRESHOLD * 100))
        self.cap = cap_centi()
        # what the user earns now for each asked-for id (raised as items are learned)
        self.current = {r: scorer.best(r)[0] for r in self._items_of}
        # reverse relations: which asked-for ids could a holding of X answer at all?
        self._by_group: dict[str, set[str]] = defaultdict(set)
        for r in self._items_of:
            for g in self.rel.families(r).union(self.rel.ancestors(r)):
                self._by_group[g].add(r)
        self._reach: dict[str, list[tuple[str, float, bool]]] = {}

    def candidates(self) -> list[str]:
        """Ids asked for somewhere that the user does not fully hold (earned)."""
        return sorted(r for r in self._items_of if self.scorer.gate_state(r) != "met")

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

    def _effect(self, cand: str) -> _Effect | None:
        """The items ``cand`` would raise and the touched postings' new sums and scores."""
        relevant = self._relevant(cand)
        if not relevant:
            return None
        arrays = [self._items_of[r] for r, _, _ in relevant]
        sizes = [len(a) for a in arrays]
        items = np.concatenate(arrays) if len(arrays) > 1 else arrays[0]
        credit = np.repeat(np.array([cx for _, cx, _ in relevant]), sizes)
        met = np.repeat(np.array([m for _, _, m in relevant], dtype=bool), sizes)
        if self._multi and not self._multi.isdisjoint(r for r, _, _ in relevant):
            # an item listing alternatives (CCS or CIC) may be reached through two of its
            # ids: it takes the best credit, and its gate clears if either satisfies it
            items, where = np.unique(items, return_inverse=True)
            best = np.zeros(len(items))
            np.maximum.at(best, where, credit)
            any_met = np.zeros(len(items), dtype=bool)
            np.logical_or.at(any_met, where, met)
            credit, met = best, any_met
        raised = credit > self._credit[items]
        if not raised.all():
            items, credit, met = items[raised], credit[raised], met[raised]
        if not len(items):
            return None
        # = scoring.centi_points, element by element: the same operations in the same order
        centi = np.rint(credit * self._weight[items] / self._total[items] * 10000).astype(np.int64)
        cleared = self._gate[items] & met
        postings, where = np.unique(self._posting_of[items], return_inverse=True)
        raw = self._raw[postings] + np.bincount(where, weights=centi - self._centi[items]).astype(np.int64)
        gates = self._gates[postings] - np.bincount(where, weights=cleared).astype(np.int64)
        score = np.minimum(raw, np.where(gates > 0, self.cap, MAX_CENTI))
        return _Effect(items, credit, centi, cleared, postings, raw, gates, score)

    def gain(self, cand: str) -> tuple[int, int, int, int]:
        """(total gain in hundredths, newly eligible, newly over the apply threshold, postings gaining)."""
        e = self._effect(cand)
        if e is None:
            return 0, 0, 0, 0
        gain = e.score - self._score[e.postings]
        up = gain > 0
        eligible = (e.gates == 0) & (self._gates[e.postings] > 0)
        over = up & (e.gates == 0) & ~self._apply[e.postings] & (e.score >= self.threshold)
        return int(gain[up].sum()), int(eligible.sum()), int(over.sum()), int(up.sum())

    def learn(self, cand: str) -> None:
        """Update every touched posting as if the user now held ``cand`` (earned)."""
        e = self._effect(cand)
        if e is not None:
            self._credit[e.items] = e.credit
            self._centi[e.items] = e.centi
            self._gate[e.items] &= ~e.cleared
            self._raw[e.postings] = e.raw
            self._gates[e.postings] = e.gates
            self._score[e.postings] = e.score
            self._apply[e.postings] = (e.gates == 0) & (e.score >= self.threshold)
        for r, cx, _ in self._relevant(cand):
            self.current[r] = cx


def _raw_centi(m: Match) -> int:
    """The items' sum before any cap point (a cap point is always last)."""
    pts = m.points
    return m.score_centi - pts[-1].centi if pts and pts[-1].kind == "gate" else m.score_centi


_LEVEL_CODES = {"required": 0, "preferred": 1}


def _columns(matches: list[Match]):
    """The item columns, the id -> item numbers index, how many postings require / prefer
    each id, and the ids that appear in items listing alternatives.

    Built with list comprehensions and numpy rather than one Python loop over the items
    (a fifth of the leverage time when it was such a loop): every item that names taxonomy
    ids becomes a row; each (id, item) pair is one entry of a pair table, grouped by id."""
    # one pass reading each point once (points are scattered in memory: a pass per field
    # would cost as much as all of them together)
    fields = [(p.ids, p.weight, p.credit, p.centi, p.gate == "missing", _LEVEL_CODES.get(p.level, 2))
              for m in matches for p in m.points]
    sizes = np.fromiter(map(len, map(attrgetter("points"), matches)), dtype=np.int64, count=len(matches))
    totals = np.fromiter(map(attrgetter("total_weight"), matches), dtype=np.float64, count=len(matches))
    all_ids, weight, credit, centi, gate, level = (zip(*fields) if fields else ((),) * 6)
    asks = np.fromiter(map(bool, all_ids), dtype=bool, count=len(fields))
    ids = list(compress(all_ids, asks))  # not experience, education or a cap point
    n = len(ids)
    posting = np.repeat(np.arange(len(matches), dtype=np.int64), sizes)[asks]
    total = np.repeat(totals, sizes)[asks]
    weight = np.array(weight, dtype=np.float64).reshape(-1)[asks]
    credit = np.array(credit, dtype=np.float64).reshape(-1)[asks]
    centi = np.array(centi, dtype=np.int64).reshape(-1)[asks]
    gate = np.array(gate, dtype=bool).reshape(-1)[asks]
    level = np.array(level, dtype=np.int8).reshape(-1)[asks]
    # the (id, item) pairs: each item's first id, then the other ids of items listing alternatives
    names = sorted(set(chain.from_iterable(ids)))
    code = {r: c for c, r in enumerate(names)}
    pair_code = [code[t[0]] for t in ids]
    pair_item = list(range(n))
    multi: set[str] = set()
    for k, t in enumerate(ids):
        if len(t) > 1:
            multi.update(t)
            pair_code += [code[r] for r in t[1:]]
            pair_item += [k] * (len(t) - 1)
    pair_codes = np.array(pair_code, dtype=np.int64)
    pair_items = np.array(pair_item, dtype=np.int64)
    order = np.argsort(pair_codes, kind="stable")
    bounds = np.searchsorted(pair_codes[order], np.arange(len(names) + 1))
    by_id = {r: pair_items[order[bounds[c]:bounds[c + 1]]] for c, r in enumerate(names)}
    requiring = _postings_per_id(names, pair_codes, posting[pair_items], level[pair_items] == 0, len(matches))
    preferring = _postings_per_id(names, pair_codes, posting[pair_items], level[pair_items] == 1, len(matches))
    columns = (posting, weight, total, credit, centi, gate)
    return columns, by_id, requiring, preferring, frozenset(multi)


def _postings_per_id(names: list[str], codes: np.ndarray, postings: np.ndarray, mask: np.ndarray,
                     n_postings: int) -> dict[str, int]:
    """How many distinct postings have a pair (id, item) selected by ``mask``, per id."""
    pairs = np.unique(codes[mask] * max(n_postings, 1) + postings[mask])
    counts = np.bincount(pairs // max(n_postings, 1), minlength=len(names))
    return {r: int(counts[c]) for c, r in enumerate(names)}


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
            postings_requiring=idx.requiring.get(c, 0),
            postings_preferring=idx.preferring.get(c, 0),
            would_make_eligible=elig, would_reach_apply=over, postings_gaining=gaining,
            mean_gain=round(total / gaining / 100, 2) if gaining else 0.0,
            total_gain=total / 100, learn_order=order.get(c),
        ))
    big = len(rows) + 1
    rows.sort(key=lambda r: (r.learn_order or big, -r.total_gain, -r.would_make_eligible, r.id))
    return rows
