"""Validators for conditional requests (ETag / Last-Modified), kept between crawls.

Why the body is kept with its validators: a 304 answer carries no body, yet the crawl still
has to parse the listing to know which postings are open. Keeping the last body next to
its validators lets a source treat 304 exactly like a 200 with the old text, while the
server is spared sending it again.

Why one small JSON file per URL in a directory (next to the database): writes are atomic
(write a temporary file, then rename), a kill at any moment leaves either the old or the
new entry, and no table or migration is needed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CacheEntry:
    etag: str | None
    last_modified: str | None
    body: str


class FileCache:
    """A ValidatorCache stored as ``<directory>/<sha256(url)[:32]>.json`` files."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def _path(self, url: str) -> Path:
        return self.directory / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:32] + ".json")

    def lookup(self, url: str) -> CacheEntry | None:
        """The stored entry, or None when absent, unreadable or for another URL."""
        try:
            data = json.loads(self._path(url).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("url") != url or not isinstance(data.get("body"), str):
            return None
        return CacheEntry(etag=data.get("etag"), last_modified=data.get("last_modified"), body=data["body"])

    def store(self, url: str, entry: CacheEntry) -> None:
        """Write atomically; a failure to cache never fails the crawl (it only costs bandwidth)."""
        payload = {"url": url, "etag": entry.etag, "last_modified": entry.last_modified, "body": entry.body}
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(payload, fh, ensure_ascii=False)
                os.replace(tmp, self._path(url))
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return


class MemoryCache:
    """A ValidatorCache in a dict (tests, one-off runs)."""

    def __init__(self) -> None:
        self.entries: dict[str, CacheEntry] = {}

    def lookup(self, url: str) -> CacheEntry | None:
        return self.entries.get(url)

    def store(self, url: str, entry: CacheEntry) -> None:
        self.entries[url] = entry
