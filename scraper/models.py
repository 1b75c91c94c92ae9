"""The Posting record: the only thing the scraper package emits.

Every source (API, saved page, pasted text) is turned into this one shape so that storage,
extraction and ranking never need to know where a job came from. ``description_text`` is
always plain text: HTML stops at ``scraper.text.html_to_text``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields, replace
from typing import Any

from scraper.entities import clean_url

REMOTE_VALUES = ("remote", "hybrid", "onsite")
EMPLOYMENT_TYPES = ("full_time", "part_time", "per_diem", "contract", "temporary", "internship")
SALARY_PERIODS = ("hour", "day", "week", "month", "year")

# Fields that define "the content" of a posting: when none of them change, a re-crawl
# must not rewrite the row nor re-extract it.
_CONTENT_FIELDS = (
    "title",
    "employer",
    "location",
    "state",
    "remote",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_period",
    "salary_currency",
    "valid_through",
    "description_text",
)


@dataclass(frozen=True)
class Posting:
    """One job posting as published by one source.

    ``uid`` is ``"<source>:<external_id>"``: stable across crawls, so storage can upsert.
    ``extra`` keeps source-specific facts worth showing (USAJOBS grade and series, a
    requisition id) without widening this record for every source.
    """

    source: str
    external_id: str
    title: str
    description_text: str
    url: str | None = None
    employer: str | None = None
    location: str | None = None
    state: str | None = None
    remote: str | None = None
    employment_type: str | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_period: str | None = None
    salary_currency: str | None = None
    date_posted: str | None = None
    valid_through: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    uid: str = ""
    content_hash: str = ""
    #: True when the record came from a list item that leaves fields out (Greenhouse ``/jobs``
    #: without ``content``, a SmartRecruiters list item): storage keeps what a detail response
    #: stored for every field it lacks, and never takes its empty text. Not stored itself.
    listing_only: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if not self.source or not str(self.external_id):
            raise ValueError("a Posting needs a source and an external_id")
        if self.remote is not None and self.remote not in REMOTE_VALUES:
            raise ValueError(f"remote must be one of {REMOTE_VALUES}, not {self.remote!r}")
        if self.salary_period is not None and self.salary_period not in SALARY_PERIODS:
            raise ValueError(f"salary_period must be one of {SALARY_PERIODS}, not {self.salary_period!r}")
        object.__setattr__(self, "external_id", str(self.external_id))
        if self.url is not None:  # "&amp;" between query parameters, "\/" from JSON: never meant
            object.__setattr__(self, "url", clean_url(self.url))
        object.__setattr__(self, "uid", f"{self.source}:{self.external_id}")
        if not (self.description_text or "").strip():
            object.__setattr__(self, "listing_only", True)  # no text: only a detail can give it
        if not self.content_hash:  # given only by from_row: the hash stored with the row
            object.__setattr__(self, "content_hash", compute_content_hash(self))

    def to_row(self) -> dict[str, Any]:
        """A flat dict for storage (``extra`` as JSON text)."""
        row = {name: getattr(self, name) for name in _ROW_NAMES}  # asdict() deep-copies: slow
        row["extra"] = json.dumps(self.extra, sort_keys=True, ensure_ascii=False)
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Posting":
        """Rebuild a stored posting, trusting the content hash stored with it (ranking reads
        thousands of rows; rehashing each description would be wasted work)."""
        names = _INIT_NAMES
        data = {k: row.get(k) for k in names if k in row}
        extra = data.get("extra")
        data["extra"] = json.loads(extra) if isinstance(extra, str) and extra else (extra or {})
        return cls(**data)

    def with_changes(self, **changes: Any) -> "Posting":
        return replace(self, content_hash="", **changes)  # the hash is recomputed


_ALL_NAMES = tuple(f.name for f in fields(Posting))
_ROW_NAMES = tuple(name for name in _ALL_NAMES if name != "listing_only")
_INIT_NAMES = tuple(name for name in _ROW_NAMES if name != "uid")
CONTENT_FIELDS = _CONTENT_FIELDS


def fill_from(listing: Posting, stored: Posting) -> Posting:
    """``listing`` with every field it lacks taken from ``stored`` (what a detail response gave).

    Why: list responses leave fields out (no description, no pay); upserting one as it is
    would blank what the detail stored. The listing still wins for every field it does have,
    so a retitled job is updated.
    """
    changes: dict[str, Any] = {}
    for name in ("url", "date_posted", *_CONTENT_FIELDS):
        if getattr(listing, name) in (None, "") and getattr(stored, name) not in (None, ""):
            changes[name] = getattr(stored, name)
    extra = {**stored.extra, **listing.extra}
    return replace(listing, content_hash="", extra=extra, listing_only=not (
        changes.get("description_text") or listing.description_text), **changes)


def compute_content_hash(posting: Posting) -> str:
    """SHA-256 over the content fields, so unchanged postings are recognised cheaply."""
    payload = json.dumps(
        [getattr(posting, name) for name in _CONTENT_FIELDS], ensure_ascii=False, default=str
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
