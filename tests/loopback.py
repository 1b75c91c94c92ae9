"""A real HTTP server on 127.0.0.1 for crawl tests: routes, a request log and misbehaviour.

Why a real server rather than httpx.MockTransport: the client's timeouts, truncated bodies,
redirect handling, connection pooling and concurrency only show up over a socket. The
server runs in a daemon thread; handlers are plain functions returning a ``Reply``.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    match: re.Match | None = None
    at: float = 0.0

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class Reply:
    status: int = 200
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    truncate_to: int | None = None  # send a full Content-Length but only this many bytes
    delay: float = 0.0  # server-side wait before answering (for client timeouts)

    def encoded(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        self.headers.setdefault("Content-Type", "application/json; charset=utf-8")
        return json.dumps(self.body).encode("utf-8")


Handler = Callable[[Request], Reply]


class Loopback:
    """Routes are (method, regex) -> handler, first match wins; every request is logged."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, re.Pattern, Handler]] = []
        self.log: list[Request] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- setup -----------------------------------------------------------------------
    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self.routes.insert(0, (method.upper(), re.compile(pattern + r"\Z"), handler))

    def static(self, path: str, body: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.route("GET", re.escape(path), lambda req: Reply(status, body, dict(headers or {})))

    def sequence(self, method: str, path: str, replies: list[Reply]) -> None:
        """Answer successive requests with successive replies; the last one repeats."""
        state = {"i": 0}

        def handler(req: Request) -> Reply:
            with self._lock:
                i = min(state["i"], len(replies) - 1)
                state["i"] += 1
            r = replies[i]
            return Reply(r.status, r.body, dict(r.headers), r.truncate_to, r.delay)

        self.route(method, re.escape(path), handler)

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def hits(self, path_regex: str, method: str | None = None) -> list[Request]:
        rx = re.compile(path_regex)
        return [r for r in list(self.log) if rx.search(r.path) and (method is None or r.method == method)]

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> "Loopback":
        loop = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # header and body are two writes: avoid 40 ms stalls

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _handle(self) -> None:
                loop._dispatch(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _H)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- dispatch --------------------------------------------------------------------
    def _dispatch(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        req = Request(
            method=h.command,
            path=parts.path,
            query={k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()},
            headers={k.lower(): v for k, v in h.headers.items()},
            body=body,
            at=time.monotonic(),
        )
        with self._lock:
            self.log.append(req)
        reply = Reply(404, {"error": "no route"})
        for method, rx, handler in self.routes:
            m = rx.match(parts.path)
            if m and method == h.command:
                req.match = m
                try:
                    reply = handler(req)
                except Exception as exc:  # a broken handler is a 500, visible in the test
                    reply = Reply(500, f"handler error: {exc!r}")
                break
        if reply.delay:
            self._release.wait(reply.delay)
        data = reply.encoded()
        try:
            h.send_response(reply.status)
            headers = {"Content-Type": "text/plain; charset=utf-8", **reply.headers}
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(data)))
            if reply.truncate_to is not None:
                h.send_header("Connection", "close")
            h.end_headers()
            if h.command != "HEAD":
                h.wfile.write(data if reply.truncate_to is None else data[: reply.truncate_to])
            h.wfile.flush()
            if reply.truncate_to is not None:
                h.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            h.close_connection = True


class FakeClock:
    """An injectable clock whose ``sleep`` only advances time (tests never really sleep)."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += max(0.0, seconds)
