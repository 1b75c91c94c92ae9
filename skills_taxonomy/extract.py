"""The posting extractor: text in, ``Extraction`` (plain dataclasses) out.

Built on ``spacy.blank("en")`` because no statistical model can be downloaded: the
tokenizer plus two PhraseMatchers (case-insensitive names and aliases, case-sensitive
acronyms) find taxonomy entries; rules kept as data decide levels and requirements.
The pipeline is built once per ``Extractor`` and no spaCy object leaves this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import spacy
from spacy.matcher import PhraseMatcher
from spacy.util import compile_infix_regex

from skills_taxonomy.errors import ExtractionError
from skills_taxonomy.extraction import Extraction, Mention
from skills_taxonomy.levels import LevelRules
from skills_taxonomy.patterns_io import CODE_VERSION, ascii_lower, rules_hash
from skills_taxonomy.requirements import RequirementRules
from skills_taxonomy.surface import SurfaceForms, chunk_bounds
from skills_taxonomy.textnorm import normalise

if TYPE_CHECKING:  # pragma: no cover
    from skills_taxonomy.taxonomy import Taxonomy

__all__ = ["Extractor", "load_extractor", "ExtractionError"]

#: Texts longer than this are tokenised in pieces so memory stays bounded (a 5 MB paste
#: must not build one giant Doc).
CHUNK_CHARS = 100_000
#: How far (characters) around an ambiguous acronym its context words are looked for.
CONTEXT_WINDOW = 250
#: A raw match: (start_char, end_char, entry index, from the acronym matcher, n_tokens).
_Candidate = tuple[int, int, int, bool, int]


def load_extractor(taxonomy: "Taxonomy | None" = None) -> "Extractor":
    """Build the extraction pipeline once (about a second); reuse it for many texts."""
    if taxonomy is None:
        from skills_taxonomy.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    return Extractor(taxonomy)


class Extractor:
    """Finds taxonomy mentions and posting requirements in plain text."""

    def __init__(self, taxonomy: "Taxonomy") -> None:
        self.taxonomy = taxonomy
        self.taxonomy_version = str(getattr(taxonomy, "version", ""))
        self.extractor_version = f"{CODE_VERSION}.{rules_hash()}"
        self.version = f"{self.extractor_version}+{self.taxonomy_version}"
        self.nlp = spacy.blank("en")
        self.nlp.max_length = CHUNK_CHARS * 2
        # HTML-to-text output glues list items: "What you bringCPC or CCS-P certification3+
        # years". Zero-width infixes split a run of 3+ lower-case letters from a following
        # capital or digit; pattern docs go through the same tokenizer, so names such as
        # "eClinicalWorks" still match (as "eClinical" + "Works" on both sides).
        self.nlp.tokenizer.infix_finditer = compile_infix_regex(
            [*self.nlp.Defaults.infixes, *_GLUE_INFIXES]
        ).finditer
        self._levels = LevelRules()
        self._requirements = RequirementRules()
        self._forms = SurfaceForms(taxonomy)
        self._entries = self._forms.entries
        self._contexts = self._forms.contexts
        self._lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._orth = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for idx, forms in enumerate(self._forms.insensitive):
            if forms:
                self._lower.add(str(idx), self._pattern_docs(forms))
        for idx, forms in enumerate(self._forms.sensitive):
            if forms:
                self._orth.add(f"a{idx}", self._pattern_docs(forms))
        self._strings = self.nlp.vocab.strings

    def _pattern_docs(self, forms: list[str]) -> list:
        """Pattern docs, plus "CCS-P." where the tokenizer glues a sentence's final dot to a
        one-letter token ("P.", "A.", "3M."), so the form still matches before a full stop."""
        make = self.nlp.make_doc
        docs = []
        for form in forms:
            doc = make(form)
            docs.append(doc)
            if form[-1:].isalnum() and len(make(form + ".")) == len(doc):
                docs.append(make(form + "."))
        return docs

    # -- public API -------------------------------------------------------------------
    def extract(self, text: str) -> Extraction:
        """Extract one posting. Empty or skill-free text gives an empty Extraction."""
        return next(self.extract_many([text]))

    def extract_many(self, texts: Iterable[str], batch_size: int = 256) -> Iterator[Extraction]:
        """Extract many postings, tokenising them in batches through ``nlp.pipe``."""
        pending: dict[int, tuple[str, str, list[_Candidate]]] = {}

        def chunks() -> Iterator[tuple[str, tuple[int, int, bool]]]:
            for i, text in enumerate(texts):
                if not isinstance(text, str):
                    raise ExtractionError(
                        f"expected text (str), got {type(text).__name__}; decode bytes first"
                    )
                clean = normalise(text)
                bounds = chunk_bounds(clean, CHUNK_CHARS)
                pending[i] = (text, clean, [])
                for k, (a, b) in enumerate(bounds):
                    yield clean[a:b], (i, a, k == len(bounds) - 1)

        for doc, (i, base, last) in self.nlp.pipe(chunks(), batch_size=batch_size, as_tuples=True):
            original, clean, found = pending[i]
            found.extend(self._match(doc, base))
            if last:
                del pending[i]
                yield self._finish(original, clean, found)

    # -- internals ----------------------------------------------------------------------
    def _match(self, doc, base: int) -> list[_Candidate]:
        """Raw candidates: (start_char, end_char, entry index, is_acronym, n_tokens)."""
        out: list[_Candidate] = []
        strings = self._strings
        for matcher in (self._lower, self._orth):
            for match_id, s, e in matcher(doc):
                key = strings[match_id]
                acronym = key[0] == "a"
                idx = int(key[1:]) if acronym else int(key)
                last = doc[e - 1]
                end = last.idx + len(last)
                if last.text.endswith(".") and "." not in last.text[:-1] and len(last) > 1:
                    end -= 1  # "CCS-P." before a full stop: the dot is not part of the name
                out.append((base + doc[s].idx, base + end, idx, acronym, e - s))
        return out

    def _finish(self, original: str, clean: str, found: list[_Candidate]) -> Extraction:
        lower = ascii_lower(clean)
        ctx = self._levels.analyse(clean, lower)
        spans = self._resolve(clean, found)
        ctx.drop_cues_inside([(s, e) for s, e, _ in spans])
        mentions = []
        for start, end, idx in spans:
            entry = self._entries[idx]
            if entry.kind in _PERK_KINDS and ctx.section_at(start) == "benefits":
                continue  # "health insurance", "continuing education" as perks, not skills
            level = ctx.level(start, end)
            within = None
            after = False
            if entry.kind == "certification":
                if level != "mentioned" and not ctx.from_cue and ctx.names_the_job(start, end):
                    level = "mentioned"  # "CPC Coder" as the job's title is not a demand
                after, within = ctx.after_hire(start, end)
            mentions.append(
                Mention(
                    skill_id=entry.id,
                    label=entry.label,
                    kind=entry.kind,
                    level=level,
                    start=start,
                    end=end,
                    text=original[start:end],  # same offsets: normalise() keeps length
                    code=entry.code,
                    within_months=within,
                    obtain_after_hire=after and within is None,
                )
            )
        return Extraction(
            mentions=tuple(mentions),
            requirements=self._requirements.parse(ctx),
            taxonomy_version=self.taxonomy_version,
            extractor_version=self.extractor_version,
        )

    def _resolve(self, text: str, found: list[_Candidate]) -> list[tuple[int, int, int]]:
        """Keep context-checked, non-overlapping matches (longest first) and split
        slash compounds such as "ICD-10-CM/PCS" into their parts."""
        candidates = []
        for start, end, idx, acronym, ntok in found:
            context = self._contexts[idx]
            if acronym and context is not None:
                lo = max(0, start - CONTEXT_WINDOW)
                hi = end + CONTEXT_WINDOW
                # The acronym itself must not count as its own context word.
                if not (context.search(text, lo, start) or context.search(text, end, hi)):
                    continue
            candidates.append((-ntok, start, start - end, idx, end))
        # Most tokens first, then the earlier start: "data quality reviews" keeps
        # "data quality" rather than "quality reviews"; "ICD-10-CM" beats "ICD-10".
        candidates.sort()
        kept: list[tuple[int, int, int]] = []
        seen: set[tuple[int, int, int]] = set()
        spans: set[tuple[int, int]] = set()
        # One byte per character marks text already claimed: linear in the number of
        # matches, which matters for pasted megabyte texts with 100k mentions.
        taken = bytearray(len(text)) if candidates else bytearray()
        for _, start, _, idx, end in candidates:
            if (start, end, idx) in seen:
                continue
            if (start, end) not in spans:
                if any(taken[start:end]):
                    continue
                taken[start:end] = b"\x01" * (end - start)
                spans.add((start, end))
            # else: the same span already kept for another entry (an ambiguous form).
            seen.add((start, end, idx))
            kept.append((start, end, idx))
        kept = self._split_compounds(text, kept)
        kept.sort()
        return kept

    def _split_compounds(
        self, text: str, kept: list[tuple[int, int, int]]
    ) -> list[tuple[int, int, int]]:
        """Replace a kept "A/B" or "A and B" match by its parts when each part is an entry,
        and add "/X" tails a match leaves behind ("ICD-10-CM" + "/PCS")."""
        out: list[tuple[int, int, int]] = []
        covered = {(s, e) for s, e, _ in kept}
        for start, end, idx in kept:
            surface = text[start:end]
            parts = self._forms.split_compound(surface, start) if _JOINER.search(surface) else None
            if parts:
                out.extend(p for p in parts if (p[0], p[1]) not in covered or p[:2] == (start, end))
            else:
                out.append((start, end, idx))
        # "ICD-10-CM/PCS" where only "ICD-10-CM" matched: complete "/PCS" from the prefix.
        ends = {e: (s, e, i) for s, e, i in out}
        starts = {s for s, _, _ in out}
        extra = []
        for end, (start, _, idx) in ends.items():
            pos = end
            surface = text[start:end]
            while pos < len(text) and text[pos] == "/":
                m = _ALNUM_RUN.match(text, pos + 1)
                if not m or m.start() in starts:
                    break
                hit = self._forms.complete(surface, m.group())
                if hit is None or hit == idx:
                    break
                extra.append((m.start(), m.end(), hit))
                pos = m.end()
        return out + extra


_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
_JOINER = re.compile(r"/|\s(?:and|&)\s", re.IGNORECASE)
_PERK_KINDS = ("soft_skill", "domain_knowledge")
_GLUE_INFIXES = (r"(?<=[a-z]{3})(?=[A-Z])", r"(?<=[a-z]{3})(?=[0-9])")
