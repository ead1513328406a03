"""Quoting members' input back, and their formatting kept as escaped HTML."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from telegram import MessageEntity

from bot.core.render import QUOTE_MAX, entities_html, excerpt
from bot.sandbox.localapi.html import parse, utf16_len


def test_an_excerpt_is_short_whatever_was_typed() -> None:
    assert excerpt("robotics") == "robotics"
    long = excerpt("x" * 4000)
    assert len(long) == QUOTE_MAX
    assert long.endswith("…")
    assert excerpt("a\n\n b") == "a b"


@given(st.text(max_size=5000))
def test_excerpt_never_exceeds_its_limit(text: str) -> None:
    assert len(excerpt(text)) <= QUOTE_MAX


def test_link_urls_are_escaped_in_their_attribute() -> None:
    url = 'https://example.org/a?q="x"&amp;b=<c>'
    text = "Read this now"
    html = entities_html(
        text, [MessageEntity("bold", 0, 4), MessageEntity("text_link", 5, 4, url=url)]
    )
    assert html == (
        '<b>Read</b> <a href="https://example.org/a?q=&quot;x&quot;&amp;amp;b=&lt;c&gt;">'
        "this</a> now"
    )
    plain, entities = parse(html)
    assert plain == text
    assert entities[1]["url"] == url  # exactly what the coordinator linked


ENTITY_TYPES = ["bold", "italic", "underline", "strikethrough", "code", "spoiler", "text_link"]


@st.composite
def formatted(draw: st.DrawFn) -> tuple[str, list[MessageEntity]]:
    text = draw(st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40))
    size = utf16_len(text)
    # Offsets on character boundaries, as Telegram sends them.
    bounds = sorted({0, size} | {utf16_len(text[:i]) for i in range(len(text))})
    entities = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.sampled_from(bounds[:-1]))
        end = draw(st.sampled_from([b for b in bounds if b > start]))
        kind = draw(st.sampled_from(ENTITY_TYPES))
        url = draw(st.text(min_size=1, max_size=30)) if kind == "text_link" else None
        entities.append(MessageEntity(kind, start, end - start, url=url))
    return text, entities


@given(formatted())
def test_any_formatting_gives_html_telegram_accepts_with_the_same_text(
    sample: tuple[str, list[MessageEntity]],
) -> None:
    text, entities = sample
    plain, parsed = parse(entities_html(text, entities))  # raises on malformed markup
    assert plain == text
    links = {e.url for e in entities if e.type == "text_link"}
    assert {e["url"] for e in parsed if e["type"] in {"text_link", "text_mention"}} <= links
