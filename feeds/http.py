"""HTTP for sources: honest, polite and defensive.

``conditional_get(fetcher, url, state) -> HttpResult`` (``HttpResult.state`` is the new
caching state). The :class:`Fetcher` underneath

* says who we are (``inexa-bot/<version> (+https://github.com/inexa-alliance/inexa-bot)``);
* sends ``If-None-Match`` / ``If-Modified-Since`` from :class:`~feeds.types.CachingState` and
  turns a 304 into ``not_modified``;
* follows redirects itself, at most ``max_redirects``, so that only an unbroken chain of
  *permanent* ones (301/308) moves the stored URL; 302/303/307 never do;
* streams the body and stops at ``max_bytes`` (:class:`~feeds.exceptions.TooLarge`);
* honours ``Retry-After`` (seconds or an HTTP date) and ``Cache-Control: max-age``, clamped;
* allows ``per_host`` requests at a time to one host, however many sources live there;
* refuses anti-bot challenge and WAF block pages, and HTML where a feed or JSON was
  expected: those are failures, never content;
* decodes text by BOM, declared charset, then UTF-8, then per-source fallbacks.

Time is injectable (``sleep``, ``clock``, ``wall_clock``) so adapters can pace requests and
tests never wait.
"""

from __future__ import annotations

import asyncio
import codecs
import email.utils
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import httpx

from feeds.exceptions import (
    ChallengePage,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    TooLarge,
    TooManyRedirects,
    UnexpectedContent,
)
from feeds.schedule import clamp_retry_after
from feeds.types import CachingState

try:
    VERSION = version("inexa-bot")
except PackageNotFoundError:  # running from a source tree that was never installed
    VERSION = "0.1.0"
USER_AGENT = f"inexa-bot/{VERSION} (+https://github.com/inexa-alliance/inexa-bot)"
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
PER_HOST = 2
#: Longest wait a server may impose with Retry-After, and longest max-age we take as a hint.
MAX_RETRY_AFTER = 24 * 3600.0
MAX_CACHE_HINT = 6 * 3600.0
PERMANENT = frozenset({301, 308})
TEMPORARY = frozenset({302, 303, 307})

#: Markers of anti-bot pages: Cloudflare, Imperva/Incapsula, F5 BIG-IP ASM (common on
#: government sites), DDoS-Guard, Sucuri, AWS WAF.
_CHALLENGE_MARKERS = (
    b"cf-chl-",
    b"challenge-platform",
    b"cf-browser-verification",
    b"<title>just a moment",
    b"attention required! | cloudflare",
    b"_incapsula_resource",
    b"the requested url was rejected",
    b"ddos-guard",
    b"sucuri website firewall",
    b"awswaf",
)
_MAX_AGE = re.compile(r"(?:^|[,\s])max-age=(\d+)", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_DOC_CHARSET = re.compile(
    rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']|<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""",
    re.IGNORECASE,
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WHITESPACE = b" \t\r\n\xef\xbb\xbf"

Expect = Literal["feed", "json", "html", "any"]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class HttpResult:
    """One finished exchange (after redirects)."""

    status: int
    #: The decoded (gunzipped) body; empty for a 304.
    content: bytes
    headers: httpx.Headers
    #: The URL that finally answered.
    url: str
    #: The caching state to store: new validators, and the new URL after a permanent move.
    state: CachingState
    not_modified: bool = False
    #: Seconds the server asked us to wait before the next request, clamped.
    retry_after: float | None = None

    def text(self, fallbacks: Sequence[str] = ()) -> str:
        """The body as text (see :func:`decode_text`)."""
        return decode_text(self.content, self.headers, fallbacks=fallbacks)


def declared_charset(headers: Mapping[str, str], content: bytes) -> str | None:
    """The charset the response claims: Content-Type first, then the XML or HTML declaration."""
    match = _HEADER_CHARSET.search(headers.get("content-type", ""))
    if match:
        return match.group(1).lower()
    found = _DOC_CHARSET.search(content[:2048])
    if found:
        return (found.group(1) or found.group(2)).decode("ascii").lower()
    return None


def decode_text(
    content: bytes, headers: Mapping[str, str], *, fallbacks: Sequence[str] = ()
) -> str:
    """Text of a body; never raises.

    Order: a byte-order mark; the declared charset; UTF-8; ``fallbacks`` (a source's legacy
    charsets, e.g. ``windows-1250`` for Romanian sites); windows-1252; UTF-8 with
    replacement characters. A wrong declaration shows up as a decoding error and moves on.
    """
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(encoding, errors="replace")
    candidates = [declared_charset(headers, content), "utf-8", *fallbacks, "windows-1252"]
    for encoding in dict.fromkeys(c for c in candidates if c):
        try:
            return content.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return content.decode("utf-8", errors="replace")


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta seconds or an HTTP date); None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdecimal():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _head(content: bytes) -> bytes:
    return content[:4096].lstrip(_WHITESPACE).lower()


def looks_like_feed(content: bytes) -> bool:
    """The body starts like XML, RSS, RDF or Atom, whatever the Content-Type says."""
    head = _head(content)
    return head.startswith(b"<?xml") or any(
        tag in head[:1024] for tag in (b"<rss", b"<feed", b"<rdf:rdf")
    )


def looks_like_html(headers: Mapping[str, str], content: bytes) -> bool:
    """The body is an HTML page (by its start, or by Content-Type when it is not a feed)."""
    head = _head(content)
    if head.startswith((b"<!doctype html", b"<html")):
        return True
    return "html" in headers.get("content-type", "").lower() and not looks_like_feed(content)


def is_challenge(status: int, headers: Mapping[str, str], content: bytes) -> bool:
    """An anti-bot challenge or WAF block page rather than the resource.

    Markers count only on a 403/429/503 or on an HTML page, so a feed item that happens to
    say "just a moment" is not mistaken for one.
    """
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    refused = status in {403, 429, 503}
    if not refused and not looks_like_html(headers, content):
        return False
    head = content[:16384].lower()
    if refused and b"just a moment" in head:
        return True
    return any(marker in head for marker in _CHALLENGE_MARKERS)


def make_client(
    *,
    user_agent: str = USER_AGENT,
    connect_timeout: float = 10.0,
    read_timeout: float = 30.0,
    max_connections: int = 64,
    ipv4_only: bool = False,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` for sources: our User-Agent, timeouts, no automatic redirects.

    ``ipv4_only`` binds to 0.0.0.0: some hosts publish IPv6 addresses that an IPv4-only
    container cannot reach. gzip and deflate are decoded by httpx.
    """
    limits = httpx.Limits(
        max_connections=max_connections, max_keepalive_connections=max_connections // 2
    )
    if transport is None and ipv4_only:
        transport = httpx.AsyncHTTPTransport(local_address="0.0.0.0", limits=limits)
    return httpx.AsyncClient(
        headers={"User-Agent": user_agent},
        timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
        follow_redirects=False,
        limits=limits,
        transport=transport,
    )


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Fetcher:
    """A shared client with per-host limits; ``async with Fetcher.create() as fetcher``."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        max_bytes: int = MAX_BYTES,
        per_host: int = PER_HOST,
        max_redirects: int = MAX_REDIRECTS,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.client = client
        self.max_bytes = max_bytes
        self.per_host = per_host
        self.max_redirects = max_redirects
        #: Used by adapters to pace requests and back off; tests pass a recorder.
        self.sleep = sleep
        #: Monotonic seconds, for pacing.
        self.clock = clock
        #: Aware "now", for Retry-After given as an HTTP date.
        self.wall_clock = wall_clock
        self._hosts: dict[str, asyncio.Semaphore] = {}

    @classmethod
    @asynccontextmanager
    async def create(
        cls,
        *,
        user_agent: str = USER_AGENT,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        max_bytes: int = MAX_BYTES,
        per_host: int = PER_HOST,
        max_connections: int = 64,
        max_redirects: int = MAX_REDIRECTS,
        ipv4_only: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> AsyncIterator[Fetcher]:
        """A fetcher with its own client (see :func:`make_client`), closed on exit."""
        async with make_client(
            user_agent=user_agent,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_connections=max_connections,
            ipv4_only=ipv4_only,
            transport=transport,
        ) as client:
            yield cls(
                client,
                max_bytes=max_bytes,
                per_host=per_host,
                max_redirects=max_redirects,
                sleep=sleep,
                clock=clock,
            )

    def _semaphore(self, url: str) -> asyncio.Semaphore:
        host = urlsplit(url).netloc.lower()
        semaphore = self._hosts.get(host)
        if semaphore is None:
            semaphore = self._hosts[host] = asyncio.Semaphore(self.per_host)
        return semaphore

    async def get(
        self,
        url: str,
        state: CachingState | None = None,
        *,
        expect: Expect = "any",
        accept: str = "*/*",
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        conditional: bool = True,
    ) -> HttpResult:
        """GET ``url``, conditionally when ``state`` holds validators and ``conditional``."""
        state = state or CachingState()
        request_headers = {"Accept": accept, **(headers or {})}
        if conditional and state.etag:
            request_headers["If-None-Match"] = state.etag
        if conditional and state.last_modified:
            request_headers["If-Modified-Since"] = state.last_modified
        return await self.request(
            "GET", url, state=state, expect=expect, headers=request_headers, params=params
        )

    async def request(
        self,
        method: str,
        url: str,
        *,
        state: CachingState | None = None,
        expect: Expect = "any",
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        files: Any = None,
        data: Mapping[str, Any] | None = None,
    ) -> HttpResult:
        """Send one request, following redirects by hand.

        Raises:
            FetchError: any failure of the exchange (see :mod:`feeds.exceptions`).
        """
        state = state or CachingState()
        current = url
        permanent_target: str | None = None
        unbroken = True
        for _ in range(self.max_redirects + 1):
            async with self._semaphore(current):
                status, response_headers, content = await self._send(
                    method, current, headers=headers, params=params, files=files, data=data
                )
            location = response_headers.get("location")
            if status in PERMANENT | TEMPORARY and location:
                target = urljoin(current, location)
                # Only an unbroken chain of permanent moves from the stored URL replaces it.
                if status in PERMANENT and unbroken:
                    permanent_target = target
                else:
                    unbroken = False
                current = target
                params = None  # the Location already carries the query it wants
                if status == 303 or (status in {301, 302} and method == "POST"):
                    method, files, data = "GET", None, None  # as browsers (and httpx) do
                continue
            return self._finish(
                status, response_headers, content, current, state, permanent_target, expect
            )
        raise TooManyRedirects(f"more than {self.max_redirects} redirects from {url}")

    async def _send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None,
        params: Mapping[str, Any] | None,
        files: Any,
        data: Mapping[str, Any] | None,
    ) -> tuple[int, httpx.Headers, bytes]:
        try:
            async with self.client.stream(
                method, url, headers=headers, params=params, files=files, data=data
            ) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdecimal() and int(declared) > self.max_bytes:
                    raise TooLarge(f"{url} announces {int(declared)} bytes (cap {self.max_bytes})")
                chunks: list[bytes] = []
                total = 0
                async for chunk in response.aiter_bytes():
                    total += len(chunk)
                    if total > self.max_bytes:
                        raise TooLarge(f"{url} sent more than {self.max_bytes} bytes")
                    chunks.append(chunk)
                return response.status_code, response.headers, b"".join(chunks)
        except httpx.TimeoutException as exc:
            raise FetchTimeout(f"timed out fetching {url} ({type(exc).__name__})") from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise FetchError(f"could not fetch {url} ({type(exc).__name__}: {exc})") from exc

    def _finish(
        self,
        status: int,
        headers: httpx.Headers,
        content: bytes,
        url: str,
        state: CachingState,
        permanent_target: str | None,
        expect: Expect,
    ) -> HttpResult:
        retry_after = clamp_retry_after(
            parse_retry_after(headers.get("retry-after"), now=self.wall_clock()),
            maximum=MAX_RETRY_AFTER,
        )
        if is_challenge(status, headers, content):
            raise ChallengePage(
                f"anti-bot challenge page instead of content from {url} (HTTP {status})",
                retry_after=retry_after,
            )
        moved = replace(state, url=permanent_target) if permanent_target else state
        if retry_after is None and status < 400:
            max_age = _MAX_AGE.search(headers.get("cache-control", ""))
            if max_age:
                retry_after = clamp_retry_after(float(max_age.group(1)), maximum=MAX_CACHE_HINT)
        if status == 304:
            # A 304 may refresh the validators; otherwise the stored ones stay valid.
            refreshed = replace(
                moved,
                etag=headers.get("etag") or moved.etag,
                last_modified=headers.get("last-modified") or moved.last_modified,
            )
            return HttpResult(304, b"", headers, url, refreshed, True, retry_after)
        if not 200 <= status < 300:
            raise HTTPStatusError(status, url, retry_after=retry_after)
        if expect == "feed" and looks_like_html(headers, content):
            raise UnexpectedContent(f"{url} returned an HTML page where a feed was expected")
        if (
            expect == "json"
            and content.lstrip(_WHITESPACE)[:1] not in {b"{", b"["}
            and looks_like_html(headers, content)
        ):
            raise UnexpectedContent(f"{url} returned an HTML page where JSON was expected")
        new_state = replace(
            moved,
            etag=headers.get("etag") or None,
            last_modified=headers.get("last-modified") or None,
        )
        return HttpResult(status, content, headers, url, new_state, False, retry_after)


async def conditional_get(
    fetcher: Fetcher,
    url: str,
    state: CachingState,
    *,
    accept: str,
    headers: Mapping[str, str] | None = None,
    expect: Expect = "feed",
) -> HttpResult:
    """``conditional_get(fetcher, url, state) -> result`` with ``result.state`` the new state.

    Raises:
        FetchError: the exchange failed, or answered a challenge page or HTML for a feed.
    """
    return await fetcher.get(url, state, expect=expect, accept=accept, headers=headers)
