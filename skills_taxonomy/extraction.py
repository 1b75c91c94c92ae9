"""Plain data returned by the extractor: no spaCy objects ever leave skills_taxonomy.

Kept apart from ``extract.py`` (which imports spaCy) so that the matcher and storage can
read and rebuild extractions without loading a pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVELS = ("required", "preferred", "mentioned")
KINDS = ("coding_system", "software", "regulation", "domain_knowledge", "soft_skill", "certification")
EDUCATION_LEVELS = ("high_school", "certificate", "associate", "bachelor", "master")


@dataclass(frozen=True)
class Mention:
    """One occurrence of a taxonomy entry in a posting's text.

    ``start``/``end`` are character offsets into the exact text given to ``extract``;
    ``text == source_text[start:end]`` always holds. ``within_months`` is set for
    certifications a posting lets the candidate obtain after hire ("CTR eligible",
    "must obtain CCS within 12 months"); ``obtain_after_hire`` flags the same when no
    number of months is given.
    """

    skill_id: str
    label: str
    kind: str
    level: str
    start: int
    end: int
    text: str
    code: str | None = None
    within_months: int | None = None
    obtain_after_hire: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "skill_id": self.skill_id,
            "label": self.label,
            "kind": self.kind,
            "level": self.level,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "code": self.code,
            "within_months": self.within_months,
            "obtain_after_hire": self.obtain_after_hire,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Mention":
        return cls(
            skill_id=data["skill_id"],
            label=data["label"],
            kind=data["kind"],
            level=data["level"],
            start=int(data["start"]),
            end=int(data["end"]),
            text=data["text"],
            code=data.get("code"),
            within_months=data.get("within_months"),
            obtain_after_hire=bool(data.get("obtain_after_hire", False)),
        )


@dataclass(frozen=True)
class Salary:
    min: float | None
    max: float | None
    period: str | None  # hour | day | week | month | year
    currency: str | None = "USD"

    def to_dict(self) -> dict[str, Any]:
        return {"min": self.min, "max": self.max, "period": self.period, "currency": self.currency}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "Salary | None":
        if not data:
            return None
        return cls(data.get("min"), data.get("max"), data.get("period"), data.get("currency"))


@dataclass(frozen=True)
class Route:
    """One way a posting lets a candidate qualify ("Experience OR Education OR combination",
    "a coding credential OR 1-2 years OR 30 credits").

    Why a record of its own: the basic requirement is met when *any* route is met, and a
    route is met when *all* of its conditions are: ``years`` of experience (``in_function``:
    experience in the job's own function, as "one year of specialized experience equivalent
    to the next lower grade" means), ``education`` (an ``EDUCATION_LEVELS`` value) and one of
    ``certifications`` (taxonomy ids; a family id such as ``cert.coding_credential`` is met by
    any credential that implies it). A condition left empty is not asked. ``start``/``end``
    are offsets of the route's wording in the text, ``text`` that wording (trimmed).
    """

    years: float | None = None
    education: str | None = None
    certifications: tuple[str, ...] = ()
    in_function: bool = False
    start: int = 0
    end: int = 0
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "years": self.years,
            "education": self.education,
            "certifications": list(self.certifications),
            "in_function": self.in_function,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Route":
        return cls(
            years=data.get("years"),
            education=data.get("education"),
            certifications=tuple(data.get("certifications") or ()),
            in_function=bool(data.get("in_function", False)),
            start=int(data.get("start") or 0),
            end=int(data.get("end") or 0),
            text=data.get("text") or "",
        )


@dataclass(frozen=True)
class Requirements:
    min_years_experience: float | None = None
    preferred_years_experience: float | None = None
    education_min: str | None = None
    education_equivalent_ok: bool = False
    salary: Salary | None = None
    remote: str | None = None  # remote | hybrid | onsite
    employment_type: str | None = None  # full_time | part_time | per_diem | contract | temporary
    # alternative qualifying routes; empty when the posting states a single set of minimums
    routes: tuple[Route, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "min_years_experience": self.min_years_experience,
            "preferred_years_experience": self.preferred_years_experience,
            "education_min": self.education_min,
            "education_equivalent_ok": self.education_equivalent_ok,
            "salary": self.salary.to_dict() if self.salary else None,
            "remote": self.remote,
            "employment_type": self.employment_type,
            "routes": [r.to_dict() for r in self.routes],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "Requirements":
        data = data or {}
        return cls(
            min_years_experience=data.get("min_years_experience"),
            preferred_years_experience=data.get("preferred_years_experience"),
            education_min=data.get("education_min"),
            education_equivalent_ok=bool(data.get("education_equivalent_ok", False)),
            salary=Salary.from_dict(data.get("salary")),
            remote=data.get("remote"),
            employment_type=data.get("employment_type"),
            routes=tuple(Route.from_dict(r) for r in data.get("routes") or ()),
        )


@dataclass(frozen=True)
class Extraction:
    mentions: tuple[Mention, ...] = ()
    requirements: Requirements = field(default_factory=Requirements)
    taxonomy_version: str = ""
    extractor_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "mentions": [m.to_dict() for m in self.mentions],
            "requirements": self.requirements.to_dict(),
            "taxonomy_version": self.taxonomy_version,
            "extractor_version": self.extractor_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Extraction":
        return cls(
            mentions=tuple(Mention.from_dict(m) for m in data.get("mentions", [])),
            requirements=Requirements.from_dict(data.get("requirements")),
            taxonomy_version=data.get("taxonomy_version", ""),
            extractor_version=data.get("extractor_version", ""),
        )
