"""Split a long HTML message at Telegram's 4096-character limit, only between items.

Telegram counts the text after entity parsing, in UTF-16 code units. Counting the HTML
source is always an over-estimate (tags and entities only shrink when parsed), so a part
that fits by this count fits for Telegram too, whatever the scripts and emoji in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

LIMIT = 4096
_TAG = re.compile(r"<[^>]+>")


def units(html: str) -> int:
    """An upper bound of the parsed length in UTF-16 code units."""
    return len(html.encode("utf-16-le")) // 2


def _shorten(block: str, limit: int) -> str:
    """A single block too long for one message: drop its markup and cut it (rare, defensive)."""
    cut = _TAG.sub("", block)
    while units(cut) > limit - 1:
        # Each pass drops at least half of the excess (a character is one or two units).
        cut = cut[: len(cut) - max(1, (units(cut) - (limit - 1)) // 2)]
    # Never leave half an entity such as "&am" behind.
    cut = re.sub(r"&[#a-zA-Z0-9]*$", "", cut)
    return cut + "…"


def split_blocks(
    blocks: Sequence[str], *, limit: int = LIMIT, separator: str = "\n\n"
) -> list[str]:
    """Join blocks into few messages, each within ``limit``, never cutting a block."""
    messages: list[str] = []
    current = ""
    for raw in blocks:
        block = raw if units(raw) <= limit else _shorten(raw, limit)
        candidate = f"{current}{separator}{block}" if current else block
        if units(candidate) <= limit:
            current = candidate
            continue
        if current:
            messages.append(current)
        current = block
    if current:
        messages.append(current)
    return messages
