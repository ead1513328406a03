"""Plain-text helpers: HTML to text, bounded summaries, and the folded form used for matching."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

_BLOCK = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
     "section", "article", "header", "footer", "blockquote"}
)  # fmt: skip
_SKIP = frozenset({"script", "style", "noscript", "template"})


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Text of an HTML fragment: tags removed, entities decoded, whitespace collapsed.

    Paragraph breaks become single newlines; script and style contents are dropped.
    """
    if "<" not in markup and "&" not in markup:
        return _collapse(markup)
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # pathological markup: fall back to a crude strip
        return _collapse(html.unescape(re.sub(r"<[^>]*>", " ", markup)))
    return _collapse("".join(parser.parts))


def _collapse(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def bounded(text: str, limit: int = 600) -> str:
    """``text`` cut to at most ``limit`` characters on a word boundary, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def strip_accents(text: str) -> str:
    """``text`` without diacritics (case kept), Romanian ș/ş and ț/ţ unified."""
    if text.isascii():
        return text
    # NFKD splits ş/ș and ţ/ț into a letter and a cedilla or comma below, both combining
    # marks, so the Romanian variants unify without a translation table (which is slow).
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def fold(text: str) -> str:
    """Lower-case, without diacritics, Romanian ș/ş and ț/ţ unified, whitespace collapsed."""
    return " ".join(strip_accents(text).casefold().split())
