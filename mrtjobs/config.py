"""Load and validate a crawl's sources TOML (``mrtjobs crawl --sources FILE.toml``).

Why validate everything up front: a crawl usually runs from cron, where nobody reads a
traceback. A typo in a key or a missing board name must stop the run before any request
is made, with one line that names the file, the entry and the key. Unknown keys are errors
too, because a misspelled optional key would otherwise be silently ignored.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mrtjobs.errors import ConfigError
from scraper.http import ClientConfigError, HttpSettings, check_user_agent

SOURCE_TYPES = ("usajobs", "greenhouse", "lever", "workday", "smartrecruiters", "oracle", "icims", "jsonld")

# key -> (kind, required, default). kinds: "str", "email", "url", "url_list", "site".
_COMMON = {
    "type": ("str", True, None),
    "name": ("str", False, None),
    "base_url": ("url", False, None),
    "employer": ("str", False, None),  # overrides a source's legal-entity or board-derived name
}
_TYPE_KEYS: dict[str, dict[str, tuple[str, bool, Any]]] = {
    "usajobs": {
        "keyword": ("str", False, None),
        "job_category_code": ("str", False, "0675"),
        "location": ("str", False, None),
        "email": ("email", True, None),
        "api_key_env": ("str", False, "USAJOBS_API_KEY"),
    },
    "greenhouse": {"board": ("str", True, None)},
    "lever": {"site": ("str", True, None)},
    "workday": {
        "tenant": ("str", True, None),
        "site": ("str", True, None),
        "search_text": ("str", False, ""),
    },
    "smartrecruiters": {"company": ("str", True, None), "query": ("str", False, None)},
    # Oracle Recruiting Cloud: base_url is the Oracle Cloud host; site_number comes from the
    # career site URL .../hcmUI/CandidateExperience/en/sites/CX_1/...
    "oracle": {"site_number": ("site", True, None), "keyword": ("str", False, None)},
    # iCIMS: base_url is the portal, e.g. https://careers-examplehealth.icims.com
    "icims": {"keyword": ("str", False, None)},
    "jsonld": {"urls": ("url_list", False, None), "sitemap": ("url", False, None)},
}
_REQUIRED_BASE_URL = {"workday", "oracle", "icims"}  # the tenant's host differs per employer
_ORIGIN_ONLY = {"oracle", "icims"}  # a pasted career-site URL is reduced to its host
_SITE_NUMBER = re.compile(r"^[A-Za-z0-9_.-]+$")

_CRAWL_KEYS = {
    "user_agent": "str",
    "per_host_interval": "number",
    "concurrency": "int",
    "timeout": "number",
    "max_retries": "int",
    "max_response_bytes": "int",
}
_EMAIL = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")


@dataclass(frozen=True)
class SourceConfig:
    """One ``[[sources]]`` entry. ``name`` is the feed: unique, and what runs are filed under.

    ``options`` holds every key of the entry with defaults filled in (including
    ``base_url`` when given); it is what the source module's ``fetch`` receives.
    """

    type: str
    name: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CrawlConfig:
    path: Path
    http: HttpSettings
    sources: tuple[SourceConfig, ...]


def load_config(path: str | Path) -> CrawlConfig:
    """Read and validate a sources TOML file; every problem raises ConfigError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such sources file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    return parse_config(data, path=path)


def parse_config(data: dict[str, Any], *, path: str | Path = "<sources>") -> CrawlConfig:
    path = Path(path)
    unknown = set(data) - {"crawl", "sources"}
    if unknown:
        raise ConfigError(f"{path}: unknown top-level key {sorted(unknown)[0]!r} (expected [crawl] and [[sources]])")
    http = _crawl_settings(data.get("crawl"), path)
    raw_sources = data.get("sources")
    if not isinstance(raw_sources, list) or not raw_sources:
        raise ConfigError(f"{path}: no [[sources]] entries")
    sources: list[SourceConfig] = []
    names: dict[str, int] = {}
    for index, entry in enumerate(raw_sources, start=1):
        source = _source(entry, index, path)
        if source.name in names:
            raise ConfigError(
                f"{path}: sources #{index} ({source.name}): key 'name': {source.name!r} is already used "
                f"by sources #{names[source.name]}; give each entry its own name"
            )
        names[source.name] = index
        sources.append(source)
    return CrawlConfig(path=path, http=http, sources=tuple(sources))


def _crawl_settings(table: Any, path: Path) -> HttpSettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [crawl]: missing table (it needs at least user_agent)")
    where = f"{path}: [crawl]"
    for key in table:
        if key not in _CRAWL_KEYS:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(_CRAWL_KEYS)})")
    if "user_agent" not in table:
        raise ConfigError(f"{where}: key 'user_agent' is required and must contain a contact email or URL")
    values: dict[str, Any] = {}
    for key, kind in _CRAWL_KEYS.items():
        if key not in table:
            continue
        value = table[key]
        if kind == "str" and not isinstance(value, str):
            raise ConfigError(f"{where}: key {key!r} must be a string")
        if kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
            raise ConfigError(f"{where}: key {key!r} must be a whole number")
        if kind == "number" and (
            isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
        ):
            raise ConfigError(f"{where}: key {key!r} must be a number")
        values[key] = value
    try:
        check_user_agent(values["user_agent"])
    except ClientConfigError as exc:
        raise ConfigError(f"{where}: key 'user_agent': {exc}") from None
    if values.get("per_host_interval", 1.0) < 0:
        raise ConfigError(f"{where}: key 'per_host_interval' must be 0 or more seconds")
    if not 1 <= values.get("concurrency", 4) <= 64:
        raise ConfigError(f"{where}: key 'concurrency' must be between 1 and 64")
    if values.get("timeout", 30.0) <= 0:
        raise ConfigError(f"{where}: key 'timeout' must be more than 0 seconds")
    if not 0 <= values.get("max_retries", 4) <= 10:
        raise ConfigError(f"{where}: key 'max_retries' must be between 0 and 10")
    if values.get("max_response_bytes", 1024) < 1024:
        raise ConfigError(f"{where}: key 'max_response_bytes' must be at least 1024")
    return HttpSettings(
        user_agent=values["user_agent"],
        per_host_interval=float(values.get("per_host_interval", 1.0)),
        concurrency=int(values.get("concurrency", 4)),
        timeout=float(values.get("timeout", 30.0)),
        max_retries=int(values.get("max_retries", 4)),
        max_bytes=int(values.get("max_response_bytes", 10 * 1024 * 1024)),
    )


def _source(entry: Any, index: int, path: Path) -> SourceConfig:
    if not isinstance(entry, dict):
        raise ConfigError(f"{path}: sources #{index}: must be a table ([[sources]])")
    label = f"sources #{index}" + (f" ({entry['name']})" if isinstance(entry.get("name"), str) else "")
    where = f"{path}: {label}"
    kind = entry.get("type")
    if kind is None:
        raise ConfigError(f"{where}: key 'type' is required (one of: {', '.join(SOURCE_TYPES)})")
    if kind not in SOURCE_TYPES:
        raise ConfigError(f"{where}: key 'type': unknown source type {kind!r} (one of: {', '.join(SOURCE_TYPES)})")
    spec = {**_COMMON, **_TYPE_KEYS[kind]}
    for key in entry:
        if key not in spec:
            raise ConfigError(f"{where}: key {key!r} is not known for type {kind!r} (known: {', '.join(spec)})")
    options: dict[str, Any] = {}
    for key, (vkind, required, default) in spec.items():
        if key not in entry:
            if required or (key == "base_url" and kind in _REQUIRED_BASE_URL):
                raise ConfigError(f"{where}: key {key!r} is required for type {kind!r}")
            if default is not None:
                options[key] = default
            continue
        options[key] = _value(entry[key], vkind, f"{where}: key {key!r}")
    if "base_url" in options and not urlsplit(options["base_url"]).scheme:
        raise ConfigError(f"{where}: key 'base_url': {options['base_url']!r} must be a full http(s) URL")
    if kind in _ORIGIN_ONLY:
        parts = urlsplit(options["base_url"])
        options["base_url"] = f"{parts.scheme}://{parts.netloc}"
    if kind == "jsonld" and not options.get("urls") and not options.get("sitemap"):
        raise ConfigError(f"{where}: key 'urls' or 'sitemap' is required for type 'jsonld'")
    if kind == "jsonld" and "base_url" not in options:
        for url in [*options.get("urls", []), options.get("sitemap") or "https://x/"]:
            if not urlsplit(url).scheme:
                raise ConfigError(f"{where}: key 'urls': {url!r} is relative; give a full URL or a base_url")
    name = options.pop("name", None) or _default_name(kind, options)
    options.pop("type")
    return SourceConfig(type=kind, name=name, options=options)


def _value(value: Any, kind: str, where: str) -> Any:
    if kind == "site":
        if not isinstance(value, str) or not _SITE_NUMBER.match(value.strip()):
            raise ConfigError(f"{where} must be a career site number such as \"CX_1\" (letters, digits, _ . -)")
        return value.strip()
    if kind in ("str", "email", "url"):
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where} must be a non-empty string")
        value = value.strip()
        if kind == "email" and not _EMAIL.match(value):
            raise ConfigError(f"{where}: {value!r} is not an email address")
        if kind == "url":
            _check_url(value, where, relative_ok=True)
        return value
    if kind == "url_list":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise ConfigError(f"{where} must be a list of URLs")
        for v in value:
            _check_url(v, where, relative_ok=True)
        return [v.strip() for v in value]
    raise AssertionError(kind)


def _check_url(value: str, where: str, *, relative_ok: bool) -> None:
    parts = urlsplit(value)
    if parts.scheme and parts.scheme not in ("http", "https"):
        raise ConfigError(f"{where}: {value!r} must be an http(s) URL")
    if parts.scheme and not parts.netloc:
        raise ConfigError(f"{where}: {value!r} has no host")
    if not parts.scheme and not relative_ok:
        raise ConfigError(f"{where}: {value!r} must be a full http(s) URL")


def _default_name(kind: str, options: dict[str, Any]) -> str:
    if kind == "usajobs":
        bits = [options.get("job_category_code"), options.get("keyword"), options.get("location")]
        return "usajobs:" + "/".join(str(b) for b in bits if b)
    if kind == "greenhouse":
        return f"greenhouse:{options['board']}"
    if kind == "lever":
        return f"lever:{options['site']}"
    if kind == "workday":
        return f"workday:{options['tenant']}/{options['site']}"
    if kind == "smartrecruiters":
        return f"smartrecruiters:{options['company']}"
    if kind == "oracle":
        return f"oracle:{urlsplit(options['base_url']).netloc}/{options['site_number']}"
    if kind == "icims":
        return f"icims:{urlsplit(options['base_url']).netloc}"
    first = (options.get("urls") or [options.get("sitemap")])[0]
    host = urlsplit(first).netloc or urlsplit(options.get("base_url", "")).netloc
    return f"jsonld:{host or first}"
