"""Telegram's HTML parse mode: validate markup and turn it into plain text plus entities.

Strict like the real server: an unknown tag, an unclosed or mis-nested tag, or a ``<``
that starts no tag is refused with ``Bad Request: can't parse entities: ...``.
Offsets and lengths of entities are in UTF-16 code units, as Telegram counts them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

#: tag -> entity type. Attributes are checked per tag below.
TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*(/?)>"
)
_ATTR = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class HtmlError(ValueError):
    """The markup cannot be parsed; the message follows Telegram's wording."""


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units (what Telegram counts)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Open:
    tag: str
    start: int
    attrs: dict[str, str] = field(default_factory=dict)
    order: int = 0


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode())


def parse(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities of Telegram HTML ``source``.

    Raises:
        HtmlError: malformed markup.
    """
    out: list[str] = []
    length = 0  # UTF-16 units written so far
    stack: list[_Open] = []
    ordered: list[tuple[int, dict[str, Any]]] = []
    opened_count = 0
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "<":
            match = _TAG.match(source, i)
            if match is None:
                raise HtmlError(
                    f'Unsupported start tag "" at byte offset {_byte_offset(source, i)}'
                )
            closing, name, attrs_text, _self_closing = match.groups()
            name = name.lower()
            if name not in TAGS:
                kind = "end" if closing else "start"
                raise HtmlError(
                    f'Unsupported {kind} tag "{name}" at byte offset {_byte_offset(source, i)}'
                )
            if closing:
                if not stack or stack[-1].tag != name:
                    raise HtmlError(
                        f"Unmatched end tag at byte offset {_byte_offset(source, i)}, "
                        f'expected "</{stack[-1].tag}>", found "</{name}>"'
                        if stack
                        else f"Unexpected end tag at byte offset {_byte_offset(source, i)}"
                    )
                opened = stack.pop()
                entity = _entity(opened, length)
                if entity is not None:
                    ordered.append((opened.order, entity))
            else:
                attrs = {
                    key.lower(): html.unescape(value.strip("\"'")) if value else ""
                    for key, value in _ATTR.findall(attrs_text)
                }
                _check_attrs(name, attrs, _byte_offset(source, i))
                stack.append(_Open(name, length, attrs, order=opened_count))
                opened_count += 1
            i = match.end()
            continue
        if ch == "&":
            match = _ENTITY.match(source, i)
            if match is not None:
                name = match.group(1)
                if name.startswith("#"):
                    number = int(name[2:], 16) if name[1:2] in "xX" else int(name[1:])
                    text = chr(number) if 0 < number <= 0x10FFFF else "\ufffd"
                elif name.lower() in _NAMED:
                    text = _NAMED[name.lower()]
                else:
                    raise HtmlError(
                        f'Unsupported HTML entity "&{name};" at byte offset '
                        f"{_byte_offset(source, i)}"
                    )
                out.append(text)
                length += utf16_len(text)
                i = match.end()
                continue
        if ch == ">":
            # Telegram accepts a bare ">" in text.
            pass
        out.append(ch)
        length += utf16_len(ch)
        i += 1
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    # Outer entities first, as Telegram lists them: by offset, then by opening order.
    ordered.sort(key=lambda pair: (pair[1]["offset"], pair[0]))
    return "".join(out), [entity for _, entity in ordered]


def _check_attrs(name: str, attrs: dict[str, str], offset: int) -> None:
    if name == "a" and not attrs.get("href"):
        raise HtmlError(f"Can't find the URL of the link at byte offset {offset}")
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise HtmlError(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
    if name == "tg-emoji" and not attrs.get("emoji-id"):
        raise HtmlError(f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {offset}')


def _entity(opened: _Open, end: int) -> dict[str, Any] | None:
    if end == opened.start:
        return None  # empty entities are dropped, as Telegram does
    entity: dict[str, Any] = {
        "type": TAGS[opened.tag],
        "offset": opened.start,
        "length": end - opened.start,
    }
    if opened.tag == "a":
        href = opened.attrs["href"]
        if href.startswith("tg://user?id="):
            entity["type"] = "text_mention"
        entity["url"] = href
    if opened.tag == "blockquote" and "expandable" in opened.attrs:
        entity["type"] = "expandable_blockquote"
    if opened.tag == "tg-emoji":
        entity["custom_emoji_id"] = opened.attrs["emoji-id"]
    return entity
