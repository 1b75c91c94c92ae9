"""A scheduled crawl: fetch every configured source, keep our occupation, store incrementally.

Why it is shaped this way:

- One lock per database (``exclusive_lock``): cron may start a crawl while the last one
  still runs; the second exits at once instead of writing beside the first.
- One ``crawl_runs`` row per source per run, opened before the first request and closed
  after the last write, so a killed crawl leaves a ``running`` row that the next run marks
  ``aborted``; every write is its own transaction, so the database is consistent at any
  instant and the next run simply does the remaining work.
- Sources are isolated: any failure inside one source is recorded on its run row and the
  crawl moves on; only a storage failure (the disk, the database) stops everything.
- Postings missing from a listing are closed only when that source's listing was seen
  completely in this run; a failed page means "don't know", never "gone".
- Unchanged postings only get ``last_seen``; extraction runs once at the end, on what is
  new or changed (``pipeline.ensure_extracted``), then cross-source duplicates are marked.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import queue
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from mrtjobs.config import CrawlConfig, SourceConfig
from mrtjobs.pipeline import ensure_extracted, mark_duplicates
from mrtjobs.relevance import RelevanceFilter, RelevanceReport, load_filter
from mrtjobs.storage import Store, exclusive_lock, open_store
from scraper.http import PageProblem, PoliteClient, RawPage, make_client
from scraper.http_cache import FileCache
from scraper.models import Posting

log = logging.getLogger("mrtjobs.crawl")
log.addHandler(logging.NullHandler())  # library: silent unless the app adds a handler

UPSERT_BATCH = 200
FLUSH_SECONDS = 2.0
QUEUE_SIZE = 64  # pages waiting to be parsed; a full queue slows the fetchers down
RAW_FORMAT = 1

Progress = Callable[[str, Mapping[str, Any]], None]


@dataclass
class SourceOutcome:
    """What one source did in one run; mirrors its ``crawl_runs`` row."""

    feed: str
    source: str
    run_id: int | None = None
    status: str = "running"  # ok | partial | failed
    complete: bool = False
    pages: int = 0
    fetched: int = 0
    kept: int = 0
    dropped: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    reopened: int = 0
    closed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, url: str | None, reason: str) -> None:
        self.errors.append({"url": url, "reason": reason})


@dataclass
class CrawlSummary:
    sources: list[SourceOutcome] = field(default_factory=list)
    extracted: int = 0
    duplicates_changed: int = 0
    aborted_runs: int = 0

    @property
    def ok(self) -> bool:
        return all(s.status == "ok" for s in self.sources)

    @property
    def failed(self) -> list[str]:
        return [s.feed for s in self.sources if s.status != "ok"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "extracted": self.extracted,
            "duplicates_changed": self.duplicates_changed,
            "aborted_runs": self.aborted_runs,
            "sources": [asdict(s) for s in self.sources],
        }


def default_registry(types: Iterable[str]) -> dict[str, ModuleType | Exception]:
    """Source modules by type name; an import failure is kept and reported per source."""
    registry: dict[str, ModuleType | Exception] = {}
    for kind in set(types):
        try:
            registry[kind] = importlib.import_module(f"scraper.sources.{kind}")
        except ImportError as exc:
            registry[kind] = exc
    return registry


def cache_dir_for(db_path: str | Path) -> Path:
    """Conditional-request validators live next to the database they belong to."""
    return Path(str(db_path) + ".http-cache")


def run_crawl(
    config: CrawlConfig,
    db_path: str | Path,
    *,
    extractor: Any = None,
    relevance: RelevanceFilter | None = None,
    registry: Mapping[str, ModuleType | Exception] | None = None,
    save_raw: str | Path | None = None,
    client: PoliteClient | None = None,
    progress: Progress | None = None,
    setup: Callable[[], tuple[RelevanceFilter | None, Any]] | None = None,
) -> CrawlSummary:
    """Crawl every source of ``config`` into the database at ``db_path``.

    Sources are fetched concurrently (one producer thread each, at most ``concurrency``
    at a time), so a slow host with a long per-host interval does not hold up the others;
    the shared client still bounds requests in flight and spaces requests per host.
    Parsing and every database write happen in the calling thread, in arrival order.

    ``setup`` (optional) is called once the lock is held and returns ``(relevance,
    extractor)``: loading a taxonomy and a spaCy pipeline takes seconds, and a second crawl
    started by cron must be refused at once, not after that work.

    Raises CrawlLockedError when another crawl holds the database, StorageError when the
    database cannot be used; every other failure is recorded per source in the summary.
    """
    notify = progress or (lambda event, info: None)
    registry = registry if registry is not None else default_registry(s.type for s in config.sources)
    summary = CrawlSummary()
    if save_raw is not None:
        Path(save_raw).mkdir(parents=True, exist_ok=True)  # an unwritable --save-raw fails before any request
    with exclusive_lock(db_path), open_store(db_path) as store:
        if setup is not None:
            relevance, extractor = setup()
        relevance = relevance or load_filter()
        summary.aborted_runs = _abort_stale_runs(store)
        own_client = client is None
        client = client or make_client(config.http, cache=FileCache(cache_dir_for(db_path)))
        try:
            runs = []
            for source in config.sources:
                outcome = SourceOutcome(feed=source.name, source=source.type)
                summary.sources.append(outcome)
                runs.append(_SourceRun(store, source, registry.get(source.type), outcome, relevance, save_raw, notify))
                notify("source_start", {"feed": source.name})
            _fan_in(runs, client, max(1, config.http.concurrency))
        finally:
            if own_client:
                client.close()
        summary.duplicates_changed = mark_duplicates(store)
        if extractor is not None:
            summary.extracted = ensure_extracted(
                store, extractor, on_progress=lambda done, total: notify("extract", {"done": done, "total": total})
            )
    return summary


@dataclass
class _End:
    """The last item a source's producer sends: how its fetch ended."""

    error: BaseException | None = None


def _fan_in(runs: list["_SourceRun"], client: PoliteClient, parallel: int) -> None:
    """Run every source's fetch in its own thread; handle their pages here, one at a time."""
    pages: queue.Queue = queue.Queue(maxsize=QUEUE_SIZE)
    stop = threading.Event()
    slots = threading.Semaphore(parallel)

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                pages.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce(index: int, run: _SourceRun) -> None:
        with slots:
            try:
                module = run.module
                if module is None or isinstance(module, Exception):
                    raise RuntimeError(f"source type {run.source.type!r} is not available ({module})")
                for item in module.fetch(client, dict(run.source.options)):
                    if not put((index, item)):
                        return
                put((index, _End()))
            except BaseException as exc:  # noqa: BLE001 - reported on the source's run row
                put((index, _End(exc)))

    threads = [threading.Thread(target=produce, args=(i, run), daemon=True, name=f"crawl-{run.source.name}")
               for i, run in enumerate(runs)]
    pending = len(runs)
    try:
        for thread in threads:
            thread.start()
        while pending:
            index, item = pages.get()
            if isinstance(item, _End):
                runs[index].end(item.error)
                pending -= 1
            else:
                runs[index].handle(item)
    finally:
        stop.set()  # producers blocked on a full queue give up; daemon threads never block exit


class _SourceRun:
    """One source's run row and counters; fed page by page, ended once."""

    def __init__(self, store: Store, source: SourceConfig, module: Any, outcome: SourceOutcome,
                 relevance: RelevanceFilter, save_raw: str | Path | None, notify: Progress) -> None:
        self.store, self.source, self.module, self.outcome = store, source, module, outcome
        self.relevance, self.save_raw, self.notify = relevance, save_raw, notify
        self.report = RelevanceReport()
        self.seen: set[str] = set()
        self.buffer: list[Posting] = []
        self.last_flush = time.monotonic()
        outcome.run_id = store.start_run(source.type, source.name)

    def handle(self, item: Any) -> None:
        outcome = self.outcome
        if isinstance(item, PageProblem):
            outcome.error(item.url, item.reason)
            return
        outcome.pages += 1
        if not isinstance(item, RawPage) or not item.parseable:
            return
        if self.save_raw is not None:
            try:
                write_raw(Path(self.save_raw), self.source, item)
            except OSError as exc:  # a full disk or a bad folder is this source's error only
                outcome.error(item.url, f"cannot save the raw response: {exc.strerror or exc}")
        try:
            postings = self.module.parse(item.body, source_url=item.url, options=item.options)
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the source
            outcome.error(item.url, f"could not parse: {exc}")
            return
        outcome.fetched += len(postings)
        kept = self.relevance.split(postings, self.report)
        self.seen.update(p.uid for p in kept)
        self.buffer.extend(kept)
        # Store in batches, but at least every FLUSH_SECONDS: a crawl killed half way keeps
        # what it had fetched up to then, and `mrtjobs runs` shows its progress.
        if len(self.buffer) >= UPSERT_BATCH or time.monotonic() - self.last_flush >= FLUSH_SECONDS:
            _flush(self.store, self.source, self.buffer, outcome)
            self.store.update_run(outcome.run_id, pages=outcome.pages, fetched=outcome.fetched,
                                  new=outcome.new, updated=outcome.updated, unchanged=outcome.unchanged)
            self.last_flush = time.monotonic()
        self.notify("page", {"feed": self.source.name, "pages": outcome.pages, "fetched": outcome.fetched})

    def end(self, error: BaseException | None) -> None:
        outcome, source = self.outcome, self.source
        if error is not None:
            url = getattr(error, "url", None)
            reason = getattr(error, "reason", None) or str(error) or type(error).__name__
            outcome.error(url, reason)
            log.warning("%s: %s%s", source.name, f"{url}: " if url else "", reason)
        _flush(self.store, source, self.buffer, outcome)
        outcome.kept, outcome.dropped = self.report.kept, self.report.dropped
        outcome.complete = error is None and not outcome.errors
        if outcome.complete:
            outcome.closed = len(self.store.close_missing(source.name, self.seen))
        outcome.status = "ok" if outcome.complete else ("partial" if error is None else "failed")
        self.store.finish_run(
            outcome.run_id, status=outcome.status, complete=outcome.complete, pages=outcome.pages,
            fetched=outcome.fetched, kept=outcome.kept, new=outcome.new, updated=outcome.updated,
            unchanged=outcome.unchanged, reopened=outcome.reopened, closed=outcome.closed,
            errors=outcome.errors,
        )
        log.info(
            "%s: %s, %d pages, %d fetched, %d kept, %d new, %d updated, %d unchanged, %d closed, %d errors",
            source.name, outcome.status, outcome.pages, outcome.fetched, outcome.kept, outcome.new,
            outcome.updated, outcome.unchanged, outcome.closed, len(outcome.errors),
        )
        self.notify("source_done", {"feed": source.name, "outcome": outcome})


def _flush(store: Store, source: SourceConfig, buffer: list[Posting], outcome: SourceOutcome) -> None:
    if not buffer:
        return
    result = store.upsert_postings(buffer, feed=source.name)
    outcome.new += len(result.new)
    outcome.updated += len(result.updated)
    outcome.unchanged += len(result.unchanged)
    outcome.reopened += len(result.reopened)
    buffer.clear()


def _abort_stale_runs(store: Store) -> int:
    """Runs left ``running`` by a killed crawl. Safe: we hold the lock, so none is live."""
    stale = [r for r in store.runs(limit=1000) if r.get("status") == "running"]
    for row in stale:
        store.finish_run(
            row["id"], status="aborted", complete=False,
            errors=[{"url": None, "reason": "the crawl stopped before this source finished"}],
        )
    return len(stale)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def write_raw(directory: Path, source: SourceConfig, page: RawPage) -> Path:
    """Keep one raw response in the replay format read by ``mrtjobs import``.

    One file per URL and feed (a re-crawl overwrites it with the newer response), written
    atomically so a kill never leaves half a file for the importer to choke on.
    """
    folder = directory / (_UNSAFE.sub("_", source.name).strip("_") or source.type)
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(page.url.encode("utf-8")).hexdigest()[:20] + ".json"
    record = {
        "mrtjobs_raw": RAW_FORMAT,
        "source": source.type,
        "url": page.url,
        "options": page.options,
        "body": page.body,
    }
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh, ensure_ascii=False)
        os.replace(tmp, folder / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return folder / name
