"""Sites without a feed or an API: a listing page whose links lead to one page per call.

For the programme sites the alliance needs that publish calls only as web pages (AFIR's
LEADER and rural development calls, the Erasmus+ national agencies ANPCDEFP and SEPIE,
EEA and Norway Grants, Interreg POCTEP). Sites on WordPress have a feed or REST API: use
``rss`` or ``wp-json`` for them instead.

1. ``GET url`` (the listing) and collect, in page order, every ``<a href>`` whose absolute
   URL matches ``params.links`` (a regular expression; ``exclude`` drops some), on the same
   site; ``listed`` is how many there are, so an emptied or redesigned listing is an outage
   (``min_items``) instead of silence.
2. Read the linked pages that are new, then those read at least ``recheck_hours`` ago
   (least recently read first; a call's page changes when its deadline is extended), at
   most ``max_details`` a run. Only pages read in this run become drafts; the store keeps
   the others.
3. From each page: the title (the main content's first ``<h1>``, else ``og:title``, else
   ``<title>``), the text of the main content (``<article>``, else ``<main>``, else the
   body, without navigation, header, footer, sidebars and forms), and the publication date
   (``article:published_time``, else the first ``<time datetime>``). The deadline is found
   in the text by :mod:`feeds.deadlines` (the source states no structured date), so it
   carries that module's confidence, and the kind comes from the text (:mod:`feeds.kinds`).

The cursor holds ``read`` (page URL -> when it was last read), kept for the links still
listed. Parameters (``spec.params``): ``links`` (required), ``exclude``, ``max_details``
(20), ``recheck_hours`` (72), ``max_links`` (200), ``countries`` (eligible countries the
site's calls are open to, e.g. ``["RO"]``), ``timezone`` (the IANA zone of the times the
pages state, when not the language's usual one), ``pace_seconds`` (1.0).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin, urlsplit
from zoneinfo import ZoneInfo

from feeds.exceptions import FetchError, SourceConfigError
from feeds.sources import AdapterResult, non_negative, pacer, param, positive_int, zone_name
from feeds.sources.rss import FALLBACK_ENCODINGS
from feeds.text import html_to_text
from feeds.types import CachingState, Draft, SourceSpec

if TYPE_CHECKING:
    from feeds.http import Fetcher

ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
#: Where a site's local times are, by the language of its texts.
ZONES = {
    "ro": "Europe/Bucharest",
    "es": "Europe/Madrid",
    "ca": "Europe/Madrid",
    "pt": "Europe/Lisbon",
}
PARAMS = frozenset(
    {
        "links",
        "exclude",
        "max_details",
        "recheck_hours",
        "max_links",
        "countries",
        "timezone",
        "pace_seconds",
    }
)
_MAIN = re.compile(r"<(article|main)\b[^>]*>(.*)</\1\s*>", re.IGNORECASE | re.DOTALL)
_BODY = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.IGNORECASE | re.DOTALL)
_CHROME = re.compile(
    r"<(nav|header|footer|aside|form|script|style|noscript)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Options:
    """The source's ``params``, checked."""

    links: re.Pattern[str]
    exclude: re.Pattern[str] | None
    max_details: int
    recheck_hours: float
    max_links: int
    countries: tuple[str, ...]
    timezone: str | None
    pace_seconds: float


def _pattern(value: Any) -> re.Pattern[str]:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("expected a regular expression for the call pages' URLs")
    try:
        return re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a regular expression: {exc}") from exc


def _countries(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not all(
        isinstance(v, str) and re.fullmatch(r"[A-Z]{2}[0-9A-Z]{0,3}", v) for v in value
    ):
        raise TypeError("expected a list of ISO 3166 or NUTS codes such as 'RO'")
    return tuple(value)


def options(spec: SourceSpec) -> Options:
    """``spec.params`` read and checked (also by ``inexa-bot check-config``).

    Raises:
        SourceConfigError: ``links`` is missing or a value cannot work.
    """
    if "links" not in spec.params:
        raise SourceConfigError(
            f"{spec.id}: parameter links is required (a regular expression matching the URLs "
            "of the call pages the listing links to)"
        )
    exclude: re.Pattern[str] | None = (
        param(spec, "exclude", re.compile(""), _pattern) if "exclude" in spec.params else None
    )
    return Options(
        links=param(spec, "links", re.compile(""), _pattern),
        exclude=exclude,
        max_details=param(spec, "max_details", 20, positive_int),
        recheck_hours=param(spec, "recheck_hours", 72.0, non_negative),
        max_links=param(spec, "max_links", 200, positive_int),
        countries=param(spec, "countries", (), _countries),
        timezone=param(spec, "timezone", "", zone_name) or None,
        pace_seconds=param(spec, "pace_seconds", 1.0, non_negative),
    )


class _Page(HTMLParser):
    """Links, meta properties and ``<time datetime>`` of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.meta: dict[str, str] = {}
        self.times: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k.lower(): v or "" for k, v in attrs}
        if tag == "a" and found.get("href"):
            self.links.append(found["href"].strip())
        elif tag == "meta":
            key = (found.get("property") or found.get("name") or "").lower()
            if key and "content" in found:
                self.meta.setdefault(key, found["content"].strip())
        elif tag == "time" and found.get("datetime"):
            self.times.append(found["datetime"].strip())


def _parse(markup: str) -> _Page:
    page = _Page()
    try:
        page.feed(markup)
        page.close()
    except (AssertionError, ValueError):  # pathological markup: keep what was read
        pass
    return page


def listing_links(markup: str, base: str, opts: Options) -> list[str]:
    """Absolute URLs of the call pages a listing links to, in order, without repeats."""
    site = urlsplit(base).hostname
    found: list[str] = []
    for href in _parse(markup).links:
        url = urldefrag(urljoin(base, href)).url
        if not url.startswith(("http://", "https://")) or urlsplit(url).hostname != site:
            continue
        if not opts.links.search(url) or (opts.exclude and opts.exclude.search(url)):
            continue
        if url not in found and url.rstrip("/") != base.rstrip("/"):
            found.append(url)
    return found[: opts.max_links]


def _instant(value: str, zone: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(zone))


def read_page(
    markup: str,
    url: str,
    spec: SourceSpec,
    countries: tuple[str, ...] = (),
    zone: str | None = None,
) -> Draft:
    """One call page as a draft (title, main text, publication date).

    Raises:
        ValueError: the page has no title and no text.
    """
    page = _parse(markup)
    main = _MAIN.search(markup)
    region = (
        main.group(2) if main else (body.group(1) if (body := _BODY.search(markup)) else markup)
    )
    content = _CHROME.sub(" ", region)
    # Inside <article>/<main> the heading may sit in the article's own <header>; in a bare
    # body, only outside the site's header (whose <h1> is often the logo).
    heading = _H1.search(region if main else content)
    candidates = [
        heading.group(1) if heading else "",
        page.meta.get("og:title", ""),
        *(m.group(1) for m in (_TITLE.search(markup), _H1.search(markup)) if m),
    ]
    title = next((t for t in (" ".join(html_to_text(c).split()) for c in candidates) if t), "")
    text = html_to_text(content)
    if heading:  # the title opens the text; keep the body below it
        text = text.removeprefix(" ".join(html_to_text(heading.group(1)).split())).strip()
    if not title and not text:
        raise ValueError("page without title or text")
    local = zone or ZONES.get(spec.language, "Europe/Brussels")
    published = next(
        (
            moment
            for moment in (
                _instant(v, local)
                for v in (page.meta.get("article:published_time", ""), *page.times)
                if v
            )
            if moment
        ),
        None,
    )
    modified = _instant(page.meta.get("article:modified_time", ""), local)
    return Draft(
        native_id=url,
        url=url,
        title=title or url,
        summary=text,
        language=spec.language,
        deadline_text=f"{title}\n{text}",
        deadline_zone=zone,
        eligible_countries=countries,
        published_at=published,
        updated_at=modified or published,
        raw={"url": url, "title": title},
    )


async def fetch(
    fetcher: Fetcher, spec: SourceSpec, state: CachingState, *, now: datetime
) -> AdapterResult:
    """The listing's call links, then the call pages due for a (re)read."""
    opts = options(spec)
    gate = pacer(fetcher, opts.pace_seconds)
    fallbacks = FALLBACK_ENCODINGS.get(spec.language, ())
    listing_url = state.url or spec.url
    await gate.wait()
    listing = await fetcher.get(listing_url, expect="html", accept=ACCEPT, conditional=False)
    links = listing_links(listing.text(fallbacks), listing.url or listing_url, opts)
    raw_read = state.cursor.get("read", {})
    read_at = {str(k): str(v) for k, v in raw_read.items()} if isinstance(raw_read, Mapping) else {}
    stamp = now.astimezone(UTC).isoformat(timespec="seconds")
    due = (now.astimezone(UTC) - timedelta(hours=opts.recheck_hours)).isoformat(timespec="seconds")
    fresh = [u for u in links if u not in read_at]
    stale = sorted(
        (u for u in links if u in read_at and read_at[u] <= due), key=lambda u: read_at[u]
    )
    queue = [*fresh, *stale]
    drafts: list[Draft] = []
    skipped: list[str] = []
    failures: list[FetchError] = []
    for url in queue[: opts.max_details]:
        await gate.wait()
        try:
            result = await fetcher.get(url, expect="html", accept=ACCEPT, conditional=False)
        except FetchError as error:  # transient: read it next time
            failures.append(error)
            skipped.append(f"{url}: {error.reason} (retried next run)")
            continue
        try:
            drafts.append(
                read_page(result.text(fallbacks), url, spec, opts.countries, opts.timezone)
            )
        except (ValueError, TypeError) as exc:
            skipped.append(f"{url}: {exc}")
        read_at[url] = stamp
    attempted = min(len(queue), opts.max_details)
    if attempted and len(failures) == attempted:
        raise failures[0]
    problems: list[str] = []
    if not links:
        problems.append(
            "no link on the listing matches params.links (a redesign, or a wrong pattern)"
        )
    if len(queue) > opts.max_details:
        problems.append(
            f"{len(queue) - opts.max_details} pages left for the next run (max_details)"
        )
    return AdapterResult(
        tuple(drafts),
        CachingState(
            url=state.url, cursor={"read": {u: read_at[u] for u in links if u in read_at}}
        ),
        skipped=tuple(skipped),
        listed=len(links),
        problems=tuple(problems),
    )
