"""Greenhouse Job Board API (``/v1/boards/{token}/jobs?content=true``).

Quirks handled (reference section 2): ``content`` arrives entity-escaped once
(``&lt;p&gt;``) so it is unescaped before ``html_to_text``; ``location.name`` is free text,
often several cities ("A, CA | B, NY" or "A; B"); the only structured remote flag is a
custom ``metadata`` field such as "Location Type"; ``company_name`` is a live-only field, so
the configured employer or the board token stands in when it is missing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from scraper.errors import ParseError
from scraper.geo import resolve_states, split_locations, states_of
from scraper.models import Posting
from scraper.sources._normalize import (
    as_list,
    employment_type,
    first_text,
    guarded,
    iso_date,
    money,
    option,
    refine_employment,
    salary_period,
)
from scraper.sources._workplace import from_field, strongest
from scraper.text import inline_text, to_text

NAME = "greenhouse"

# Custom field names boards use for the schedule ("Employment Type", "Worker Type", "Time Type").
_TYPE_KEY = re.compile(r"\b(?:employment|employee|worker|job|position|time|shift)\s+(?:type|status)\b|"
                       r"\bschedule\b|\bfull\W?time\b|\bpart\W?time\b|\bcommitment\b", re.I)
_BOARD = re.compile(r"greenhouse\.io/(?:v1/boards/)?([^/?#]+)/jobs")


@guarded(NAME)
def parse(
    raw: Any, *, source_url: str | None = None, options: Mapping | None = None
) -> list[Posting]:
    """Postings from a board list (``{"jobs": [...]}``) or one job detail object."""
    if isinstance(raw, dict) and isinstance(raw.get("jobs"), list):
        jobs = raw["jobs"]
    elif isinstance(raw, dict) and "title" in raw and "id" in raw:
        jobs = [raw]
    elif isinstance(raw, list):
        jobs = raw
    else:
        raise ParseError("expected a board response with a 'jobs' list", source=NAME)
    return [posting for job in jobs if (posting := _posting(job, source_url, options)) is not None]


def is_shape(raw: Any) -> bool:
    """True when ``raw`` looks like a Greenhouse board list or job."""
    if isinstance(raw, dict) and isinstance(raw.get("jobs"), list):
        jobs = [j for j in raw["jobs"] if isinstance(j, dict)]
        return not jobs or all("title" in j and "id" in j for j in jobs) and any(
            "absolute_url" in j or "updated_at" in j or "location" in j for j in jobs
        )
    return isinstance(raw, dict) and "absolute_url" in raw and "title" in raw and "id" in raw


def _metadata(job: dict) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in as_list(job.get("metadata")):
        if isinstance(item, dict) and item.get("name") and item.get("value") not in (None, "", []):
            out[str(item["name"]).strip()] = item["value"]
    return out


def _meta_type(meta: dict[str, Any]) -> str | None:
    """The employment type a schedule-like custom field states ("Regular Full-Time", ["Part-Time"])."""
    for name, value in meta.items():
        if _TYPE_KEY.search(name) and isinstance(value, (str, list)):
            found = employment_type(value)
            if found:
                return found
    return None


def _meta_remote(meta: dict[str, Any]) -> str | None:
    """Remote/hybrid/onsite from workplace-like custom fields ("Working Model Eligibility: Remote",
    a yes/no "Remote Eligible", "Location Type: On-Site"); the most flexible one stated wins."""
    return strongest(from_field(name, value) for name, value in meta.items())


def _posting(job: Any, source_url: str | None, options: Mapping | None) -> Posting | None:
    if not isinstance(job, dict):
        return None
    title = inline_text(job.get("title"))
    if not title or job.get("id") in (None, ""):
        return None
    meta = _metadata(job)
    location_name = first_text((job.get("location") or {}).get("name")) if isinstance(
        job.get("location"), dict) else first_text(job.get("location"))
    places = split_locations(location_name)
    offices = [o.get("location") or o.get("name") for o in as_list(job.get("offices"))
               if isinstance(o, dict) and (o.get("location") or o.get("name"))]
    state, states = resolve_states(states_of(places + offices))

    remote = _meta_remote(meta)
    if remote is None and location_name:
        lowered = location_name.casefold()
        if "hybrid" in lowered:
            remote = "hybrid"
        elif "remote" in lowered:
            remote = "remote"
    pay = _pay(job)
    url = first_text(job.get("absolute_url"), source_url)
    extra: dict[str, Any] = {}
    for key in ("requisition_id", "internal_job_id"):
        if job.get(key) not in (None, ""):
            extra[key] = job[key]
    departments = [d.get("name") for d in as_list(job.get("departments")) if isinstance(d, dict) and d.get("name")]
    if departments:
        extra["departments"] = departments
    if offices:
        extra["offices"] = offices
    if len(places) > 1 or len(states) > 1:
        extra["locations"] = places
        extra["states"] = states
    if meta:
        extra["metadata"] = meta
    return Posting(
        source=NAME,
        external_id=str(job["id"]),
        title=title,
        description_text=to_text(job.get("content")),
        url=url,
        employer=first_text(job.get("company_name"), option(options, "employer"), _board(url, options)),
        location=location_name,
        state=state,
        remote=remote,
        employment_type=refine_employment(_meta_type(meta), title),
        salary_min=pay[0],
        salary_max=pay[1],
        salary_period=pay[2],
        salary_currency=pay[3],
        date_posted=iso_date(job.get("first_published") or job.get("updated_at")),
        valid_through=iso_date(job.get("application_deadline")),
        extra=extra,
    )


def _board(url: str | None, options: Mapping | None) -> str | None:
    token = option(options, "board") or option(options, "board_token")
    if not token and url:
        match = _BOARD.search(url)
        token = match.group(1) if match else None
    return str(token).replace("-", " ").replace("_", " ").title() if token else None


def _pay(job: dict) -> tuple[float | None, float | None, str | None, str | None]:
    """``pay_input_ranges`` appears only on detail responses with pay_transparency=true."""
    for rng in as_list(job.get("pay_input_ranges")):
        if not isinstance(rng, dict):
            continue
        low = money(rng.get("min_cents"))
        high = money(rng.get("max_cents"))
        if low is None and high is None:
            continue
        text = f"{rng.get('title') or ''} {inline_text(rng.get('blurb'))}"
        return (
            low / 100 if low else None,
            high / 100 if high else None,
            salary_period(text),
            first_text(rng.get("currency_type")),
        )
    return None, None, None, None


# --- fetch(client, config) ------------------------------------------------------------
# Reserved: the crawler worker adds ``fetch(client, config)`` below this line. It returns
# raw decoded pages that ``parse`` above accepts unchanged.

DEFAULT_BASE_URL = "https://boards-api.greenhouse.io"


def fetch(client: Any, config: Mapping[str, Any]):
    """Yield the board's one response: the whole board, with ``content=true`` descriptions.

    Greenhouse has no paging and no search; the crawl's relevance filter picks the
    medical-records postings out of the board afterwards.
    """
    from urllib.parse import quote

    from scraper.http import FetchError, RawPage

    board = config["board"]
    url = f"{(config.get('base_url') or DEFAULT_BASE_URL).rstrip('/')}/v1/boards/{quote(board, safe='')}/jobs"
    resp = client.get(url, params={"content": "true"})
    body = resp.json()
    if not isinstance(body, dict) or not isinstance(body.get("jobs"), list):
        raise FetchError(resp.url, "not a Greenhouse board response (no 'jobs' list)")
    options = {"board": board, **({"employer": config["employer"]} if config.get("employer") else {})}
    yield RawPage(url=resp.url, body=body, options=options)
