"""Posting-level requirements: years of experience, education, salary, remote, job type.

Each field is found with rules from ``patterns/*.jsonl`` and then weighed by where it sits
(the same section/cue logic as skill mentions), so "Bachelor's degree preferred" does not
become a minimum, and "tuition help toward your bachelor's" under Benefits is ignored.
"""

from __future__ import annotations

import re

from skills_taxonomy.errors import ExtractionError
from skills_taxonomy.extraction import EDUCATION_LEVELS, Requirements, Salary
from skills_taxonomy.levels import LevelContext
from skills_taxonomy.patterns_io import RuleSet, load_rules

_EDU_RANK = {name: i for i, name in enumerate(EDUCATION_LEVELS)}
# Helper rules live in patterns/requirement_rules.jsonl, by name (see each rule's note).
_NAMED = (
    "experience_tail", "alternative_head", "level_tail", "substitute", "salary_tail_exclude",
    "years_bad_head", "years_bad_tail", "zero_experience", "type_label", "money", "staff_after",
    "up_to", "from", "years", "range_tail", "min_label", "max_after_min", "money_start", "year_unit",
)


_CLAUSE_END = re.compile(r"[.!?;](?:\s|$)")
_DIGIT = re.compile(r"\d")


class RequirementRules:
    """Compiled requirement rules; built once per pipeline."""

    def __init__(self) -> None:
        numbers = load_rules("numbers.jsonl", required=("word", "value"))
        self.number_words = {r["word"].lower(): float(r["value"]) for r in numbers}
        words = sorted(self.number_words, key=len, reverse=True)
        num = r"(?:\d+(?:\.\d+)?|" + "|".join(re.escape(w) for w in words) + ")"
        named = {r["name"]: r for r in load_rules("requirement_rules.jsonl", required=("name", "pattern"))}
        missing = [n for n in _NAMED if n not in named]
        if missing:
            raise ExtractionError(f"requirement_rules.jsonl: missing rules {', '.join(missing)}")
        self.rx = {n: named[n]["regex"] for n in _NAMED}
        self.rx["years"] = re.compile(named["years"]["pattern"].replace("{num}", num))
        self.years = self.rx["years"]
        edu = load_rules("education.jsonl", required=("level", "pattern"))
        for r in edu:
            if r["level"] not in _EDU_RANK and r["level"] != "equivalent_ok":
                raise ExtractionError(f"{r['_where']}: unknown education level {r['level']!r}")
        self.education = RuleSet([r for r in edu if r["level"] != "equivalent_ok"])
        self.edu_equivalent = RuleSet([r for r in edu if r["level"] == "equivalent_ok"])
        sal = load_rules("salary.jsonl", required=("kind", "pattern"))
        self.periods = [(r["value"], r["regex"]) for r in sal if r["kind"] == "period"]
        self.currencies = [(r["value"], r["regex"]) for r in sal if r["kind"] == "currency"]
        self.salary_exclude = RuleSet([r for r in sal if r["kind"] == "exclude"]).regex
        self.salary_label = RuleSet([r for r in sal if r["kind"] == "label"]).regex
        work = load_rules("work_arrangement.jsonl", required=("field", "value", "priority", "pattern"))
        self.work = {
            field: RuleSet([r for r in work if r["field"] == field])
            for field in ("remote", "employment_type")
        }

    # -- public -------------------------------------------------------------------
    def parse(self, ctx: LevelContext) -> Requirements:
        """Requirements of the text ``ctx`` was built for (rules run on its lower-cased copy)."""
        text = ctx.lower
        req_years, pref_years = self._years(text, ctx)
        edu, equivalent = self._education(text, ctx)
        return Requirements(
            min_years_experience=req_years,
            preferred_years_experience=pref_years,
            education_min=edu,
            education_equivalent_ok=equivalent,
            salary=self._salary(text),
            remote=self._choose(text, ctx, "remote"),
            employment_type=self._choose(text, ctx, "employment_type"),
        )

    # -- years ----------------------------------------------------------------------
    def _number(self, raw: str | None) -> float | None:
        if raw is None:
            return None
        try:
            return float(raw)
        except ValueError:
            return self.number_words.get(raw)

    def _years(self, text: str, ctx: LevelContext) -> tuple[float | None, float | None]:
        required: list[float] = []
        preferred: list[float] = []
        for m in self._years_hits(text, ctx):
            seg_start, seg_end = ctx.segment(m.start(), m.end())
            head = text[max(seg_start, m.start() - 60):m.start()]
            tail = text[m.end():min(seg_end, m.end() + 90)]
            if self.rx["years_bad_head"].search(head) or self.rx["years_bad_tail"].match(tail):
                continue
            if self.rx["alternative_head"].search(head):
                continue  # "Bachelor's degree or 4 years of experience": an alternative
            if not (self.rx["experience_tail"].search(tail) or "experience" in head):
                line_start = text.rfind("\n", 0, m.start()) + 1
                line_end = text.find("\n", m.end())
                line = text[line_start:line_end if line_end >= 0 else len(text)]
                labelled = ":" in text[line_start:m.start()]
                if not (self.rx["level_tail"].match(tail) and ("experience" in line or labelled)):
                    continue
            value = self._number(m.group("a"))
            if value is None or value > 40:
                continue
            if m.group("unit").startswith("m"):
                value = round(value / 12, 2)
            level = ctx.level(m.start(), m.end())
            if level == "required":
                required.append(value)
            elif level == "preferred":
                preferred.append(value)
        req = max(required) if required else None
        if req is None and self.rx["zero_experience"].search(text):
            req = 0.0
        return req, (max(preferred) if preferred else None)

    def _years_hits(self, text: str, ctx: LevelContext):
        # Only the 50 characters before each unit word can hold "three (3) years" etc.;
        # scanning those windows is much faster than running the pattern over the text.
        last_end = 0
        for unit in self.rx["year_unit"].finditer(text):
            for m in self.years.finditer(text, max(last_end, unit.start() - 50), unit.end() + 4):
                if m.end() >= unit.end():
                    last_end = m.end()
                    yield m
                    break
        for pos in ctx.sections.glued:
            # "QualificationsThree years of ...": no word boundary before "three" here,
            # so the glued remainder of the line is matched on its own.
            end = text.find("\n", pos)
            m = self.years.match(text[pos:end if end >= 0 else len(text)])
            if m is not None:
                yield _Shifted(m, pos)

    # -- education ------------------------------------------------------------------
    def _education_hits(self, text: str, ctx: LevelContext):
        yield from self.education.finditer(text)
        # "QualificationsHigh school diploma": no word boundary before "high" in the glued
        # text, so scan the glued remainder of such lines on its own.
        for pos in ctx.sections.glued:
            end = text.find("\n", pos)
            piece = text[pos:end if end >= 0 else len(text)]
            m = self.education.regex.match(piece)
            if m:
                yield pos, pos + m.end(), self.education.which(piece, 0)

    def _education(self, text: str, ctx: LevelContext) -> tuple[str | None, bool]:
        found: list[str] = []
        substitute = False
        for start, end, rule in self._education_hits(text, ctx):
            if ctx.level(start, end) != "required":
                continue
            seg_start, seg_end = ctx.segment(start, end)
            if self.rx["substitute"].search(text, seg_start, seg_end):
                substitute = True  # "a bachelor's degree may substitute for experience"
                continue
            found.append(rule["level"])
        equivalent = substitute or any(
            ctx.section_at(start) not in ("about", "benefits")
            for start, _, _ in self.edu_equivalent.finditer(text)
        )
        if not found:
            return None, equivalent
        return min(found, key=_EDU_RANK.__getitem__), equivalent

    # -- salary -----------------------------------------------------------------------
    def _salary(self, text: str) -> Salary | None:
        # Candidates: a currency sign, or the first number after a pay label ("Pay: 18.50").
        starts = set()
        for m in self.rx["money_start"].finditer(text):
            start = m.start()
            if text.startswith("$", start):  # "us$45", "c$45": start at the prefix
                start -= 2 if text.startswith("us", start - 2) else 1 if text.startswith("c", start - 1) else 0
            starts.add(start)
        for label in self.salary_label.finditer(text):
            digit = _DIGIT.search(text, label.end(), label.end() + 40)
            if digit:
                starts.add(digit.start())
        money = self.rx["money"]
        for start in sorted(starts):
            m = money.match(text, start)
            if m is None or m.start() != start:
                continue
            salary = self._salary_at(text, m)
            if salary is not None:
                return salary
        return None

    def _salary_at(self, text: str, m: re.Match[str]) -> Salary | None:
        cur_raw = m.group("cur1") or m.group("cur2")
        line_start = text.rfind("\n", 0, m.start()) + 1
        head = text[max(line_start, m.start() - 60):m.start()]
        tail = text[m.end():m.end() + 40].split("\n", 1)[0]
        if cur_raw is None and not self.salary_label.search(head[-40:]):
            return None
        clause = _CLAUSE_END.split(head)[-1]  # "$1,000 bonus! Pay $22-$26": only "Pay " counts
        if self.salary_exclude.search(clause[-45:]) or self.rx["salary_tail_exclude"].match(tail):
            return None
        lo = _amount(m.group("n1"), m.group("d1"), m.group("k1"))
        hi = _amount(m.group("n2"), m.group("d2"), m.group("k2")) if m.group("n2") else None
        if hi is None:
            # "$20/hr - $25/hr", or Workday's "Minimum: $20.00 ... Maximum: $30.00"
            more = self.rx["range_tail"].match(text, m.end())
            if more is None and self.rx["min_label"].search(head):
                more = self.rx["max_after_min"].match(text, m.end())
            if more is not None:
                hi = _amount(more.group("n"), more.group("d"), more.group("k"))
                tail = text[more.end():more.end() + 40].split("\n", 1)[0] or tail
        if hi is not None and m.group("k2") and not m.group("k1") and lo < 1000:
            lo *= 1000
        if hi is not None and hi < lo:
            return None
        if cur_raw is None and (lo < 7 or (1900 <= lo <= 2100 and hi is None)):
            return None
        period = self._period(tail[:25]) or self._period(head[-30:])
        top = hi if hi is not None else lo
        if period is None:
            if 7 <= top < 300:
                period = "hour"
            elif top >= 15000:
                period = "year"
        if cur_raw is None and not self._period(tail[:25]):
            return None  # a bare number needs its "per hour" to count as pay
        if period is None or top < 7:
            return None
        if period == "hour" and top > 500 or period == "year" and top < 5000:
            return None
        if hi is None:
            if self.rx["up_to"].search(head):
                lo, hi = None, lo
            elif not self.rx["from"].search(head):
                hi = lo
        currency = "USD"
        if cur_raw:
            for value, regex in self.currencies:
                if regex.fullmatch(cur_raw.strip()):
                    currency = value
                    break
        return Salary(min=lo, max=hi, period=period, currency=currency)

    def _period(self, snippet: str) -> str | None:
        best: tuple[int, str] | None = None
        for value, regex in self.periods:
            pm = regex.search(snippet)
            if pm and (best is None or pm.start() < best[0]):
                best = (pm.start(), value)
        return best[1] if best else None

    # -- remote / employment type -------------------------------------------------
    def _choose(self, text: str, ctx: LevelContext, field: str) -> str | None:
        best: tuple[int, int, int, str] | None = None
        for start, end, rule in self.work[field].finditer(text):
            if field == "employment_type" and self.rx["staff_after"].match(text, end):
                continue  # "benefits for full-time employees" says nothing about this job
            priority = int(rule["priority"])
            line_start = text.rfind("\n", 0, start) + 1
            key: tuple[int, int, int, str]
            if self.rx["type_label"].search(text[max(line_start, start - 60):start]):
                # "Employment type: Part time" is stated, not implied; of a stated list
                # ("Job Types: Full-time, Temporary") the more specific type wins.
                key = (-1, priority, start, rule["value"])
            else:
                key = (priority, 0, start, rule["value"])
            if best is None or key < best:
                best = key
        return best[3] if best else None


class _Shifted:
    """A match found in a slice, with offsets moved back into the whole text."""

    __slots__ = ("_m", "_pos")

    def __init__(self, m: re.Match[str], pos: int) -> None:
        self._m, self._pos = m, pos

    def start(self) -> int:
        return self._pos + self._m.start()

    def end(self) -> int:
        return self._pos + self._m.end()

    def group(self, name: str) -> str | None:
        return self._m.group(name)


def _amount(digits: str, decimals: str | None, k: str | None) -> float:
    value = float(digits.replace(",", ""))
    if decimals:
        value += float("0." + decimals)
    if k:
        value *= 1000
    return round(value, 2)
