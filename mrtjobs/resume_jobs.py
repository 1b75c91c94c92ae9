"""The dated parts of a resume: jobs with their date ranges, and the education entries.

Why months: a resume's dates are "March 2021 - Present", "06/2018 - 02/2021" or "2017 -
2019". Each job becomes the set of months it covers (both ends counted, "present" is the
month of ``today``), so overlapping jobs are counted once by taking the union; a range
given in years only is counted from mid-year to mid-year and says so, since its true
length could be a year more or less. Nothing here decides what is HIM work: that is the
caller's (mrtjobs/resume.py), which sees the whole resume.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_SEASONS = {"spring": 4, "summer": 7, "fall": 10, "autumn": 10, "winter": 1}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_DATE = (rf"(?:(?P<{{p}}m>{_MONTH}),?\s+|(?P<{{p}}s>spring|summer|fall|autumn|winter),?\s+"
         rf"|(?P<{{p}}n>0?[1-9]|1[0-2])\s*[/.]\s*)?(?P<{{p}}y>{_YEAR})")
_SEP = r"\s*(?:-|\u2010|\u2011|\u2012|\u2013|\u2014|\u2015|~|\s(?:to|through|thru|until|till)\s)\s*"
BULLETS = "\u2022\u25aa\u25cf\u25e6\u2023\u2043\u25a0\u25a1\u2219\u00b7*-\u2013>"


def _range_regex(present_words: Iterable[str]) -> re.Pattern:
    present = "|".join(re.escape(w) for w in sorted(present_words, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w/]){_DATE.format(p='a')}{_SEP}(?:{_DATE.format(p='b')}|(?P<present>{present}))(?![\w/])",
        re.IGNORECASE,
    )


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class DateRange:
    start: int  # month index (year * 12 + month - 1)
    end: int  # inclusive
    text: str
    present: bool = False
    approximate: bool = False  # an end given as a year only (counted from or to mid-year)
    capped: bool = False  # the end lay after today and was cut there

    @property
    def months(self) -> frozenset[int]:
        return frozenset(range(self.start, self.end + 1))

    def label(self) -> str:
        end = "present" if self.present else month_label(self.end)
        return f"{month_label(self.start)} to {end}"


@dataclass(frozen=True)
class Job:
    """One dated entry of the experience section: its heading lines and the lines under it."""

    heading: str
    dates: DateRange
    body: str
    line: int  # 1-based line of the dates in the resume text


@dataclass(frozen=True)
class Problem:
    """A date the reader could not use, with the line it is on (for the profile's comments)."""

    line: int
    text: str
    why: str


class DateReader:
    def __init__(self, present_words: Iterable[str], today: date) -> None:
        self.regex = _range_regex(present_words)
        self.today = month_index(today.year, today.month)

    def find(self, line: str) -> list[tuple[re.Match, DateRange | None, str]]:
        """Every date range on a line: (match, range or None, why it was not usable)."""
        out = []
        for m in self.regex.finditer(line):
            out.append((m, *self._range(m)))
        return out

    def _range(self, m: re.Match) -> tuple[DateRange | None, str]:
        start, start_known = _month_of(m, "a", start=True)
        if m.group("present"):
            end, end_known, present = self.today, True, True
        else:
            end, end_known = _month_of(m, "b", start=False)
            present = False
        if end < start and not (start_known and end_known) and start // 12 == end // 12:
            end = start  # "2019 - 2019": half a year at most, never less than a month
        text = m.group(0).strip()
        if start > self.today:
            return None, "starts after today"
        capped = False
        if end > self.today:
            end, capped = self.today, True
        if end < start:
            return None, "ends before it starts"
        approximate = not (start_known and end_known)
        return DateRange(start, end, text, present=present, approximate=approximate, capped=capped), ""


def _month_of(m: re.Match, p: str, *, start: bool) -> tuple[int, bool]:
    year = int(m.group(f"{p}y"))
    if m.group(f"{p}m"):
        return month_index(year, _MONTHS[m.group(f"{p}m")[:3].casefold()]), True
    if m.group(f"{p}s"):
        return month_index(year, _SEASONS[m.group(f"{p}s").casefold()]), True
    if m.group(f"{p}n"):
        return month_index(year, int(m.group(f"{p}n"))), True
    # a year alone: from mid-year to mid-year, so "2017 - 2019" is two years, give or take one
    return month_index(year, 7 if start else 6), False


def is_bullet(line: str) -> bool:
    s = line.lstrip()
    return bool(s) and s[0] in BULLETS and (len(s) == 1 or not s[1].isalnum() or s[0] in "\u2022\u25aa\u25cf")


def _heading_like(line: str) -> bool:
    s = line.strip()
    return bool(s) and not is_bullet(s) and len(s) <= 90 and not s.endswith((".", ";", ":"))


def find_jobs(lines: Sequence[tuple[int, str]], reader: DateReader) -> tuple[list[Job], list[Problem]]:
    """Jobs in an experience section, given as (line number, text) pairs.

    A job starts at a line holding a date range. Its heading is what else that line says
    plus up to two short lines just above it that are not bullets ("Outpatient Coder" /
    "Lakeview Clinic, Toledo OH" / "March 2021 - Present"); when nothing is above, the
    first line below it ("2019 - present" / "Release of Information Specialist").
    """
    dated: list[tuple[int, DateRange, str]] = []  # (index in lines, range, rest of the line)
    problems: list[Problem] = []
    for i, (number, text) in enumerate(lines):
        found = reader.find(text)
        if not found:
            continue
        m, rng, why = found[0]
        if rng is None:
            problems.append(Problem(number, m.group(0).strip(), why))
            continue
        rest = (text[: m.start()] + " " + text[m.end():]).strip(" \t|,;:()[]\u2013\u2014-")
        dated.append((i, rng, rest))
    jobs: list[Job] = []
    taken_until = -1  # lines up to this index belong to an earlier job's heading or body
    for k, (i, rng, rest) in enumerate(dated):
        above: list[str] = []
        j = i - 1
        previous_dates = dated[k - 1][0] if k else -1
        while j > max(previous_dates, taken_until) and len(above) < 2 and _heading_like(lines[j][1]):
            above.insert(0, lines[j][1].strip())
            j -= 1
        next_dates = dated[k + 1][0] if k + 1 < len(dated) else len(lines)
        body_start = i + 1
        if not above and not rest and body_start < next_dates and _heading_like(lines[body_start][1]):
            above = [lines[body_start][1].strip()]
            body_start += 1
        # the body runs to the heading of the next job (its lines just above its dates)
        body_end = next_dates
        if k + 1 < len(dated):
            back = 0
            while (back < 2 and body_end - 1 >= body_start and body_end - 1 > i
                   and _heading_like(lines[body_end - 1][1])):
                body_end -= 1
                back += 1
        heading = " \u2014 ".join(part for part in (*above, rest) if part)
        body = "\n".join(text for _, text in lines[body_start:body_end])
        jobs.append(Job(heading or "(untitled)", rng, body, lines[i][0]))
        taken_until = body_end - 1
    return jobs, problems


def union_months(ranges: Iterable[DateRange]) -> frozenset[int]:
    months: set[int] = set()
    for r in ranges:
        months |= r.months
    return frozenset(months)


def years(months: int) -> float:
    return round(months / 12, 1)


# --- education ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Degree:
    level: str
    text: str  # the entry's first line, as written
    line: int
    completed: bool
    why_not: str = ""  # "expected", "ends 2027", ...


class EducationReader:
    """Degrees in the education section: the highest level on each entry, and whether it is done."""

    def __init__(self, degrees: Sequence[dict], in_progress_words: Iterable[str], reader: DateReader,
                 today: date) -> None:
        self.levels = [(d["level"], re.compile(d["pattern"], re.IGNORECASE)) for d in degrees]
        words = "|".join(re.escape(w) for w in sorted(in_progress_words, key=len, reverse=True))
        self.in_progress = re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
        self.reader = reader
        self.today = today

    def level_of(self, text: str) -> str | None:
        for level, rx in self.levels:  # highest level first
            if rx.search(text):
                return level
        return None

    def read(self, lines: Sequence[tuple[int, str]]) -> list[Degree]:
        entries: list[tuple[int, str, str, list[str]]] = []  # (line, text, level, following lines)
        for number, text in lines:
            level = self.level_of(text)
            if level is not None:
                entries.append((number, text.strip(), level, []))
            elif entries:
                entries[-1][3].append(text)
        out = []
        for number, text, level, after in entries:
            window = " ".join([text, *after[:2]])
            why = ""
            if m := self.in_progress.search(window):
                why = m.group(0).lower()
            else:
                for _, rng, _ in self.reader.find(window):
                    if rng is not None and rng.present:
                        why = f"{rng.text}"
                if not why:
                    future = [int(y) for y in re.findall(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)", window)
                              if int(y) > self.today.year]
                    if future:
                        why = f"ends {max(future)}"
            out.append(Degree(level, _strip_bullet(text), number, completed=not why, why_not=why))
        return out


def _strip_bullet(text: str) -> str:
    s = text.strip()
    while s and is_bullet(s):
        s = s[1:].strip()
    return s
