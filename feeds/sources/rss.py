"""Any RSS or Atom feed (EU news, mfe.gov.ro, BOE): news items, deadlines only in their text."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from feeds.exceptions import ParseError, SourceOutage
from feeds.parse import entry_id, parse_feed
from feeds.sources import AdapterResult
from feeds.text import html_to_text
from feeds.types import CachingState, Draft, SourceSpec

if TYPE_CHECKING:
    from feeds.http import Fetcher

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"
)
#: BOE extracts name the national grants database entry: "BDNS (Identif.): 905627".
_BDNS = re.compile(r"\bBDNS\b[^0-9]{0,20}?(\d{5,7})\b")


def _when(entry: Mapping[str, Any], key: str) -> datetime | None:
    # Read the raw dict: feedparser's own getter maps updated_parsed to published_parsed
    # with a deprecation warning (feedparser issue 310).
    value = dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def to_draft(entry: Mapping[str, Any], spec: SourceSpec) -> Draft:
    """One feed entry as a draft."""
    title = html_to_text(str(entry.get("title") or "")).strip()
    if not title and not entry.get("link"):
        raise ValueError("entry has neither a title nor a link")
    content = entry.get("content") or []
    summary = str(entry.get("summary") or (content[0].get("value") if content else "") or "")
    link = str(entry.get("link") or spec.url)
    published = _when(entry, "published_parsed") or _when(entry, "updated_parsed")
    tags = tuple(str(tag.get("term")).strip() for tag in entry.get("tags") or () if tag.get("term"))
    text = f"{title}\n{html_to_text(summary)}"
    bdns = _BDNS.search(text)
    return Draft(
        native_id=entry_id(entry),
        url=link,
        title=title or link,
        summary=summary,
        language=spec.language,
        call_id=f"BDNS-{bdns.group(1)}" if bdns else None,
        deadline_text=text,
        keywords=tags,
        published_at=published,
        updated_at=_when(entry, "updated_parsed") or published,
        raw={"id": entry.get("id"), "link": entry.get("link"), "title": title},
    )


async def fetch(
    fetcher: Fetcher, spec: SourceSpec, state: CachingState, now: datetime
) -> AdapterResult:
    """Fetch and read the feed."""
    result = await fetcher.get(state.url or spec.url, state, expect="feed", accept=ACCEPT)
    if result.not_modified:
        return AdapterResult((), result.state, not_modified=True, retry_after=result.retry_after)
    feed = parse_feed(result.content, headers=dict(result.headers), url=result.url)
    drafts: list[Draft] = []
    skipped: list[str] = []
    for index, entry in enumerate(feed.entries):
        try:
            drafts.append(to_draft(entry, spec))
        except (TypeError, ValueError, AttributeError) as exc:
            skipped.append(f"entry {index}: {type(exc).__name__}: {exc}")
    if feed.entries and not drafts:
        raise ParseError(
            f"{spec.id}: none of {len(feed.entries)} entries could be read ({skipped[0]})"
        )
    if spec.min_items and len(feed.entries) < spec.min_items:
        raise SourceOutage(
            f"{spec.id}: {len(feed.entries)} items where at least {spec.min_items} are usual"
        )
    return AdapterResult(
        tuple(drafts), result.state, retry_after=result.retry_after, skipped=tuple(skipped)
    )
