"""SmartRecruiters Posting API (``/v1/companies/{id}/postings[/{postingId}]``).

Quirks handled (reference section 5): titles may end in spaces; ``location.country`` is
lowercase ISO-2 and ``region`` may be missing; remote and hybrid are booleans on the
location; the description is split into ``jobAd.sections`` (HTML) that are joined in
reading order; salary appears only in a company-specific custom field such as
"Job Ad Salary Range" ("42000 - 52000 USD Annual"). List items (no ``jobAd``) parse too,
with an empty description.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from scraper.errors import ParseError
from scraper.geo import format_location, parse_location, state_code
from scraper.models import Posting
from scraper.sources._normalize import (
    as_list,
    employment_type,
    first_text,
    guarded,
    iso_date,
    join_sections,
    option,
    refine_employment,
    salary_from_text,
)
from scraper.text import inline_text, to_text

NAME = "smartrecruiters"

_SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")
_SALARY_FIELD = re.compile(r"salary|pay|compensation|wage", re.I)
_TYPE_FIELD = re.compile(r"employment type|job type|schedule|time type", re.I)


@guarded(NAME)
def parse(
    raw: Any, *, source_url: str | None = None, options: Mapping | None = None
) -> list[Posting]:
    """Postings from a posting detail, a list envelope (``content``) or a list of either."""
    if isinstance(raw, dict) and isinstance(raw.get("content"), list):
        items = raw["content"]
    elif isinstance(raw, dict):
        items = [raw]
    elif isinstance(raw, list):
        items = raw
    else:
        raise ParseError(f"expected a JSON object, got {type(raw).__name__}", source=NAME)
    return [posting for item in items if (posting := _posting(item, source_url, options)) is not None]


def is_shape(raw: Any) -> bool:
    """True for a SmartRecruiters posting detail, list item or list envelope."""
    if isinstance(raw, dict) and isinstance(raw.get("content"), list) and "totalFound" in raw:
        return True
    return isinstance(raw, dict) and "name" in raw and "id" in raw and (
        isinstance(raw.get("jobAd"), dict)
        or ("releasedDate" in raw and isinstance(raw.get("company"), dict))
    )


def _posting(item: Any, source_url: str | None, options: Mapping | None) -> Posting | None:
    if not isinstance(item, dict):
        return None
    title = inline_text(item.get("name"))
    if not title or not item.get("id"):
        return None
    loc = item.get("location") if isinstance(item.get("location"), dict) else {}
    country = (first_text(loc.get("country")) or "").lower() or None
    city = first_text(loc.get("city"))
    state = state_code(loc.get("region")) if country in (None, "us") else None
    if state is None and country in (None, "us"):
        parsed = parse_location(loc.get("fullLocation"))
        state, city = parsed.state, city or parsed.city
    full = ", ".join(p.strip() for p in str(loc.get("fullLocation") or "").split(",") if p.strip())
    location = format_location(city, state) if state else first_text(full, city)
    remote = None
    if loc.get("remote") is True:
        remote = "remote"
    elif loc.get("hybrid") is True:
        remote = "hybrid"
    elif loc.get("remote") is False:
        remote = "onsite"
    custom = {
        str(f.get("fieldLabel")).strip(): f.get("valueLabel")
        for f in as_list(item.get("customField"))
        if isinstance(f, dict) and f.get("fieldLabel") and f.get("valueLabel")
    }
    low, high, period, currency = _salary(custom)
    kind = employment_type(_label(item.get("typeOfEmployment")))
    if kind is None:
        kind = employment_type([v for k, v in custom.items() if _TYPE_FIELD.search(k)])
    kind = refine_employment(kind, title)
    company = item.get("company") if isinstance(item.get("company"), dict) else {}
    extra: dict[str, Any] = {}
    for key in ("refNumber", "uuid"):
        if first_text(item.get(key)):
            extra[key] = item[key].strip()
    for key in ("experienceLevel", "function", "department", "industry"):
        if _label(item.get(key)):
            extra[key] = _label(item.get(key))
    if custom:
        extra["custom_fields"] = custom
    if country:
        extra["country"] = country
    if first_text(item.get("applyUrl")):
        extra["apply_url"] = item["applyUrl"].strip()
    if item.get("active") is False:
        extra["closed"] = True
    if first_text(loc.get("hybridDescription")):
        extra["hybrid_description"] = loc["hybridDescription"].strip()
    return Posting(
        source=NAME,
        external_id=str(item["id"]),
        title=title,
        description_text=_description(item),
        url=first_text(item.get("postingUrl"), item.get("applyUrl"), source_url),
        employer=first_text(company.get("name"), option(options, "employer"), company.get("identifier")),
        location=location,
        state=state,
        remote=remote,
        employment_type=kind,
        salary_min=low,
        salary_max=high,
        salary_period=period,
        salary_currency=currency,
        date_posted=iso_date(item.get("releasedDate")),
        extra=extra,
    )


def _label(value: Any) -> str | None:
    if isinstance(value, dict):
        return first_text(value.get("label"), value.get("id"))
    return first_text(value)


def _description(item: dict) -> str:
    ad = item.get("jobAd") if isinstance(item.get("jobAd"), dict) else {}
    sections = ad.get("sections") if isinstance(ad.get("sections"), dict) else {}
    names = list(_SECTIONS) + [k for k in sections if k not in _SECTIONS]
    parts = []
    for name in names:
        section = sections.get(name)
        if isinstance(section, dict):
            parts.append((inline_text(section.get("title")), to_text(section.get("text"))))
    return join_sections(parts)


def _salary(custom: dict[str, Any]) -> tuple[float | None, float | None, str | None, str | None]:
    for label, value in custom.items():
        if not _SALARY_FIELD.search(label) or not isinstance(value, str):
            continue
        found = salary_from_text(value)
        if found[0] is not None or found[1] is not None:
            return found
    return None, None, None, None


# --- fetch(client, config) ------------------------------------------------------------
# Reserved: the crawler worker adds ``fetch(client, config)`` below this line. It returns
# raw decoded detail responses that ``parse`` above accepts unchanged.

DEFAULT_BASE_URL = "https://api.smartrecruiters.com"
LIST_LIMIT = 100  # the documented maximum


def fetch(client: Any, config: Mapping[str, Any]):
    """Page through the company's postings (limit/offset, ``totalFound``), then GET each
    posting's detail, which alone carries the description sections and the posting URL."""
    from urllib.parse import quote

    from scraper.http import FetchError, PageProblem, RawPage

    base = (config.get("base_url") or DEFAULT_BASE_URL).rstrip("/")
    list_url = f"{base}/v1/companies/{quote(config['company'], safe='')}/postings"
    options = {"employer": config["employer"]} if config.get("employer") else {}
    ids: list[str] = []
    offset = 0
    while True:
        resp = client.get(list_url, params={"limit": LIST_LIMIT, "offset": offset, "q": config.get("query")})
        body = resp.json()
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, list):
            raise FetchError(resp.url, "not a SmartRecruiters postings response (no 'content')")
        yield RawPage(url=resp.url, body=body, options=options, parseable=False)
        for item in content:
            pid = str(item.get("id") or "") if isinstance(item, dict) else ""
            if pid and pid not in ids:
                ids.append(pid)
        offset += len(content)
        if not content or offset >= int(body.get("totalFound") or 0):
            break

    def detail(pid: str):
        try:
            r = client.get(f"{list_url}/{quote(pid, safe='')}")
            return RawPage(url=r.url, body=r.json(), options=options)
        except FetchError as exc:
            return PageProblem(exc.url, exc.reason)

    yield from client.map(detail, ids)
