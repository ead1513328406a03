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


def fit(block: str, limit: int = LIMIT) -> str:
    """The block itself, or a shortened copy when it alone is over the limit."""
    return block if units(block) <= limit else _shorten(block, limit)


def split_groups(
    blocks: Sequence[str], *, limit: int = LIMIT, separator: str = "\n\n"
) -> list[list[int]]:
    """Indices of the blocks in each message: each message within ``limit``, no block cut."""
    groups: list[list[int]] = []
    current: list[int] = []
    size = 0
    gap = units(separator)
    for index, raw in enumerate(blocks):
        length = units(fit(raw, limit))
        extra = length + (gap if current else 0)
        if current and size + extra > limit:
            groups.append(current)
            current, size, extra = [], 0, length
        current.append(index)
        size += extra
    if current:
        groups.append(current)
    return groups


def split_blocks(
    blocks: Sequence[str], *, limit: int = LIMIT, separator: str = "\n\n"
) -> list[str]:
    """Join blocks into few messages, each within ``limit``, never cutting a block."""
    return [
        separator.join(fit(blocks[i], limit) for i in group)
        for group in split_groups(blocks, limit=limit, separator=separator)
    ]
