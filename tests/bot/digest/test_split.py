"""Splitting at 4096: between items, multibyte text and HTML entities included."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from bot.digest.split import LIMIT, split_blocks, units
from bot.sandbox.localapi.html import parse, utf16_len


def block(text: str) -> str:
    return (
        f'<b>{html.escape(text, quote=False)}</b>\n🔗 <a href="https://e.eu/?a=1&amp;b=2">link</a>'
    )


@given(st.lists(st.text(min_size=1, max_size=900), min_size=1, max_size=30))
def test_every_part_fits_parses_and_keeps_every_item(texts: list[str]) -> None:
    blocks = [block(t) for t in texts]
    parts = split_blocks(blocks)
    for part in parts:
        assert units(part) <= LIMIT
        plain, _ = parse(part)  # Telegram would accept the markup
        assert utf16_len(plain) <= LIMIT
    joined = "\n\n".join(parts)
    for b in blocks:
        assert b in joined  # never cut inside an item


def test_emoji_and_romanian_heavy_text() -> None:
    blocks = [block("🇷🇴 Țară ș " * 60) for _ in range(12)]
    parts = split_blocks(blocks)
    assert len(parts) > 1
    assert all(units(p) <= LIMIT for p in parts)


def test_a_single_giant_item_is_shortened_not_lost() -> None:
    giant = block("&<>" * 3000)
    parts = split_blocks(["<b>Digest</b>", giant])
    assert len(parts) == 2
    assert units(parts[1]) <= LIMIT
    parse(parts[1])
    assert parts[1].endswith("…")
