"""The polite client against a real loopback server; sleeping is faked, never real."""

from __future__ import annotations

import email.utils
import logging
import random
import threading
import time

import pytest
from loopback import Reply

from scraper.http import (
    ClientConfigError,
    FetchError,
    HttpSettings,
    ResponseTooLarge,
    RobotsDisallowed,
    TooManyRedirects,
    make_client,
    parse_retry_after,
)
from scraper.http_cache import FileCache, MemoryCache

UA = "mrtjobs-test (ops@example.org)"


def client_for(fake_clock, **overrides):
    settings = HttpSettings(**{"user_agent": UA, "per_host_interval": 0.0, "timeout": 5.0, **overrides})
    return make_client(
        settings, clock=fake_clock, wall_clock=fake_clock, sleep=fake_clock.sleep, rng=random.Random(7)
    )


@pytest.mark.parametrize("ua", ["", "mrtjobs/1.0", "bot (no contact here)"])
def test_user_agent_without_contact_is_refused(ua):
    with pytest.raises(ClientConfigError, match="contact"):
        make_client(HttpSettings(user_agent=ua))


@pytest.mark.parametrize("ua", ["mrtjobs (me@example.com)", "mrtjobs/0.1 (+https://example.org/bot)"])
def test_user_agent_with_contact_is_sent(loopback, fake_clock, ua):
    loopback.static("/ua", "ok")
    settings = HttpSettings(user_agent=ua, per_host_interval=0)
    with make_client(settings, clock=fake_clock, sleep=fake_clock.sleep) as client:
        client.get(loopback.url("/ua"))
    assert loopback.hits("/ua")[0].headers["user-agent"] == ua


def test_429_with_retry_after_seconds_is_honoured(loopback, fake_clock):
    loopback.sequence("GET", "/busy", [Reply(429, "slow down", {"Retry-After": "7"}), Reply(200, "fine")])
    with client_for(fake_clock) as client:
        resp = client.get(loopback.url("/busy"))
    assert resp.text == "fine"
    assert len(loopback.hits("/busy")) == 2
    assert 7.0 in fake_clock.sleeps


def test_retry_after_http_date_is_honoured(loopback, fake_clock):
    when = email.utils.formatdate(fake_clock.now + 42, usegmt=True)
    loopback.sequence("GET", "/later", [Reply(503, "", {"Retry-After": when}), Reply(200, "back")])
    with client_for(fake_clock) as client:
        assert client.get(loopback.url("/later")).text == "back"
    assert any(41.0 <= s <= 42.0 for s in fake_clock.sleeps)


def test_parse_retry_after_forms():
    assert parse_retry_after("120", 0.0) == 120.0
    assert parse_retry_after(None, 0.0) is None
    assert parse_retry_after("soon", 0.0) is None
    past = email.utils.formatdate(1000.0, usegmt=True)
    assert parse_retry_after(past, 5000.0) == 0.0


def test_retry_after_longer_than_allowed_fails_at_once(loopback, fake_clock):
    loopback.static("/closed", "", status=429, headers={"Retry-After": "86400"})
    with client_for(fake_clock, max_retry_after=600) as client, pytest.raises(FetchError, match="wait"):
        client.get(loopback.url("/closed"))
    assert len(loopback.hits("/closed")) == 1


def test_503_then_success_with_backoff_and_jitter(loopback, fake_clock):
    loopback.sequence("GET", "/flaky", [Reply(503), Reply(503), Reply(200, "ok")])
    with client_for(fake_clock, backoff_base=1.0) as client:
        assert client.get(loopback.url("/flaky")).text == "ok"
        assert client.stats.retries == 2
    first, second = fake_clock.sleeps
    assert 0.5 <= first <= 1.0
    assert 1.0 <= second <= 2.0


def test_persistent_server_error_gives_up_with_url_and_capped_backoff(loopback, fake_clock):
    loopback.static("/down", "", status=500)
    url = loopback.url("/down")
    with client_for(fake_clock, max_retries=6, backoff_base=1.0, backoff_cap=4.0) as client:
        with pytest.raises(FetchError) as info:
            client.get(url)
    assert info.value.url == url and info.value.status == 500
    assert url in str(info.value)
    assert len(loopback.hits("/down")) == 7
    assert max(fake_clock.sleeps) <= 4.0
    assert fake_clock.sleeps[0] < fake_clock.sleeps[-1]


@pytest.mark.parametrize("status", [400, 404, 410])
def test_client_errors_are_not_retried(loopback, fake_clock, status):
    loopback.static("/nope", "", status=status)
    with client_for(fake_clock) as client, pytest.raises(FetchError, match=f"HTTP {status}"):
        client.get(loopback.url("/nope"))
    assert len(loopback.hits("/nope")) == 1


def test_timeout_is_retried_then_reported(loopback, fake_clock):
    loopback.static("/slow", "late")
    loopback.routes[0] = ("GET", loopback.routes[0][1], lambda req: Reply(200, "late", delay=2.0))
    with client_for(fake_clock, timeout=0.2, max_retries=1) as client:
        with pytest.raises(FetchError, match="timed out"):
            client.get(loopback.url("/slow"))
    assert len(loopback.hits("/slow")) == 2


def test_truncated_body_is_retried(loopback, fake_clock):
    body = '{"jobs": [' + ",".join(['{"id": 1}'] * 50) + "]}"
    loopback.sequence("GET", "/cut", [Reply(200, body, truncate_to=40), Reply(200, body)])
    with client_for(fake_clock) as client:
        assert client.get(loopback.url("/cut")).json()["jobs"][0] == {"id": 1}
    assert len(loopback.hits("/cut")) == 2


def test_truncated_body_every_time_fails_clearly(loopback, fake_clock):
    loopback.static("/cut", "x" * 500)
    loopback.routes[0] = ("GET", loopback.routes[0][1], lambda req: Reply(200, "x" * 500, truncate_to=10))
    with client_for(fake_clock, max_retries=2) as client, pytest.raises(FetchError, match="truncated"):
        client.get(loopback.url("/cut"))


def test_robots_disallow_blocks_page_sources_only(loopback, fake_clock):
    loopback.static("/robots.txt", "User-agent: *\nDisallow: /private/\n")
    loopback.static("/private/job.html", "<html></html>")
    loopback.static("/public/job.html", "<html>ok</html>")
    with client_for(fake_clock) as client:
        assert client.get(loopback.url("/public/job.html"), robots=True).text == "<html>ok</html>"
        with pytest.raises(RobotsDisallowed, match="robots.txt"):
            client.get(loopback.url("/private/job.html"), robots=True)
        # API calls are not page fetches: robots.txt is not consulted for them.
        client.get(loopback.url("/private/job.html"))
    assert len(loopback.hits("/robots.txt")) == 1
    assert len(loopback.hits("/private/job.html")) == 1


def test_robots_crawl_delay_widens_the_interval(loopback, fake_clock):
    loopback.static("/robots.txt", "User-agent: *\nCrawl-delay: 9\n")
    loopback.static("/a.html", "a")
    with client_for(fake_clock, per_host_interval=1.0) as client:
        client.get(loopback.url("/a.html"), robots=True)
        client.get(loopback.url("/a.html"), robots=True)
    assert 9.0 in fake_clock.sleeps


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (500, False)])
def test_missing_or_broken_robots(loopback, fake_clock, status, allowed):
    loopback.static("/robots.txt", "", status=status)
    loopback.static("/page.html", "p")
    with client_for(fake_clock, max_retries=0) as client:
        assert client.allowed(loopback.url("/page.html")) is allowed


def test_unreadable_robots_and_huge_crawl_delay_say_why(loopback, fake_clock):
    loopback.static("/robots.txt", "", status=503)
    with client_for(fake_clock, max_retries=0) as client, pytest.raises(RobotsDisallowed, match="could not be read"):
        client.get(loopback.url("/page.html"), robots=True)
    loopback.static("/robots.txt", "User-agent: *\nCrawl-delay: 3600\n")
    with client_for(fake_clock) as client, pytest.raises(RobotsDisallowed, match="3600 s"):
        client.get(loopback.url("/page.html"), robots=True)
    assert 3600 not in fake_clock.sleeps


def test_redirect_loop_is_cut(loopback, fake_clock):
    loopback.static("/a", "", status=302, headers={"Location": "/b"})
    loopback.static("/b", "", status=301, headers={"Location": "/a"})
    with client_for(fake_clock, max_redirects=5) as client, pytest.raises(TooManyRedirects):
        client.get(loopback.url("/a"))
    assert len(loopback.hits("^/[ab]$")) == 6


def test_redirects_are_followed_to_the_final_url(loopback, fake_clock):
    loopback.static("/old", "", status=301, headers={"Location": "/mid"})
    loopback.static("/mid", "", status=307, headers={"Location": loopback.url("/new")})
    loopback.static("/new", "here")
    with client_for(fake_clock) as client:
        resp = client.get(loopback.url("/old"))
    assert (resp.text, resp.url) == ("here", loopback.url("/new"))


def test_secret_headers_are_not_sent_to_another_host_on_redirect(loopback, fake_clock):
    other = loopback.url("/landing").replace("127.0.0.1", "localhost")
    loopback.static("/api", "", status=302, headers={"Location": other})
    loopback.static("/same", "", status=302, headers={"Location": "/landing"})
    loopback.static("/landing", "ok")
    with client_for(fake_clock) as client:
        client.get(loopback.url("/api"), headers={"Authorization-Key": "s3cr3t"})
        client.get(loopback.url("/same"), headers={"Authorization-Key": "s3cr3t"})
    first, second = loopback.hits("/landing")
    assert "authorization-key" not in first.headers  # another origin: dropped
    assert second.headers.get("authorization-key") == "s3cr3t"  # same origin: kept


def test_post_redirected_with_303_becomes_get(loopback, fake_clock):
    loopback.static("/form", "", status=303, headers={"Location": "/done"})
    loopback.routes[0] = ("POST", loopback.routes[0][1], loopback.routes[0][2])
    loopback.static("/done", "got")
    with client_for(fake_clock) as client:
        assert client.post_json(loopback.url("/form"), {"a": 1}).text == "got"
    assert loopback.hits("/done")[0].method == "GET"


def test_response_size_cap(loopback, fake_clock):
    loopback.static("/big", "y" * 5000)
    with client_for(fake_clock, max_bytes=1000) as client, pytest.raises(ResponseTooLarge):
        client.get(loopback.url("/big"))
    loopback.static("/small", "y" * 500)
    with client_for(fake_clock, max_bytes=1000) as client:
        assert len(client.get(loopback.url("/small")).text) == 500


def test_a_gzip_file_is_unpacked_and_its_unpacked_size_is_capped(loopback, fake_clock):
    """sitemap.xml.gz is a gzip file, not a Content-Encoding: the client unpacks it, and a
    small file that would unpack to more than the size cap is refused (a gzip bomb)."""
    import gzip

    xml = "<urlset><url><loc>https://x.example/a</loc></url></urlset>"
    loopback.static("/sitemap.xml.gz", gzip.compress(xml.encode()), headers={"Content-Type": "application/x-gzip"})
    loopback.static("/bomb.xml.gz", gzip.compress(b"<" * 200_000), headers={"Content-Type": "application/x-gzip"})
    loopback.static("/broken.gz", b"\x1f\x8b" + b"not really gzip")
    with client_for(fake_clock, max_bytes=50_000) as client:
        assert client.get(loopback.url("/sitemap.xml.gz")).text == xml
        assert len(gzip.compress(b"<" * 200_000)) < 50_000  # small on the wire ...
        with pytest.raises(ResponseTooLarge, match="gzip"):  # ... too big unpacked
            client.get(loopback.url("/bomb.xml.gz"))
        with pytest.raises(FetchError, match="gzip"):
            client.get(loopback.url("/broken.gz"))
    whole = gzip.compress(("<url><loc>https://x.example/p</loc></url>" * 500).encode())
    loopback.static("/cut.xml.gz", whole[: len(whole) // 2])
    loopback.static("/two.xml.gz", gzip.compress(b"<a/>") + gzip.compress(b"<b/>"))
    with client_for(fake_clock) as client:
        with pytest.raises(FetchError, match="truncated"):  # half a sitemap is not a listing
            client.get(loopback.url("/cut.xml.gz"))
        assert client.get(loopback.url("/two.xml.gz")).text == "<a/><b/>"  # every member


def _conditional_route(loopback, version: dict) -> None:
    def handler(req):
        etag = f'"v{version["n"]}"'
        if req.headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, f"body {version['n']}", {"ETag": etag})

    loopback.route("GET", "/cond", handler)


def test_conditional_request_with_etag(loopback, fake_clock, tmp_path):
    version = {"n": 1}
    _conditional_route(loopback, version)
    cache = FileCache(tmp_path / "cache")
    for expected, not_modified in [("body 1", False), ("body 1", True)]:
        with make_client(HttpSettings(user_agent=UA, per_host_interval=0), cache=cache) as client:
            resp = client.get(loopback.url("/cond"))
        assert (resp.text, resp.not_modified) == (expected, not_modified)
    version["n"] = 2
    with make_client(HttpSettings(user_agent=UA, per_host_interval=0), cache=cache) as client:
        resp = client.get(loopback.url("/cond"))
    assert (resp.text, resp.not_modified) == ("body 2", False)
    sent = [r.headers.get("if-none-match") for r in loopback.hits("/cond")]
    assert sent == [None, '"v1"', '"v1"']


def test_conditional_request_with_last_modified(loopback, fake_clock):
    stamp = "Tue, 01 Dec 2026 04:00:00 GMT"

    def handler(req):
        if req.headers.get("if-modified-since") == stamp:
            return Reply(304, b"")
        return Reply(200, "page", {"Last-Modified": stamp})

    loopback.route("GET", "/lm", handler)
    cache = MemoryCache()
    with client_for(fake_clock) as client:
        client.cache = cache
        first = client.get(loopback.url("/lm"))
        second = client.get(loopback.url("/lm"))
        third = client.get(loopback.url("/lm"), conditional=False)
    assert (first.not_modified, second.not_modified, third.not_modified) == (False, True, False)
    assert second.text == "page"


def test_per_host_interval_is_shared_by_all_callers(loopback, fake_clock):
    loopback.static("/x", "x")
    other = loopback.url("/x").replace("127.0.0.1", "localhost")
    with client_for(fake_clock, per_host_interval=3.0) as client:
        client.get(loopback.url("/x"))  # "source A"
        client.get(loopback.url("/x"))  # "source B", same host: waits
        client.get(other)  # another host: no wait
    assert fake_clock.sleeps == [3.0]


def test_interval_spaces_concurrent_requests_to_one_host(loopback, fake_clock):
    loopback.static("/c", "c")
    with client_for(fake_clock, per_host_interval=2.0, concurrency=4) as client:
        list(client.map(lambda _: client.get(loopback.url("/c")), range(4)))
    # Three requests had to wait; together they waited at least three intervals.
    assert len(fake_clock.sleeps) == 3
    assert sum(fake_clock.sleeps) >= 6.0


def test_concurrency_is_bounded(loopback, fake_clock):
    state = {"now": 0, "max": 0}
    lock = threading.Lock()

    def handler(req):
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.05)  # the *server* is slow; the client never sleeps for real
        with lock:
            state["now"] -= 1
        return Reply(200, req.path)

    loopback.route("GET", r"/job/\d+", handler)
    with client_for(fake_clock, concurrency=3) as client:
        texts = list(client.map(lambda i: client.get(loopback.url(f"/job/{i}")).text, range(12)))
    assert texts == [f"/job/{i}" for i in range(12)]
    assert 1 < state["max"] <= 3


def test_secrets_and_queries_are_not_logged(loopback, fake_clock, caplog):
    loopback.sequence("GET", "/api/Search", [Reply(503), Reply(200, "{}")])
    caplog.set_level(logging.DEBUG, logger="scraper.http")
    with client_for(fake_clock) as client:
        client.get(
            loopback.url("/api/Search"),
            params={"Keyword": "coder", "email": "secret-person@example.org"},
            headers={"Authorization-Key": "TOPSECRETKEY"},
        )
    assert loopback.hits("/api/Search")[0].headers["authorization-key"] == "TOPSECRETKEY"
    assert "/api/Search" in caplog.text
    assert "TOPSECRETKEY" not in caplog.text and "secret-person" not in caplog.text
