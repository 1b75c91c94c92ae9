"""Load and validate the skills taxonomy: JSONL data in, a checked in-memory graph out.

The taxonomy is data (``skills_taxonomy/data/*.jsonl``) so that a health-information
professional can correct it without reading Python. Because an extractor matches its
aliases verbatim in job postings and the matcher scores on its relations, a silent
mistake here (an alias owned by two entries, a relation pointing nowhere, a cycle)
would quietly corrupt every match; so every problem is an error that names the file
and line to fix. This module must stay free of spaCy: the matcher and the CLI load the
taxonomy without paying for a pipeline.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

KINDS = ("coding_system", "software", "regulation", "domain_knowledge", "soft_skill", "certification")
TIERS = ("foundational", "advanced_technical", "professional_software")
SKILL_LISTS = {
    "foundational_skills": "foundational",
    "advanced_technical_skills": "advanced_technical",
    "professional_software_skills": "professional_software",
    "tech_skills": None,
    "soft_abilities": None,
    "tech_stack": None,
}
# An id's prefix says what it is; a mismatch is nearly always a copy-paste slip.
ID_PREFIX_KIND = {
    "cert": "certification",
    "code": "coding_system",
    "sw": "software",
    "reg": "regulation",
    "dk": "domain_knowledge",
    "soft": "soft_skill",
}
DATA_DIR = Path(__file__).resolve().parent / "data"
SKILL_MAP_FILE = "skill_map.jsonl"
ENV_VAR = "MRTJOBS_TAXONOMY"

_MARKS_RE = re.compile(r"(?:\(r\)|\(tm\)|[®™©℠])", re.IGNORECASE)
_PAREN_RE = re.compile(r"^(?P<outer>.*?)\s*\((?P<inner>[^()]+)\)\s*$")


class TaxonomyError(Exception):
    """A problem in taxonomy data or a failed lookup.

    When the problem sits on a known line, the message starts with ``FILE:LINE:`` so an
    editor or a terminal can jump straight to it.
    """

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        self.file = file
        self.line = line
        self.reason = message
        if file is not None and line is not None:
            message = f"{file}:{line}: {message}"
        elif file is not None:
            message = f"{file}: {message}"
        super().__init__(message)


@dataclass(frozen=True)
class Entry:
    id: str
    label: str
    kind: str
    aliases: tuple[str, ...]
    acronyms: tuple[str, ...]
    tiers: tuple[str, ...]
    parent: str | None
    equivalent: tuple[str, ...]
    implies: tuple[str, ...]
    code: str | None
    issuer: str | None
    prerequisites: str | None
    context: tuple[str, ...]
    file: str
    line: int
    ambiguous: bool = False
    notes: str | None = None

    def surface_forms(self) -> tuple[str, ...]:
        """Case-insensitive forms an extractor may match: the label and the aliases."""
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class SkillMapItem:
    list_name: str
    tier: str | None
    text: str
    ids: tuple[str, ...]


def normalize(text: str) -> str:
    """Case- and punctuation-insensitive key: "R.H.I.T." and "rhit" compare equal.

    Trademark marks are dropped first so that "CPC(R)" is "cpc", not "cpcr".
    """
    return re.sub(r"[\W_]+", "", _MARKS_RE.sub("", text).casefold())


def acronym_key(text: str) -> str:
    """Case-sensitive key for acronyms: marks, dots and spaces go, case stays."""
    return re.sub(r"[.\s]+", "", _MARKS_RE.sub("", text))


class Taxonomy:
    """The validated taxonomy: entries by id, the guides' skill map and a content version."""

    def __init__(self, entries: dict[str, Entry], skill_map: tuple[SkillMapItem, ...], version: str):
        self.entries = entries
        self.skill_map = skill_map
        self.version = version
        self._children: dict[str, list[str]] = {i: [] for i in entries}
        for e in entries.values():
            if e.parent:
                self._children[e.parent].append(e.id)
        self._by_acronym: dict[str, list[str]] = {}
        self._by_key: dict[str, list[str]] = {}
        for e in entries.values():
            for a in e.acronyms:
                _add(self._by_acronym, acronym_key(a), e.id)
            for form in (e.id, *e.surface_forms(), *e.acronyms):
                _add(self._by_key, normalize(form), e.id)
        self._equiv: dict[str, frozenset[str]] = _equivalence_classes(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, id: object) -> bool:
        return id in self.entries

    def get(self, id: str) -> Entry:
        try:
            return self.entries[id]
        except KeyError:
            raise TaxonomyError(f"unknown taxonomy id {id!r}") from None

    def resolve_all(self, text: str) -> tuple[Entry, ...]:
        """Every entry ``text`` may name, best evidence first; empty when none.

        Tried in order: exact id, case-sensitive acronym, normalized id/label/alias/acronym,
        the same without a trailing plural "s", and finally the two halves of
        "Full Name (ABBR)".
        """
        text = text.strip()
        if text in self.entries:
            return (self.entries[text],)
        for ids in (self._by_acronym.get(acronym_key(text)), self._lookup_key(normalize(text))):
            if ids:
                return tuple(self.entries[i] for i in ids)
        m = _PAREN_RE.match(text)
        if m:
            outer, inner = self.resolve_all(m["outer"]), self.resolve_all(m["inner"])
            both = [e for e in outer if e in inner]
            return tuple(both) or (outer if len(outer) == 1 else inner if len(inner) == 1 else ())
        return ()

    def _lookup_key(self, key: str) -> list[str] | None:
        if not key:
            return None
        return self._by_key.get(key) or (self._by_key.get(key[:-1]) if key.endswith("s") else None)

    def resolve(self, text: str) -> Entry | None:
        """The one entry ``text`` names, or None when it names none or several."""
        found = self.resolve_all(text)
        return found[0] if len(found) == 1 else None

    def children(self, id: str) -> tuple[str, ...]:
        self.get(id)
        return tuple(self._children[id])

    def ancestors(self, id: str) -> tuple[str, ...]:
        out: list[str] = []
        parent = self.get(id).parent
        while parent is not None:
            out.append(parent)
            parent = self.entries[parent].parent
        return tuple(out)

    def equivalents(self, id: str) -> frozenset[str]:
        self.get(id)
        return self._equiv[id]

    def covered_by(self, id: str) -> frozenset[str]:
        """Everything holding ``id`` covers: itself, its equivalents, and what they imply, transitively."""
        self.get(id)
        seen: set[str] = set()
        stack = [id]
        while stack:
            current = stack.pop()
            for same in self._equiv[current]:
                if same in seen:
                    continue
                seen.add(same)
                stack.extend(self.entries[same].implies)
        return frozenset(seen)

    def by_kind(self, kind: str) -> tuple[Entry, ...]:
        if kind not in KINDS:
            raise TaxonomyError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
        return tuple(e for e in self.entries.values() if e.kind == kind)

    def skill_map_items(self, id: str) -> tuple[SkillMapItem, ...]:
        """The guide bullets that map to ``id``; lets the CLI and matcher explain a tier."""
        return tuple(item for item in self.skill_map if id in item.ids)


def _add(index: dict[str, list[str]], key: str, id: str) -> None:
    ids = index.setdefault(key, [])
    if id not in ids:
        ids.append(id)


def _equivalence_classes(entries: dict[str, Entry]) -> dict[str, frozenset[str]]:
    """Union-find over `equivalent`: declaring it on one side is enough."""
    root = {i: i for i in entries}

    def find(i: str) -> str:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for e in entries.values():
        for other in e.equivalent:
            root[find(e.id)] = find(other)
    groups: dict[str, set[str]] = {}
    for i in entries:
        groups.setdefault(find(i), set()).add(i)
    return {i: frozenset(groups[find(i)]) for i in entries}


# ---------------------------------------------------------------- loading


def shipped_files(data_dir: str | os.PathLike | None = None) -> tuple[Path, ...]:
    """The data files that ship with the package, sorted so the version is stable."""
    directory = Path(data_dir) if data_dir is not None else DATA_DIR
    return tuple(sorted(directory.glob("*.jsonl")))


def env_paths(environ: dict[str, str] | None = None) -> tuple[str, ...]:
    """Extra taxonomy files named by ``MRTJOBS_TAXONOMY`` (``os.pathsep``-separated)."""
    value = (os.environ if environ is None else environ).get(ENV_VAR, "")
    return tuple(p for p in value.split(os.pathsep) if p.strip())


def load_taxonomy(
    extra_paths: Sequence[str | os.PathLike] = (),
    *,
    data_dir: str | os.PathLike | None = None,
) -> Taxonomy:
    """Load the shipped data plus the user's extra JSONL files, merged and validated as one.

    Extra files hold entries only (the skill map is the guides' and ships with the
    package). ``data_dir`` replaces the shipped directory, which tests use to prove that
    the version follows the data.
    """
    from skills_taxonomy import taxonomy_validate as check  # needs the types above, hence imported here

    files = shipped_files(data_dir)
    if not files:
        raise TaxonomyError(f"no *.jsonl data files found in {data_dir or DATA_DIR}")
    digest = hashlib.sha256()
    entries: dict[str, Entry] = {}
    skill_lines: list[tuple[str, int, dict[str, Any]]] = []
    sources: list[tuple[Path, bool]] = [(p, False) for p in files]
    sources += [(Path(p), True) for p in extra_paths]
    for path, is_extra in sources:
        raw = check.read(path)
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
        for line_no, obj in check.parse_lines(raw, str(path)):
            if path.name == SKILL_MAP_FILE and not is_extra:
                skill_lines.append((str(path), line_no, obj))
                continue
            entry = check.make_entry(obj, str(path), line_no)
            if entry.id in entries:
                first = entries[entry.id]
                raise TaxonomyError(
                    f"duplicate id {entry.id!r} (first defined at {first.file}:{first.line})",
                    str(path), line_no,
                )
            entries[entry.id] = entry
    check.check_relations(entries)
    check.check_surface_forms(entries)
    skill_map = tuple(check.make_skill_item(obj, f, n, entries) for f, n, obj in skill_lines)
    return Taxonomy(entries, skill_map, digest.hexdigest()[:12])
