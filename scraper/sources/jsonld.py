"""schema.org JobPosting JSON-LD embedded in career pages (hospital ATSs, iCIMS, ...).

``parse`` takes the page HTML and returns every JobPosting on it. Real pages break the JSON
in known ways (reference section 6.2), so each ``<script type="application/ld+json">`` block
is cleaned before decoding: HTML comments and CDATA wrappers removed, a trailing ``;``
dropped, raw newlines inside strings tolerated (``strict=False``), trailing commas removed
as a last resort. Postings are found anywhere in the decoded tree: several blocks, ``@graph``,
top-level arrays, ``@type`` arrays, ``mainEntity``. A block that still cannot be decoded is
skipped: one broken block must not hide a good one on the same page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from scraper.errors import ParseError
from scraper.entities import decode_literal_escapes
from scraper.geo import is_country_us, resolve_states, state_code
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
    short_hash,
)
from scraper.page_titles import page_url
from scraper.sitemaps import sitemap_urls
from scraper.sources.jsonld_places import job_places, telecommute
from scraper.sources.jsonld_sections import requirement_facts, text_of, with_sections
from scraper.text import inline_text

NAME = "jsonld"

_COMMENT = re.compile(r"<!--|-->")
_CDATA = re.compile(r"(?://\s*|/\*\s*)?<!\[CDATA\[(?:\s*\*/)?|(?://\s*|/\*\s*)?\]\]>(?:\s*\*/)?")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


@guarded(NAME)
def parse(
    raw: Any, *, source_url: str | None = None, options: Mapping | None = None
) -> list[Posting]:
    """Every JobPosting on one HTML page (or in already-decoded JSON-LD data)."""
    if isinstance(raw, (dict, list)):
        decoded = [raw]
        canonical = None
    elif isinstance(raw, str):
        tree = LexborHTMLParser(raw)
        decoded = blocks(tree)
        canonical = page_url(tree)
    else:
        raise ParseError(f"expected page HTML text, got {type(raw).__name__}", source=NAME)
    ids = _id_index(decoded)
    nodes = [node for block in decoded for node in _job_nodes(block)]
    postings: list[Posting] = []
    seen: set[str] = set()
    for node in nodes:
        posting = _posting(_resolve(node, ids), source_url or canonical, options)
        if posting is not None and posting.uid not in seen:
            seen.add(posting.uid)
            postings.append(posting)
    return postings


def blocks(tree: LexborHTMLParser) -> list[Any]:
    """Decoded JSON of every ld+json script on the page; undecodable blocks are skipped."""
    out = []
    for script in tree.css("script"):
        kind = (script.attributes.get("type") or "").split(";")[0].strip().casefold()
        if kind != "application/ld+json":
            continue
        data = decode_block(script.text(deep=True) or "")
        if data is not None:
            out.append(data)
    return out


def decode_block(text: str) -> Any:
    """Decode one JSON-LD script body, repairing the common breakages; None if hopeless."""
    cleaned = _CDATA.sub("", _COMMENT.sub("", text)).strip()
    while cleaned.endswith(";"):
        cleaned = cleaned[:-1].rstrip()
    if not cleaned:
        return None
    for candidate in (cleaned, _TRAILING_COMMA.sub(r"\1", cleaned)):
        try:
            return json.loads(candidate, strict=False)
        except json.JSONDecodeError:
            continue
    return None


def is_job_posting(node: Any) -> bool:
    """True for a dict whose ``@type`` is or contains JobPosting (any IRI prefix)."""
    if not isinstance(node, dict):
        return False
    return any(
        isinstance(t, str) and t.rsplit("/", 1)[-1].rsplit(":", 1)[-1].casefold() == "jobposting"
        for t in as_list(node.get("@type"))
    )


def _job_nodes(data: Any) -> Iterator[dict]:
    stack = [data]
    while stack:
        node = stack.pop(0)
        if isinstance(node, list):
            stack[0:0] = node
        elif isinstance(node, dict):
            if is_job_posting(node):
                yield node
            else:
                stack.extend(v for v in node.values() if isinstance(v, (dict, list)))


def _id_index(decoded: list[Any]) -> dict[str, dict]:
    """Nodes that carry an ``@id`` and content, so ``{"@id": ...}`` links can be followed."""
    index: dict[str, dict] = {}
    stack = list(decoded)
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if isinstance(node.get("@id"), str) and len(node) > 1 and node["@id"] not in index:
                index[node["@id"]] = node
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
    return index


def _resolve(node: dict, ids: dict[str, dict]) -> dict:
    """Replace link-only values (``{"@id": "#org"}``) one level deep by the linked node."""
    if not ids:
        return node

    def follow(value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"@id"}:
            return ids.get(value["@id"], value)
        if isinstance(value, list):
            return [follow(v) for v in value]
        return value

    return {key: follow(value) for key, value in node.items()}


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        return inline_text(first_text(value.get("name"), value.get("legalName"))) or None
    if isinstance(value, list):
        for item in value:
            found = _name(item)
            if found:
                return found
        return None
    return inline_text(value) if isinstance(value, str) else None


def _identifier(value: Any) -> str | None:
    for item in as_list(value):
        if isinstance(item, dict):
            inner = item.get("value", item.get("@value", item.get("identifier")))
            if inner not in (None, "") and not isinstance(inner, (dict, list)):
                return str(inner).strip()
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
            return str(item).strip()
    return None


def _scoped(ident: str, url: str | None, employer: str | None) -> str:
    """The posting's identifier qualified by where it comes from: "careers.mercy.example:R-4821".

    Why: an identifier is only unique within one employer's ATS ("R-4821", "12345"), and
    every JSON-LD posting shares the source name "jsonld"; two hospitals' postings with the
    same requisition number would otherwise share a uid, and the second would overwrite the
    first. The site's host (without "www.") scopes it; without a URL the employer's name does.
    """
    try:
        host = (urlsplit(url).hostname or "") if url and "://" in url else ""
    except ValueError:  # "https://[tenant].example/..." (an unfilled template): no host
        host = ""
    if host:
        scope = host.removeprefix("www.")
    else:
        scope = _NOT_SLUG.sub("-", (employer or "").casefold()).strip("-")
    return f"{scope}:{ident}" if scope else ident


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _salary(node: dict) -> tuple[float | None, float | None, str | None, str | None]:
    base = node.get("baseSalary") or node.get("estimatedSalary")
    if isinstance(base, list):
        base = base[0] if base else None
    if isinstance(base, (int, float, str)) and not isinstance(base, bool):
        return money(base), None, None, None
    if not isinstance(base, dict):
        return None, None, None, None
    currency = first_text(base.get("currency"), base.get("salaryCurrency"))
    value = base.get("value")
    unit = base.get("unitText")
    if isinstance(value, dict):
        unit = value.get("unitText") or unit
        low = money(value.get("minValue"))
        high = money(value.get("maxValue"))
        if low is None and high is None:
            low = high = money(value.get("value"))
        currency = currency or first_text(value.get("currency"))
    else:
        low = high = money(value)
    if low is None and high is None:
        return None, None, None, None
    return low, high, salary_period(unit), currency


def _posting(node: dict, source_url: str | None, options: Mapping | None) -> Posting | None:
    title = inline_text(decode_literal_escapes(first_text(node.get("title"), node.get("name")) or ""))
    if not title:
        return None
    description = with_sections(text_of(node.get("description")), node)
    url = first_text(node.get("url"), source_url)
    ident = _identifier(node.get("identifier"))
    employer = _name(node.get("hiringOrganization")) or option(options, "employer")
    external_id = _scoped(ident, url, employer) if ident else short_hash(url or "", title, "" if url else description)

    places = job_places(node)
    state, states = resolve_states([p.state for p in places])
    remote = "remote" if telecommute(node) or any(p.remote for p in places) else None
    applicant = [_name(a) for a in as_list(node.get("applicantLocationRequirements"))]
    applicant = [a for a in applicant if a]
    if not states and remote:
        states = sorted({code for a in applicant if (code := state_code(a))})
        state = states[0] if len(states) == 1 else None
    located = [p for p in places if p.city or p.state]
    first = next((p for p in located if p.state == state), located[0] if located else None) if located else None
    location = first.text if first else None
    if location and len(states) > 1:
        location = f"{location} (+{len(places) - 1} more)"
    if location is None and remote:
        where = [a for a in applicant if not is_country_us(a)]
        location = f"Remote ({', '.join(where)})" if where else "Remote"

    kinds = [str(k) for k in as_list(node.get("employmentType")) if k]
    low, high, period, currency = _salary(node)
    extra: dict[str, Any] = {}
    if ident:
        extra["identifier"] = ident
    if len(kinds) > 1:
        extra["employment_types"] = kinds
    if applicant:
        extra["applicant_location"] = applicant
    if len(places) > 1:
        extra["locations"] = [p.text for p in places if p.text]
        extra["states"] = states
    extra.update(requirement_facts(node))
    return Posting(
        source=NAME,
        external_id=external_id,
        title=title,
        description_text=description,
        url=url,
        employer=employer,
        location=location,
        state=state,
        remote=remote,
        employment_type=refine_employment(employment_type(kinds), title),
        salary_min=low,
        salary_max=high,
        salary_period=period,
        salary_currency=currency,
        date_posted=iso_date(node.get("datePosted")),
        valid_through=iso_date(node.get("validThrough")),
        extra=extra,
    )


# --- fetch(client, config) ------------------------------------------------------------
# Reserved: the crawler worker adds ``fetch(client, config)`` below this line (career
# pages to request); it returns page HTML that ``parse`` above accepts unchanged.



def fetch(client: Any, config: Mapping[str, Any]):
    """Fetch the configured career pages and every page a sitemap lists (robots.txt obeyed).

    These are web pages, not APIs, so every request goes through robots.txt. A listed
    URL (``urls``) that fails or is disallowed is reported, making the listing incomplete;
    a sitemap entry that robots.txt disallows is skipped silently (it is not ours to read).
    ``base_url`` rebases every URL onto a mirror or a test server.
    """
    from scraper.http import FetchError, PageProblem, RawPage, RobotsDisallowed

    base = config.get("base_url")
    options = {"employer": config["employer"]} if config.get("employer") else {}
    explicit = [_rebase(u, base) for u in config.get("urls") or []]
    from_sitemap: list[str] = []
    if config.get("sitemap"):
        from_sitemap = [_rebase(u, base) for u in sitemap_urls(client, _rebase(config["sitemap"], base))]
    wanted = {u: True for u in explicit}
    for u in from_sitemap:
        wanted.setdefault(u, False)

    def page(item: tuple[str, bool]):
        url, listed = item
        try:
            r = client.get(url, robots=True)
            return RawPage(url=r.url, body=r.text, options=options)
        except RobotsDisallowed as exc:
            return PageProblem(exc.url, exc.reason) if listed else None
        except FetchError as exc:
            return PageProblem(exc.url, exc.reason)

    for result in client.map(page, list(wanted.items())):
        if result is not None:
            yield result


def _rebase(url: str, base: str | None) -> str:
    """``url`` moved onto ``base``'s scheme and host (relative URLs are joined to it)."""
    from urllib.parse import urlsplit, urlunsplit

    if not base:
        return url
    parts, root = urlsplit(url), urlsplit(base)
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    return urlunsplit((root.scheme, root.netloc, root.path.rstrip("/") + path, parts.query, ""))
