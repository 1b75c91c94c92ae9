"""Which part of a posting each line belongs to (requirements, preferences, duties, ...).

A posting's structure is the strongest signal for whether a skill is required: the same
"Epic experience" bullet means different things under "Minimum Qualifications", "Preferred"
and "About us". Headings come in many shapes (ALL CAPS, "**Bold**", "Requirements:" glued
to the first item, "QualificationsHigh school diploma" glued by HTML-to-text conversion),
so headings are recognised by rule phrases from ``patterns/headings.jsonl`` and by shape.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from skills_taxonomy.patterns_io import RuleSet, ascii_lower, load_rules

#: Default level of a mention found in each kind of section with no cue in its sentence.
SECTION_LEVEL = {
    "start": "required",
    "other": "required",
    "required": "required",
    "qual": "required",
    "duties": "required",
    "preferred": "preferred",
    "benefits": "mentioned",
    "about": "mentioned",
}

_BULLET = re.compile(
    r"^[ \t]*(?:(?:[-*+•·▪●◦■□➢►✓✔❖◆○>§]|\d{1,2}[.)]|[a-zA-Z][.)](?=\s)"
    r"|\(\w{1,2}\))"
    r"[ \t]*)+"
)
_DECOR = re.compile(r"^[ \t#*_=~|]+")
_TRAIL = re.compile(r"[ \t#*_=~|]+$")
_CAPS_HEADING = re.compile(r"^[A-Z][A-Z0-9&/,'() -]{3,60}:?$")


# Where an inline label's sentence ends ("Salary: $45K-$55K per year. Three years ...").
_SENTENCE_END = re.compile(r"[.!?;](?=[ \t]+\S)")

_SHORT_TITLE = re.compile(r"^[ \t#*_]*[A-Z][^.!?,;:\n]{2,58}[^.!?,;\s]?[ \t*_]*$")


def _looks_like_heading(line: str) -> bool:
    """A short capitalised line without sentence punctuation and not a list item."""
    return (
        len(line) <= 64
        and _BULLET.match(line) is None
        and _SHORT_TITLE.match(line) is not None
        and len(line.split()) <= 7
    )


def _next_line_has_text(text: str, nl: int) -> bool:
    end = text.find("\n", nl + 1)
    return bool(text[nl + 1:end if end >= 0 else len(text)].strip())


def _next_line_is_item(text: str, nl: int) -> bool:
    """Is the next line another short title-like line? Then this one is an item of an
    unbulleted list ("Benefits:" / "Dental insurance" / "Health insurance"), not a heading."""
    end = text.find("\n", nl + 1)
    return _looks_like_heading(text[nl + 1:end if end >= 0 else len(text)])


class Sections:
    """Section kind for every line of one text; ``kind_at(offset)`` looks one up."""

    __slots__ = ("_starts", "_kinds", "glued")

    def __init__(self, starts: list[int], kinds: list[str], glued: list[int]) -> None:
        self._starts = starts
        self._kinds = kinds
        #: Offsets where text was glued to a heading with no space ("QualificationsHigh").
        self.glued = glued

    def kind_at(self, offset: int) -> str:
        i = bisect_right(self._starts, offset) - 1
        return self._kinds[i] if i >= 0 else "start"

    def mark(self, spans: list[tuple[int, int]], kind: str) -> None:
        """Read each [start, end) of ``spans`` (sorted, not overlapping; parts of lines,
        such as an unheaded paragraph about the employer) as section ``kind``; what
        follows each ``end`` keeps its section. One pass, however many spans."""
        if not spans:
            return
        old_starts, old_kinds = self._starts, self._kinds
        starts: list[int] = []
        kinds: list[str] = []
        i, n = 0, len(old_starts)
        for start, end in spans:
            after = self.kind_at(end)
            while i < n and old_starts[i] < start:
                starts.append(old_starts[i])
                kinds.append(old_kinds[i])
                i += 1
            while i < n and old_starts[i] <= end:
                i += 1
            starts += (start, end)
            kinds += (kind, after)
        starts += old_starts[i:]
        kinds += old_kinds[i:]
        self._starts, self._kinds = starts, kinds


class SectionParser:
    """Built once per pipeline: compiles the heading rules."""

    def __init__(self, cues: RuleSet) -> None:
        rules = load_rules("headings.jsonl", required=("section", "pattern"))
        self._heading = RuleSet([r for r in rules if not r.get("sentence")])
        # Sentence rules ("X is an Equal Opportunity Employer.") label a whole line; each is
        # tried only on lines containing its literal ``requires`` word.
        self._sentences = [(r.get("requires", ""), r) for r in rules if r.get("sentence")]
        self._cues = cues

    def _heading_match(self, body: str, body_lower: str) -> tuple[str, bool, int, int] | None:
        """(section, whole_line, glued_at, label_end) when ``body`` starts with a heading
        phrase; ``label_end`` (or -1) is where an inline label whose rule has
        ``"scope": "sentence"`` stops labelling: the end of its sentence."""
        hit = self._heading.match(body_lower)
        if hit is None:
            for word, rule in self._sentences:
                if word in body_lower and rule["regex"].match(body_lower):
                    return rule["section"], False, -1, -1
            return None
        end, rule = hit
        section = rule["section"]
        tail = body[end:]
        stripped = tail.strip(" \t:-.")
        if not stripped:
            return (section, True, -1, -1) if len(body) <= 80 else None
        if tail.lstrip(" \t")[:1] in (":", "-") and not body[end - 1].isdigit():
            label_end = -1
            if rule.get("scope") == "sentence":
                m = _SENTENCE_END.search(body, end)
                label_end = m.end() if m else -1
            return section, False, -1, label_end
        if tail[0].isupper() and body[end - 1].islower():
            return section, False, end, -1  # "QualificationsHigh school diploma ..."
        return None

    def parse(self, text: str, lower: str | None = None) -> Sections:
        """Sections of ``text``; ``lower`` is its ``ascii_lower`` copy if already made."""
        if lower is None:
            lower = ascii_lower(text)
        starts: list[int] = []
        kinds: list[str] = []
        glued: list[int] = []
        current = "start"
        pos = 0
        n = len(text)
        while pos <= n:
            nl = text.find("\n", pos)
            if nl < 0:
                nl = n
            line = text[pos:nl]
            starts.append(pos)
            before = current
            kind, current, glue, label_end = self._line_kind(line, lower[pos:nl], current)
            if (
                current in ("about", "benefits")
                and kind == before
                and _looks_like_heading(line)
                and _next_line_has_text(text, nl)
                and self._heading.match(_DECOR.sub("", lower[pos:nl])) is None
                and not _next_line_is_item(text, nl)
            ):
                # An unknown heading ("What you'll own", "Your impact") ends "About us".
                kind = current = "other"
            kinds.append(kind)
            if label_end >= 0 and kind != current:
                # "Salary: $45K-$55K per year. Three years of coding experience required.":
                # the pay label covers its sentence; the rest of the line keeps the section.
                starts.append(pos + label_end)
                kinds.append(current)
            if glue >= 0:
                glued.append(pos + glue)
            pos = nl + 1
        return Sections(starts, kinds, glued)

    def _line_kind(self, line: str, line_lower: str, current: str) -> tuple[str, str, int, int]:
        """(this line's section, the section after it, offset of glued text or -1, offset
        where an inline label's sentence ends or -1)."""
        if not line.strip():
            return current, current, -1, -1
        b = _BULLET.match(line)
        is_bullet = bool(b and b.group().strip())
        offset = b.end() if b else 0
        body = line[offset:]
        d = _DECOR.match(body)
        if d:
            offset += d.end()
            body = body[d.end():]
        body = _TRAIL.sub("", body)
        if not body:
            return current, current, -1, -1
        body_lower = line_lower[offset:offset + len(body)]
        if len(body) < 400:
            hit = self._heading_match(body, body_lower)
        else:
            hit = None
        if hit is not None:
            section, whole, glue, label_end = hit
            glue = offset + glue if glue >= 0 else -1
            label_end = offset + label_end if label_end >= 0 else -1
            if section == "qual":
                # "Education:" keeps a surrounding required/preferred section.
                section = current if current in ("required", "preferred") else "required"
            if whole:
                return section, (section if not is_bullet or len(body) <= 40 else current), -1, -1
            if is_bullet or section in ("benefits", "about"):
                # "Pay: $20/hr" or "- Preferred: CCS" label one line, not what follows.
                return section, current, glue, label_end
            return section, section, glue, -1
        if not is_bullet and len(body) <= 60 and _CAPS_HEADING.match(body) and any(
            c.isalpha() for c in body
        ) and " " in body.strip():
            return "other", "other", -1, -1
        if not is_bullet and body.endswith(":") and len(body) <= 120:
            # A lead-in such as "The following are preferred:" governs the list below it.
            levels = {rule["level"] for _, _, rule in self._cues.finditer(body_lower)}
            if "preferred" in levels:
                return current, "preferred", -1, -1
            if "required" in levels and current not in ("about", "benefits"):
                return current, "required", -1, -1
        return current, current, -1, -1
