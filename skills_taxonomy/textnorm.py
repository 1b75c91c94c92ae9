"""Length-preserving text clean-up applied before tokenising and rule matching.

Postings arrive with typographic dashes, curly quotes, non-breaking spaces, ®/™ signs
glued to product names and stray control characters from HTML conversion. Mapping each
such character to exactly one plain character keeps every offset valid, so mentions found
in the cleaned text index the caller's original string with no offset mapping at all.
"""

from __future__ import annotations

_MAP: dict[int, str] = {}
for _ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d":
    _MAP[ord(_ch)] = "-"
for _ch in "\u2018\u2019\u201a\u201b\u2032\u00b4\u0060":
    _MAP[ord(_ch)] = "'"
for _ch in "\u201c\u201d\u201e\u201f\u2033":
    _MAP[ord(_ch)] = '"'
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SIGNS = "\u00ae\u2122\u00a9\u2120"  # "CPT®", "Epic™": the sign must not glue to the name
for _ch in _SPACES + _INVISIBLE + _SIGNS:
    _MAP[ord(_ch)] = " "
_MAP[ord("\u2044")] = "/"  # fraction slash
_MAP[ord("\uff0f")] = "/"
# Control characters (binary garbage, form feeds) become spaces; keep \n and \t.
for _code in list(range(0, 32)) + list(range(127, 160)):
    if _code not in (9, 10):
        _MAP.setdefault(_code, " ")
_MAP[ord("\r")] = "\n"
_MAP[ord("\u2028")] = "\n"
_MAP[ord("\u2029")] = "\n"
# Lone surrogates (from "surrogateescape" decoding) cannot even be encoded as UTF-8,
# which the tokenizer needs; each becomes "?".
for _code in range(0xD800, 0xE000):
    _MAP[_code] = "?"
_TABLE = str.maketrans(_MAP)


def normalise(text: str) -> str:
    """Return ``text`` with look-alike characters replaced one-for-one (same length)."""
    out = text.translate(_TABLE)
    if len(out) != len(text):  # pragma: no cover - guarded by the one-char mapping
        raise AssertionError("normalise must preserve length")
    return out
