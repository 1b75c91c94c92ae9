"""Required / preferred / mentioned, decided from the section and the sentence's cues.

A cue in the mention's own clause ("CCS preferred", "must have RHIT") beats the section
default, because postings routinely mix levels inside one list item. When a clause holds
several cues, the one nearest to the mention wins: in "RHIT required, CCS preferred" each
credential sits next to its own cue. Sections that describe the employer (About us,
Benefits, How to apply, and an unheaded opening paragraph about the employer) make a
skill "mentioned" unless its own clause says it is required ("CPC required"); a
benefit ("tuition assistance for RHIT") or a negation ("No RHIT required", "you will
not need an RHIT") never makes it required.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from skills_taxonomy.errors import ExtractionError
from skills_taxonomy.patterns_io import RuleSet, ascii_lower, load_rules
from skills_taxonomy.sections import SECTION_LEVEL, SectionParser, Sections

# Clause boundaries: line breaks, sentence ends, semicolons, inline bullets, " | ".
_BOUNDARY = re.compile(
    r"[\n•·▪●◦■➢►✓✔❖◆]|[.!?;](?=\s|$)|\s\|\s|\s-\s(?=[A-Z])"
    r"|(?<=[A-Za-z0-9)])\.(?=[A-Z][a-z])"  # "...NCDs.Experience with"
)
# List items glued by HTML-to-text ("certification3+ years", "codingOrthopedic"): the
# clause ends where a lower-case run meets a capital or digit. Scanned separately because
# a leading [a-z]{3} lets the regex engine skip ahead far faster than a look-behind.
_GLUED = re.compile(r"[a-z]{3}(?=[A-Z][a-z]|\d)")
_NONE_SECTIONS = ("about", "benefits")
_PARAGRAPH_RULES = ("about_more", "about_end")
# Leading list markers / decoration before a clause's first word.
_CLAUSE_LEAD = re.compile(r"[\s\-*#>:\"'(]*")
# "Acme Health is a leading ...": a short proper-noun subject before an "about" cue.
_SUBJECT_ONLY = re.compile(r"\s*(?:[A-Z][\w&.'-]*\s+){1,5}")
#: Longest first line still read as the posting's title.
_TITLE_MAX = 120
# After the last separator, the clause carries on about obtaining the same credential.
_OBTAIN_TAIL = re.compile(
    r"[,/(]\s*(?:or|and|but)?\s*(?:must\s+|will\s+|to\s+|be\s+able\s+to\s+)?"
    r"(?:obtain|acquire|earn|achieve|attain|get|be\s+obtained)\b[^,/(]*$"
)


class LevelRules:
    """The compiled cue and after-hire rules; built once per pipeline."""

    def __init__(self) -> None:
        cues = load_rules("level_cues.jsonl", required=("level", "applies", "pattern"))
        # "about_more" / "about_end" rules are not cues: they decide how far an unheaded
        # paragraph about the employer goes (see ``LevelContext._employer_paragraphs``).
        self.about_more = RuleSet([r for r in cues if r["level"] == "about_more"]).regex
        self.about_end = RuleSet([r for r in cues if r["level"] == "about_end"]).regex
        self.cues = RuleSet([r for r in cues if r["level"] not in _PARAGRAPH_RULES])
        for rule in self.cues.rules:
            if rule["applies"] not in ("before", "after", "both", "clause_start"):
                raise ExtractionError(f"{rule['_where']}: applies must be before, after, both or clause_start")
        self.sections = SectionParser(self.cues)
        after = load_rules("after_hire.jsonl", required=("kind", "pattern"))
        self.after = [r for r in after if r["kind"] != "context"]
        for rule in self.after:
            if not isinstance(rule.get("max_gap"), int):
                raise ExtractionError(f"{rule['_where']}: after-hire rules need an integer max_gap")
        self.after_context = RuleSet([r for r in after if r["kind"] == "context"]).regex
        numbers = load_rules("numbers.jsonl", required=("word", "value"))
        self.number_words = {r["word"].lower(): int(r["value"]) for r in numbers if r["value"] >= 1}
        title = load_rules("job_title.jsonl", required=("kind", "pattern"))
        self.title = {k: [r["regex"] for r in title if r["kind"] == k] for k in ("lead", "noun", "self")}

    def analyse(self, text: str, lower: str | None = None) -> "LevelContext":
        """Index one text; ``lower`` is ``ascii_lower(text)`` if the caller has it."""
        return LevelContext(text, ascii_lower(text) if lower is None else lower, self)


class LevelContext:
    """Per-text index of sections, clause boundaries and cue positions."""

    __slots__ = (
        "text", "lower", "rules", "sections", "bounds", "cue_starts", "cue_ends", "cue_levels", "cue_applies",
        "_after", "from_cue", "_title_end", "_mention_starts",
    )

    def __init__(self, text: str, lower: str, rules: LevelRules) -> None:
        self.text = text
        self.lower = lower
        self.rules = rules
        self.sections: Sections = rules.sections.parse(text, lower)
        bounds = [m.start() for m in _BOUNDARY.finditer(text)]
        glued = [m.end() for m in _GLUED.finditer(text)]
        self.bounds = sorted(bounds + glued) if glued else bounds
        starts: list[int] = []
        ends: list[int] = []
        levels: list[str] = []
        applies: list[str] = []
        for start, end, rule in rules.cues.finditer(lower):
            starts.append(start)
            ends.append(end)
            levels.append(rule["level"])
            applies.append(rule["applies"])
        self.cue_applies = applies
        self.cue_starts = starts
        self.cue_ends = ends
        self.cue_levels = levels
        self._after: dict[tuple[int, int], list[tuple[int, int, dict]]] = {}
        self._mention_starts: list[int] = []  # set by drop_cues_inside
        #: Did the last ``level()`` call read a cue (rather than the section default)?
        self.from_cue = False
        # The posting's title: its first non-blank line.
        # Only a short first line with more text after it is a title (not a one-line paste).
        stripped = len(text) - len(text.lstrip())
        nl = text.find("\n", stripped)
        if nl < 0 or nl - stripped > _TITLE_MAX or not text[nl:].strip():
            self._title_end = (0, -1)
        else:
            self._title_end = (stripped, nl)
        if "about" in levels:
            self._employer_paragraphs()

    def _opens_clause(self, seg_start: int, cue_start: int) -> bool:
        """Does an "about" cue at ``cue_start`` open its clause ("We are a ...", "Acme
        Health is a leading ...")?"""
        head = self.text[seg_start:cue_start]
        return not head.strip(" \t-*#>:") or _SUBJECT_ONLY.fullmatch(head) is not None

    def _employer_paragraphs(self) -> None:
        """Before any heading, a paragraph (line) that opens by describing the employer
        ("Mercy Valley Health is a 300-bed hospital. We offer tuition assistance for RHIT
        and CCS.") is about-us as long as its sentences go on about the employer ("We",
        "Our", ...: ``about_more`` rules) and do not turn to the job ("We are seeking a
        coder": ``about_end`` rules)."""
        rules = self.rules
        text, lower, bounds = self.text, self.lower, self.bounds
        sections = self.sections
        spans: list[tuple[int, int]] = []
        done = -1
        for k, lvl in enumerate(self.cue_levels):
            cs = self.cue_starts[k]
            if lvl != "about" or cs < done or sections.kind_at(cs) != "start":
                continue
            seg_start, seg_end = self.segment(cs, self.cue_ends[k])
            if not self._opens_clause(seg_start, cs):
                continue
            if rules.about_end.search(lower, seg_start, seg_end):
                continue  # "We are a clinic hiring a coder": already about the job
            line_end = text.find("\n", cs)
            if line_end < 0:
                line_end = len(text)
            end = seg_end
            j = bisect_left(bounds, seg_end)
            while end < line_end:
                j += 1
                nxt = min(bounds[j] if j < len(bounds) else len(text), line_end)
                if nxt <= end:
                    continue  # the same boundary twice (a glued one)
                lead = _CLAUSE_LEAD.match(lower, end + 1, nxt).end()
                if lead < nxt and (
                    rules.about_more.match(lower, lead, nxt) is None
                    or rules.about_end.search(lower, lead, nxt) is not None
                ):
                    break
                end = nxt
            spans.append((seg_start, end))
            done = end
        sections.mark(spans, "about")

    def names_the_job(self, start: int, end: int) -> bool:
        """Is [start, end) (a credential) the name of the job rather than a demand? True in
        the title line ("CPC Coder - Cardiology") and after a hiring lead-in when a job noun
        follows ("is hiring an RHIT Coding Specialist", "seeking an Oncology Data Specialist")."""
        t0, t1 = self._title_end
        if t0 <= start and end <= t1 and self.sections.kind_at(start) == "start":
            return True
        title = self.rules.title
        lower = self.lower
        if not any(r.search(lower, max(0, start - 60), start) for r in title["lead"]):
            return False
        return any(r.match(lower, end, end + 40) for r in title["noun"]) or any(
            r.search(lower, start, end) for r in title["self"]
        )

    def drop_cues_inside(self, spans: list[tuple[int, int]]) -> None:
        """Forget cues that are part of a mention ("Registry Plus", "Epic Required Docs")."""
        spans = sorted(spans)
        span_starts = [s for s, _ in spans]
        self._mention_starts = span_starts
        if not spans or not self.cue_starts:
            return
        keep = []
        for k, (cs, ce) in enumerate(zip(self.cue_starts, self.cue_ends)):
            i = bisect_right(span_starts, cs) - 1
            inside = i >= 0 and spans[i][1] > cs
            if not inside and i + 1 < len(spans) and spans[i + 1][0] < ce:
                # A negation around a mention ("No RHIT required") is not part of it.
                inside = self.cue_levels[k] != "negated" or _ends_after(spans, i + 1, ce)
            if not inside:
                keep.append(k)
        if len(keep) != len(self.cue_starts):
            self.cue_starts = [self.cue_starts[k] for k in keep]
            self.cue_ends = [self.cue_ends[k] for k in keep]
            self.cue_levels = [self.cue_levels[k] for k in keep]
            self.cue_applies = [self.cue_applies[k] for k in keep]

    def segment(self, start: int, end: int) -> tuple[int, int]:
        """The clause around [start, end): between the nearest boundaries."""
        b = self.bounds
        i = bisect_right(b, start - 1) - 1
        seg_start = b[i] + 1 if i >= 0 else 0
        j = bisect_left(b, end)
        seg_end = b[j] if j < len(b) else len(self.text)
        return seg_start, seg_end

    def section_at(self, offset: int) -> str:
        return self.sections.kind_at(offset)

    def level(self, start: int, end: int) -> str:
        self.from_cue = False
        section = self.sections.kind_at(start)
        # About us / Benefits make a skill "mentioned" unless its own clause demands it.
        employer = section in _NONE_SECTIONS
        default = "mentioned" if employer else SECTION_LEVEL.get(section, "required")
        seg_start, seg_end = self.segment(start, end)
        lo = bisect_left(self.cue_starts, seg_start)
        hi = bisect_left(self.cue_starts, seg_end)
        if lo >= hi:
            return default
        self.from_cue = True
        best_level = None
        best_dist = None
        best_cue = (0, 0)
        preferred: list[tuple[int, int]] = []
        for k in range(lo, hi):
            if self.cue_ends[k] > seg_end:
                continue
            lvl = self.cue_levels[k]
            if lvl == "about":
                # "We are a 300-bed hospital that uses Epic": describes the employer.
                if self._opens_clause(seg_start, self.cue_starts[k]):
                    return "mentioned"
                continue
            cs, ce = self.cue_starts[k], self.cue_ends[k]
            applies = self.cue_applies[k]
            if applies == "after" and ce > start or applies == "before" and cs < end:
                continue  # "must have X" governs what follows, "X is a plus" what precedes
            if lvl == "preferred":
                preferred.append((cs, ce))
            if ce <= start:
                dist = start - ce
                between = self.text[ce:start]
                if between.count(")") > between.count("("):
                    continue  # the cue sits in a parenthesis that closed before the mention
            elif cs >= end:
                dist = cs - end
                between = self.text[end:cs]
                if between.count("(") > between.count(")") and between[between.rfind("(") + 1:].strip():
                    continue  # "Bachelor's degree (BSN preferred)": the cue is the BSN's
            else:
                dist = 0
            if best_dist is None or dist < best_dist:
                best_dist, best_level, best_cue = dist, lvl, (cs, ce)
        if best_level is None:
            self.from_cue = False
            return default
        if employer and best_level != "required":
            self.from_cue = False
            return "mentioned"
        if best_level == "negated":
            # "RHIT/RHIA not required, but preferred": the plus is theirs too; in "No RHIT
            # required, but CCS is a plus" a mention after the negation takes it
            ns, ne = best_cue
            for cs, ce in preferred:
                lo, hi = (max(ne, end), cs) if cs >= ne else (ce, min(ns, start))
                if not self._mention_in(lo, hi, start):
                    return "preferred"
            return "mentioned"
        return best_level

    def _mention_in(self, lo: int, hi: int, own: int) -> bool:
        """Does a mention other than the one at ``own`` start in [lo, hi)?"""
        starts = self._mention_starts
        i = bisect_left(starts, lo)
        while i < len(starts) and starts[i] < hi:
            if starts[i] != own:
                return True
            i += 1
        return False

    def after_hire(self, start: int, end: int) -> tuple[bool, int | None]:
        """(allowed after hire?, within how many months) for a certification mention."""
        seg_start, seg_end = self.segment(start, end)
        hits = self._after.get((seg_start, seg_end))
        if hits is None:
            # Each rule scans the clause separately: "obtain ... after hire" and "within
            # 12 months" overlap, and both are needed.
            hits = [
                (m.start(), m.end(), rule)
                for rule in self.rules.after
                for m in rule["regex"].finditer(self.lower, seg_start, seg_end)
            ]
            self._after[(seg_start, seg_end)] = hits
        found = False
        months: int | None = None
        for cs, ce, rule in hits:
            if ce <= start:
                gap, region = start - ce, (ce, start)
            elif cs >= end:
                gap, region = cs - end, (end, cs)
            else:
                gap, region = 0, (start, start)
            if gap > rule["max_gap"] or self._cue_between(*region):
                continue
            if rule["kind"] == "within":
                if not self.rules.after_context.search(self.lower, seg_start, seg_end):
                    continue
                months = _months(self.lower[cs:ce], rule, self.rules.number_words) or months
            found = True
        return found, months

    def _cue_between(self, a: int, b: int) -> bool:
        """Does (a, b) hold a required/preferred cue and a list separator? Then the
        after-hire cue belongs to another item ("AAA required, BBB eligible"), unlike
        "AAA credential required within one year"."""
        if not any(sep in self.text[a:b] for sep in (",", "/", "(")):
            return False
        if _OBTAIN_TAIL.search(self.lower, a, b):
            return False  # "CSTR preferred, or obtain within 2 years": the same item goes on
        lo = bisect_left(self.cue_starts, a)
        for k in range(lo, len(self.cue_starts)):
            if self.cue_starts[k] >= b:
                break
            if self.cue_ends[k] <= b and self.cue_levels[k] in ("required", "preferred"):
                return True
        return False


def _ends_after(spans: list[tuple[int, int]], i: int, limit: int) -> bool:
    """Does any span from index ``i`` on that starts before ``limit`` end after it?"""
    while i < len(spans) and spans[i][0] < limit:
        if spans[i][1] >= limit:
            return True
        i += 1
    return False


def _months(cue_text: str, rule: dict, number_words: dict[str, int]) -> int | None:
    m = rule["regex"].search(cue_text)
    if not m:
        return None
    groups = m.groupdict()
    raw = (groups.get("n") or "one").lower()
    unit = (groups.get("unit") or "month").lower()
    n = int(raw) if raw.isdigit() else number_words.get(raw)
    if n is None:
        return None
    if unit.startswith("year"):
        return n * 12
    if unit.startswith("day"):
        return max(1, round(n / 30))
    return n
