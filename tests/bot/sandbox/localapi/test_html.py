"""Telegram HTML: what parses, what is refused with Telegram's words, UTF-16 offsets."""

from __future__ import annotations

import html as stdlib_html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.sandbox.localapi.html import HtmlError, parse, utf16_len


def test_plain_text_and_entities() -> None:
    text, entities = parse('<b>Bold</b> &amp; <a href="https://x.eu/?a=1&amp;b=2">link</a>')
    assert text == "Bold & link"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "text_link", "offset": 7, "length": 4, "url": "https://x.eu/?a=1&b=2"},
    ]


def test_offsets_count_utf16_units() -> None:
    text, entities = parse("🇷🇴 <i>Română</i>")
    assert text == "🇷🇴 Română"
    assert entities == [{"type": "italic", "offset": 5, "length": 6}]
    assert utf16_len("🇷🇴") == 4


def test_nested_spoiler_blockquote_and_code() -> None:
    text, entities = parse(
        '<blockquote expandable><b>x<i>y</i></b></blockquote><span class="tg-spoiler">s</span>'
        '<pre><code class="language-python">a &lt; b</code></pre>'
    )
    assert text == "xysa < b"
    kinds = [e["type"] for e in entities]
    assert kinds == ["expandable_blockquote", "bold", "italic", "spoiler", "pre", "code"]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<a>x</a>", "Can't find the URL of the link at byte offset 0"),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp;" at byte offset 0'),
        ("ă<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 2'),
    ],
)
def test_malformed_markup_is_refused(source: str, message: str) -> None:
    with pytest.raises(HtmlError) as info:
        parse(source)
    assert str(info.value) == message


@given(st.text())
def test_escaped_text_always_parses_back_to_itself(text: str) -> None:
    plain, entities = parse(stdlib_html.escape(text, quote=False))
    assert plain == text
    assert entities == []


@given(st.text(min_size=1), st.sampled_from(["b", "i", "u", "s", "code"]))
def test_wrapped_escaped_text_has_one_entity_over_all_of_it(text: str, tag: str) -> None:
    plain, entities = parse(f"<{tag}>{stdlib_html.escape(text, quote=False)}</{tag}>")
    assert plain == text
    assert len(entities) == 1
    assert entities[0]["offset"] == 0
    assert entities[0]["length"] == utf16_len(text)
