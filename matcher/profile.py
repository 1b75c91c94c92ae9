"""The job seeker's profile: read from TOML, resolved through the taxonomy.

Why resolve here: the scorer compares taxonomy ids, never free text, so "Epic Systems",
"EPIC" and "epic" must all become the same id once, at load time. Skills the taxonomy does
not know are kept in ``Profile.unknown`` and reported, never silently dropped. Every error
names the file and the key, because a profile is written by hand.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from matcher.errors import ProfileError
from matcher.weights import EDUCATION_ORDER, STATUS_FACTORS

STATUSES = tuple(STATUS_FACTORS)  # earned, in_progress, eligible
REMOTE_PREFERENCES = ("any", "remote", "hybrid", "onsite")
SALARY_PERIODS = ("hour", "day", "week", "month", "year")
TEMPLATE_FILE = Path(__file__).parent / "data" / "profile_template.toml"
_TOP_KEYS = {"name", "years_experience", "education", "certifications", "skills", "preferences"}
_PREF_KEYS = {"remote", "states", "cities", "min_salary", "salary_period"}


@dataclass(frozen=True)
class Holding:
    """One thing the user has: a taxonomy id, how it was written, and its status."""

    id: str
    written: str
    status: str = "earned"

    @property
    def display(self) -> str:
        return self.written if self.status == "earned" else f"{self.written} ({self.status})"


@dataclass(frozen=True)
class Preferences:
    remote: str = "any"
    states: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    min_salary: float | None = None
    salary_period: str = "year"


@dataclass(frozen=True)
class Profile:
    name: str = ""
    years_experience: float = 0.0
    education: str | None = None
    certifications: tuple[Holding, ...] = ()
    skills: tuple[Holding, ...] = ()
    unknown: tuple[str, ...] = ()  # entries the taxonomy did not recognise, as written
    preferences: Preferences = field(default_factory=Preferences)

    @property
    def holdings(self) -> tuple[Holding, ...]:
        return self.certifications + self.skills

    def with_item(self, skill_id: str, status: str = "earned", *, kind: str = "") -> "Profile":
        """A copy holding one more taxonomy id (used by leverage and by tests)."""
        h = Holding(skill_id, skill_id, status)
        if kind == "certification":
            return replace(self, certifications=self.certifications + (h,))
        return replace(self, skills=self.skills + (h,))

    def without(self, skill_id: str) -> "Profile":
        return replace(
            self,
            certifications=tuple(h for h in self.certifications if h.id != skill_id),
            skills=tuple(h for h in self.skills if h.id != skill_id),
        )


def load_profile(path: str | Path, taxonomy: Any) -> Profile:
    """Read and validate a profile TOML file; raises ProfileError naming file and key."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read profile ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{path}: not UTF-8 text (byte {exc.start}); save the profile as UTF-8") from None
    return parse_profile(text, taxonomy, source=str(path))


def parse_profile(text: str, taxonomy: Any, *, source: str = "<profile>") -> Profile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{source}: not valid TOML ({exc})") from exc
    return profile_from_dict(data, taxonomy, source=source)


def profile_from_dict(data: dict[str, Any], taxonomy: Any, *, source: str = "<profile>") -> Profile:
    def fail(key: str, what: str) -> ProfileError:
        return ProfileError(f"{source}: {key}: {what}")

    extra = sorted(set(data) - _TOP_KEYS)
    if extra:
        raise fail(extra[0], f"unknown key (expected one of {', '.join(sorted(_TOP_KEYS))})")
    name = data.get("name", "")
    if not isinstance(name, str):
        raise fail("name", "must be a string")
    years = data.get("years_experience", 0)
    if isinstance(years, bool) or not isinstance(years, (int, float)) or not 0 <= years <= 70:
        raise fail("years_experience", f"must be a number of years between 0 and 70 (got {years!r})")
    education = data.get("education")
    if education is not None and education not in EDUCATION_ORDER:
        raise fail("education", f"must be one of {', '.join(EDUCATION_ORDER)} (got {education!r})")

    unknown: list[str] = []
    certs = _holdings(data.get("certifications", []), "certifications", taxonomy, unknown, fail)
    skills = _holdings(data.get("skills", []), "skills", taxonomy, unknown, fail)
    prefs = _preferences(data.get("preferences", {}), fail)
    return Profile(
        name=name,
        years_experience=float(years),
        education=education,
        certifications=certs,
        skills=skills,
        unknown=tuple(unknown),
        preferences=prefs,
    )


def _holdings(raw: Any, key: str, taxonomy: Any, unknown: list[str], fail) -> tuple[Holding, ...]:
    if not isinstance(raw, list):
        raise fail(key, "must be a list")
    best: dict[str, Holding] = {}
    rank = {s: i for i, s in enumerate(STATUSES)}  # earned best
    for i, item in enumerate(raw):
        where = f"{key}[{i}]"
        if isinstance(item, str):
            written, status = item, "earned"
        elif isinstance(item, dict):
            allowed = {"code", "status"} if key == "certifications" else {"name", "status"}
            bad = sorted(set(item) - allowed)
            if bad:
                raise fail(f"{where}.{bad[0]}", f"unknown key (expected {', '.join(sorted(allowed))})")
            name_key = "code" if key == "certifications" else "name"
            written = item.get(name_key)
            if not isinstance(written, str) or not written.strip():
                raise fail(f"{where}.{name_key}", "must be a non-empty string")
            status = item.get("status", "earned")
            if status not in STATUSES:
                raise fail(f"{where}.status", f"must be one of {', '.join(STATUSES)} (got {status!r})")
        else:
            raise fail(where, "must be a string or a table")
        written = written.strip()
        if not written:
            raise fail(where, "must not be empty")
        entry = taxonomy.resolve(written)
        if entry is None:
            unknown.append(written)
            continue
        h = Holding(entry.id, written, status)
        old = best.get(entry.id)
        if old is None or rank[status] < rank[old.status]:
            best[entry.id] = h
    return tuple(best.values())


def _preferences(raw: Any, fail) -> Preferences:
    if not isinstance(raw, dict):
        raise fail("preferences", "must be a table")
    bad = sorted(set(raw) - _PREF_KEYS)
    if bad:
        raise fail(f"preferences.{bad[0]}", f"unknown key (expected one of {', '.join(sorted(_PREF_KEYS))})")
    remote = raw.get("remote", "any")
    if remote not in REMOTE_PREFERENCES:
        raise fail("preferences.remote", f"must be one of {', '.join(REMOTE_PREFERENCES)} (got {remote!r})")
    states = raw.get("states", [])
    if not isinstance(states, list) or not all(isinstance(s, str) and len(s.strip()) == 2 for s in states):
        raise fail("preferences.states", "must be a list of two-letter state codes")
    cities = raw.get("cities", [])
    if not isinstance(cities, list) or not all(isinstance(c, str) and c.strip() for c in cities):
        raise fail("preferences.cities", "must be a list of city names")
    min_salary = raw.get("min_salary")
    if min_salary is not None and (
        isinstance(min_salary, bool) or not isinstance(min_salary, (int, float))
        or not 0 <= min_salary < float("inf")
    ):
        raise fail("preferences.min_salary", f"must be a positive number (got {min_salary!r})")
    period = raw.get("salary_period", "year")
    if period not in SALARY_PERIODS:
        raise fail("preferences.salary_period", f"must be one of {', '.join(SALARY_PERIODS)} (got {period!r})")
    return Preferences(
        remote=remote,
        states=tuple(s.strip().upper() for s in states),
        cities=tuple(c.strip() for c in cities),
        min_salary=float(min_salary) if min_salary is not None else None,
        salary_period=period,
    )


def profile_template() -> str:
    """The commented template written by ``mrtjobs profile init``."""
    return TEMPLATE_FILE.read_text(encoding="utf-8")
