"""HTTP for sources: honest, polite and defensive.

``Fetcher.get(url, state) -> HttpResult`` does a conditional GET (ETag / Last-Modified),
follows redirects itself so that only a *permanent* one (301/308) moves the stored URL,
streams the body under a size cap, honours Retry-After and Cache-Control within clamps,
limits concurrency per host, and refuses anti-bot challenge pages and HTML where a feed
or JSON was expected, so those count as failures rather than "no news".
"""

from __future__ import annotations

import asyncio
import email.utils
import re
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import httpx

from feeds.exceptions import (
    ChallengePage,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    TooLarge,
    UnexpectedContent,
)
from feeds.schedule import clamp_retry_after
from feeds.types import CachingState

VERSION = "0.1"
USER_AGENT = (
    f"inexa-bot/{VERSION} (+https://github.com/inexa-alliance/inexa-bot; "
    "funding digest for the INEXA Alliance)"
)
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
PER_HOST = 2
PERMANENT = frozenset({301, 308})
TEMPORARY = frozenset({302, 303, 307})
_CHALLENGE_MARKERS = (
    b"cf-chl-",
    b"just a moment",
    b"challenge-platform",
    b"attention required! | cloudflare",
)
_MAX_AGE = re.compile(r"max-age=(\d+)")
Expect = Literal["feed", "json", "html", "any"]


@dataclass(frozen=True, slots=True)
class HttpResult:
    """One finished exchange."""

    status: int
    content: bytes
    headers: httpx.Headers
    url: str
    state: CachingState
    not_modified: bool = False
    #: Seconds the server asked us to wait before the next request, clamped.
    retry_after: float | None = None


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _looks_like_challenge(status: int, headers: httpx.Headers, head: bytes) -> bool:
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    lowered = head.lower()
    return status in {403, 429, 503, 200} and any(m in lowered for m in _CHALLENGE_MARKERS)


def _looks_like_html(headers: httpx.Headers, content: bytes) -> bool:
    start = content[:512].lstrip().lower()
    return "text/html" in headers.get("content-type", "").lower() or start.startswith(
        (b"<!doctype html", b"<html")
    )


class Fetcher:
    """A shared HTTP client with per-host limits; create with ``async with Fetcher.create()``."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        max_bytes: int = MAX_BYTES,
        per_host: int = PER_HOST,
        max_redirects: int = MAX_REDIRECTS,
    ) -> None:
        self.client = client
        self.max_bytes = max_bytes
        self.per_host = per_host
        self.max_redirects = max_redirects
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
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> AsyncIterator[Fetcher]:
        """A fetcher with its own client, closed on exit."""
        timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        async with httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=timeout,
            follow_redirects=False,
            transport=transport,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        ) as client:
            yield cls(client, max_bytes=max_bytes, per_host=per_host)

    def _semaphore(self, url: str) -> asyncio.Semaphore:
        host = urlsplit(url).netloc
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
        """GET ``url`` (conditionally when ``state`` has validators)."""
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
        """Send one request, following redirects by hand; raise a ``FetchError`` on failure."""
        state = state or CachingState()
        current = url
        permanent_target: str | None = None
        still_permanent = True
        for _ in range(self.max_redirects + 1):
            async with self._semaphore(current):
                status, response_headers, content = await self._send(
                    method, current, headers=headers, params=params, files=files, data=data
                )
            if status in PERMANENT | TEMPORARY and "location" in response_headers:
                target = urljoin(current, response_headers["location"])
                # Only an unbroken chain of permanent moves from the stored URL replaces it.
                if status in PERMANENT and still_permanent:
                    permanent_target = target
                else:
                    still_permanent = False
                current = target
                if status == 303:
                    method, files, data = "GET", None, None
                continue
            return self._finish(
                status, response_headers, content, current, state, permanent_target, expect
            )
        raise FetchError(f"too many redirects from {url}")

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
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise TooLarge(f"{url} declares {int(declared)} bytes, over the cap")
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
        except httpx.HTTPError as exc:
            raise FetchError(f"could not fetch {url}: {type(exc).__name__}: {exc}") from exc

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
            parse_retry_after(headers.get("retry-after")), maximum=86_400
        )
        if _looks_like_challenge(status, headers, content[:4096]):
            raise ChallengePage(f"anti-bot challenge page from {url}", retry_after=retry_after)
        moved = replace(state, url=permanent_target) if permanent_target else state
        if status == 304:
            return HttpResult(
                304, b"", headers, url, moved, not_modified=True, retry_after=retry_after
            )
        if status >= 400:
            raise HTTPStatusError(status, url, retry_after=retry_after)
        if expect in {"feed", "json"} and _looks_like_html(headers, content):
            raise UnexpectedContent(f"{url} returned an HTML page where a {expect} was expected")
        max_age = _MAX_AGE.search(headers.get("cache-control", ""))
        if retry_after is None and max_age:
            retry_after = clamp_retry_after(float(max_age.group(1)), maximum=6 * 3600)
        new_state = replace(
            moved,
            etag=headers.get("etag") or None,
            last_modified=headers.get("last-modified") or None,
        )
        return HttpResult(status, content, headers, url, new_state, retry_after=retry_after)
