"""Undo escaping that survives into text: entities escaped twice, literal backslash sequences.

Real responses escape more than once: Lever writes ``&amp;amp;`` in titles and text, JSON-LD
``url`` values carry ``&amp;`` between query parameters, and some career sites serialise a
description twice so that its line breaks arrive as the two characters ``\\n``. A parser
decodes one level (that is what HTML and JSON define); whatever is left is an artefact, so
every plain text and URL the scraper emits goes through here and reads as the page does.
"""

from __future__ import annotations

import re
from html import unescape

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LITERAL = re.compile(r"\\r\\n|\\[nrt]")
_LITERAL_PUNCT = re.compile(r"\\([/\"'])")
MAX_ROUNDS = 4


def decode_entities(text: str) -> str:
    """Decode entities until none is left (``&amp;amp;`` -> ``&``), at most MAX_ROUNDS levels.

    Only for text that is already plain: in plain text an entity is never meant literally.
    """
    if not text or "&" not in text:
        return text
    for _ in range(MAX_ROUNDS):
        # Only complete entities ("&amp;"), never a bare "&copy=2" in a query string.
        decoded = _ENTITY.sub(lambda m: unescape(m.group(0)), text)
        if decoded == text:
            break
        text = decoded
    return text


def decode_literal_escapes(text: str) -> str:
    """Turn literal ``\\n``, ``\\r\\n``, ``\\t`` (and ``\\/``, ``\\"``) into what they stand for.

    Why the guard: a real ``\\n`` could be a path ("C:\\new"); a description serialised twice
    has several of them, or has them instead of any real line break.
    """
    if not text or "\\" not in text:
        return text
    count = len(_LITERAL.findall(text))
    if count == 0 or (count < 2 and "\n" in text):
        return text
    text = _LITERAL.sub(lambda m: "\n" if m.group(0) in ("\\r\\n", "\\n", "\\r") else "\t", text)
    return _LITERAL_PUNCT.sub(r"\1", text)


def clean_url(url: str | None) -> str | None:
    """A URL as a browser would use it: entities decoded (``&amp;`` -> ``&``), ``\\/`` -> ``/``."""
    if url is None:
        return None
    text = decode_entities(str(url).strip())
    if "\\/" in text:
        text = text.replace("\\/", "/")
    return text or None
