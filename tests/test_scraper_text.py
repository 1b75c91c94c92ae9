"""html_to_text: the one place HTML becomes the plain text everything downstream reads."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.text import html_to_text, inline_text, looks_like_html, normalize_whitespace, to_text, unescape_markup


def test_blocks_become_lines_and_paragraphs_are_separated():
    text = html_to_text("<h2>About</h2><p>First paragraph.</p><div>A div</div><div>Another</div>")
    assert text.split("\n") == ["About", "", "First paragraph.", "", "A div", "Another"]


def test_list_items_become_bullet_lines_without_blank_lines_between():
    text = html_to_text("<p>Duties</p><ul>\n  <li>Code charts</li>\n  <li>Abstract <b>cases</b></li>\n</ul>")
    assert text == "Duties\n\n\u2022 Code charts\n\u2022 Abstract cases"


def test_nested_and_empty_list_items():
    text = html_to_text("<ul><li>Outer<ul><li>Inner</li></ul></li><li>  </li><li>Last</li></ul>")
    assert text.split("\n") == ["\u2022 Outer", "\u2022 Inner", "\u2022 Last"]


def test_br_is_a_newline_and_two_br_a_paragraph():
    assert html_to_text("one<br>two<br/><br>three") == "one\ntwo\n\nthree"


def test_entities_are_decoded():
    assert html_to_text("<p>Q&amp;A &lt;HIM&gt; &#39;ROI&#39;&nbsp;&ndash; caf&eacute;</p>") == "Q&A <HIM> 'ROI' \u2013 caf\u00e9"


def test_scripts_styles_and_comments_are_dropped():
    text = html_to_text(
        "<style>p{color:red}</style><p>Keep<!-- not this --></p><script>var secret = 1;</script>"
        "<noscript>enable js</noscript><template><p>hidden</p></template>"
    )
    assert text == "Keep"


def test_whitespace_collapses_inside_lines_but_not_in_pre():
    assert html_to_text("<p>  lots \n\t of   space </p>") == "lots of space"
    assert html_to_text("<pre>a\n  b</pre>") == "a\nb"  # lines are stripped, breaks kept


def test_full_document_uses_body_only():
    page = "<html><head><title>Tab title</title></head><body><p>Body text</p></body></html>"
    assert html_to_text(page) == "Body text"


def test_empty_input():
    assert html_to_text("") == ""
    assert html_to_text("   ") == ""


def test_deep_nesting_does_not_recurse():
    depth = 5000
    assert html_to_text("<div>" * depth + "deep" + "</div>" * depth) == "deep"


def test_unescape_markup_once_twice_and_never_for_real_html():
    assert unescape_markup("&lt;p&gt;a&lt;/p&gt;") == "<p>a</p>"
    assert unescape_markup("&amp;lt;p&amp;gt;a&amp;lt;/p&amp;gt;") == "<p>a</p>"
    real = "<p>x &lt;y&gt; z</p>"
    assert unescape_markup(real) == real


def test_to_text_handles_plain_escaped_and_real_html():
    assert to_text("Plain   text\r\n\r\n\r\nnext") == "Plain text\n\nnext"
    assert to_text("&lt;ul&gt;&lt;li&gt;RHIT&lt;/li&gt;&lt;/ul&gt;") == "\u2022 RHIT"
    assert to_text("pay < 20 and > 10") == "pay < 20 and > 10"
    assert to_text(None) == ""


def test_inline_text_is_one_line():
    assert inline_text("Coder &amp; <b>Auditor</b>\n II") == "Coder & Auditor II"


def test_normalize_whitespace_keeps_one_blank_line():
    assert normalize_whitespace("a\n\n\n\n b \u00a0 c\n\n") == "a\n\nb c"


def test_looks_like_html():
    assert looks_like_html("<p>x</p>")
    assert not looks_like_html("a < b and c > d")


_TEXT = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "P", "S", "Zs")), max_size=200)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_escaped_text_in_a_paragraph_round_trips(text):
    assert html_to_text(f"<p>{html.escape(text)}</p>") == " ".join(text.split())


@settings(max_examples=100, deadline=None)
@given(st.lists(_TEXT.filter(lambda t: t.strip()), min_size=1, max_size=6))
def test_list_items_give_one_bullet_line_each_and_no_tags(items):
    markup = "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"
    lines = html_to_text(markup).split("\n")
    assert lines == ["\u2022 " + " ".join(item.split()) for item in items]
