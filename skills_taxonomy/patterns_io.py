"""Loading the extractor's rule files (skills_taxonomy/patterns/*.jsonl).

Rules live in data files so that a wording seen in a new posting is fixed by adding a
line, not by editing code. Every line is validated here once, at pipeline build time, so
a bad rule fails loudly with FILE:LINE instead of silently never matching.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from skills_taxonomy.errors import ExtractionError

PATTERN_DIR = Path(__file__).parent / "patterns"

#: Bumped when the extractor's code changes behaviour; the rule files' hash is added to it.
CODE_VERSION = "ext4"


def load_rules(name: str, required: tuple[str, ...] = ("pattern",)) -> list[dict[str, Any]]:
    """Read one JSONL rule file; each rule gets a compiled ``regex`` (for lower-cased text)."""
    path = PATTERN_DIR / name
    try:
        raw_lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ExtractionError(f"{path}: cannot read rule file: {exc}") from exc
    rules: list[dict[str, Any]] = []
    for lineno, raw in enumerate(raw_lines, start=1):
        if not raw.strip() or raw.lstrip().startswith("//"):
            continue
        try:
            rule = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ExtractionError(f"{path}:{lineno}: invalid JSON: {exc.msg}") from exc
        if not isinstance(rule, dict):
            raise ExtractionError(f"{path}:{lineno}: a rule must be a JSON object")
        for key in required:
            if key not in rule:
                raise ExtractionError(f"{path}:{lineno}: missing field {key!r}")
        if "pattern" in rule:
            if re.search(r"(?<!\\)(?<!\(\?)[A-Z]", rule["pattern"]):
                raise ExtractionError(
                    f"{path}:{lineno}: write patterns in lower case (they run on lower-cased text)"
                )
            try:
                rule["regex"] = re.compile(rule["pattern"])
            except re.error as exc:
                raise ExtractionError(f"{path}:{lineno}: bad regular expression: {exc}") from exc
        rule["_where"] = f"{path.name}:{lineno}"
        rules.append(rule)
    return rules


class RuleSet:
    """Many rules scanned as one alternation, with the matching rule looked up per hit.

    Rules are matched against ASCII-lower-cased text without ``re.IGNORECASE`` and the
    alternation has no capturing groups: both let ``re`` skip non-candidate positions
    quickly, which is several times faster than named groups with IGNORECASE and keeps
    the extractor near tokenizer speed. Which rule matched is decided only for the few
    hits, by re-trying the rules in file order at the hit's position (the same rule the
    alternation chose).
    """

    __slots__ = ("rules", "regex", "_singles")

    def __init__(self, rules: list[dict[str, Any]]) -> None:
        self.rules = rules
        self._singles = [r["regex"] for r in rules]
        joined = "|".join(f"(?:{r['pattern']})" for r in rules)
        self.regex = re.compile(joined if rules else r"(?!)")

    def which(self, text: str, pos: int) -> dict[str, Any]:
        for rule, single in zip(self.rules, self._singles):
            if single.match(text, pos):
                return rule
        return self.rules[-1]  # pragma: no cover - the alternation matched, so one rule does

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        """Yield (start, end, rule) for every non-overlapping hit."""
        it = self.regex.finditer(text, pos) if endpos is None else self.regex.finditer(text, pos, endpos)
        for m in it:
            yield m.start(), m.end(), self.which(text, m.start())

    def match(self, text: str, pos: int = 0) -> tuple[int, dict[str, Any]] | None:
        m = self.regex.match(text, pos)
        if not m or m.end() == pos:
            return None
        return m.end(), self.which(text, pos)


_UPPER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def ascii_lower(text: str) -> str:
    """Lower-case A-Z only, so the result has exactly the same length and offsets."""
    return text.translate(_UPPER)


def rules_hash() -> str:
    """Short hash of all rule files, so a rule edit changes the extractor version."""
    digest = hashlib.sha256()
    for path in sorted(PATTERN_DIR.glob("*.jsonl")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]
