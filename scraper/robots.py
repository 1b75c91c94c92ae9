"""robots.txt, read once per host and obeyed for page sources (career pages, sitemaps).

RFC 9309 semantics: a 4xx robots.txt means no restrictions; a server error or an
unreachable host means assume everything is disallowed until it can be read. A
``Crawl-delay`` for our user agent widens that host's minimum interval; a delay longer
than MAX_CRAWL_DELAY would hold a scheduled crawl (and its lock) for hours, so such a host
is skipped instead of crawled faster than it asked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit

from protego import Protego

MAX_CRAWL_DELAY = 60.0


class RobotsCache:
    """Parsed robots.txt per scheme+host; ``fetch(url) -> (status or None, text)``."""

    def __init__(
        self,
        user_agent: str,
        fetch: Callable[[str], tuple[int | None, str]],
        on_crawl_delay: Callable[[str, float], None] | None = None,
    ) -> None:
        self.user_agent = user_agent
        self.fetch = fetch
        self.on_crawl_delay = on_crawl_delay
        self._rules: dict[str, Protego | bool] = {}
        self._why_not: dict[str, str] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        rules = self._rules_for(url)
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(url, self.user_agent)

    def refusal(self, url: str) -> str:
        """Why ``url`` may not be fetched, in words for an error message."""
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}".lower()
        return self._why_not.get(host, "disallowed by robots.txt")

    def _rules_for(self, url: str) -> Protego | bool:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            if host in self._rules:
                return self._rules[host]
            host_lock = self._locks.setdefault(host, threading.Lock())
        with host_lock:  # one fetch per host even when many threads ask at once
            if host in self._rules:
                return self._rules[host]
            status, text = self.fetch(host + "/robots.txt")
            rules: Protego | bool
            if status is None or status >= 500:
                rules = False
                self._why_not[host] = (
                    f"robots.txt could not be read ({'no answer' if status is None else f'HTTP {status}'}); "
                    "the site is left alone until it can be"
                )
            elif status >= 400:
                rules = True
            else:
                rules = Protego.parse(text)
                delay = rules.crawl_delay(self.user_agent)
                if delay and float(delay) > MAX_CRAWL_DELAY:
                    rules = False
                    self._why_not[host] = (
                        f"robots.txt asks for {float(delay):g} s between requests "
                        f"(more than {MAX_CRAWL_DELAY:g} s); the site is skipped"
                    )
                elif delay and self.on_crawl_delay is not None:
                    self.on_crawl_delay(host, float(delay))
            with self._lock:
                self._rules[host] = rules
            return rules
