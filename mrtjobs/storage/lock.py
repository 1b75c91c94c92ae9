"""An exclusive, non-blocking lock per database, for cron safety.

Why flock on a side file: the kernel drops the lock when the holding process dies, even
by kill -9, so a crashed crawl never leaves a stale lock behind that blocks the next run.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mrtjobs.storage.errors import CrawlLockedError


def lock_path_for(db_path: str | Path) -> Path:
    return Path(str(db_path) + ".lock")


@contextmanager
def exclusive_lock(db_path: str | Path) -> Iterator[Path]:
    path = lock_path_for(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = ""
            try:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            except OSError:
                pass
            who = f" (pid {holder})" if holder else ""
            raise CrawlLockedError(
                f"{db_path}: another crawl is already running on this database{who}"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
