"""URL helpers shared by the HTTP client and the crawl: host keys, redaction, origins."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

# Headers that carry credentials: sent only to the origin they were meant for.
SECRET_HEADERS = frozenset({"authorization", "authorization-key", "cookie", "proxy-authorization", "x-api-key"})


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port


def host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def redact(url: str) -> str:
    """The URL without its query string, for logs (queries may carry keys or emails)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
