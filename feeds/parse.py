"""feedparser over bytes we fetched ourselves: feedparser never touches the network or disk.

``parse_feed(content, headers=…, url=…) -> ParsedFeed``.

* The bytes go in as a stream: given ``bytes``, feedparser first tries ``open(bytes)``, so a
  body that happens to be a local path would be read from disk.
* Charset: when the declared charset cannot decode the body (a Romanian site declaring UTF-8
  and sending windows-1250), the body is transcoded to UTF-8 from the first of the source's
  fallback charsets that fits, before feedparser's own guess (windows-1252) garbles it.
* "bozo" problems: a charset override or a non-XML Content-Type is survivable; so is XML
  that is not well-formed when the lenient parser still found a feed with entries. Anything
  else is a :class:`~feeds.exceptions.ParseError`. What was survived is kept in
  ``ParsedFeed.problems``.
* No HTML sanitising or relative-URI rewriting inside content: everything we keep is reduced
  to plain text (:func:`feeds.text.html_to_text` drops scripts and styles), and skipping that
  work makes parsing about a third cheaper. Entry links are still resolved against the URL.
* Entries are read one by one by the caller through :func:`read_entries`: a bad one is
  skipped with a reason, and the feed fails only when every entry fails.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import xml.sax
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import feedparser

from feeds.exceptions import ParseError
from feeds.http import declared_charset

T = TypeVar("T")

#: bozo exceptions after which feedparser's result is still trustworthy.
SURVIVABLE = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
#: Ids longer than this are hashed: some feeds put whole URLs with tracking parameters there.
MAX_ID = 180
_XML_DECLARED = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")
_BOM_PREFIXES = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed's entries, as feedparser dictionaries."""

    title: str
    #: feedparser's format name (``rss20``, ``atom10``, …).
    version: str
    entries: tuple[Mapping[str, Any], ...]
    #: What was wrong but survivable (a wrong charset, XML read by the lenient parser).
    problems: tuple[str, ...] = ()


def transcode(
    content: bytes, headers: Mapping[str, str], fallbacks: Sequence[str] = ()
) -> tuple[bytes, dict[str, str], str | None]:
    """Bytes and headers that declare their real charset, and what was wrong (or None).

    The body is left alone when its declared charset (UTF-8 if none) decodes it.
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    if content.startswith(_BOM_PREFIXES):
        return content, lowered, None
    declared = declared_charset(lowered, content) or "utf-8"
    try:
        content.decode(declared)
    except (LookupError, UnicodeDecodeError):
        pass  # a wrong or unknown charset: find one that fits
    else:
        return content, lowered, None
    for encoding in dict.fromkeys((*fallbacks, "utf-8", "windows-1252")):
        if encoding == declared:
            continue
        try:
            text = content.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
        text = _XML_DECLARED.sub(r"\1\2utf-8\2", text, count=1)
        mime = lowered.get("content-type", "application/xml").split(";", 1)[0].strip()
        lowered["content-type"] = f"{mime or 'application/xml'}; charset=utf-8"
        return text.encode("utf-8"), lowered, f"declared {declared} but the body is {encoding}"
    return content, lowered, None


def parse_feed(
    content: bytes,
    *,
    headers: Mapping[str, str],
    url: str,
    fallback_encodings: Sequence[str] = (),
) -> ParsedFeed:
    """Parse RSS, RDF or Atom bytes.

    Raises:
        ParseError: the bytes are not a readable feed.
    """
    body, response_headers, charset_problem = transcode(content, headers, fallback_encodings)
    response_headers.setdefault("content-location", url)
    try:
        parsed = feedparser.parse(
            io.BytesIO(body),
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser raises odd things on pathological input
        raise ParseError(f"unreadable feed at {url} ({type(exc).__name__})") from exc
    entries = tuple(parsed.get("entries") or ())
    version = str(parsed.get("version") or "")
    problems = [charset_problem] if charset_problem else []
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        lenient = isinstance(problem, xml.sax.SAXException) and version and entries
        if not isinstance(problem, SURVIVABLE) and not lenient:
            raise ParseError(f"not a valid RSS/Atom feed at {url} ({_describe(problem)})")
        problems.append(_describe(problem))
    if not version:
        raise ParseError(f"not an RSS/Atom feed at {url}")
    feed = parsed.get("feed") or {}
    return ParsedFeed(str(feed.get("title") or ""), version, entries, tuple(problems))


def _describe(problem: object) -> str:
    text = " ".join(str(problem).split())
    return f"{type(problem).__name__}: {text}"[:200]


def entry_id(entry: Mapping[str, Any]) -> str:
    """A stable id: the guid, else the link, else a hash of the title.

    Some feeds give every entry an empty guid or none; the link is then more stable than
    anything else they publish (lemon24/reader does the same). Very long ids are hashed.
    """
    for key in ("id", "link"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            value = value.strip()
            if len(value) <= MAX_ID:
                return value
            return "sha1:" + hashlib.sha1(value.encode(), usedforsecurity=False).hexdigest()
    title = " ".join(str(entry.get("title") or "").split())
    return "sha1:" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()


def read_entries(
    entries: Sequence[Mapping[str, Any]],
    read: Callable[[Mapping[str, Any]], T],
    *,
    url: str,
) -> tuple[list[T], list[str]]:
    """``read`` each entry; skip the ones that fail, with a reason each.

    Raises:
        ParseError: there were entries and none could be read.
    """
    done: list[T] = []
    skipped: list[str] = []
    for index, entry in enumerate(entries):
        try:
            done.append(read(entry))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            skipped.append(f"entry {index} ({entry_label(entry)}): {exc}")
    if entries and not done:
        raise ParseError(f"none of the {len(entries)} entries at {url} could be read: {skipped[0]}")
    return done, skipped


def entry_label(entry: Mapping[str, Any]) -> str:
    """A short way to point a coordinator at an entry."""
    for key in ("id", "link", "title"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:80]
    return "no id"
