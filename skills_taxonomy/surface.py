"""Surface forms of taxonomy entries, as fed to the PhraseMatchers.

The taxonomy lists names (matched case-insensitively) and acronyms (matched exactly, since
"CTR" the credential is not "ctr"). Postings spell codes loosely ("ICD10CM", "MS DRG",
"R.H.I.T.", "DRGs"), so each form is expanded here into its common variants instead of
asking data authors to list every spelling. Also resolves slash compounds such as
"ICD-10-CM/PCS" (both ICD-10-CM and ICD-10-PCS) through a punctuation-free key.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_CODE_CHUNKS = re.compile(r"[A-Za-z0-9]+|[- ]")
_LAST_RUN = re.compile(r"[A-Za-z0-9]+$")
_SPLIT = re.compile(r"/|\s+(?:and|&)\s+", re.IGNORECASE)
_NO_PLURAL = ("s", "y", "x", "ch", "sh", "ing", "ge", "ledge")


def key_of(form: str) -> str:
    """Case- and punctuation-free lookup key: "ICD-10-CM" and "icd10cm" agree."""
    return _NON_ALNUM.sub("", form.lower())


def _is_code_like(form: str) -> bool:
    return not any(c.islower() for c in form) and any(c in "- " for c in form.strip())


def _separator_variants(form: str) -> list[str]:
    """"ICD-10-CM" -> "ICD 10 CM", "ICD10CM", "ICD-10 CM", ... (at most 27)."""
    parts = _CODE_CHUNKS.findall(form.strip())
    if not parts or any(p not in "- " and not p.isalnum() for p in parts):
        return [form]
    words = [p for p in parts if p not in "- "]
    if len(words) < 2 or len(words) > 4 or "".join(parts).replace(" ", "").replace("-", "") != "".join(words):
        return [form]
    out = []
    for seps in itertools.product(("-", " ", ""), repeat=len(words) - 1):
        text = words[0]
        for sep, word in zip(seps, words[1:]):
            text += sep + word
        out.append(text)
    return out


def _dotted(acronym: str) -> list[str]:
    if acronym.isalpha() and acronym.isupper() and 2 <= len(acronym) <= 5:
        dotted = ".".join(acronym) + "."
        return [dotted, dotted[:-1]]
    return []


class SurfaceForms:
    """Per-entry lists of case-insensitive and case-sensitive forms, plus lookups."""

    def __init__(self, taxonomy: Any) -> None:
        self.entries = list(taxonomy.entries.values())
        self.insensitive: list[list[str]] = []
        self.sensitive: list[list[str]] = []
        self.contexts: list[re.Pattern[str] | None] = []
        self._keys: dict[str, int] = {}
        for idx, entry in enumerate(self.entries):
            lower: set[str] = set()
            exact: set[str] = set()
            names = list(entry.aliases)
            label = entry.label
            if "(" in label:
                label = label.split("(", 1)[0].strip()
            if label and (" " in label.strip() or any(c.isupper() for c in label[1:])):
                names.append(label)
            for name in names:
                name = name.strip()
                if not name:
                    continue
                single = " " not in name and "-" not in name and name.isalpha()
                if single and name[:1].isupper() and not any(c.isupper() for c in name[1:]):
                    # "Epic": the product, never the adjective "epic".
                    exact.update({name, name.upper()})
                    if not name.endswith("s"):
                        exact.update({name + "s"})
                    continue
                variants = _separator_variants(name) if _is_code_like(name) else [name]
                if name.lower().endswith(" coding"):
                    # "inpatient coding" work is also named by its people: "inpatient coders".
                    variants += [name[:-6] + "coder", name[:-6] + "coders"]
                for v in variants:
                    lower.add(v)
                    if v[-1:].isalpha() and not v.lower().endswith(_NO_PLURAL) and (" " in v or v.isupper()):
                        lower.add(v + "s")
                self._keys.setdefault(key_of(name), idx)
            for acr in entry.acronyms:
                acr = acr.strip()
                if not acr:
                    continue
                for v in _separator_variants(acr) if _is_code_like(acr) else [acr]:
                    exact.add(v)
                    if v[-1:].isalpha() and v[-1:].isupper():
                        exact.add(v + "s")  # DRGs, EHRs
                exact.update(_dotted(acr))
                self._keys.setdefault(key_of(acr), idx)
            self._keys.setdefault(key_of(entry.label), idx)
            self.insensitive.append(sorted(lower))
            self.sensitive.append(sorted(exact))
            words = [w for w in entry.context if w.strip()]
            self.contexts.append(
                re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)
                if words
                else None
            )

    def lookup(self, form: str) -> int | None:
        return self._keys.get(key_of(form))

    def complete(self, previous: str, piece: str) -> int | None:
        """Entry named by ``piece`` read with ``previous``'s prefix ("ICD-10-CM" + "PCS")."""
        m = _LAST_RUN.search(previous)
        if not m or m.start() == 0:
            return None
        return self.lookup(previous[: m.start()] + piece)

    def split_compound(self, surface: str, base: int) -> list[tuple[int, int, int]] | None:
        """Split a matched "A/B" or "A and B" form into its entries ("ICD-10-CM/PCS",
        "LCDs and NCDs"), or None unless every part names a different entry."""
        out: list[tuple[int, int, int]] = []
        pos = 0
        previous = None
        pieces = _SPLIT.split(surface)
        seps = _SPLIT.findall(surface) + [""]
        for piece, sep in zip(pieces, seps):
            stripped = piece.strip()
            if not stripped:
                return None
            offset = pos + piece.index(stripped)
            hit = None
            if previous is not None:
                hit = self.complete(previous, stripped)
            if hit is None:
                hit = self.lookup(stripped)
            if hit is None:
                return None
            out.append((base + offset, base + offset + len(stripped), hit))
            previous = stripped
            pos += len(piece) + len(sep)
        if len({h for _, _, h in out}) < 2:
            return None
        return out


def chunk_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """Cut a long text into pieces of at most ``size`` characters at line or word breaks."""
    n = len(text)
    if n <= size:
        return [(0, n)]
    out = []
    a = 0
    while a < n:
        b = min(a + size, n)
        if b < n:
            cut = text.rfind("\n", a + size // 2, b)
            if cut < 0:
                cut = text.rfind(" ", a + size // 2, b)
            if cut > a:
                b = cut + 1
        out.append((a, b))
        a = b
    return out
