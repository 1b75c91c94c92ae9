"""Is this posting one of ours? Keep medical records / HIM / coding / registry / ROI / CDI jobs.

Why a filter at all: API sources return whole boards. A hospital's Greenhouse board lists
nurses, engineers and accountants next to its one HIM clerk, and ranking them would bury
the jobs the user is looking for.

How it decides, in order (rules are data: ``mrtjobs/data/occupation_titles.json``):

1. an *excluded* title (software engineer, patient access, accounts payable) drops it:
   "Software Engineer, Health Information Exchange" is not a records job;
2. a *strong* title (``Medical Records Clerk``, ``Inpatient Coder``, ``CDI Specialist``,
   an HIM credential as a whole word) keeps the posting;
3. a *weak* title (``Specialist II``, ``Registrar``, ``Analyst``) keeps it only when the
   description names enough distinct HIM terms: the rule file's terms plus the coding
   systems, certifications and regulations of the skills taxonomy when one is given;
4. anything else is dropped.

Every decision carries a reason, so a crawl can report what it kept and why it dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mrtjobs.errors import ConfigError
from scraper.models import Posting

RULES_PATH = Path(__file__).resolve().parent / "data" / "occupation_titles.json"
_RULE_KEYS = ("title_strong", "title_strong_acronyms", "title_exclude", "title_weak", "description_terms",
              "description_acronyms", "min_description_terms")


@dataclass(frozen=True)
class Decision:
    keep: bool
    reason: str


@dataclass
class RelevanceReport:
    """How many postings a crawl kept and dropped, with a few dropped titles as examples."""

    kept: int = 0
    dropped: int = 0
    dropped_titles: list[str] = field(default_factory=list)

    def add(self, posting: Posting, decision: Decision) -> None:
        if decision.keep:
            self.kept += 1
        else:
            self.dropped += 1
            if len(self.dropped_titles) < 20:
                self.dropped_titles.append(posting.title)


def _alternation(patterns: Iterable[str], *, flags: int) -> re.Pattern | None:
    patterns = [p for p in patterns if p]
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def _acronyms(words: Iterable[str]) -> re.Pattern | None:
    words = [w for w in words if w]
    if not words:
        return None
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9-])(?:{alts})(?![A-Za-z0-9]|-[A-Za-z])")


class RelevanceFilter:
    """Title rules plus description evidence; build once per crawl, call ``decide`` per posting."""

    def __init__(self, rules: dict, *, taxonomy_terms: Iterable[str] = (), origin: str = "<rules>") -> None:
        missing = [k for k in _RULE_KEYS if k not in rules]
        if missing:
            raise ConfigError(f"{origin}: relevance rules lack key {missing[0]!r}")
        try:
            self._strong = _alternation(rules["title_strong"], flags=re.IGNORECASE)
            self._strong_acr = _acronyms(rules["title_strong_acronyms"])
            self._exclude = _alternation(rules["title_exclude"], flags=re.IGNORECASE)
            self._weak = _alternation(rules["title_weak"], flags=re.IGNORECASE)
            self._terms = [re.compile(t, re.IGNORECASE) for t in dict.fromkeys(rules["description_terms"])]
            # Hundreds of taxonomy labels and aliases: one alternation, longest first, whole words.
            extra = sorted({t.strip().lower() for t in taxonomy_terms if t and len(t.strip()) >= 4},
                           key=len, reverse=True)
            self._taxonomy = (
                re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in extra) + r")(?!\w)", re.IGNORECASE)
                if extra else None
            )
            self._desc_acr = [_acronyms([a]) for a in rules["description_acronyms"]]
        except re.error as exc:
            raise ConfigError(f"{origin}: bad pattern in relevance rules ({exc})") from None
        self.min_terms = int(rules["min_description_terms"])

    def decide(self, posting: Posting) -> Decision:
        title = posting.title or ""
        if self._exclude and (m := self._exclude.search(title)):
            return Decision(False, f"title is outside the occupation ({m.group(0)!r})")
        hit = (self._strong and self._strong.search(title)) or (self._strong_acr and self._strong_acr.search(title))
        if hit:
            return Decision(True, f"title names the occupation ({hit.group(0)!r})")
        if self._weak and self._weak.search(title):
            found = self.evidence(f"{title}\n{posting.description_text}")
            if len(found) >= self.min_terms:
                return Decision(True, f"generic title, HIM work in the text ({', '.join(found[:4])})")
            return Decision(False, f"generic title, only {len(found)} HIM term(s) in the text")
        return Decision(False, "title does not name the occupation")

    def evidence(self, text: str) -> list[str]:
        """The distinct HIM terms found in ``text`` (lower-cased), in rule order."""
        found: list[str] = []
        for rx in self._terms:
            if m := rx.search(text):
                found.append(m.group(0).lower())
        for rx in self._desc_acr:
            if rx is not None and (m := rx.search(text)):
                found.append(m.group(0))
        if self._taxonomy is not None:
            found += [m.group(0).lower() for m in self._taxonomy.finditer(text)]
        return list(dict.fromkeys(found))

    def split(self, postings: Iterable[Posting], report: RelevanceReport | None = None) -> list[Posting]:
        """The postings to keep; ``report`` (if given) counts kept and dropped."""
        kept = []
        for posting in postings:
            decision = self.decide(posting)
            if report is not None:
                report.add(posting, decision)
            if decision.keep:
                kept.append(posting)
        return kept


def load_filter(path: Path | None = None, *, taxonomy_terms: Iterable[str] = ()) -> RelevanceFilter:
    path = path or RULES_PATH
    try:
        rules = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read relevance rules ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise ConfigError(f"{path}: relevance rules are not valid JSON ({exc})") from None
    return RelevanceFilter(rules, taxonomy_terms=taxonomy_terms, origin=str(path))


def taxonomy_terms(taxonomy: object) -> list[str]:
    """Labels and aliases of the taxonomy's HIM-specific entries, for description evidence.

    Only kinds that signal this occupation (coding systems, certifications, regulations,
    domain knowledge) count: soft skills and office software appear in every posting.
    Duck-typed so this module does not depend on the taxonomy's internals: any iterable
    of entries with ``kind``, ``label`` and optional ``aliases`` works.
    """
    entries = getattr(taxonomy, "entries", None) or getattr(taxonomy, "skills", None) or ()
    if isinstance(entries, dict):
        entries = entries.values()
    terms: list[str] = []
    for entry in entries:
        if getattr(entry, "kind", None) not in ("coding_system", "certification", "regulation", "domain_knowledge"):
            continue
        terms.append(str(getattr(entry, "label", "") or ""))
        terms += [str(a) for a in (getattr(entry, "aliases", None) or ())]
    return [t for t in terms if t]
