"""Validation of taxonomy JSONL, one rule per function, every error pointing at FILE:LINE.

Split from ``taxonomy.py`` so that the model (entries, lookups, relations) and the rules
that guard the data can each be read on one screen. Only ``load_taxonomy`` calls these.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, Iterable

from skills_taxonomy.taxonomy import (
    ID_PREFIX_KIND,
    KINDS,
    SKILL_LISTS,
    TIERS,
    Entry,
    SkillMapItem,
    TaxonomyError,
    acronym_key,
    normalize,
)

_ENTRY_FIELDS = {
    "id", "label", "kind", "aliases", "acronyms", "tiers", "parent", "equivalent", "implies",
    "code", "issuer", "prerequisites", "context", "ambiguous", "notes",
}
_LIST_FIELDS = ("aliases", "acronyms", "tiers", "equivalent", "implies", "context")
_OPT_STR_FIELDS = ("parent", "code", "issuer", "prerequisites", "notes")
_SKILL_FIELDS = {"list", "text", "ids", "notes"}
_ID_RE = re.compile(r"^[a-z][a-z0-9]*\.[a-z0-9][a-z0-9_]*$")
_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


def read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TaxonomyError(f"cannot read taxonomy file: {exc.strerror or exc}", str(path)) from None


def parse_lines(raw: bytes, file: str) -> Iterable[tuple[int, dict[str, Any]]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TaxonomyError(f"not UTF-8 ({exc.reason})", file) from None
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TaxonomyError(f"invalid JSON: {exc.msg} (column {exc.colno})", file, line_no) from None
        if not isinstance(obj, dict):
            raise TaxonomyError("each line must be a JSON object", file, line_no)
        check_entities(obj, file, line_no)
        yield line_no, obj


def check_entities(obj: Any, file: str, line: int) -> None:
    """HTML entities mean text was pasted from a web page; "E&amp;M" would never match."""
    if isinstance(obj, str):
        m = _ENTITY_RE.search(obj)
        if m:
            raise TaxonomyError(f"HTML entity {m.group(0)!r} in {obj!r}; write the character itself", file, line)
    elif isinstance(obj, dict):
        for value in obj.values():
            check_entities(value, file, line)
    elif isinstance(obj, list):
        for value in obj:
            check_entities(value, file, line)


def str_list(obj: dict[str, Any], name: str, file: str, line: int) -> tuple[str, ...]:
    value = obj.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TaxonomyError(f"{name!r} must be a list of non-empty strings", file, line)
    if any(v != v.strip() for v in value):
        raise TaxonomyError(f"{name!r} has a value with leading or trailing spaces", file, line)
    return tuple(dict.fromkeys(value))


def make_entry(obj: dict[str, Any], file: str, line: int) -> Entry:
    unknown = sorted(set(obj) - _ENTRY_FIELDS)
    if unknown:
        raise TaxonomyError(f"unknown field(s) {', '.join(map(repr, unknown))}", file, line)
    for name in ("id", "label", "kind"):
        if not isinstance(obj.get(name), str) or not obj[name].strip():
            raise TaxonomyError(f"missing or empty required field {name!r}", file, line)
    id_, kind = obj["id"], obj["kind"]
    if not _ID_RE.match(id_):
        raise TaxonomyError(f"bad id {id_!r}: use 'prefix.lower_snake_case'", file, line)
    if kind not in KINDS:
        raise TaxonomyError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}", file, line)
    prefix = id_.split(".", 1)[0]
    if prefix in ID_PREFIX_KIND and ID_PREFIX_KIND[prefix] != kind:
        raise TaxonomyError(f"id {id_!r} has prefix {prefix!r} but kind {kind!r}", file, line)
    lists = {name: str_list(obj, name, file, line) for name in _LIST_FIELDS}
    for name in _OPT_STR_FIELDS:
        if name in obj and obj[name] is not None and not (isinstance(obj[name], str) and obj[name].strip()):
            raise TaxonomyError(f"{name!r} must be a non-empty string or null", file, line)
    ambiguous = obj.get("ambiguous", False)
    if not isinstance(ambiguous, bool):
        raise TaxonomyError("'ambiguous' must be true or false", file, line)
    bad_tiers = [t for t in lists["tiers"] if t not in TIERS]
    if bad_tiers:
        raise TaxonomyError(f"unknown tier {bad_tiers[0]!r}; expected one of {', '.join(TIERS)}", file, line)
    if lists["context"] and not lists["acronyms"]:
        raise TaxonomyError("'context' only applies to acronyms, and this entry has none", file, line)
    if obj.get("code") and kind != "certification":
        raise TaxonomyError("'code' is for certifications only", file, line)
    if obj.get("code") and not obj.get("issuer"):
        raise TaxonomyError(f"certification {obj['code']!r} needs an 'issuer'", file, line)
    for form in (obj["label"], *lists["aliases"], *lists["acronyms"]):
        if not normalize(form):
            raise TaxonomyError(f"surface form {form!r} has no letters or digits", file, line)
    return Entry(
        id=id_, label=obj["label"], kind=kind,
        aliases=lists["aliases"], acronyms=lists["acronyms"], tiers=lists["tiers"],
        parent=obj.get("parent"), equivalent=lists["equivalent"], implies=lists["implies"],
        code=obj.get("code"), issuer=obj.get("issuer"), prerequisites=obj.get("prerequisites"),
        context=lists["context"], file=file, line=line, ambiguous=ambiguous, notes=obj.get("notes"),
    )


def check_relations(entries: dict[str, Entry]) -> None:
    for e in entries.values():
        targets = [("parent", e.parent)] if e.parent else []
        targets += [("equivalent", t) for t in e.equivalent] + [("implies", t) for t in e.implies]
        for relation, target in targets:
            if target not in entries:
                raise TaxonomyError(f"{relation} target {target!r} does not exist", e.file, e.line)
            if target == e.id:
                raise TaxonomyError(f"{relation} points at the entry itself", e.file, e.line)
        for target in e.equivalent:
            if entries[target].kind != e.kind:
                raise TaxonomyError(
                    f"equivalent {target!r} is a {entries[target].kind}, not a {e.kind}", e.file, e.line
                )
    check_cycles(entries, "parent", lambda e: (e.parent,) if e.parent else ())
    check_cycles(entries, "implies", lambda e: e.implies)


def check_cycles(entries: dict[str, Entry], relation: str, edges: Callable[[Entry], Iterable[str]]) -> None:
    """Iterative three-colour DFS; reports the cycle at the line of the entry that closes it."""
    state: dict[str, int] = {}
    for start in entries:
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterable[str]]] = [(start, iter(edges(entries[start])))]
        state[start] = 1
        path.append(start)
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                e = entries[node]
                raise TaxonomyError(f"{relation} cycle: {' -> '.join(cycle)}", e.file, e.line)
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(edges(entries[nxt]))))


def check_surface_forms(entries: dict[str, Entry]) -> None:
    """An alias or acronym may belong to one entry only, unless every owner says ``ambiguous``.

    Aliases compare case- and punctuation-insensitively (that is how they are matched), so
    an alias also collides with another entry's acronym of the same letters; acronyms
    compare with their case, so "COC" (the credential) and "CoC" (Commission on Cancer)
    can coexist.
    """
    alias_owner: dict[str, Entry] = {}
    acronym_owner: dict[str, Entry] = {}
    acronym_lower: dict[str, list[Entry]] = {}
    for e in entries.values():
        for a in e.acronyms:
            claim(acronym_owner, acronym_key(a), a, e, "acronym")
            acronym_lower.setdefault(normalize(a), []).append(e)
    for e in entries.values():
        for form in e.surface_forms():
            key = normalize(form)
            claim(alias_owner, key, form, e, "alias")
            for other in acronym_lower.get(key, ()):
                if other.id != e.id and not (e.ambiguous and other.ambiguous):
                    raise TaxonomyError(
                        f"alias {form!r} matches acronym of {other.id!r} ({other.file}:{other.line});"
                        " set \"ambiguous\": true on both to allow it",
                        e.file, e.line,
                    )


def claim(owner: dict[str, Entry], key: str, form: str, e: Entry, what: str) -> None:
    first = owner.get(key)
    if first is None:
        owner[key] = e
    elif first.id != e.id and not (first.ambiguous and e.ambiguous):
        raise TaxonomyError(
            f"{what} {form!r} is already claimed by {first.id!r} ({first.file}:{first.line});"
            " set \"ambiguous\": true on both to allow it",
            e.file, e.line,
        )


def make_skill_item(obj: dict[str, Any], file: str, line: int, entries: dict[str, Entry]) -> SkillMapItem:
    unknown = sorted(set(obj) - _SKILL_FIELDS)
    if unknown:
        raise TaxonomyError(f"unknown field(s) {', '.join(map(repr, unknown))}", file, line)
    list_name = obj.get("list")
    if list_name not in SKILL_LISTS:
        raise TaxonomyError(f"unknown skill-map list {list_name!r}; expected one of {', '.join(SKILL_LISTS)}", file, line)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise TaxonomyError("missing or empty 'text'", file, line)
    ids = str_list(obj, "ids", file, line)
    if not ids:
        raise TaxonomyError(f"skill-map item {text!r} maps to no taxonomy id", file, line)
    tier = SKILL_LISTS[list_name]
    for id_ in ids:
        if id_ not in entries:
            raise TaxonomyError(f"skill-map item {text!r} maps to unknown id {id_!r}", file, line)
        if tier and tier not in entries[id_].tiers:
            raise TaxonomyError(
                f"skill-map item {text!r} is in tier {tier!r} but {id_!r} does not list that tier", file, line
            )
    return SkillMapItem(list_name=list_name, tier=tier, text=text, ids=ids)
