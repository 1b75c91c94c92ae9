"""kill -9 in the middle of a crawl leaves a consistent database; the next run finishes the work."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
import time
from pathlib import Path

from loopback_sources import FakeLever, Site, _lever, him_jobs, install
from test_mrtjobs_crawl import FakeExtractor

from mrtjobs.config import parse_config
from mrtjobs.crawl import run_crawl
from mrtjobs.storage import exclusive_lock, open_store

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
import mrtjobs.crawl as crawl
from loopback_sources import FakeLever
from mrtjobs.config import parse_config
from skills_taxonomy.extraction import Extraction

class Extractor:
    version = "fake-1"
    def extract_many(self, texts):
        return [Extraction(extractor_version=self.version) for _ in texts]

crawl.UPSERT_BATCH = 2  # store every page as it comes, so the kill lands mid-way
config = parse_config({{"crawl": {{"user_agent": "t (ops@example.org)", "per_host_interval": 0, "concurrency": 1}},
                       "sources": [{entry!r}]}})
crawl.run_crawl(config, {db!r}, extractor=Extractor(){registry})
"""


def child_code(entry: dict, db: Path, *, fake_lever: bool = False) -> str:
    """A crawl of one source in a child process, for killing it half way."""
    registry = ', registry={"lever": FakeLever()}' if fake_lever else ""
    return CHILD.format(root=str(ROOT), tests=str(ROOT / "tests"), entry=entry, db=str(db), registry=registry)


def kill_when_stored(code: str, db: Path, rows: int, reached: threading.Event, release: threading.Event) -> None:
    """Run ``code`` in a child; once it reached the frozen request and stored ``rows``
    postings, kill -9 it. The frozen request is released either way."""
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert reached.wait(60), child.stderr.read().decode() if child.poll() is not None else "child never got there"
        assert _wait_for_rows(db, rows), "the child did not store the first pages"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
    finally:
        release.set()
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL


def _wait_for_rows(db: Path, n: int, tries: int = 600) -> bool:
    for _ in range(tries):
        try:
            with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
                if conn.execute("SELECT count(*) FROM postings").fetchone()[0] >= n:
                    return True
        except sqlite3.OperationalError:
            pass  # not created yet
        time.sleep(0.05)
    return False


def test_kill_9_mid_crawl_then_the_next_run_completes(loopback, tmp_path):
    site = install(loopback, Site())
    site.jobs["lever"] = him_jobs(12)
    reached, release = threading.Event(), threading.Event()
    serve = _lever(site)

    def handler(req):
        if req.query.get("skip") == "6":
            reached.set()
            release.wait(30)
        return serve(req)

    loopback.route("GET", r"/v0/postings/([^/]+)", handler)
    db = tmp_path / "jobs.db"
    code = child_code({"type": "lever", "name": "aldric", "site": "aldric-health", "base_url": loopback.base_url},
                      db, fake_lever=True)
    # Fetching runs ahead of storing: wait until the three pages before the frozen one are stored.
    kill_when_stored(code, db, 6, reached, release)

    # Consistent: the database opens, passes integrity_check, holds the pages stored before the kill.
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with open_store(db) as store:
        assert store.count_postings() == 6
        (run,) = store.runs()
        assert run["status"] == "running"
    with exclusive_lock(db):  # the kernel dropped the dead process's lock
        pass

    extractor = FakeExtractor()
    config = parse_config({"crawl": {"user_agent": "t (ops@example.org)", "per_host_interval": 0},
                           "sources": [{"type": "lever", "name": "aldric", "site": "aldric-health",
                                        "base_url": loopback.base_url}]})
    summary = run_crawl(config, db, registry={"lever": FakeLever()}, extractor=extractor)
    (outcome,) = summary.sources
    assert summary.aborted_runs == 1
    assert (outcome.status, outcome.new, outcome.unchanged) == ("ok", 6, 6)
    assert summary.extracted == 12 and len(extractor.seen) == 12
    with open_store(db) as store:
        assert store.count_postings(include_closed=False) == 12
        assert sorted(r["status"] for r in store.runs()) == ["aborted", "ok"]
        assert store.postings_needing_extraction("fake-1") == []
