"""Timing policy for the polite client: per-host spacing and Retry-After.

Kept apart from the client so the rules (a start slot per host, a host pushed back after
a 429, both HTTP-date and delta-seconds Retry-After) can be read and tested on their own,
with an injected clock and sleep.
"""

from __future__ import annotations

import email.utils
import threading
from collections.abc import Callable


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


class HostThrottle:
    """Start times per host at least ``interval`` apart, whichever thread asks.

    Each caller reserves the next free slot under a lock and then sleeps outside it, so
    concurrent requests to one host are spaced out while other hosts proceed.
    """

    def __init__(self, interval: float, clock: Callable[[], float], sleep: Callable[[float], None]):
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._next: dict[str, float] = {}
        self._extra: dict[str, float] = {}
        self._lock = threading.Lock()

    def set_host_interval(self, host: str, interval: float) -> None:
        """A longer interval for one host (robots.txt Crawl-delay)."""
        with self._lock:
            self._extra[host] = interval

    def wait(self, host: str) -> None:
        with self._lock:
            interval = max(self.interval, self._extra.get(host, 0.0))
            now = self.clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + interval
        delay = slot - now
        if delay > 0:
            self.sleep(delay)

    def push_back(self, host: str, seconds: float) -> None:
        """After a 429/503 with Retry-After, nobody talks to that host for a while."""
        with self._lock:
            until = self.clock() + seconds
            self._next[host] = max(self._next.get(host, until), until)
