"""Telegram HTML helpers: escaping every text that came from a user or a feed."""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence

from telegram import MessageEntity


def esc(text: str) -> str:
    """Escape ``text`` for Telegram's HTML parse mode (``<``, ``>``, ``&``)."""
    return html.escape(text, quote=False)


def esc_attr(text: str) -> str:
    """Escape ``text`` for an HTML attribute value such as ``href``."""
    return html.escape(text, quote=True)


#: How much of a member's own input an error message quotes back.
QUOTE_MAX = 40


def excerpt(text: str, limit: int = QUOTE_MAX) -> str:
    """At most ``limit`` characters of what a member typed, for quoting it back (plain text:
    escape it like any other text). A longer input ends in "…", so an error message about a
    4,000-character "keyword" stays short, far below Telegram's 4096-character limit."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


#: Formatting kept from a member's message (Telegram entity type -> opening, closing tag).
_KEPT: dict[str, tuple[str, str]] = {
    "bold": ("<b>", "</b>"),
    "italic": ("<i>", "</i>"),
    "underline": ("<u>", "</u>"),
    "strikethrough": ("<s>", "</s>"),
    "spoiler": ("<tg-spoiler>", "</tg-spoiler>"),
    "code": ("<code>", "</code>"),
    "pre": ("<pre>", "</pre>"),
    "blockquote": ("<blockquote>", "</blockquote>"),
    "expandable_blockquote": ("<blockquote expandable>", "</blockquote>"),
}


def entities_html(text: str, entities: Sequence[MessageEntity]) -> str:
    """A message's text with its formatting as Telegram HTML, every text and every attribute
    value escaped (PTB's ``text_html`` leaves link URLs unescaped inside ``href="…"``).

    Offsets are UTF-16 code units, as Telegram counts them. Overlapping entities are closed
    and reopened so the tags always nest; formatting we do not keep (mentions, custom emoji)
    stays as plain text.
    """
    data = text.encode("utf-16-le")
    tags: list[tuple[int, int, str, str]] = []  # start, end, open, close
    for entity in entities:
        start, end = entity.offset, entity.offset + entity.length
        if entity.length <= 0 or start < 0 or end * 2 > len(data):
            continue
        if entity.type == "text_link" and entity.url:
            tags.append((start, end, f'<a href="{esc_attr(entity.url)}">', "</a>"))
        elif entity.type in _KEPT:
            tags.append((start, end, *_KEPT[entity.type]))
    # Longer entities open first, so the ones inside them close first.
    tags.sort(key=lambda tag: (tag[0], -tag[1]))
    bounds = sorted({0, len(data) // 2, *(t[0] for t in tags), *(t[1] for t in tags)})
    out: list[str] = []
    stack: list[tuple[int, int, str, str]] = []
    for here, upto in itertools.pairwise(bounds):
        # Close what ends here; close and reopen what is still open inside it.
        if any(tag[1] <= here for tag in stack):
            reopen = []
            while stack:
                tag = stack.pop()
                out.append(tag[3])
                if tag[1] > here:
                    reopen.append(tag)
            for tag in reversed(reopen):
                out.append(tag[2])
                stack.append(tag)
        for tag in tags:
            if tag[0] == here:
                out.append(tag[2])
                stack.append(tag)
        out.append(esc(data[here * 2 : upto * 2].decode("utf-16-le", errors="replace")))
    out.extend(tag[3] for tag in reversed(stack))
    return "".join(out)
