"""The fetcher against a real loopback server: conditional GET, gzip, redirects, limits, traps."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from feeds.exceptions import (
    ChallengePage,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    TooLarge,
    TooManyRedirects,
    UnexpectedContent,
)
from feeds.http import (
    USER_AGENT,
    Fetcher,
    conditional_get,
    decode_text,
    is_challenge,
    make_client,
    parse_retry_after,
)
from feeds.types import CachingState
from tests.feeds.feedserver import LAST_MODIFIED, FeedServer

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
ACCEPT = "application/rss+xml"


async def test_200_then_304_with_etag(server: FeedServer, fetcher: Fetcher) -> None:
    server.static("/feed", FEED)
    first = await conditional_get(fetcher, server.url("/feed"), CachingState(), accept=ACCEPT)
    assert (first.status, first.content, first.not_modified) == (200, FEED, False)
    assert first.state.etag
    assert first.state.last_modified == LAST_MODIFIED
    second = await conditional_get(fetcher, server.url("/feed"), first.state, accept=ACCEPT)
    assert second.not_modified
    assert second.content == b""
    assert second.state == first.state
    sent = server.hits[-1].headers
    assert sent["if-none-match"] == first.state.etag
    assert sent["if-modified-since"] == LAST_MODIFIED
    assert sent["accept"] == ACCEPT


async def test_last_modified_alone_is_enough(server: FeedServer, fetcher: Fetcher) -> None:
    server.static("/feed", FEED, etag=False)
    first = await conditional_get(fetcher, server.url("/feed"), CachingState(), accept=ACCEPT)
    assert first.state.etag is None
    second = await conditional_get(fetcher, server.url("/feed"), first.state, accept=ACCEPT)
    assert second.not_modified
    assert "if-none-match" not in server.hits[-1].headers


async def test_honest_user_agent(server: FeedServer, fetcher: Fetcher) -> None:
    server.static("/feed", FEED)
    await fetcher.get(server.url("/feed"))
    agent = server.hits[-1].headers["user-agent"]
    assert agent == USER_AGENT
    assert agent.startswith("inexa-bot/")
    assert "(+https://github.com/inexa-alliance/inexa-bot)" in agent


async def test_gzip_is_decoded(server: FeedServer, fetcher: Fetcher) -> None:
    server.static("/gz", FEED * 50, compress=True)
    result = await fetcher.get(server.url("/gz"), expect="feed")
    assert result.headers["content-encoding"] == "gzip"
    assert result.content == FEED * 50
    assert "gzip" in server.hits[-1].headers["accept-encoding"]


@pytest.mark.parametrize(
    ("status", "moves"), [(301, True), (308, True), (302, False), (307, False)]
)
async def test_only_permanent_redirects_move_the_source(
    server: FeedServer, fetcher: Fetcher, status: int, moves: bool
) -> None:
    server.static("/new", FEED)
    server.redirect("/old", "/new", status)
    result = await conditional_get(fetcher, server.url("/old"), CachingState(), accept=ACCEPT)
    assert result.content == FEED
    assert result.url == server.url("/new")
    assert result.state.url == (server.url("/new") if moves else None)


async def test_a_temporary_hop_breaks_a_permanent_chain(
    server: FeedServer, fetcher: Fetcher
) -> None:
    server.static("/final", FEED)
    server.redirect("/a", "/b", 301)
    server.redirect("/b", "/final", 302)
    result = await fetcher.get(server.url("/a"))
    assert result.state.url == server.url("/b")  # the permanent part of the chain only
    server.redirect("/c", "/d", 302)
    server.redirect("/d", "/final", 301)
    assert (await fetcher.get(server.url("/c"))).state.url is None


async def test_redirect_loops_are_bounded(server: FeedServer, fetcher: Fetcher) -> None:
    server.redirect("/loop", "/loop", 302)
    with pytest.raises(TooManyRedirects, match="more than 5 redirects"):
        await fetcher.get(server.url("/loop"))
    assert server.count("/loop") == 6


async def test_oversized_body_is_refused(server: FeedServer, fetcher: Fetcher) -> None:
    server.static("/big", b"x" * (600 * 1024))
    with pytest.raises(TooLarge, match="announces"):
        await fetcher.get(server.url("/big"))

    async def endless(request: Request) -> Response:
        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(100):
                yield b"y" * 16384

        return StreamingResponse(chunks(), media_type="application/xml")  # no Content-Length

    server.add("/stream", endless)
    with pytest.raises(TooLarge, match="more than"):
        await fetcher.get(server.url("/stream"))


async def test_slow_server_times_out(server: FeedServer) -> None:
    async def slow(request: Request) -> Response:
        await asyncio.sleep(0.5)
        return Response(FEED)

    server.add("/slow", slow)
    async with Fetcher.create(read_timeout=0.1) as impatient:
        with pytest.raises(FetchTimeout, match="timed out"):
            await impatient.get(server.url("/slow"))


async def test_connection_refused_is_a_fetch_error(fetcher: Fetcher) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="could not fetch"):
        await fetcher.get(f"http://127.0.0.1:{port}/feed")


CLOUDFLARE = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
    b"<body><div id='cf-chl-widget'></div><script src='/cdn-cgi/challenge-platform/x'></script>"
    b"</body></html>"
)
F5_BLOCK = (
    b"<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. "
    b"Please consult with your administrator.<br>Your support ID is: 1234</body></html>"
)


@pytest.mark.parametrize(
    ("status", "body", "headers"),
    [
        (403, CLOUDFLARE, {}),
        (503, CLOUDFLARE, {"Retry-After": "30"}),
        (200, F5_BLOCK, {}),
        (403, b"<html><body>blocked</body></html>", {"cf-mitigated": "challenge"}),
        (403, b"<h1>Just a moment...</h1>", {}),
    ],
)
async def test_challenge_pages_are_errors_never_content(
    server: FeedServer, fetcher: Fetcher, status: int, body: bytes, headers: dict[str, str]
) -> None:
    server.static("/cf", body, content_type="text/html", status=status, headers=headers)
    with pytest.raises(ChallengePage, match="anti-bot") as info:
        await conditional_get(fetcher, server.url("/cf"), CachingState(), accept=ACCEPT)
    assert info.value.retry_after == (30 if "Retry-After" in headers else None)


def test_a_feed_that_says_just_a_moment_is_not_a_challenge() -> None:
    item = b"<rss><channel><item><title><![CDATA[<title>Just a moment of calm]]></title>"
    assert not is_challenge(200, httpx.Headers({"content-type": "application/rss+xml"}), item)
    assert is_challenge(403, httpx.Headers(), CLOUDFLARE)


async def test_html_instead_of_a_feed_or_json(server: FeedServer, fetcher: Fetcher) -> None:
    page = b"<!doctype html><html><body>Maintenance</body></html>"
    server.static("/html", page, content_type="text/html")
    with pytest.raises(UnexpectedContent, match="where a feed was expected"):
        await fetcher.get(server.url("/html"), expect="feed")
    with pytest.raises(UnexpectedContent, match="where JSON was expected"):
        await fetcher.get(server.url("/html"), expect="json")
    assert (await fetcher.get(server.url("/html"), expect="html")).content == page


async def test_a_feed_served_as_text_html_is_still_a_feed(
    server: FeedServer, fetcher: Fetcher
) -> None:
    server.static("/misconfigured", FEED, content_type="text/html; charset=utf-8")
    assert (await fetcher.get(server.url("/misconfigured"), expect="feed")).content == FEED


async def test_error_status_carries_retry_after(server: FeedServer, fetcher: Fetcher) -> None:
    server.static(
        "/busy", b"busy", status=503, content_type="text/plain", headers={"Retry-After": "120"}
    )
    with pytest.raises(HTTPStatusError, match="HTTP 503 from") as info:
        await fetcher.get(server.url("/busy"))
    assert info.value.status == 503
    assert info.value.retry_after == 120
    server.static("/rude", b"", status=429, headers={"Retry-After": "9999999"})
    with pytest.raises(HTTPStatusError) as clamped:
        await fetcher.get(server.url("/rude"))
    assert clamped.value.retry_after == 86_400


async def test_retry_after_as_http_date(server: FeedServer) -> None:
    server.static(
        "/later", b"", status=503, headers={"Retry-After": "Wed, 25 Nov 2026 09:10:00 GMT"}
    )
    async with make_client() as client:
        fetcher = Fetcher(client, wall_clock=lambda: datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
        with pytest.raises(HTTPStatusError) as info:
            await fetcher.get(server.url("/later"))
    assert info.value.retry_after == 600


async def test_cache_control_max_age_is_a_hint(server: FeedServer, fetcher: Fetcher) -> None:
    server.static("/cached", FEED, headers={"Cache-Control": "public, max-age=900"})
    assert (await fetcher.get(server.url("/cached"))).retry_after == 900
    server.static("/forever", FEED, headers={"Cache-Control": "max-age=31536000"})
    assert (await fetcher.get(server.url("/forever"))).retry_after == 6 * 3600


async def test_per_host_concurrency_cap(server: FeedServer) -> None:
    active = peak = 0

    async def counted(request: Request) -> Response:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.05)
        active -= 1
        return Response(FEED)

    server.add("/count", counted)
    async with Fetcher.create(per_host=2) as limited:
        results = await asyncio.gather(*(limited.get(server.url("/count")) for _ in range(6)))
    assert [r.status for r in results] == [200] * 6
    assert peak == 2


def test_text_follows_bom_then_declaration_then_fallbacks() -> None:
    romanian = "Educaţie şi formare în ţară"
    latin2 = romanian.encode("iso-8859-2")
    declared_utf8 = httpx.Headers({"content-type": "text/html; charset=utf-8"})
    assert decode_text(latin2, declared_utf8, fallbacks=("windows-1250",)) == romanian
    spanish = "Formación y empleo: año 2026".encode("windows-1252")
    assert decode_text(spanish, declared_utf8) == "Formación y empleo: año 2026"
    meta = b'<html><head><meta charset="iso-8859-2"></head>' + latin2
    assert romanian in decode_text(meta, httpx.Headers())
    assert decode_text(b"\xef\xbb\xbfok", httpx.Headers({"content-type": "text/plain"})) == "ok"
    assert decode_text("ok".encode("utf-16"), httpx.Headers()) == "ok"
    assert decode_text(b"caf\xc3\xa9", httpx.Headers({"content-type": "text/html; charset=nope"}))


@given(st.binary(max_size=300), st.sampled_from(["", "utf-8", "latin-1", "bogus", "utf-16"]))
def test_decode_text_never_raises(body: bytes, charset: str) -> None:
    headers = httpx.Headers({"content-type": f"text/html; charset={charset}" if charset else ""})
    assert isinstance(decode_text(body, headers, fallbacks=("windows-1250",)), str)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("30", 30.0),
        (" 5 ", 5.0),
        (None, None),
        ("", None),
        ("soon", None),
        ("-1", None),
        ("Wed, 25 Nov 2026 09:01:00 GMT", 60.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # in the past: retry now
    ],
)
def test_retry_after_formats(value: str | None, expected: float | None) -> None:
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert parse_retry_after(value, now=now) == expected


@given(st.text(max_size=60))
def test_retry_after_never_raises(value: str) -> None:
    seconds = parse_retry_after(value, now=datetime(2026, 11, 25, tzinfo=UTC))
    assert seconds is None or seconds >= 0
