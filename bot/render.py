"""Telegram HTML helpers: escaping every text that came from a user or a feed."""

from __future__ import annotations

import html


def esc(text: str) -> str:
    """Escape ``text`` for Telegram's HTML parse mode (``<``, ``>``, ``&``)."""
    return html.escape(text, quote=False)


def esc_attr(text: str) -> str:
    """Escape ``text`` for an HTML attribute value such as ``href``."""
    return html.escape(text, quote=True)
