"""One module per job source; each has ``NAME`` and a pure ``parse(raw, *, source_url,
options) -> list[Posting]`` (API modules also get ``fetch(client, config)``).

A source's NAME is its module name, the ``type`` in sources.toml and the ``source`` column,
so looking a source up by name is just importing the module of that name.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from scraper.errors import UnknownSourceError

SOURCE_NAMES = ("usajobs", "greenhouse", "lever", "workday", "smartrecruiters", "oracle", "icims", "jsonld", "files")


def get_source(name: str) -> ModuleType:
    """The module for a source NAME; raises UnknownSourceError for anything else."""
    if name not in SOURCE_NAMES:
        raise UnknownSourceError(str(name), SOURCE_NAMES)
    return importlib.import_module(f"scraper.sources.{name}")


__all__ = ["SOURCE_NAMES", "UnknownSourceError", "get_source"]
