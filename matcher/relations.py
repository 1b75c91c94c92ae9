"""Taxonomy relations the scorer asks about thousands of times, answered once each.

Why a cache in front of the taxonomy: ranking 10,000 postings asks "how does what the user
holds relate to this requirement?" for the same few hundred ids again and again. Answers are
memoised per (requirement, holding), which is also what lets leverage be computed
incrementally instead of re-scoring every posting for every candidate skill.
"""

from __future__ import annotations

from typing import Any

from matcher.weights import ALIGNMENT_LEVEL_WEIGHTS


class Relations:
    def __init__(self, taxonomy: Any):
        self.taxonomy = taxonomy
        self._entries = taxonomy.entries
        self._match: dict[tuple[str, str], str] = {}
        self._eq: dict[str, frozenset[str]] = {}
        self._cov: dict[str, frozenset[str]] = {}
        self._anc: dict[str, tuple[str, ...]] = {}
        self._expand: dict[str, frozenset[str]] = {}
        self._fam: dict[str, frozenset[str]] = {}
        self._map_items: dict[str, tuple[int, ...]] = {}
        self.items: dict[tuple, object] = {}  # scoring's Item cache, per taxonomy
        items = [s for s in getattr(taxonomy, "skill_map", ()) if getattr(s, "tier", None)]
        if not items:
            items = list(getattr(taxonomy, "skill_map", ()))
        self.skill_map = tuple(items)

    # -- plain lookups (unknown ids, e.g. from an extraction made with an older taxonomy,
    #    relate to nothing but themselves) ----------------------------------------------
    def known(self, id: str) -> bool:
        return id in self._entries

    def label(self, id: str) -> str:
        e = self._entries.get(id)
        return e.label if e is not None else id

    def short(self, id: str) -> str:
        """The name a person would write: a certification's code, else the label."""
        e = self._entries.get(id)
        if e is None:
            return id
        return e.code or e.label

    def kind(self, id: str, default: str = "domain_knowledge") -> str:
        e = self._entries.get(id)
        return e.kind if e is not None else default

    def parent(self, id: str) -> str | None:
        e = self._entries.get(id)
        return e.parent if e is not None else None

    def equivalents(self, id: str) -> frozenset[str]:
        got = self._eq.get(id)
        if got is None:
            got = self.taxonomy.equivalents(id) if self.known(id) else frozenset({id})
            self._eq[id] = got
        return got

    def covered_by(self, id: str) -> frozenset[str]:
        got = self._cov.get(id)
        if got is None:
            got = self.taxonomy.covered_by(id) if self.known(id) else frozenset({id})
            self._cov[id] = got
        return got

    def ancestors(self, id: str) -> tuple[str, ...]:
        got = self._anc.get(id)
        if got is None:
            got = tuple(self.taxonomy.ancestors(id)) if self.known(id) else ()
            self._anc[id] = got
        return got

    # -- the one question the scorer asks ----------------------------------------------
    def match(self, required: str, held: str) -> str:
        """How holding ``held`` answers a posting asking for ``required``.

        exact / equivalent (same thing, other name) / implied (the holding covers it, or
        the holding is a specific kind of the category asked for: Epic for "an EHR") /
        family (same parent and kind: Cerner for Epic, CPC for CCS) / parent (the user
        names only the category of what is asked) / none.
        """
        key = (required, held)
        got = self._match.get(key)
        if got is None:
            got = self._compute(required, held)
            self._match[key] = got
        return got

    def _compute(self, required: str, held: str) -> str:
        if required == held:
            return "exact"
        if required in self.equivalents(held):
            return "equivalent"
        covered = self.covered_by(held)
        if required in covered:
            return "implied"
        for c in covered:
            if required in self.ancestors(c):
                return "implied"
        kind = self.kind(required)
        fam = self.families(required)
        if fam:
            for c in covered:
                if self.kind(c) == kind and not fam.isdisjoint(self.families(c)):
                    return "family"
        above = fam.union(self.ancestors(required))
        if above and not above.isdisjoint(covered):
            return "parent"
        return "none"

    def families(self, id: str) -> frozenset[str]:
        """The groups an entry belongs to: its parent (Epic -> EHR) and the same-kind
        categories it implies (CCS and CPC both imply "coding certification")."""
        got = self._fam.get(id)
        if got is None:
            eq = self.equivalents(id)
            kind = self.kind(id)
            out = {p for p in map(self.parent, eq) if p is not None}
            out.update(i for i in self.covered_by(id) if i not in eq and self.kind(i) == kind)
            got = frozenset(out)
            self._fam[id] = got
        return got

    # -- skill map ---------------------------------------------------------------------
    def expand(self, id: str) -> frozenset[str]:
        """An id with its equivalents and ancestors: what a mention of it touches in the map."""
        got = self._expand.get(id)
        if got is None:
            out = set(self.equivalents(id))
            for e in list(out):
                out.update(self.ancestors(e))
            got = frozenset(out)
            self._expand[id] = got
        return got

    def map_items(self, id: str) -> tuple[int, ...]:
        """Indices of the skill-map bullets a mention of ``id`` touches (cached)."""
        got = self._map_items.get(id)
        if got is None:
            touched = self.expand(id)
            got = tuple(i for i, item in enumerate(self.skill_map) if not touched.isdisjoint(item.ids))
            self._map_items[id] = got
        return got

    def alignment(self, levels: dict[str, str]) -> float:
        """Share (0-100) of the guides' skill-map bullets a posting touches, weighted by level."""
        if not self.skill_map:
            return 0.0
        best: dict[int, float] = {}
        for id, level in levels.items():
            w = ALIGNMENT_LEVEL_WEIGHTS.get(level, 0.0)
            for i in self.map_items(id):
                if best.get(i, 0.0) < w:
                    best[i] = w
        return round(100.0 * sum(best.values()) / len(self.skill_map), 1)
