"""Import postings from files: saved API responses, career pages, pasted text, replays.

People find MRT jobs in places no crawler reaches (a hospital page saved from the browser,
a posting pasted from an email), and the crawler's ``--save-raw`` files must replay offline.
The format is detected from the content (JSON shape, JSON-LD, HTML, text), never from the
directory a file sits in. Each bad file becomes one ``ImportFileError`` with a one-line
reason; ``import_paths`` reports it and moves on.

Postings that come from page main text or a .txt file use the source NAME "files" and an
external_id hashed from the normalised text, so importing the same file twice upserts.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from scraper.documents import DOCUMENT_SUFFIXES, decode_text, document_text, read_bounded
from scraper.errors import ImportFileError, ListingPage, ListingPageError, ParseError, UnknownSourceError
from scraper.listing_pages import listing_links
from scraper.page_titles import page_employer, page_url, title_segments
from scraper.models import Posting
from scraper.sources import get_source
from scraper.sources import greenhouse, jsonld, lever, oracle, smartrecruiters, usajobs, workday
from scraper.sources._fields import labelled_fields
from scraper.sources._normalize import first_text, guarded, short_hash
from scraper.text import inline_text, node_text, normalize_whitespace

NAME = "files"

EXTENSIONS = (".json", ".html", ".htm", ".txt", ".pdf", ".docx")
# A whole USAJOBS page of 500 results is a few MB; anything far beyond is not postings.
MAX_FILE_BYTES = 50 * 1024 * 1024
RAW_MARKER = "mrtjobs_raw"

# Order matters only for shapes that could overlap; each check is specific to one API.
_DETECTORS = (usajobs, workday, oracle, smartrecruiters, greenhouse, lever)
_MIN_PAGE_WORDS = 25
_MAX_TITLE_CHARS = 150
_TITLE_LABEL = re.compile(r"^(?:job\s+title|position(?:\s+title)?|title|role)\s*:\s*", re.I)


@dataclass
class FileImportResult:
    """What one file yielded: postings, or the error that stopped it (never both)."""

    path: Path
    postings: list[Posting] = field(default_factory=list)
    error: ImportFileError | None = None


@guarded(NAME)
def parse(
    raw: Any, *, source_url: str | None = None, options: Mapping | None = None
) -> list[Posting]:
    """One posting from a page's main text (HTML) or a pasted plain-text posting.

    ``options["format"]`` may force "html" or "text"; otherwise HTML is recognised by a
    leading ``<``. Raises ParseError when there is no title or no posting text.
    """
    if not isinstance(raw, str):
        raise ParseError(f"expected page HTML or plain text, got {type(raw).__name__}", source=NAME)
    fmt = (options or {}).get("format")
    if fmt == "html" or (fmt != "text" and raw.lstrip().startswith("<")):
        return [page_posting(raw, source_url=source_url)]
    return [text_posting(raw, source_url=source_url)]


def import_file(path: str | Path) -> list[Posting]:
    """Postings from one file; raises ImportFileError with a one-line reason."""
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix and suffix not in EXTENSIONS and path.is_file():
        raise ImportFileError(
            path, f"unsupported file type {path.suffix} (import .json, .html, .htm, .txt, .pdf or .docx files)"
        )
    if suffix in DOCUMENT_SUFFIXES:  # a posting saved as PDF or Word: its text, then the .txt path
        text = document_text(path, max_bytes=MAX_FILE_BYTES)
        try:
            return [text_posting(text)]
        except ParseError as exc:
            raise ImportFileError(path, exc.message) from exc
    text = _read_text(path)
    stripped = text.lstrip()
    try:
        if suffix == ".json" or (suffix not in (".html", ".htm") and stripped[:1] in ("{", "[")):
            return _from_json(path, _decode_json(path, text))
        if suffix in (".html", ".htm") or stripped.startswith("<"):
            return _from_html(path, text)
        return [text_posting(text)]
    except ListingPage as exc:
        raise ListingPageError(path, exc.message, exc.links) from exc
    except (ParseError, UnknownSourceError) as exc:
        own = isinstance(exc, ParseError) and exc.source in (None, NAME)
        reason = exc.message if own else str(exc)
        raise ImportFileError(path, reason) from exc


def import_paths(paths: Iterable[str | Path]) -> Iterator[FileImportResult]:
    """Import files and directories (walked recursively, sorted); never stops at a bad file."""
    for given in paths:
        given = Path(given)
        files = _walk(given) if given.is_dir() else [given]
        for file in files:
            try:
                yield FileImportResult(file, import_file(file))
            except ImportFileError as exc:
                yield FileImportResult(file, [], exc)


def _walk(root: Path) -> list[Path]:
    """Importable files under ``root``, sorted; hidden entries skipped, unreadable dirs ignored."""
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):  # os.walk skips unreadable directories
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(folder) / name for name in names
            if not name.startswith(".") and Path(name).suffix.casefold() in EXTENSIONS
        )
    return sorted(found)


def detect_source(data: Any) -> str | None:
    """The source NAME whose response shape ``data`` has, or None."""
    if isinstance(data, dict) and RAW_MARKER in data:
        return first_text(data.get("source"))
    for module in _DETECTORS:
        if module.is_shape(data):
            return module.NAME
    if jsonld.parse(data) if isinstance(data, (dict, list)) else False:
        return jsonld.NAME
    return None


def page_posting(html_text: str, *, source_url: str | None = None) -> Posting:
    """A posting from a page without JSON-LD: title from <h1> else <title>, main text."""
    tree = LexborHTMLParser(html_text)
    container = _main_container(tree)
    if container is None:
        raise ParseError("HTML page with no posting in it (no body text)", source=NAME)
    title = _page_title(tree, container)
    body_level = container.tag == "body"
    for node in container.css("nav, footer, script, style, noscript, template"):
        node.decompose()
    for node in container.css("header"):
        if body_level or node.css_first("nav") is not None:
            node.decompose()
    _drop_consent_banners(container)
    text = node_text(container)
    links = listing_links(container, text, source_url or page_url(tree))
    if links:
        raise ListingPage(links, source=NAME)
    for node in container.css("aside"):
        node.decompose()
    text = node_text(container)
    if not title:
        raise ParseError("HTML page with no posting in it (no <h1> or <title>)", source=NAME)
    if len(text.split()) < _MIN_PAGE_WORDS:
        raise ParseError(
            f"HTML page with no posting in it (only {len(text.split())} words of text)", source=NAME
        )
    return _text_posting(
        title, _drop_title_line(text, title), source_url, employer=page_employer(tree) or ""
    )


_CONSENT = re.compile(r"cookie|consent|gdpr|onetrust|privacy-banner", re.I)


def _drop_consent_banners(container) -> None:
    """Cookie and consent dialogs are site chrome, never posting text."""
    for node in container.css("[id], [class], [data-automation-id], [aria-label]"):
        marks = " ".join(node.attributes.get(k) or "" for k in ("id", "class", "data-automation-id", "aria-label"))
        if _CONSENT.search(marks) and node.tag not in ("body", "main", "html"):
            node.decompose()


def text_posting(text: str, *, source_url: str | None = None) -> Posting:
    """A posting from pasted plain text; the first non-empty line is the title."""
    clean = normalize_whitespace(text)
    if not clean:
        raise ParseError("empty file", source=NAME)
    first, _, rest = clean.partition("\n")
    title = _TITLE_LABEL.sub("", first.strip().lstrip("#").strip()).strip()
    if not title or len(title) > _MAX_TITLE_CHARS:
        raise ParseError(
            f"text file with no title (first line is {len(first)} characters; "
            "put the job title alone on the first line)",
            source=NAME,
        )
    if not rest.strip():
        raise ParseError("text file with a title line but no posting text after it", source=NAME)
    return _text_posting(title, rest.strip(), source_url)


# --- internals --------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    return decode_text(read_bounded(path, MAX_FILE_BYTES), path)


def _decode_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            path, f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None


def _from_json(path: Path, data: Any) -> list[Posting]:
    if isinstance(data, dict) and RAW_MARKER in data:
        return _replay(path, data)
    name = detect_source(data)
    if name is None:
        raise ImportFileError(
            path,
            "JSON of no known source shape (expected a USAJOBS, Greenhouse, Lever, Workday, "
            "SmartRecruiters or Oracle Recruiting Cloud response, JSON-LD JobPosting, or a --save-raw replay file)",
        )
    return get_source(name).parse(data)


def _replay(path: Path, data: dict) -> list[Posting]:
    """A crawler ``--save-raw`` file: hand the body to the parser it was fetched for."""
    if data.get(RAW_MARKER) != 1:
        raise ImportFileError(path, f"unsupported {RAW_MARKER} version {data.get(RAW_MARKER)!r}")
    name = first_text(data.get("source"))
    if not name:
        raise ImportFileError(path, "replay file has no 'source'")
    if "body" not in data:
        raise ImportFileError(path, "replay file has no 'body'")
    options = data.get("options") if isinstance(data.get("options"), dict) else None
    url = first_text(data.get("url"))
    return get_source(name).parse(data["body"], source_url=url, options=options)


def _from_html(path: Path, text: str) -> list[Posting]:
    postings = jsonld.parse(text)
    if postings:
        # Some pages name the employer only in the site chrome, not in hiringOrganization.
        employer = None if all(p.employer for p in postings) else page_employer(LexborHTMLParser(text))
        return [p if p.employer or not employer else p.with_changes(employer=employer) for p in postings]
    return [page_posting(text)]


def _page_title(tree: LexborHTMLParser, container) -> str | None:
    """The job title: an <h1> in the main content first (a site header's <h1> is often
    the logo), then any <h1> outside header/nav, then the first <title> segment."""
    chrome = ("header", "nav", "footer")
    body_level = container.tag == "body"
    candidates = [h1 for h1 in container.css("h1") if not (body_level and _inside(h1, chrome))]
    candidates += [h1 for h1 in tree.css("h1") if not _inside(h1, chrome)]
    for h1 in candidates:
        title = inline_text(h1.text(deep=True))
        if title:
            return title
    segments = title_segments(tree)
    return segments[0] if segments else None


def _inside(node, tags: tuple[str, ...]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _main_container(tree: LexborHTMLParser):
    for selector in ("main", '[role="main"]', "article"):
        node = tree.css_first(selector)
        if node is not None and node.text(deep=True).strip():
            return node
    return tree.body


def _drop_title_line(text: str, title: str) -> str:
    first, _, rest = text.partition("\n")
    if inline_text(first).casefold() == title.casefold():
        return rest.strip()
    return text


def _text_posting(
    title: str, body: str, source_url: str | None, *, employer: str | None = None
) -> Posting:
    fields = labelled_fields(body, first_line_employer=employer is None)
    if employer and "employer" not in fields:
        fields["employer"] = employer
    return Posting(
        source=NAME,
        external_id=short_hash(title, body),
        title=title,
        description_text=body,
        url=source_url,
        employer=fields.get("employer"),
        location=fields.get("location"),
        state=fields.get("state"),
        remote=fields.get("remote"),
        employment_type=fields.get("employment_type"),
        date_posted=fields.get("date_posted"),
    )
