"""The fetcher against a real loopback server: conditional GET, gzip, redirects, limits, traps."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from starlette.requests import Request
from starlette.responses import Response

from feeds.exceptions import (
    ChallengePage,
    FetchTimeout,
    HTTPStatusError,
    TooLarge,
    UnexpectedContent,
)
from feeds.http import Fetcher, parse_retry_after
from feeds.types import CachingState
from tests.feeds.feedserver import FeedServer

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as running:
        yield running


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher.create(read_timeout=0.5, connect_timeout=0.5, max_bytes=64 * 1024) as made:
        yield made


async def test_200_then_304_with_validators(server: FeedServer, fetcher: Fetcher) -> None:
    server.static("/feed", FEED)
    first = await fetcher.get(server.url("/feed"), CachingState(), expect="feed")
    assert first.status == 200
    assert first.content == FEED
    assert first.state.etag
    assert first.state.last_modified == "Fri, 20 Nov 2026 10:00:00 GMT"
    second = await fetcher.get(server.url("/feed"), first.state, expect="feed")
    assert second.not_modified
    assert server.hits[-1].headers["if-none-match"] == first.state.etag
    assert server.hits[-1].headers["user-agent"].startswith("inexa-bot/")


async def test_gzip_is_decoded(server: FeedServer, fetcher: Fetcher) -> None:
    server.static("/gz", FEED * 50, compress=True)
    result = await fetcher.get(server.url("/gz"), expect="feed")
    assert result.content == FEED * 50
    assert result.headers["content-encoding"] == "gzip"


async def test_permanent_redirect_moves_the_source_temporary_does_not(
    server: FeedServer, fetcher: Fetcher
) -> None:
    server.static("/new", FEED)
    server.redirect("/old", "/new", 301)
    server.redirect("/tmp", "/new", 302)
    moved = await fetcher.get(server.url("/old"), expect="feed")
    assert moved.state.url == server.url("/new")
    stayed = await fetcher.get(server.url("/tmp"), expect="feed")
    assert stayed.state.url is None
    server.redirect("/loop", "/loop", 302)
    with pytest.raises(Exception, match="too many redirects"):
        await fetcher.get(server.url("/loop"))


async def test_oversized_body_is_refused(server: FeedServer, fetcher: Fetcher) -> None:
    server.static("/big", b"x" * (200 * 1024))
    with pytest.raises(TooLarge):
        await fetcher.get(server.url("/big"))


async def test_timeout(server: FeedServer, fetcher: Fetcher) -> None:
    async def slow(request: Request) -> Response:
        await asyncio.sleep(0.8)
        return Response(FEED)

    server.add("/slow", slow)
    with pytest.raises(FetchTimeout):
        await fetcher.get(server.url("/slow"))


async def test_challenge_page_and_html_instead_of_feed(
    server: FeedServer, fetcher: Fetcher
) -> None:
    challenge = (
        b"<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
        b"<body><div id='cf-chl-widget'></div></body></html>"
    )
    server.static("/cf", challenge, content_type="text/html", status=403)
    with pytest.raises(ChallengePage):
        await fetcher.get(server.url("/cf"), expect="feed")
    server.static(
        "/html", b"<!doctype html><html><body>Maintenance</body></html>", content_type="text/html"
    )
    with pytest.raises(UnexpectedContent):
        await fetcher.get(server.url("/html"), expect="feed")


async def test_errors_carry_retry_after(server: FeedServer, fetcher: Fetcher) -> None:
    server.static(
        "/busy", b"busy", status=503, content_type="text/plain", headers={"Retry-After": "120"}
    )
    with pytest.raises(HTTPStatusError) as info:
        await fetcher.get(server.url("/busy"))
    assert info.value.status == 503
    assert info.value.retry_after == 120


async def test_cache_control_max_age_is_a_hint(server: FeedServer, fetcher: Fetcher) -> None:
    server.static("/cached", FEED, headers={"Cache-Control": "public, max-age=900"})
    result = await fetcher.get(server.url("/cached"))
    assert result.retry_after == 900


async def test_per_host_concurrency_cap(server: FeedServer) -> None:
    active = 0
    peak = 0

    async def counted(request: Request) -> Response:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.05)
        active -= 1
        return Response(FEED)

    server.add("/count", counted)
    async with Fetcher.create(per_host=2) as limited:
        await asyncio.gather(*(limited.get(server.url("/count")) for _ in range(6)))
    assert peak == 2


def test_retry_after_formats() -> None:
    assert parse_retry_after("30") == 30
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
