"""The shipped catalogue of health systems and the job sources they post on.

A job seeker knows the hospital, not its Workday tenant or Oracle site number. The
catalogue (``data/sources/catalogue.toml``) maps one to the other: each ``[[systems]]``
entry names an employer, its states and kind, where the endpoint was found, and one
``[systems.source]`` table that is exactly a ``[[sources]]`` entry of a sources file.

Why every entry is parsed with ``mrtjobs.config``'s own validation: an entry that a
crawl would reject must be caught here, with the file, line, entry and key, before a user
copies it into a cron job. Problems are collected, not raised one at a time, so
``mrtjobs sources check`` can list all of them in one run.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mrtjobs.config import SourceConfig, parse_config
from mrtjobs.errors import ConfigError
from mrtjobs.paths import project_data_dir

KINDS = (
    "hospital_system",
    "academic_medical_center",
    "childrens_hospital",
    "physician_group",
    "health_plan",
    "revenue_cycle",
    "post_acute",
    "community_health",
)
# The 50 states, DC and the inhabited territories (USPS codes).
STATE_CODES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP".split()
)
_SYSTEM_KEYS = ("name", "states", "nationwide", "kind", "found_at", "also_found_at", "source")
# A stand-in [crawl] table: entries are validated one by one, without the user's settings.
_CRAWL_STUB = {"user_agent": "mrtjobs catalogue check (https://example.invalid/)"}


def default_catalogue_path() -> Path:
    return project_data_dir() / "sources" / "catalogue.toml"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a catalogue or sources file, with where it is."""

    path: Path
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        at = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{at}: {self.where}: {self.message}" if self.where else f"{at}: {self.message}"


class CatalogueError(ConfigError):
    """The catalogue cannot be used; ``problems`` lists everything found wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more; run `mrtjobs sources check`)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


class UnknownSystemError(ConfigError):
    """A name given on the command line matches no catalogue entry."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(
            f"{query!r} is not in the catalogue{hint} (`mrtjobs sources list` shows every name)"
        )


@dataclass(frozen=True)
class System:
    """One catalogue entry. ``source`` is the ``[systems.source]`` table exactly as written."""

    name: str
    states: tuple[str, ...]
    nationwide: bool
    kind: str
    found_at: str
    also_found_at: tuple[str, ...]
    source: dict[str, Any]
    config: SourceConfig
    line: int | None = None

    @property
    def id(self) -> str:
        """The feed name: what `sources add` accepts and what `mrtjobs runs` shows."""
        return self.config.name

    @property
    def type(self) -> str:
        return self.config.type

    @property
    def endpoint(self) -> str:
        return endpoint(self.config)

    def in_state(self, state: str) -> bool:
        return self.nationwide or state.upper() in self.states

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "states": list(self.states),
            "nationwide": self.nationwide,
            "kind": self.kind,
            "type": self.type,
            "endpoint": self.endpoint,
            "found_at": self.found_at,
            "also_found_at": list(self.also_found_at),
            "source": dict(self.source),
        }


@dataclass
class Catalogue:
    path: Path
    systems: list[System] = field(default_factory=list)

    def filter(self, *, state: str | None = None, type: str | None = None, kind: str | None = None) -> list[System]:
        found = self.systems
        if state:
            found = [s for s in found if s.in_state(state)]
        if type:
            found = [s for s in found if s.type == type]
        if kind:
            found = [s for s in found if s.kind == kind]
        return found

    def find(self, query: str) -> System:
        """By feed name or employer name, ignoring case, spaces and punctuation."""
        key = _key(query)
        for system in self.systems:
            if key and key in (_key(system.id), _key(system.name)):
                return system
        raise UnknownSystemError(query, self.suggest(query))

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        by_key: dict[str, str] = {}
        for system in self.systems:
            by_key.setdefault(_key(system.id), system.id)
            by_key.setdefault(_key(system.name), system.id)
        close = difflib.get_close_matches(_key(query), list(by_key), n=limit * 2, cutoff=0.6)
        # A query that is part of a name ("cleveland") is a good hint too.
        contained = [k for k in by_key if _key(query) and _key(query) in k]
        out: list[str] = []
        for k in close + contained:
            if by_key[k] not in out:
                out.append(by_key[k])
        return out[:limit]


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def endpoint(config: SourceConfig) -> str:
    """The public URL a person can open to see what the source crawls."""
    o = config.options
    base = (o.get("base_url") or "").rstrip("/")
    if config.type == "workday":
        return f"{base}/{o['site']}"
    if config.type == "oracle":
        return f"{base}/hcmUI/CandidateExperience/en/sites/{o['site_number']}"
    if config.type == "icims":
        return base
    if config.type == "greenhouse":
        return f"{base}/v1/boards/{o['board']}" if base else f"https://boards.greenhouse.io/{o['board']}"
    if config.type == "lever":
        return f"{base}/v0/postings/{o['site']}" if base else f"https://jobs.lever.co/{o['site']}"
    if config.type == "smartrecruiters":
        return f"{base}/v1/companies/{o['company']}" if base else f"https://jobs.smartrecruiters.com/{o['company']}"
    if config.type == "usajobs":
        return base or "https://data.usajobs.gov/api/search"
    return o.get("sitemap") or (o.get("urls") or [base])[0]


def identity(config: SourceConfig) -> tuple[str, ...]:
    """What makes two source entries the same job feed, whatever they are named."""
    o = config.options
    host = urlsplit(o.get("base_url") or "").netloc.lower()
    if config.type == "workday":
        return ("workday", host, o["tenant"].lower(), o["site"].lower())
    if config.type == "oracle":
        return ("oracle", host, o["site_number"].lower())
    if config.type == "icims":
        return ("icims", host)
    if config.type in ("greenhouse", "lever", "smartrecruiters"):
        key = {"greenhouse": "board", "lever": "site", "smartrecruiters": "company"}[config.type]
        return (config.type, host, o[key].lower())
    return (config.type, config.name)


def parse_source_entry(entry: Any, *, path: Path, where: str) -> SourceConfig:
    """Validate one ``[[sources]]``-shaped table with the crawl's own rules.

    Raises ConfigError whose message names ``path``, ``where`` and the key; the
    stand-in ``sources #1`` of the one-entry config is replaced by ``where``.
    """
    try:
        return parse_config({"crawl": dict(_CRAWL_STUB), "sources": [entry]}, path=path).sources[0]
    except ConfigError as exc:
        raise ConfigError(f"{path}: {where}: {_strip_stub(str(exc), path, entry)}") from None


def _strip_stub(message: str, path: Path, entry: Any) -> str:
    prefix = f"{Path(path)}: sources #1"
    if message.startswith(prefix):
        message = message[len(prefix):]
        name = entry.get("name") if isinstance(entry, dict) else None
        if isinstance(name, str) and message.startswith(f" ({name})"):
            message = message[len(name) + 3:]
        message = message.removeprefix(": ")
    return message


# --- loading ---------------------------------------------------------------------------


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read and validate the catalogue; any problem raises CatalogueError (all listed)."""
    catalogue, problems = check_catalogue(path)
    if problems:
        raise CatalogueError(problems)
    return catalogue


def check_catalogue(path: str | Path | None = None) -> tuple[Catalogue, list[Problem]]:
    """Every entry that validates, and every problem found (never raises for content)."""
    path = Path(path) if path is not None else default_catalogue_path()
    catalogue = Catalogue(path=path)
    text, data, problem = read_toml(path, what="catalogue")
    if problem:
        return catalogue, [problem]
    lines = TableLines(text, "systems")
    problems: list[Problem] = []
    for key in data:
        if key != "systems":
            problems.append(Problem(path, None, "", f"unknown top-level key {key!r} (expected [[systems]] entries)"))
    raw = data.get("systems")
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(path, None, "", "no [[systems]] entries"))
        return catalogue, problems
    names: dict[str, str] = {}
    feeds: dict[str, str] = {}
    feeds_by_identity: dict[tuple[str, ...], str] = {}
    for index, entry in enumerate(raw, start=1):
        system, found = _system(entry, index, path, lines)
        problems.extend(found)
        if system is None:
            continue
        where = f"systems #{index} ({system.name})"
        for seen, key, value, what in (
            (names, _key(system.name), system.name, "name"),
            (feeds, system.id, system.id, "source name"),
        ):
            if key in seen:
                line = lines.key_line(index, "name", sub="source" if what == "source name" else None)
                problems.append(Problem(path, line, where, f"{what} {value!r} is already used by {seen[key]}"))
            seen.setdefault(key, where)
        ident = identity(system.config)
        if ident in feeds_by_identity:
            problems.append(Problem(path, system.line, where, f"same endpoint as {feeds_by_identity[ident]}"))
        feeds_by_identity.setdefault(ident, where)
        catalogue.systems.append(system)
    return catalogue, problems


def read_toml(path: Path, *, what: str) -> tuple[str, dict[str, Any], Problem | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return "", {}, Problem(path, None, "", f"no such {what} file")
    except OSError as exc:
        return "", {}, Problem(path, None, "", f"cannot read ({exc.strerror or exc})")
    except UnicodeDecodeError:
        return "", {}, Problem(path, None, "", "not UTF-8 text")
    try:
        return text, tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        return text, {}, Problem(path, int(match.group(1)) if match else None, "", f"invalid TOML ({exc})")


def _system(entry: Any, index: int, path: Path, lines: "TableLines") -> tuple[System | None, list[Problem]]:
    line = lines.entry_line(index)
    if not isinstance(entry, dict):
        return None, [Problem(path, line, f"systems #{index}", "must be a table ([[systems]])")]
    name = entry.get("name")
    where = f"systems #{index}" + (f" ({name})" if isinstance(name, str) and name.strip() else "")
    problems: list[Problem] = []

    def bad(key: str, message: str, sub: str | None = None) -> None:
        problems.append(Problem(path, lines.key_line(index, key, sub=sub) or line, where, message))

    for key in entry:
        if key not in _SYSTEM_KEYS:
            bad(key, f"unknown key {key!r} (known: {', '.join(_SYSTEM_KEYS)})")
    if not isinstance(name, str) or not name.strip():
        bad("name", "key 'name' is required and must be a non-empty string")
    nationwide = entry.get("nationwide", False)
    if not isinstance(nationwide, bool):
        bad("nationwide", "key 'nationwide' must be true or false")
        nationwide = False
    states = entry.get("states")
    if not isinstance(states, list) or not all(isinstance(s, str) for s in states):
        bad("states", "key 'states' is required: a list of USPS state codes such as [\"OH\", \"KY\"]")
        states = []
    else:
        unknown = [s for s in states if s not in STATE_CODES]
        if unknown:
            bad("states", f"key 'states': {', '.join(repr(s) for s in unknown)} is not a USPS state code")
        if len(set(states)) != len(states):
            bad("states", "key 'states' lists a state twice")
        if not states and not nationwide:
            bad("states", "key 'states' is empty; list at least one state or set nationwide = true")
    kind = entry.get("kind")
    if kind not in KINDS:
        bad("kind", f"key 'kind': {kind!r} is not one of {', '.join(KINDS)}")
    found_at = entry.get("found_at")
    if not isinstance(found_at, str) or not _is_url(found_at):
        bad("found_at", "key 'found_at' is required: the http(s) URL of the public source of the endpoint")
    also = entry.get("also_found_at", [])
    if not isinstance(also, list) or not all(isinstance(u, str) and _is_url(u) for u in also):
        bad("also_found_at", "key 'also_found_at' must be a list of http(s) URLs")
        also = []
    source = entry.get("source")
    config: SourceConfig | None = None
    if not isinstance(source, dict):
        bad("source", "a [systems.source] table is required (a [[sources]] entry of a sources file)")
    elif not isinstance(source.get("name"), str):
        bad("source", "[systems.source]: key 'name' is required (the feed name `sources add` accepts)")
    else:
        try:
            config = parse_source_entry(source, path=path, where=f"{where}: [systems.source]")
        except ConfigError as exc:
            quoted = re.search(r"key '([A-Za-z_]+)'", str(exc))
            key_line = lines.key_line(index, quoted.group(1), sub="source") if quoted else None
            problems.append(
                Problem(path, key_line or lines.sub_line(index, "source") or line, "",
                        str(exc).removeprefix(f"{path}: "))
            )
    if problems or config is None:
        return None, problems
    system = System(
        name=name.strip(), states=tuple(states), nationwide=nationwide, kind=kind, found_at=found_at,
        also_found_at=tuple(also), source=dict(source), config=config, line=line,
    )
    return system, []


def _is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class TableLines:
    """Line numbers of ``[[name]]`` entries and their keys, for errors that point at a line.

    tomllib gives values, not positions; the entries of an array of tables appear in the
    text in order, so the n-th ``[[name]]`` header is the n-th entry.
    """

    def __init__(self, text: str, table: str) -> None:
        self.lines = text.splitlines()
        header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
        self.table = table
        self.starts = [i for i, line in enumerate(self.lines) if header.match(line)]

    def entry_line(self, index: int) -> int | None:
        return self.starts[index - 1] + 1 if 0 < index <= len(self.starts) else None

    def _span(self, index: int) -> range:
        if not 0 < index <= len(self.starts):
            return range(0)
        start = self.starts[index - 1]
        end = self.starts[index] if index < len(self.starts) else len(self.lines)
        # Stop at the next table header that is not a sub-table of this entry.
        for i in range(start + 1, end):
            line = self.lines[i].strip()
            if line.startswith("[") and not line.startswith(f"[{self.table}."):
                return range(start, i)
        return range(start, end)

    def sub_line(self, index: int, sub: str) -> int | None:
        pattern = re.compile(rf"^\s*\[\s*{re.escape(self.table)}\.{re.escape(sub)}\s*\]")
        for i in self._span(index):
            if pattern.match(self.lines[i]):
                return i + 1
        return None

    def key_line(self, index: int, key: str, *, sub: str | None = None) -> int | None:
        """The line of ``key`` in entry ``index``: in its main part, or in ``[table.sub]``."""
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        section: str | None = None
        for i in self._span(index):
            line = self.lines[i].strip()
            if line.startswith("[["):
                section = None
            elif line.startswith(f"[{self.table}."):
                section = line[len(self.table) + 2:].split("]")[0].strip()
            elif section == sub and pattern.match(line):
                return i + 1
        return None


def count_by(systems: Iterable[System], attr: str) -> dict[str, int]:
    """How many systems per type, kind or state (``attr="state"``), largest first."""
    counts: dict[str, int] = {}
    for system in systems:
        values: Iterable[str] = system.states if attr == "state" else [getattr(system, attr)]
        for value in values:
            counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
