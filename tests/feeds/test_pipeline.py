"""fetch_source and fetch_many: filters, outages, dedupe, and failures that stay contained."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.requests import Request
from starlette.responses import Response

from feeds.classify import compile_taxonomy
from feeds.exceptions import (
    ChallengePage,
    FetchTimeout,
    HTTPStatusError,
    ParseError,
    SourceConfigError,
    SourceOutage,
)
from feeds.http import Fetcher
from feeds.pipeline import fetch_many, fetch_source
from feeds.sources import AdapterResult
from feeds.types import CachingState, SourceKind, SourceSpec
from tests.feeds.conftest import NOW, source_taxonomy
from tests.feeds.feedserver import FeedServer

TAXONOMY = compile_taxonomy(source_taxonomy())


def item(guid: str, title: str, text: str = "") -> str:
    return (
        f'<item><guid isPermaLink="false">{guid}</guid>'
        f"<title>{title}</title><link>https://x.eu/{guid}</link>"
        f"<description><![CDATA[<p>{text}</p>]]></description></item>"
    )


def feed(*items: str) -> bytes:
    body = "".join(items)
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    return f"{head}{body}</channel></rss>".encode()


def rss(server: FeedServer, path: str, **options: object) -> SourceSpec:
    return SourceSpec(path.strip("/"), SourceKind.RSS, server.url(path), **options)  # type: ignore[arg-type]


async def test_include_and_exclude_words_see_the_whole_text(
    server: FeedServer, fetcher: Fetcher
) -> None:
    long_tail = "word " * 200 + "apel de proiecte"  # beyond the 600-character summary
    server.static(
        "/ro",
        feed(
            item("1", "Comunicat", long_tail),
            item("2", "Lista plăților efectuate", "apel"),
            item("3", "Vizita ministrului", "fără legătură"),
        ),
    )
    spec = rss(server, "/ro", language="ro", include=("apel",), exclude=("lista platilor",))
    result = await fetch_source(fetcher, spec, CachingState(), taxonomy=TAXONOMY, now=NOW)
    assert [o.uid for o in result.opportunities] == ["ro:1"]


async def test_markup_never_reaches_the_summary(server: FeedServer, fetcher: Fetcher) -> None:
    hostile = "<script>alert(1)</script><style>p{}</style><p>Apel <b>deschis</b></p><img src=x>"
    server.static("/html", feed(item("1", "T<i>itle</i>", hostile)))
    result = await fetch_source(
        fetcher, rss(server, "/html"), CachingState(), taxonomy=TAXONOMY, now=NOW
    )
    [opportunity] = result.opportunities
    assert opportunity.summary == "Apel deschis"
    assert opportunity.title == "Title"


async def test_relative_links_are_resolved(server: FeedServer, fetcher: Fetcher) -> None:
    server.static(
        "/rel",
        feed('<item><title>A</title><link>/news/a</link><guid isPermaLink="false">a</guid></item>'),
    )
    result = await fetch_source(
        fetcher, rss(server, "/rel"), CachingState(), taxonomy=TAXONOMY, now=NOW
    )
    assert result.opportunities[0].url == server.url("/news/a")


async def test_duplicates_are_merged(server: FeedServer, fetcher: Fetcher) -> None:
    server.static("/dup", feed(item("same", "First"), item("same", "Again"), item("b", "Other")))
    result = await fetch_source(
        fetcher, rss(server, "/dup"), CachingState(), taxonomy=TAXONOMY, now=NOW
    )
    assert sorted(o.uid for o in result.opportunities) == ["dup:b", "dup:same"]


async def test_not_modified_keeps_the_state(server: FeedServer, fetcher: Fetcher) -> None:
    server.static("/f", feed(item("1", "A")), headers={"Cache-Control": "max-age=600"})
    spec = rss(server, "/f", min_items=1)
    first = await fetch_source(fetcher, spec, CachingState(), taxonomy=TAXONOMY, now=NOW)
    again = await fetch_source(fetcher, spec, first.state, taxonomy=TAXONOMY, now=NOW)
    assert again.not_modified
    assert again.opportunities == ()
    assert again.state.etag == first.state.etag
    assert again.retry_after == 600  # and a 304 is no outage, whatever min_items says


async def test_an_empty_answer_from_a_big_source_is_an_outage(
    server: FeedServer, fetcher: Fetcher
) -> None:
    server.static("/empty", feed())
    with pytest.raises(SourceOutage, match="listed 0 items where at least 50"):
        await fetch_source(
            fetcher, rss(server, "/empty", min_items=50), CachingState(), taxonomy=TAXONOMY, now=NOW
        )
    quiet = await fetch_source(
        fetcher, rss(server, "/empty"), CachingState(), taxonomy=TAXONOMY, now=NOW
    )
    assert quiet.opportunities == ()  # without min_items an empty feed is just quiet


async def test_skipped_entries_are_recorded(server: FeedServer, fetcher: Fetcher) -> None:
    server.static(
        "/mixed", feed(item("1", "Fine"), "<item><description>no title</description></item>")
    )
    result = await fetch_source(
        fetcher, rss(server, "/mixed"), CachingState(), taxonomy=TAXONOMY, now=NOW
    )
    assert [o.uid for o in result.opportunities] == ["mixed:1"]
    assert len(result.skipped) == 1
    assert "neither a title nor a link" in result.skipped[0]


async def test_one_failing_source_never_blocks_the_others(
    server: FeedServer, fetcher: Fetcher
) -> None:
    server.static("/ok", feed(item("1", "Call for proposals", "Deadline: 3 March 2027")))
    server.static("/empty", feed())
    server.static("/broken", b"<rss><channel><item><title>unclosed", content_type="text/xml")
    server.static("/cf", b"<title>Just a moment...</title>cf-chl-", status=403)

    async def slow(request: Request) -> Response:
        await asyncio.sleep(1)
        return Response(feed())

    server.add("/slow", slow)
    specs = [
        rss(server, "/ok"),
        rss(server, "/empty", min_items=10),
        rss(server, "/broken"),
        rss(server, "/gone"),
        rss(server, "/cf"),
        rss(server, "/slow"),
        SourceSpec(
            "bad-config", SourceKind.EU_FT, server.url("/x"), params={"programmes": ["Interreg"]}
        ),
    ]
    outcomes = await fetch_many(
        fetcher,
        [(s, CachingState()) for s in specs],
        taxonomy=TAXONOMY,
        now=NOW,
        source_timeout=0.3,
    )
    assert [o.source_id for o in outcomes] == [s.id for s in specs]  # input order
    by_id = {o.source_id: o for o in outcomes}
    ok = by_id["ok"].result
    assert ok is not None
    assert ok.opportunities[0].deadlines
    assert by_id["ok"].error is None
    expected = {
        "empty": SourceOutage,
        "broken": ParseError,
        "gone": HTTPStatusError,
        "cf": ChallengePage,
        "slow": FetchTimeout,
        "bad-config": SourceConfigError,
    }
    for source_id, kind in expected.items():
        outcome = by_id[source_id]
        assert outcome.result is None
        assert isinstance(outcome.error, kind), (source_id, outcome.error)
        assert outcome.error is not None
        assert outcome.error.reason
    assert "Interreg" in str(by_id["bad-config"].error)
    assert all(o.seconds >= 0 for o in outcomes)
    assert by_id["slow"].seconds < 1


async def test_an_adapter_bug_is_a_recorded_failure(
    server: FeedServer, fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(
        fetcher: Fetcher, spec: SourceSpec, state: CachingState, *, now: datetime
    ) -> AdapterResult:
        raise KeyError("surprise")

    def adapter_for(kind: SourceKind) -> Callable[..., Awaitable[AdapterResult]]:
        return broken

    monkeypatch.setattr("feeds.pipeline.adapter_for", adapter_for)
    spec = rss(server, "/any")
    with pytest.raises(ParseError, match="KeyError"):
        await fetch_source(fetcher, spec, CachingState(), taxonomy=TAXONOMY, now=NOW)
    [outcome] = await fetch_many(fetcher, [(spec, CachingState())], taxonomy=TAXONOMY, now=NOW)
    assert isinstance(outcome.error, ParseError)


@settings(max_examples=60, deadline=None)
@given(
    payload=st.binary(max_size=600)
    | st.text(max_size=600).map(str.encode)
    | st.sampled_from([b"<rss", b"<feed>", b"<?xml version='1.0'?><rss><channel><item>"]).flatmap(
        lambda head: st.text(max_size=300).map(lambda tail: head + tail.encode())
    ),
    content_type=st.sampled_from(
        [
            "application/rss+xml",
            "text/html",
            "application/octet-stream",
            "text/xml; charset=latin-1",
        ]
    ),
    status=st.sampled_from([200, 200, 200, 403, 500]),
)
def test_odd_feeds_never_crash_the_pipeline(payload: bytes, content_type: str, status: int) -> None:
    """Any bytes give either opportunities or a recorded failure."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=payload, headers={"Content-Type": content_type})

    async def run() -> None:
        spec = SourceSpec("fuzz", SourceKind.RSS, "http://127.0.0.1/feed", language="ro")
        async with Fetcher.create(transport=httpx.MockTransport(answer)) as fetcher:
            [outcome] = await fetch_many(
                fetcher, [(spec, CachingState())], taxonomy=TAXONOMY, now=NOW
            )
        if outcome.error is not None:
            assert outcome.result is None
            assert outcome.error.reason
            return
        assert outcome.result is not None
        for opportunity in outcome.result.opportunities:
            assert opportunity.uid.startswith("fuzz:")
            assert opportunity.title
            assert len(opportunity.summary) <= 600

    asyncio.run(run())
