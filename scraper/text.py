"""HTML -> plain text, so nothing after the scraper ever sees markup.

The extractor reports character offsets into ``description_text`` and people read the same
text in the terminal, so the conversion keeps what carries meaning in a posting: one line
per block, "• " bullets for list items (requirements are mostly lists), blank lines between
paragraphs, decoded entities. Scripts, styles and other non-content are dropped.
"""

from __future__ import annotations

import re
from html import unescape as _unescape

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.entities import decode_entities

BULLET = "\u2022 "

# Elements whose content is never visible text in a posting.
_DROP = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link",
        "svg", "math", "iframe", "object", "embed", "canvas", "select", "input",
        "textarea", "button",
    }
)
# Blocks that read as paragraphs: a blank line around them.
_PARAGRAPH = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote",
        "pre", "section", "article", "header", "footer", "figure", "hr", "main", "aside",
        "nav", "form", "fieldset", "details",
    }
)
# Blocks that only start a new line.
_LINE = frozenset(
    {
        "div", "address", "center", "dd", "dt", "dir", "menu", "figcaption", "legend",
        "summary", "caption", "tr", "thead", "tbody", "tfoot", "option", "body", "html",
        "hgroup", "dialog", "li",
    }
)
_CELL = frozenset({"td", "th"})

# Runs of whitespace to collapse to one space. A lone plain space is left alone (it is
# already what the run would become), which keeps these hot regexes from "replacing"
# every word gap: 3-4x faster on real descriptions, same result.
_WS_CHARS = "\t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(f"[{_WS_CHARS}][ {_WS_CHARS}]*| [ {_WS_CHARS}]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ANY_WS = re.compile(r"[^\S ]\s*| \s+")
_REAL_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
_ESCAPED_TAG = re.compile(r"&(amp;)*lt;/?[a-zA-Z][a-zA-Z0-9]*", re.IGNORECASE)

# Sentinels in the piece list; real text never contains NUL characters.
_NL = "\x00n"
_PARA = "\x00p"
_BR = "\x00b"


def looks_like_html(text: str) -> bool:
    """True when ``text`` holds real tags (not ``a < b`` prose)."""
    return bool(_REAL_TAG.search(text or ""))


def unescape_markup(text: str, *, max_rounds: int = 3) -> str:
    """Undo entity-escaping of a whole HTML fragment (``&lt;p&gt;`` -> ``<p>``).

    Greenhouse content and many JSON-LD descriptions arrive escaped once, some doubly
    (``&amp;lt;p&amp;gt;``). Unescaping stops as soon as real tags appear, so a fragment
    that was real HTML to begin with is never unescaped (that would turn a literal
    ``&lt;`` in the text into a tag).
    """
    text = text or ""
    for _ in range(max_rounds):
        if looks_like_html(text) or not _ESCAPED_TAG.search(text):
            break
        text = _unescape(text)
    return text


def html_to_text(html: str) -> str:
    """Render an HTML document or fragment as readable plain text.

    Block elements become line breaks, paragraphs and lists are separated by one blank
    line, ``<li>`` becomes a "• " line, ``<br>`` a newline; entities are decoded by the
    parser; whitespace inside a line collapses to single spaces (except in ``<pre>``).
    """
    if not html or not html.strip():
        return ""
    tree = LexborHTMLParser(html)
    root = tree.body if tree.body is not None else tree.root
    if root is None:
        return ""
    return _render(root)


def node_text(node: LexborNode) -> str:
    """Plain text of one parsed node (used for page main-text extraction)."""
    return _render(node)


def normalize_whitespace(text: str) -> str:
    """Collapse spaces within lines, strip lines, keep at most one blank line in a row.

    Used on text that is already plain (USAJOBS fields, pasted .txt postings) so every
    source's ``description_text`` has the same shape. Entities left in plain text are
    escaping artefacts (``&amp;amp;`` decoded once is still ``&amp;``) and are decoded.
    """
    text = _INVISIBLE.sub("", decode_entities(text or "").replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def to_text(value: object) -> str:
    """Plain text from a field that may be plain text, HTML or entity-escaped HTML.

    Anything that is not a string (a source sending a list or object where text belongs)
    gives "" rather than markup-looking ``repr`` text.
    """
    if not value or not isinstance(value, str):
        return ""
    value = unescape_markup(value)
    if looks_like_html(value) or "&" in value:
        return html_to_text(value)
    return normalize_whitespace(value)


def inline_text(value: object) -> str:
    """One-line text (titles, names): markup and entities removed, whitespace collapsed."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not value or not isinstance(value, str):
        return ""
    text = to_text(value)
    return _ANY_WS.sub(" ", text).strip()


def _render(root: LexborNode) -> str:
    pieces: list[str] = []
    # Iterative walk: Workday descriptions nest empty <div>s deeply enough to make
    # recursion a risk on long pages.
    # Each entry: (node, closing?, inside <pre>?, inside <li>?)
    stack: list[tuple[LexborNode, bool, bool, bool]] = [(root, False, False, False)]
    while stack:
        node, closing, in_pre, in_li = stack.pop()
        tag = node.tag
        if closing:
            _close(_nested(tag, in_li), pieces)
            continue
        if node.is_text_node:
            raw = node.text(deep=False) or ""
            pieces.append(raw if in_pre else _ANY_WS.sub(" ", raw))
            continue
        if node.is_comment_node or tag is None or tag in _DROP or tag.startswith("-"):
            continue
        if tag == "br":
            pieces.append(_BR)
            continue
        if tag == "li" and not (node.text(deep=True) or "").strip():
            continue  # an empty <li> would leave a bare bullet
        _open(_nested(tag, in_li), pieces)
        stack.append((node, True, in_pre, in_li))
        children = list(node.iter(include_text=True))
        child_pre = in_pre or tag == "pre"
        child_li = in_li or tag == "li"
        for child in reversed(children):
            stack.append((child, False, child_pre, child_li))
    return _assemble(pieces)


def _nested(tag: str, in_li: bool) -> str:
    """A list inside a list item only starts a line: no blank line inside a bullet list."""
    return "div" if in_li and tag in ("ul", "ol", "p") else tag


def _open(tag: str, pieces: list[str]) -> None:
    if tag == "li":
        pieces.append(_NL)
        pieces.append(BULLET)
    elif tag in _PARAGRAPH:
        pieces.append(_PARA)
    elif tag in _LINE:
        pieces.append(_NL)
    elif tag in _CELL:
        pieces.append(" ")


def _close(tag: str, pieces: list[str]) -> None:
    if tag in _PARAGRAPH:
        pieces.append(_PARA)
    elif tag in _LINE:
        pieces.append(_NL)
    elif tag in _CELL:
        pieces.append(" ")


def _assemble(pieces: list[str]) -> str:
    """Join pieces; adjacent block boundaries merge (the larger wins), ``<br>``s add up."""
    parts: list[str] = []
    pending = 0
    for piece in pieces:
        if piece == _NL:
            pending = max(pending, 1)
        elif piece == _PARA:
            pending = max(pending, 2)
        elif piece == _BR:
            pending = min(pending + 1, 2)
        elif not piece.strip() and (pending or not parts):
            continue
        else:
            if pending and parts:
                parts.append("\n" * pending)
            pending = 0
            parts.append(piece)
    return normalize_whitespace("".join(parts))
