"""A user's sources file: check every entry, and append catalogue entries without harm.

Why append text instead of rewriting the file: the sources file is the user's, with their
comments, order and spacing. Parsing it and writing it back would lose all of that, so
new ``[[sources]]`` entries are rendered and added at the end (valid TOML wherever the
file stops), and the result is parsed again before it replaces the old file atomically.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mrtjobs.catalogue import Problem, System, TableLines, identity, parse_source_entry, read_toml
from mrtjobs.config import load_config, parse_config
from mrtjobs.errors import ConfigError

# The key each source type reads as its search words (`sources add --search`).
SEARCH_KEYS = {"workday": "search_text", "oracle": "keyword", "icims": "keyword", "smartrecruiters": "query"}
DEFAULT_SEARCH = "health information"
PLACEHOLDER_CONTACT = "you@example.com"

_TEMPLATE = """\
# Sources for `mrtjobs crawl --sources {path}`.
# Built with `mrtjobs sources add`; see data/sources.example.toml for every source type
# and key. Edit freely: `sources add` only appends, and `mrtjobs sources check` validates.

[crawl]
# Who is crawling: must contain a contact (an email address or a URL), so a site owner
# can reach you instead of blocking you.
user_agent = {user_agent}
# Minimum seconds between two requests to the same host, shared by all sources on it.
per_host_interval = 1.0
# Requests in flight at once, over all hosts.
concurrency = 4
# Seconds before a request is given up (then retried with backoff).
timeout = 30
"""


@dataclass
class AddResult:
    path: Path
    created: bool = False
    added: list[System] = field(default_factory=list)
    skipped: list[tuple[System, str]] = field(default_factory=list)  # (system, why)
    warning: str | None = None  # the file as a whole still does not load (not our doing)


def check_sources_file(path: str | Path) -> list[Problem]:
    """Every problem in a sources file, one per entry or table, in file order."""
    path = Path(path)
    text, data, problem = read_toml(path, what="sources")
    if problem:
        return [problem]
    lines = TableLines(text, "sources")
    problems: list[Problem] = []
    try:
        # [crawl] and the top-level keys, with one harmless stand-in source.
        parse_config({**data, "sources": [{"type": "greenhouse", "board": "x"}]}, path=path)
    except ConfigError as exc:
        problems.append(Problem(path, _crawl_line(text), "", str(exc).removeprefix(f"{path}: ")))
    raw = data.get("sources")
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(path, None, "", "no [[sources]] entries"))
        return problems
    names: dict[str, str] = {}
    seen: dict[tuple[str, ...], str] = {}
    for index, entry in enumerate(raw, start=1):
        label = f"sources #{index}" + (f" ({entry['name']})" if isinstance(entry, dict) and isinstance(entry.get("name"), str) else "")
        try:
            config = parse_source_entry(entry, path=path, where=label)
        except ConfigError as exc:
            message = str(exc).removeprefix(f"{path}: {label}: ")
            key = _quoted_key(message)
            line = (lines.key_line(index, key) if key else None) or lines.entry_line(index)
            problems.append(Problem(path, line, label, message))
            continue
        if config.name in names:
            problems.append(Problem(path, lines.key_line(index, "name") or lines.entry_line(index), label,
                                    f"key 'name': {config.name!r} is already used by {names[config.name]}; "
                                    "give each entry its own name"))
        names.setdefault(config.name, label)
        ident = identity(config)
        if ident in seen and config.type not in ("usajobs", "jsonld"):
            problems.append(Problem(path, lines.entry_line(index), label, f"same endpoint as {seen[ident]}"))
        seen.setdefault(ident, label)
    if not problems:
        try:  # anything the per-entry checks cannot see
            load_config(path)
        except ConfigError as exc:
            problems.append(Problem(path, None, "", str(exc).removeprefix(f"{path}: ")))
    return problems


def _quoted_key(message: str) -> str | None:
    match = re.search(r"key '([A-Za-z_]+)'", message)
    return match.group(1) if match else None


def _crawl_line(text: str) -> int | None:
    for i, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("[crawl]"):
            return i
    return None


def add_systems(
    path: str | Path,
    systems: list[System],
    *,
    search: str | None = DEFAULT_SEARCH,
    contact: str | None = None,
) -> AddResult:
    """Append the systems' sources to ``path`` (created with a [crawl] template if missing).

    An entry already in the file (same endpoint, or same feed name) is skipped, never
    duplicated. Nothing is written when nothing is new. Raises ConfigError, naming the
    file, when the existing file cannot be read or is not valid TOML.
    """
    path = Path(path).expanduser()
    result = AddResult(path=path)
    if path.exists():
        try:
            old = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc}); nothing was added") from None
        try:
            data = tomllib.loads(old)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML ({exc}); nothing was added") from None
    else:
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        user_agent = f"mrtjobs/0.1 (job search; {contact or PLACEHOLDER_CONTACT})"
        old = _TEMPLATE.format(path=path, user_agent=_toml_string(user_agent))
        data = tomllib.loads(old)
        result.created = True
    existing = _existing(data, path)
    blocks: list[str] = []
    for system in systems:
        why = _already(system, existing)
        if why:
            result.skipped.append((system, why))
            continue
        entry = _entry(system, search)
        blocks.append(render_entry(system, entry))
        existing.append((system.id, identity(system.config)))
        result.added.append(system)
    if not blocks and not result.created:
        return result
    new = old if not old or old.endswith("\n") else old + "\n"
    new += "".join("\n" + block for block in blocks)
    try:
        tomllib.loads(new)
    except tomllib.TOMLDecodeError as exc:  # e.g. a file that defines `sources` as a plain key
        raise ConfigError(f"{path}: the entries cannot be appended to this file ({exc}); nothing was added") from None
    _write_atomic(path, new)
    try:
        load_config(path)
    except ConfigError as exc:
        result.warning = str(exc)
    return result


def _existing(data: dict[str, Any], path: Path) -> list[tuple[str | None, tuple[str, ...] | None]]:
    out: list[tuple[str | None, tuple[str, ...] | None]] = []
    raw = data.get("sources")
    for index, entry in enumerate(raw if isinstance(raw, list) else [], start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        try:
            config = parse_source_entry(entry, path=path, where=f"sources #{index}")
        except ConfigError:  # a broken entry of the user's: compare by name only
            out.append((name if isinstance(name, str) else None, None))
            continue
        out.append((config.name, identity(config)))
    return out


def _already(system: System, existing: list[tuple[str | None, tuple[str, ...] | None]]) -> str | None:
    ident = identity(system.config)
    for name, other in existing:
        if other == ident:
            return f"already in the file (as {name!r})" if name != system.id else "already in the file"
    for name, _ in existing:
        if name == system.id:
            return f"the file already has a source named {name!r} with another endpoint"
    return None


def _entry(system: System, search: str | None) -> dict[str, Any]:
    entry = dict(system.source)
    key = SEARCH_KEYS.get(system.type)
    if key and search and key not in entry:
        entry[key] = search
    return entry


def render_entry(system: System, entry: dict[str, Any]) -> str:
    """One commented ``[[sources]]`` block; checked to read back as exactly ``entry``."""
    states = "nationwide" + (f", {' '.join(system.states)}" if system.states else "") if system.nationwide \
        else " ".join(system.states)
    lines = [
        f"# {system.name} ({states}), from the mrtjobs catalogue",
        f"# endpoint found at {system.found_at}",
        "[[sources]]",
    ]
    for key, value in entry.items():
        lines.append(f"{key} = {_toml_value(value)}")
    block = "\n".join(_comment_safe(line) if line.startswith("#") else line for line in lines) + "\n"
    if tomllib.loads(block.replace("[[sources]]", "[[s]]", 1))["s"][0] != entry:
        raise ConfigError(f"cannot write the entry for {system.name!r} as TOML")
    return block


def _comment_safe(line: str) -> str:
    return line.replace("\r", " ").replace("\n", " ")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise ConfigError(f"cannot write a {type(value).__name__} value into a sources file")


def _toml_string(value: str) -> str:
    # JSON string escapes are TOML basic-string escapes; DEL must be escaped too.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _write_atomic(path: Path, text: str) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
