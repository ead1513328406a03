"""feedparser over bytes we fetched ourselves (feedparser never touches the network here).

Some "bozo" problems are survivable (a wrong declared charset that feedparser worked
around); others mean the document is not a feed. A bad entry is skipped with a recorded
reason; the whole feed fails only when nothing at all can be read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import feedparser

from feeds.exceptions import ParseError

_SURVIVABLE = (
    feedparser.CharacterEncodingOverride,
    feedparser.NonXMLContentType,
)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """Entries of a feed, as feedparser dictionaries."""

    title: str
    entries: tuple[Mapping[str, Any], ...]
    version: str


def parse_feed(content: bytes, *, headers: Mapping[str, str], url: str) -> ParsedFeed:
    """Parse RSS or Atom bytes.

    Raises:
        ParseError: the bytes are not a readable feed.
    """
    response_headers = {k.lower(): v for k, v in headers.items()}
    response_headers.setdefault("content-location", url)
    try:
        parsed = feedparser.parse(content, response_headers=response_headers)
    except Exception as exc:  # feedparser may raise on pathological input
        raise ParseError(f"{url}: unreadable feed ({type(exc).__name__})") from exc
    entries = tuple(parsed.get("entries") or ())
    version = str(parsed.get("version") or "")
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        if not isinstance(problem, _SURVIVABLE) and not entries:
            raise ParseError(f"{url}: not a valid RSS/Atom feed ({problem})")
    if not version and not entries:
        raise ParseError(f"{url}: not an RSS/Atom feed")
    return ParsedFeed(str(parsed.get("feed", {}).get("title", "")), entries, version)


def entry_id(entry: Mapping[str, Any]) -> str:
    """A stable id: the guid, else the link, else a hash of the title.

    Some feeds give every entry the same or an empty guid; the link is then more stable
    than anything else they publish.
    """
    for key in ("id", "link"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:180]
    title = str(entry.get("title") or "")
    return "sha1:" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()
