"""Any RSS, RDF or Atom feed (EU news, mfe.gov.ro, BOE): news items, deadlines only in text.

Parameters (``spec.params``): ``encodings``, legacy charsets to try when the declared one
does not fit (default by language: ``windows-1250`` and ``iso-8859-2`` for Romanian);
``timezone``, the IANA zone of the times the texts state when it is not the language's
usual one (an English site of a Romanian programme: ``Europe/Bucharest``).
Include/exclude words are applied by the pipeline. ``published_parsed`` becomes
``published_at`` and is never used as a deadline.
"""

from __future__ import annotations

import calendar
import codecs
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from feeds.http import conditional_get
from feeds.parse import entry_id, parse_feed, read_entries
from feeds.sources import AdapterResult, param, zone_name
from feeds.text import html_to_text
from feeds.types import CachingState, Draft, SourceSpec

if TYPE_CHECKING:
    from feeds.http import Fetcher

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)
#: Legacy charsets a publisher in that language may send while declaring another.
FALLBACK_ENCODINGS: dict[str, tuple[str, ...]] = {
    "ro": ("windows-1250", "iso-8859-2"),
    "es": ("windows-1252", "iso-8859-15"),
    "ca": ("windows-1252", "iso-8859-15"),
}
#: BOE extracts name the national grants database entry: "BDNS (Identif.): 905627".
_BDNS = re.compile(r"\bBDNS\b[^0-9]{0,20}?(\d{5,7})\b")


def _when(entry: Mapping[str, Any], key: str) -> datetime | None:
    # Read the plain dict: FeedParserDict maps a missing "updated" to "published" with a
    # DeprecationWarning (feedparser issue 310), and warnings are errors in our tests.
    value = dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _content(entry: Mapping[str, Any]) -> str:
    """The longest text the entry carries (Atom content, ``content:encoded`` or summary)."""
    texts = [str(entry.get("summary") or "")]
    for part in entry.get("content") or ():
        if isinstance(part, Mapping):
            texts.append(str(part.get("value") or ""))
    return max(texts, key=len)


def to_draft(entry: Mapping[str, Any], spec: SourceSpec, *, zone: str | None = None) -> Draft:
    """One feed entry as a draft (``zone``: where the times in its text are, if not the
    language's usual zone).

    Raises:
        ValueError: the entry has neither a title nor a link.
    """
    title = html_to_text(str(entry.get("title") or ""))
    link = str(entry.get("link") or "").strip()
    if not title and not link:
        raise ValueError("entry has neither a title nor a link")
    body = _content(entry)
    summary = str(entry.get("summary") or "") or body
    text = f"{title}\n{html_to_text(body)}"
    tags = tuple(
        dict.fromkeys(
            str(tag.get("term")).strip()
            for tag in entry.get("tags") or ()
            if isinstance(tag, Mapping) and str(tag.get("term") or "").strip()
        )
    )
    bdns = _BDNS.search(text)
    published = _when(entry, "published_parsed")
    updated = _when(entry, "updated_parsed")
    return Draft(
        native_id=entry_id(entry),
        url=link or spec.url,
        title=title or link,
        summary=summary,
        language=spec.language,
        call_id=f"BDNS-{bdns.group(1)}" if bdns else None,
        deadline_text=text,
        deadline_zone=zone,
        keywords=tags,
        published_at=published or updated,
        updated_at=updated or published,
        raw={"id": entry.get("id"), "link": link, "title": title},
    )


def _encodings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of charset names")
    for name in value:
        try:
            codecs.lookup(name)
        except LookupError as exc:
            raise ValueError(f"unknown charset {name!r}") from exc
    return tuple(value)


PARAMS = frozenset({"encodings", "timezone"})


def options(spec: SourceSpec) -> tuple[tuple[str, ...], str | None]:
    """Fallback charsets and the zone of the feed's times (also checked by ``check-config``).

    Raises:
        SourceConfigError: ``encodings`` is not a list of known charset names, or
            ``timezone`` is not an IANA zone.
    """
    encodings = param(spec, "encodings", FALLBACK_ENCODINGS.get(spec.language, ()), _encodings)
    zone = param(spec, "timezone", "", zone_name) or None
    return encodings, zone


async def fetch(
    fetcher: Fetcher, spec: SourceSpec, state: CachingState, *, now: datetime
) -> AdapterResult:
    """Fetch the feed conditionally and read its entries."""
    fallbacks, zone = options(spec)
    result = await conditional_get(fetcher, state.url or spec.url, state, accept=ACCEPT)
    if result.not_modified:
        return AdapterResult((), result.state, not_modified=True, retry_after=result.retry_after)
    feed = parse_feed(
        result.content, headers=result.headers, url=result.url, fallback_encodings=fallbacks
    )
    drafts, skipped = read_entries(
        feed.entries, lambda e: to_draft(e, spec, zone=zone), url=result.url
    )
    return AdapterResult(
        tuple(drafts),
        result.state,
        retry_after=result.retry_after,
        skipped=tuple(skipped),
        listed=len(feed.entries),
        problems=feed.problems,
    )
