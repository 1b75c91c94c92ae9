"""Gzip files in responses (``sitemap.xml.gz``), unpacked under the client's size cap.

httpx already undoes ``Content-Encoding: gzip``; what still starts with the gzip magic
bytes is a file that *is* gzip, which sites use for large sitemaps. The size cap applies
to what it unpacks to as well, so a small file that expands enormously is refused, and a
cut-off file is an error: half a sitemap must not pass for a complete listing.
"""

from __future__ import annotations

import zlib

from scraper.errors import FetchError, ResponseTooLarge

GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(raw: bytes) -> bool:
    return raw[:2] == GZIP_MAGIC


def gunzip(url: str, raw: bytes, limit: int) -> bytes:
    """The content of a gzip file (every member of it), at most ``limit`` bytes."""
    parts: list[bytes] = []
    size = 0
    rest = raw
    while rest:  # a gzip file may hold several members, one after the other
        unpack = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out = unpack.decompress(rest, limit + 1 - size)
        except zlib.error as exc:
            raise FetchError(url, f"not a readable gzip file ({exc})") from None
        size += len(out)
        if size > limit or unpack.unconsumed_tail:
            raise ResponseTooLarge(url, f"gzip content exceeds the {limit}-byte cap")
        if not unpack.eof:
            raise FetchError(url, "truncated gzip file")
        parts.append(out)
        rest = unpack.unused_data
        if rest and not is_gzip(rest):
            break  # trailing padding after the last member
    return b"".join(parts)
