"""The polite HTTP client: the one place where every source's requests go out.

Why one client: politeness is a property of the whole crawl, not of a source. Two sources on
the same host (two Greenhouse boards) must share that host's minimum interval; robots.txt
is read once per host; retries, timeouts, the size cap and conditional requests behave the
same for every source. A source module only decides *what* to request (Scrapy's split).

Why a sync ``httpx.Client`` plus a thread pool rather than asyncio: every source is a short
sequence of paging calls followed, for some, by many independent detail GETs. ``map`` runs
those details on a bounded pool; ``httpx.Client`` is thread-safe and pools connections, and
sync code keeps sources, tests and the injectable clock/sleep simple. Concurrency is bounded
by one semaphore for the whole client, so sources can never exceed it together.

Nothing here logs headers or query strings that may carry secrets: log lines name the
method, the URL without its query, the status and the attempt.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar
from urllib.parse import urljoin

import httpx

from scraper.errors import (
    ClientConfigError,
    FetchError,
    ResponseTooLarge,
    RobotsDisallowed,
    TooManyRedirects,
)
from scraper.gzip_files import gunzip, is_gzip
from scraper.http_cache import CacheEntry
from scraper.pages import PageProblem, RawPage
from scraper.robots import RobotsCache
from scraper.throttle import HostThrottle, parse_retry_after
from scraper.urls import SECRET_HEADERS, host_key, origin, redact

log = logging.getLogger("scraper.http")
log.addHandler(logging.NullHandler())  # library: silent unless the app adds a handler

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504}) | frozenset(range(505, 600))
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CONTACT = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+|https?://\S+")

T = TypeVar("T")
R = TypeVar("R")


__all__ = [
    "ClientConfigError", "FetchError", "HttpSettings", "PageProblem", "PoliteClient", "RawPage",
    "Response", "ResponseTooLarge", "RobotsDisallowed", "TooManyRedirects", "check_user_agent", "make_client",
]


class ValidatorCache(Protocol):
    """Where conditional-request validators (and the body they validate) are kept."""

    def lookup(self, url: str) -> CacheEntry | None: ...

    def store(self, url: str, entry: CacheEntry) -> None: ...


@dataclass(frozen=True)
class HttpSettings:
    """Politeness and safety limits; the [crawl] table of sources.toml fills these."""

    user_agent: str
    per_host_interval: float = 1.0
    concurrency: int = 4
    timeout: float = 30.0
    max_retries: int = 4
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    max_retry_after: float = 300.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5


@dataclass
class Response:
    """A finished response: final URL, status, headers and the decoded text body.

    ``not_modified`` is True when the server answered 304 and ``text`` came from the cache.
    """

    url: str
    status: int
    headers: Mapping[str, str]
    text: str
    not_modified: bool = False

    def json(self) -> Any:
        import json

        try:
            return json.loads(self.text)
        except ValueError as exc:
            raise FetchError(self.url, f"response is not valid JSON ({exc})", status=self.status) from None


@dataclass
class Stats:
    """Counters for a crawl summary and for tests (thread-safe enough: guarded by a lock)."""

    requests: int = 0
    retries: int = 0
    not_modified: int = 0
    robots_blocked: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, name: str, n: int = 1) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + n)


def check_user_agent(user_agent: str) -> str:
    """A crawler must say who runs it: the user agent needs an email address or a URL."""
    if not user_agent or not _CONTACT.search(user_agent):
        raise ClientConfigError(
            f"user agent {user_agent!r} must contain a contact (an email address or an http(s) URL)"
        )
    return user_agent


class PoliteClient:
    """GET/POST with robots.txt, per-host spacing, retries, caps and conditional requests."""

    def __init__(
        self,
        settings: HttpSettings,
        *,
        cache: ValidatorCache | None = None,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        check_user_agent(settings.user_agent)
        if settings.concurrency < 1:
            raise ClientConfigError("concurrency must be at least 1")
        if settings.timeout <= 0:
            raise ClientConfigError("timeout must be positive")
        self.settings = settings
        self.cache = cache
        self.clock = clock
        self.wall_clock = wall_clock
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.stats = Stats()
        self.throttle = HostThrottle(settings.per_host_interval, clock, sleep)
        self._slots = threading.BoundedSemaphore(settings.concurrency)
        self.robots = RobotsCache(settings.user_agent, self._robots_text, self.throttle.set_host_interval)
        limits = httpx.Limits(
            max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency
        )
        self._http = httpx.Client(
            headers={"User-Agent": settings.user_agent},
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False,
            limits=limits,
            transport=transport,
            trust_env=False,
        )

    # -- lifecycle -------------------------------------------------------------------
    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "PoliteClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public API ------------------------------------------------------------------
    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        robots: bool = False,
        conditional: bool = True,
    ) -> Response:
        """GET ``url``; ``robots=True`` for page sources (career pages, sitemaps)."""
        if params:
            url = str(httpx.URL(url, params={k: v for k, v in params.items() if v is not None}))
        return self._request("GET", url, headers=headers, body=None, robots=robots, conditional=conditional)

    def post_json(
        self,
        url: str,
        payload: Any,
        *,
        headers: Mapping[str, str] | None = None,
        robots: bool = False,
    ) -> Response:
        """POST a JSON body (Workday list calls). Never conditional, never cached."""
        merged = {"Content-Type": "application/json", "Accept": "application/json"}
        merged.update(headers or {})
        return self._request("POST", url, headers=merged, body=payload, robots=robots, conditional=False)

    def map(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Apply ``func`` to every item on the client's pool, results in input order.

        The pool has ``concurrency`` workers; the request semaphore still bounds the total
        across callers, so nesting ``map`` in several sources is safe.
        """
        items = list(items)
        if self.settings.concurrency == 1 or len(items) <= 1:
            for item in items:
                yield func(item)
            return
        with ThreadPoolExecutor(max_workers=self.settings.concurrency) as pool:
            yield from pool.map(func, items)

    def allowed(self, url: str) -> bool:
        """True when robots.txt of the URL's host lets our user agent fetch it."""
        return self.robots.allowed(url)

    # -- internals -------------------------------------------------------------------
    def _request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None,
        body: Any,
        robots: bool,
        conditional: bool,
    ) -> Response:
        seen: list[str] = []
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            if robots and not self.allowed(current):
                self.stats.add("robots_blocked")
                raise RobotsDisallowed(current, self.robots.refusal(current))
            cached = self.cache.lookup(current) if (conditional and self.cache and method == "GET") else None
            extra = dict(headers or {})
            if cached is not None:
                if cached.etag:
                    extra["If-None-Match"] = cached.etag
                if cached.last_modified:
                    extra["If-Modified-Since"] = cached.last_modified
            status, resp_headers, text = self._send_with_retries(method, current, extra, body)
            if status in REDIRECT_STATUSES:
                location = resp_headers.get("location")
                if not location:
                    raise FetchError(current, f"HTTP {status} without a Location header", status=status)
                seen.append(current)
                target = urljoin(current, location)
                if origin(target) != origin(current) and headers:
                    # Credentials (the USAJOBS Authorization-Key) go only to the host they
                    # were meant for, never along a redirect to another one.
                    headers = {k: v for k, v in headers.items() if k.lower() not in SECRET_HEADERS}
                current = target
                if status == 303 or (status in (301, 302) and method == "POST"):
                    method, body = "GET", None
                continue
            if status == 304 and cached is not None:
                self.stats.add("not_modified")
                return Response(current, 200, resp_headers, cached.body, not_modified=True)
            if status >= 400:
                raise FetchError(current, f"HTTP {status}", status=status)
            if conditional and self.cache is not None and method == "GET":
                etag = resp_headers.get("etag")
                modified = resp_headers.get("last-modified")
                if etag or modified:
                    self.cache.store(current, CacheEntry(etag=etag, last_modified=modified, body=text))
            return Response(current, status, resp_headers, text)
        raise TooManyRedirects(url, f"more than {self.settings.max_redirects} redirects")

    def _send_with_retries(
        self, method: str, url: str, headers: dict[str, str], body: Any
    ) -> tuple[int, Mapping[str, str], str]:
        host = host_key(url)
        attempt = 0
        while True:
            self.throttle.wait(host)
            try:
                with self._slots:
                    self.stats.add("requests")
                    status, resp_headers, text = self._send_once(method, url, headers, body)
            except (httpx.TransportError, httpx.DecodingError) as exc:
                reason = _describe(exc)
                if attempt >= self.settings.max_retries:
                    raise FetchError(url, f"{reason} (gave up after {attempt + 1} attempts)") from None
                delay = self._backoff(attempt)
                log.info("%s %s: %s; retry %d in %.1fs", method, redact(url), reason, attempt + 1, delay)
            else:
                if status not in RETRY_STATUSES:
                    return status, resp_headers, text
                if attempt >= self.settings.max_retries:
                    raise FetchError(
                        url, f"HTTP {status} (gave up after {attempt + 1} attempts)", status=status
                    )
                delay = self._backoff(attempt)
                wait = parse_retry_after(resp_headers.get("retry-after"), self.wall_clock())
                if wait is not None:
                    if wait > self.settings.max_retry_after:
                        raise FetchError(
                            url, f"HTTP {status}: server asks to wait {wait:.0f}s, more than allowed", status=status
                        )
                    delay = max(wait, 0.0)
                    self.throttle.push_back(host, delay)
                log.info("%s %s: HTTP %d; retry %d in %.1fs", method, redact(url), status, attempt + 1, delay)
            self.stats.add("retries")
            if delay > 0:
                self.sleep(delay)
            attempt += 1

    def _backoff(self, attempt: int) -> float:
        """Capped exponential backoff with jitter (half fixed, half random)."""
        ceiling = min(self.settings.backoff_cap, self.settings.backoff_base * (2**attempt))
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)

    def _send_once(
        self, method: str, url: str, headers: dict[str, str], body: Any
    ) -> tuple[int, Mapping[str, str], str]:
        kwargs: dict[str, Any] = {"headers": headers}
        if body is not None:
            kwargs["json"] = body
        with self._http.stream(method, url, **kwargs) as resp:
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.settings.max_bytes:
                raise ResponseTooLarge(url, f"response of {declared} bytes exceeds the {self.settings.max_bytes}-byte cap")
            chunks: list[bytes] = []
            size = 0
            # httpx's read timeout is per chunk; a server dripping bytes must not hold us forever.
            deadline = time.monotonic() + 3 * self.settings.timeout
            for chunk in resp.iter_bytes():
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("body took too long", request=resp.request)
                size += len(chunk)
                if size > self.settings.max_bytes:
                    raise ResponseTooLarge(url, f"response exceeds the {self.settings.max_bytes}-byte cap")
                chunks.append(chunk)
            raw = b"".join(chunks)
            if is_gzip(raw):
                raw = gunzip(url, raw, self.settings.max_bytes)
            encoding = resp.charset_encoding or "utf-8"
            try:
                text = raw.decode(encoding, errors="replace")
            except LookupError:
                text = raw.decode("utf-8", errors="replace")
            return resp.status_code, resp.headers, text

    def _robots_text(self, url: str) -> tuple[int | None, str]:
        """(status, body) of a robots.txt, fetched with the same politeness; never raises."""
        try:
            resp = self._request("GET", url, headers=None, body=None, robots=False, conditional=False)
        except FetchError as exc:
            return exc.status, ""
        return resp.status, resp.text


def _describe(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "connection closed early (truncated response)"
    if isinstance(exc, httpx.ConnectError):
        return "could not connect"
    return type(exc).__name__


def make_client(
    settings: HttpSettings,
    *,
    cache: ValidatorCache | None = None,
    transport: httpx.BaseTransport | None = None,
    clock: Callable[[], float] = time.monotonic,
    wall_clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
) -> PoliteClient:
    """The one way sources get a client: validates the settings, then builds it."""
    return PoliteClient(
        settings, cache=cache, transport=transport, clock=clock, wall_clock=wall_clock, sleep=sleep, rng=rng
    )
