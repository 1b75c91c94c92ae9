"""Shared value normalisers for the source parsers.

Each source spells the same facts its own way ("PA", "Per Year", "YEAR",
"per-year-salary"; "Full-Time", "FULL_TIME", "Full time"); the Posting record allows one
spelling. Keeping the vocabularies here means every parser agrees and a new spelling is
added once.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from scraper.errors import ParseError

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_US_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\b")
_MONEY = re.compile(r"-?\d+(?:\.\d+)?")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_NAMED_DATE = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")

_EMPLOYMENT: dict[str, str] = {
    "full time": "full_time", "fulltime": "full_time", "full": "full_time",
    "full time regular": "full_time", "regular full time": "full_time",
    "part time": "part_time", "parttime": "part_time", "part": "part_time",
    "regular part time": "part_time",
    "per diem": "per_diem", "perdiem": "per_diem", "prn": "per_diem", "as needed": "per_diem",
    "intermittent": "per_diem", "casual": "per_diem",
    "contract": "contract", "contractor": "contract", "contract to hire": "contract",
    "freelance": "contract", "1099": "contract",
    "temporary": "temporary", "temp": "temporary", "seasonal": "temporary",
    "term": "temporary", "temporary full time": "temporary", "temporary part time": "temporary",
    "intern": "internship", "internship": "internship", "externship": "internship",
}

_PERIOD: dict[str, str] = {
    "pa": "year", "per year": "year", "year": "year", "yearly": "year", "annual": "year",
    "annually": "year", "per annum": "year", "per year salary": "year", "salary": "year",
    "ph": "hour", "per hour": "hour", "hour": "hour", "hourly": "hour", "per hour wage": "hour",
    "wage": "hour",
    "pd": "day", "per day": "day", "day": "day", "daily": "day", "per day wage": "day",
    "pw": "week", "per week": "week", "week": "week", "weekly": "week", "per week wage": "week",
    "pm": "month", "per month": "month", "month": "month", "monthly": "month",
    "per month salary": "month",
}

_REMOTE: dict[str, str] = {
    "remote": "remote", "fully remote": "remote", "100% remote": "remote", "telecommute": "remote",
    "work from home": "remote", "wfh": "remote", "virtual": "remote", "remote only": "remote",
    "hybrid": "hybrid", "hybrid remote": "hybrid", "flexible": "hybrid", "telework": "hybrid",
    "onsite": "onsite", "on site": "onsite", "in office": "onsite", "in person": "onsite",
    "office": "onsite", "on premises": "onsite",
}


def _key(value: Any) -> str:
    return re.sub(r"[\s_\-/]+", " ", str(value).strip().casefold()).strip(" .")


def employment_type(value: Any) -> str | None:
    """One of Posting's employment types, or None for values with no equivalent."""
    if value is None or value == "":
        return None
    if isinstance(value, (list, tuple)):
        for item in value:
            found = employment_type(item)
            if found:
                return found
        return None
    key = _key(value)
    if key in _EMPLOYMENT:
        return _EMPLOYMENT[key]
    singular = _singular(key)  # "Internships", "Temporary Positions", "Contracts"
    if singular in _EMPLOYMENT:
        return _EMPLOYMENT[singular]
    key = singular
    for words, kind in (
        ("per diem", "per_diem"), ("prn", "per_diem"), ("part time", "part_time"),
        ("full time", "full_time"), ("temporary", "temporary"), ("contract", "contract"),
        ("intern", "internship"), ("fulltime", "full_time"), ("parttime", "part_time"),
    ):
        if re.search(rf"\b{words}\b", key):
            return kind
    return None


def _singular(key: str) -> str:
    """Each word without a plural "s" ("internships" -> "internship"); "ss" and short words kept."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in key.split())


_COMPANY_CODE = re.compile(r"^\d{2,6}\s+(?=\S*[A-Za-z])")
_GLUED_SUFFIX = re.compile(r",(?=(?:LLC|L\.L\.C\.|Inc\.?|Ltd\.?|LLP|LP|PC|PLLC|Corp\.?)\b)")


def employer_name(value: Any) -> str | None:
    """An ATS legal-entity name as a person writes it: "8893 VMware LLC" -> "VMware LLC".

    Workday tenants prefix ``hiringOrganization.name`` with the company's numeric code
    ("072 PGIM Investments,LLC"); the code means nothing to a job seeker and splits one
    employer into several. Only a leading all-digit token is dropped ("3M ..." stays), and a
    legal suffix glued to a comma gets its space back.
    """
    text = first_text(value)
    if not text:
        return None
    text = _GLUED_SUFFIX.sub(", ", _COMPANY_CODE.sub("", text))
    return " ".join(text.split()) or None


def refine_employment(kind: str | None, title: str) -> str | None:
    """Let the title's "Per Diem"/"PRN" win over a coarse ATS field ("Part time").

    Workday and other ATSs only know full/part time; a per-diem job is filed as part
    time there but named per diem in its title, and per diem matters to a job seeker.
    """
    if re.search(r"\bper[\s-]?diem\b|\bPRN\b", title or "", re.I):
        return "per_diem"
    return kind


def salary_period(value: Any) -> str | None:
    """hour/day/week/month/year from any source's interval spelling."""
    if not value:
        return None
    key = _key(value)
    if key in _PERIOD:
        return _PERIOD[key]
    for word, period in (("hour", "hour"), ("annual", "year"), ("year", "year"),
                         ("month", "month"), ("week", "week"), ("day", "day")):
        if word in key and "bi" not in key.split(word)[0][-3:]:
            return period
    return None


def remote_value(value: Any) -> str | None:
    """remote/hybrid/onsite from a workplace label; None for "unspecified" and unknowns."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    key = _key(value)
    if key in _REMOTE:
        return _REMOTE[key]
    if "hybrid" in key:
        return "hybrid"
    if "remote" in key or "telecommute" in key:
        return "remote"
    if re.search(r"\bon ?site\b|\bin office\b", key):
        return "onsite"
    return None


def money(value: Any) -> float | None:
    """A number from 18.5, "134751.0", "$18.50" or "52,000"; None when absent or zero."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        match = _MONEY.search(str(value).replace(",", ""))
        if not match:
            return None
        number = float(match.group(0))
    return number if math.isfinite(number) and number > 0 else None


_RANGE = re.compile(
    r"(?P<low>\$?\s*[\d,]+(?:\.\d+)?)\s*(?:-|\u2013|to)\s*(?P<high>\$?\s*[\d,]+(?:\.\d+)?)"
    r"(?:\s*(?P<cur>[A-Z]{3}))?(?:\s*(?:/|per)?\s*(?P<period>[A-Za-z\-]+))?"
)


def salary_from_text(value: Any) -> tuple[float | None, float | None, str | None, str | None]:
    """(min, max, period, currency) from a custom pay field ("42000 - 52000 USD Annual",
    "$21.50 - $27.00 per hour"); all None when it holds no range."""
    if not isinstance(value, str):
        return None, None, None, None
    match = _RANGE.search(value)
    if not match:
        return None, None, None, None
    low, high = money(match.group("low")), money(match.group("high"))
    if low is None and high is None:
        return None, None, None, None
    currency = match.group("cur") or ("USD" if "$" in value else None)
    return low, high, salary_period(match.group("period")) or salary_period(value), currency


def iso_date(value: Any) -> str | None:
    """ "YYYY-MM-DD" from ISO dates/datetimes (as written, no TZ shift), epoch ms, m/d/Y
    or "October 19, 2026"."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 10_000_000_000 else value
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value)
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    elif _US_DATE.match(text):
        month, day, year = (int(g) for g in _US_DATE.match(text).groups())
    else:
        named = _NAMED_DATE.search(text)
        if not named or named.group(1)[:3].casefold() not in _MONTHS:
            return None
        month = _MONTHS[named.group(1)[:3].casefold()]
        day, year = int(named.group(2)), int(named.group(3))
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return None


def first_text(*values: Any) -> str | None:
    """The first value that is a non-blank string (stripped)."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def as_list(value: Any) -> list[Any]:
    """``value`` as a list: None -> [], scalar -> [scalar]."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, tuple):
        return list(value)
    return [value]


def short_hash(*parts: Any, length: int = 20) -> str:
    """A stable id from text parts (whitespace-normalised, case-folded)."""
    joined = "\x1f".join(" ".join(str(p or "").split()).casefold() for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def option(options: Mapping[str, Any] | None, name: str, default: Any = None) -> Any:
    """Read a parse option, tolerating ``options=None``."""
    if not options:
        return default
    value = options.get(name, default)
    return default if value is None else value


def join_sections(sections: Iterable[tuple[str | None, str]]) -> str:
    """Join (heading, text) pairs into one text with blank lines between sections."""
    blocks = []
    for heading, body in sections:
        body = (body or "").strip()
        if not body:
            continue
        heading = (heading or "").strip()
        if heading and not body.casefold().startswith(heading.casefold()):
            blocks.append(f"{heading}\n{body}")
        else:
            blocks.append(body)
    return "\n\n".join(blocks)


def guarded(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Turn type surprises inside a parser into ParseError naming the source.

    Raw data comes from outside (an API that changed, a hand-edited file); a number where a
    string was expected must surface as "usajobs: unexpected data shape ..." so a crawl or a
    directory import reports it and goes on, instead of dying on a TypeError.
    """

    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def parse(raw: Any, *, source_url: str | None = None, options: Mapping | None = None) -> Any:
            try:
                return func(raw, source_url=source_url, options=options)
            except ParseError:
                raise
            except (TypeError, AttributeError, KeyError, IndexError, ValueError, OverflowError) as exc:
                raise ParseError(f"unexpected data shape ({type(exc).__name__}: {exc})", source=name) from exc

        return parse

    return wrap
