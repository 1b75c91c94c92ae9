"""USAJOBS Search API (federal jobs; series 0675 = Medical Records Technician).

``parse`` turns one decoded Search response into Postings. Quirks handled (see
/work/shared/reference/job-source-apis.md section 1): pay amounts are strings; the pay
interval is "PA"/"PH"/"PD" with a Description, or the older "Per Year"/"Per Hour";
``MajorDuties`` is a list or a string; dates are "2026-10-14T00:00:00.0000" or plain dates;
the numeric GS grade lives in ``UserArea.Details`` while ``JobGrade`` holds only the pay plan.
Grade and series are kept in ``Posting.extra`` because matching on them is USAJOBS-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scraper.errors import ParseError
from scraper.geo import format_location, is_country_us, parse_location, resolve_states, state_code
from scraper.models import Posting
from scraper.sources._normalize import (
    as_list,
    employment_type,
    first_text,
    guarded,
    iso_date,
    join_sections,
    money,
    salary_period,
)
from scraper.text import BULLET, to_text

NAME = "usajobs"

# PositionSchedule codes, for the captures where ``Name`` is "".
_SCHEDULE_CODES = {"1": "full_time", "2": "part_time", "4": "per_diem"}


@guarded(NAME)
def parse(
    raw: Any, *, source_url: str | None = None, options: Mapping | None = None
) -> list[Posting]:
    """Postings from a Search response envelope (or its bare item list / one item)."""
    items = _items(raw)
    return [posting for item in items if (posting := _posting(item, source_url)) is not None]


def is_shape(raw: Any) -> bool:
    """True when ``raw`` looks like a USAJOBS Search response or item."""
    if isinstance(raw, dict):
        result = raw.get("SearchResult")
        if isinstance(result, dict) and "SearchResultItems" in result:
            return True
        return isinstance(raw.get("MatchedObjectDescriptor"), dict)
    return False


def _items(raw: Any) -> list[Any]:
    if isinstance(raw, dict):
        if isinstance(raw.get("MatchedObjectDescriptor"), dict):
            return [raw]
        result = raw.get("SearchResult")
        if isinstance(result, dict):
            items = result.get("SearchResultItems")
            if items is None:
                return []
            if isinstance(items, list):
                return items
        raise ParseError("expected a Search response with SearchResult.SearchResultItems", source=NAME)
    if isinstance(raw, list):
        return raw
    raise ParseError(f"expected a JSON object, got {type(raw).__name__}", source=NAME)


def _posting(item: Any, source_url: str | None) -> Posting | None:
    if not isinstance(item, dict):
        return None
    desc = item.get("MatchedObjectDescriptor")
    if not isinstance(desc, dict):
        return None
    title = first_text(desc.get("PositionTitle"))
    external_id = first_text(str(item.get("MatchedObjectId") or ""), desc.get("PositionID"))
    if not title or not external_id:
        return None
    area = desc.get("UserArea") if isinstance(desc.get("UserArea"), dict) else {}
    details = area.get("Details") if isinstance(area.get("Details"), dict) else {}

    location, state, locations, states = _location(desc)
    pay = _pay(desc)
    extra = _extra(desc, details, locations, states)
    return Posting(
        source=NAME,
        external_id=external_id,
        title=title,
        description_text=_description(desc, details),
        url=first_text(desc.get("PositionURI"), *as_list(desc.get("ApplyURI")), source_url),
        employer=first_text(desc.get("OrganizationName"), desc.get("DepartmentName")),
        location=location,
        state=state,
        remote=_remote(desc, details),
        employment_type=_schedule(desc),
        salary_min=pay[0],
        salary_max=pay[1],
        salary_period=pay[2],
        salary_currency="USD" if pay[0] or pay[1] else None,
        date_posted=iso_date(desc.get("PublicationStartDate") or desc.get("PositionStartDate")),
        valid_through=iso_date(desc.get("ApplicationCloseDate") or desc.get("PositionEndDate")),
        extra=extra,
    )


def _location(desc: dict) -> tuple[str | None, str | None, list[str], list[str]]:
    """(location text, the one state, every place, every state) of an announcement.

    Announcements list up to hundreds of duty stations ("Multiple Locations"); a state is
    stored only when they all lie in one. "Location Negotiable After Selection" entries
    carry "N/A" for a state and are no place at all.
    """
    names: list[str] = []
    found: list[str | None] = []
    city = None
    for loc in as_list(desc.get("PositionLocation")):
        if not isinstance(loc, dict):
            continue
        name = first_text(loc.get("LocationName"), loc.get("CityName"))
        if name:
            names.append(name)
        country = first_text(loc.get("CountryCode"))
        if country and not is_country_us(country):
            continue  # an overseas duty station (DoD schools, embassies)
        parsed = parse_location(name)
        code = state_code(loc.get("CountrySubDivisionCode")) or parsed.state
        found.append(code)
        if code and city is None:
            city = parsed.city
    state, states = resolve_states(found)
    display = first_text(desc.get("PositionLocationDisplay"))
    if display and not states:
        parsed = parse_location(display)
        state, city = parsed.state, parsed.city
        states = [state] if state else []
    if display and (len(names) > 1 or not parse_location(display).state):
        location = display
    else:
        location = format_location(city, state) or display
    return location, state, names, states


def _pay(desc: dict) -> tuple[float | None, float | None, str | None]:
    for rem in as_list(desc.get("PositionRemuneration")):
        if not isinstance(rem, dict):
            continue
        low, high = money(rem.get("MinimumRange")), money(rem.get("MaximumRange"))
        if low is None and high is None:
            continue
        period = salary_period(rem.get("RateIntervalCode")) or salary_period(rem.get("Description"))
        return low, high, period
    return None, None, None


def _schedule(desc: dict) -> str | None:
    for sched in as_list(desc.get("PositionSchedule")):
        if not isinstance(sched, dict):
            continue
        found = employment_type(sched.get("Name")) or _SCHEDULE_CODES.get(str(sched.get("Code")))
        if found:
            return found
    for offer in as_list(desc.get("PositionOfferingType")):
        if isinstance(offer, dict):
            found = employment_type(offer.get("Name"))
            if found in ("temporary", "internship"):
                return found
    return None


def _remote(desc: dict, details: dict) -> str | None:
    display = (first_text(desc.get("PositionLocationDisplay")) or "").casefold()
    if details.get("RemoteIndicator") is True or "remote job" in display:
        return "remote"
    if details.get("TeleworkEligible") is True:
        return "hybrid"
    if details.get("RemoteIndicator") is False or details.get("TeleworkEligible") is False:
        return "onsite"
    return None


def _duties(value: Any) -> str:
    if isinstance(value, list):
        lines = [to_text(v) for v in value if isinstance(v, str) and v.strip()]
        return "\n".join(f"{BULLET}{line}" if "\n" not in line else line for line in lines)
    if isinstance(value, str):
        return to_text(value)
    return ""


def _description(desc: dict, details: dict) -> str:
    sections: list[tuple[str | None, str]] = [
        ("Summary", to_text(details.get("JobSummary"))),
        ("Duties", _duties(details.get("MajorDuties"))),
        ("Qualifications", to_text(desc.get("QualificationSummary"))),
        ("Requirements", to_text(details.get("Requirements"))),
        ("Key requirements", _duties(details.get("KeyRequirements"))),
        ("Education", to_text(details.get("Education"))),
    ]
    return join_sections(sections)


def _extra(desc: dict, details: dict, locations: list[str], states: list[str]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    plans = [g.get("Code") for g in as_list(desc.get("JobGrade")) if isinstance(g, dict) and g.get("Code")]
    low, high = first_text(details.get("LowGrade")), first_text(details.get("HighGrade"))
    if plans:
        extra["pay_plan"] = plans[0]
    if low:
        extra["low_grade"] = low
    if high:
        extra["high_grade"] = high
    if plans and (low or high):
        grades = low if not high or high == low else f"{low or high}/{high}"
        extra["grade"] = f"{plans[0]}-{grades}"
    series = [c for c in as_list(desc.get("JobCategory")) if isinstance(c, dict)]
    if series:
        extra["series"] = [str(c.get("Code")) for c in series if c.get("Code")]
        extra["series_names"] = [c.get("Name") for c in series if c.get("Name")]
    for key, name in (
        ("PositionID", "announcement"), ("DepartmentName", "department"), ("SubAgency", "sub_agency"),
    ):
        if first_text(desc.get(key)):
            extra[name] = desc[key].strip()
    apply = first_text(*as_list(desc.get("ApplyURI")))
    if apply:
        extra["apply_url"] = apply
    if first_text(details.get("PromotionPotential")):
        extra["promotion_potential"] = details["PromotionPotential"].strip()
    who = details.get("WhoMayApply")
    if isinstance(who, dict) and first_text(who.get("Name")):
        extra["who_may_apply"] = who["Name"].strip()
    if isinstance(details.get("TeleworkEligible"), bool):
        extra["telework_eligible"] = details["TeleworkEligible"]
    if len(locations) > 1:
        extra["locations"] = locations
        extra["states"] = states
    return extra


# --- fetch(client, config) ------------------------------------------------------------
# Reserved: the crawler worker adds ``fetch(client, config)`` below this line. It returns
# raw decoded pages that ``parse`` above accepts unchanged.

DEFAULT_BASE_URL = "https://data.usajobs.gov"
RESULTS_PER_PAGE = 500  # the documented maximum; the default when omitted is only 25
MAX_RESULTS = 10_000  # a reported result-window cap: beyond it paging cannot be trusted


def fetch(client: Any, config: Mapping[str, Any]):
    """Yield every Search response page for the configured query (raw JSON + URL).

    The API key is read from the environment variable named by ``api_key_env`` at call
    time and sent only as the ``Authorization-Key`` header, so it never appears in a URL,
    a log line, a raw file or an error message. ``User-Agent`` must be the email the key
    was issued to. ``ResultsPerPage`` is always sent (the silent default is 25).
    """
    import os

    from scraper.errors import ScraperError
    from scraper.http import FetchError, PageProblem, RawPage

    env_name = config.get("api_key_env") or "USAJOBS_API_KEY"
    key = os.environ.get(env_name, "").strip()
    if not key:
        raise ScraperError(f"usajobs: the API key variable {env_name} is not set in the environment")
    url = (config.get("base_url") or DEFAULT_BASE_URL).rstrip("/") + "/api/Search"
    headers = {"Authorization-Key": key, "User-Agent": config["email"], "Accept": "application/json"}
    params = {
        "JobCategoryCode": config.get("job_category_code"),
        "Keyword": config.get("keyword"),
        "LocationName": config.get("location"),
        "ResultsPerPage": RESULTS_PER_PAGE,
    }
    options = {"employer": config["employer"]} if config.get("employer") else {}
    page = 1
    while True:
        resp = client.get(url, params={**params, "Page": page}, headers=headers)
        body = resp.json()
        result = body.get("SearchResult") if isinstance(body, dict) else None
        if not isinstance(result, dict):
            raise FetchError(resp.url, "not a USAJOBS search response (no SearchResult)")
        items = result.get("SearchResultItems") or []
        yield RawPage(url=resp.url, body=body, options=options)
        pages = _count((result.get("UserArea") or {}).get("NumberOfPages"))
        total = _count(result.get("SearchResultCountAll"))
        if not items or (pages is not None and page >= pages) or (total is not None and page * RESULTS_PER_PAGE >= total):
            return
        if page * RESULTS_PER_PAGE >= MAX_RESULTS:
            yield PageProblem(resp.url, f"more than {MAX_RESULTS} results; narrow keyword or location to see them all")
            return
        page += 1


def _count(value: Any) -> int | None:
    """NumberOfPages arrives as a string ("16"); counts may be numbers or strings."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
