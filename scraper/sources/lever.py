"""Lever Postings API (``/v0/postings/{site}?mode=json``).

Quirks handled (reference section 3): the response is a bare array; ``createdAt`` is epoch
milliseconds; ``workplaceType`` is "onsite" live but "on-site" in the README (both accepted,
"unspecified" is unknown); ``salaryRange.interval`` is "per-hour-wage"/"per-year-salary";
``lists[].content`` holds ``<li>`` items with no ``<ul>`` around them, so each list is
wrapped before conversion. Lever has no company-name field: the configured employer is
used, else the site slug from ``hostedUrl``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from scraper.errors import ParseError
from scraper.geo import is_country_us, resolve_states, states_of
from scraper.models import Posting
from scraper.sources._normalize import (
    as_list,
    employment_type,
    first_text,
    guarded,
    iso_date,
    join_sections,
    money,
    option,
    refine_employment,
    remote_value,
    salary_period,
)
from scraper.text import html_to_text, inline_text, to_text

NAME = "lever"

_SITE = re.compile(r"lever\.co/([^/?#]+)/")


@guarded(NAME)
def parse(
    raw: Any, *, source_url: str | None = None, options: Mapping | None = None
) -> list[Posting]:
    """Postings from a postings array (or one posting object)."""
    if isinstance(raw, dict) and raw.get("ok") is False:
        raise ParseError(f"Lever error response: {raw.get('error') or 'unknown error'}", source=NAME)
    if isinstance(raw, dict):
        items = [raw]
    elif isinstance(raw, list):
        items = raw
    else:
        raise ParseError(f"expected a JSON array of postings, got {type(raw).__name__}", source=NAME)
    return [posting for item in items if (posting := _posting(item, source_url, options)) is not None]


def is_shape(raw: Any) -> bool:
    """True for a Lever postings array (or a single Lever posting)."""
    if isinstance(raw, dict):
        return _is_item(raw)
    if isinstance(raw, list) and raw:
        return all(_is_item(item) for item in raw)
    return False


def _is_item(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and "text" in item
        and "id" in item
        and ("categories" in item or "hostedUrl" in item or "lists" in item)
    )


def _posting(item: Any, source_url: str | None, options: Mapping | None) -> Posting | None:
    if not isinstance(item, dict):
        return None
    title = inline_text(item.get("text"))
    if not title or not item.get("id"):
        return None
    cats = item.get("categories") if isinstance(item.get("categories"), dict) else {}
    location = first_text(cats.get("location"))
    all_locations = [loc for loc in as_list(cats.get("allLocations")) if isinstance(loc, str) and loc.strip()]
    country = first_text(item.get("country"))
    state, states = None, []
    if not country or is_country_us(country):
        state, states = resolve_states(states_of([p for p in [location, *all_locations] if p]))
    remote = remote_value(item.get("workplaceType"))
    if remote is None and location and "remote" in location.casefold():
        remote = "remote"
    low, high, period, currency = _salary(item.get("salaryRange"))
    url = first_text(item.get("hostedUrl"), source_url)
    extra: dict[str, Any] = {}
    for key, name in (("team", "team"), ("department", "department"), ("commitment", "commitment")):
        if inline_text(cats.get(key)):
            extra[name] = inline_text(cats[key])
    if len(all_locations) > 1:
        extra["locations"] = all_locations
        extra["states"] = states
    if country:
        extra["country"] = country
    if first_text(item.get("applyUrl")):
        extra["apply_url"] = item["applyUrl"].strip()
    salary_text = first_text(item.get("salaryDescriptionPlain")) or (
        to_text(item.get("salaryDescription")) if item.get("salaryDescription") else None
    )
    return Posting(
        source=NAME,
        external_id=str(item["id"]),
        title=title,
        description_text=_description(item, salary_text),
        url=url,
        employer=first_text(option(options, "employer"), _site_name(url, options)),
        location=location,
        state=state,
        remote=remote,
        employment_type=refine_employment(employment_type(cats.get("commitment")), title),
        salary_min=low,
        salary_max=high,
        salary_period=period,
        salary_currency=currency,
        date_posted=iso_date(item.get("createdAt")),
        extra=extra,
    )


def _description(item: dict, salary_text: str | None) -> str:
    body = to_text(item.get("description")) or to_text(item.get("descriptionPlain"))
    sections: list[tuple[str | None, str]] = [(None, body)]
    for entry in as_list(item.get("lists")):
        if not isinstance(entry, dict):
            continue
        content = entry.get("content") or ""
        if not isinstance(content, str):
            continue
        # Lever sends bare <li> items; a <ul> makes the bullets render as a list.
        markup = content if re.search(r"<\s*[ou]l\b", content, re.I) else f"<ul>{content}</ul>"
        sections.append((inline_text(entry.get("text")), html_to_text(markup)))
    additional = to_text(item.get("additional")) or to_text(item.get("additionalPlain"))
    sections.append((None, additional))
    if salary_text and salary_text not in additional:
        sections.append((None, salary_text))
    return join_sections(sections)


def _salary(value: Any) -> tuple[float | None, float | None, str | None, str | None]:
    if not isinstance(value, dict):
        return None, None, None, None
    low, high = money(value.get("min")), money(value.get("max"))
    if low is None and high is None:
        return None, None, None, None
    return low, high, salary_period(value.get("interval")), first_text(value.get("currency"))


def _site_name(url: str | None, options: Mapping | None) -> str | None:
    site = option(options, "site")
    if not site and url:
        match = _SITE.search(url)
        site = match.group(1) if match else None
    return str(site).replace("-", " ").replace("_", " ").title() if site else None


# --- fetch(client, config) ------------------------------------------------------------
# Reserved: the crawler worker adds ``fetch(client, config)`` below this line. It returns
# raw decoded pages that ``parse`` above accepts unchanged.

DEFAULT_BASE_URL = "https://api.lever.co"
PAGE_SIZE = 100
MAX_PAGES = 200  # a server that ignores ``skip`` must not keep us paging forever


def fetch(client: Any, config: Mapping[str, Any]):
    """Yield each page of the site's postings (``mode=json``, paged with skip/limit).

    Lever returns a bare array and no total: a page shorter than ``limit`` is the last.
    An unknown site answers ``{"ok": false, "error": "Document not found"}``.
    """
    from urllib.parse import quote

    from scraper.http import FetchError, PageProblem, RawPage

    site = config["site"]
    url = f"{(config.get('base_url') or DEFAULT_BASE_URL).rstrip('/')}/v0/postings/{quote(site, safe='')}"
    options = {"site": site, **({"employer": config["employer"]} if config.get("employer") else {})}
    seen: set[str] = set()
    for page in range(MAX_PAGES):
        resp = client.get(url, params={"mode": "json", "skip": page * PAGE_SIZE, "limit": PAGE_SIZE})
        body = resp.json()
        if isinstance(body, dict):
            raise FetchError(resp.url, f"Lever answered: {body.get('error') or 'not a postings list'}")
        if not isinstance(body, list):
            raise FetchError(resp.url, "not a Lever postings list")
        ids = {str(item.get("id")) for item in body if isinstance(item, dict)}
        if ids and ids <= seen:
            yield PageProblem(resp.url, "the server repeated a page (skip ignored); listing may be incomplete")
            return
        seen |= ids
        yield RawPage(url=resp.url, body=body, options=options)
        if len(body) < PAGE_SIZE:
            return
    yield PageProblem(url, f"stopped after {MAX_PAGES} pages")
