"""The rss adapter: conditional fetches, moved feeds, dates, ids and charsets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from feeds.exceptions import ChallengePage, SourceConfigError, UnexpectedContent
from feeds.http import Fetcher
from feeds.sources import rss
from feeds.types import CachingState, SourceKind, SourceSpec
from tests.feeds.conftest import NOW
from tests.feeds.feedserver import FeedServer


def spec(server: FeedServer, path: str, **options: object) -> SourceSpec:
    return SourceSpec("src", SourceKind.RSS, server.url(path), **options)  # type: ignore[arg-type]


async def test_second_fetch_is_conditional(server: FeedServer, fetcher: Fetcher) -> None:
    server.fixture("/rss.xml", "rss/erasmus.xml", compress=True)
    first = await rss.fetch(fetcher, spec(server, "/rss.xml"), CachingState(), now=NOW)
    assert first.listed == 3
    assert len(first.drafts) == 3
    second = await rss.fetch(fetcher, spec(server, "/rss.xml"), first.state, now=NOW)
    assert second.not_modified
    assert second.drafts == ()
    assert second.listed is None


async def test_a_moved_feed_is_followed_and_remembered(
    server: FeedServer, fetcher: Fetcher
) -> None:
    server.fixture("/new.xml", "rss/atom.xml")
    server.redirect("/old.xml", "/new.xml", 301)
    source = spec(server, "/old.xml")
    first = await rss.fetch(fetcher, source, CachingState(), now=NOW)
    assert first.state.url == server.url("/new.xml")
    again = await rss.fetch(fetcher, source, first.state, now=NOW)
    assert again.not_modified
    assert server.hits[-1].path == "/new.xml"  # straight to the new address
    assert server.count("/old.xml") == 1


async def test_publication_date_is_never_a_deadline(server: FeedServer, fetcher: Fetcher) -> None:
    server.static(
        "/news",
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>n</title><item>'
        b"<title>Minister visits a school</title><link>https://x.eu/1</link>"
        b"<pubDate>Tue, 01 Dec 2026 10:00:00 +0100</pubDate></item></channel></rss>",
    )
    [draft] = (await rss.fetch(fetcher, spec(server, "/news"), CachingState(), now=NOW)).drafts
    assert draft.published_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert draft.deadlines == ()
    assert "2026" not in draft.deadline_text


async def test_boe_extracts_carry_the_bdns_number(server: FeedServer, fetcher: Fetcher) -> None:
    server.fixture("/boe", "rss/boe.xml")
    read = await rss.fetch(fetcher, spec(server, "/boe", language="es"), CachingState(), now=NOW)
    assert [d.call_id for d in read.drafts] == ["BDNS-905627", "BDNS-904411"]
    assert "plazo de presentación" in read.drafts[1].deadline_text.lower()


async def test_romanian_feed_declared_utf8_in_iso_8859_2(
    server: FeedServer, fetcher: Fetcher
) -> None:
    server.fixture("/mfe", "rss/mfe-mislabelled.xml")
    read = await rss.fetch(fetcher, spec(server, "/mfe", language="ro"), CachingState(), now=NOW)
    assert read.drafts[1].title == "Lista plăţilor efectuate în luna octombrie"
    assert read.problems == ("declared utf-8 but the body is windows-1250",)
    # An English source has no Romanian fallback: the text is garbled, but it is not a crash.
    english = await rss.fetch(fetcher, spec(server, "/mfe"), CachingState(), now=NOW)
    assert english.drafts[1].title != read.drafts[1].title


async def test_encodings_parameter(server: FeedServer, fetcher: Fetcher) -> None:
    server.fixture("/mfe", "rss/mfe-mislabelled.xml")
    chosen = spec(server, "/mfe", params={"encodings": ["iso-8859-2"]})
    read = await rss.fetch(fetcher, chosen, CachingState(), now=NOW)
    assert read.problems == ("declared utf-8 but the body is iso-8859-2",)
    with pytest.raises(SourceConfigError, match="encodings"):
        await rss.fetch(
            fetcher, spec(server, "/mfe", params={"encodings": "latin2"}), CachingState(), now=NOW
        )


async def test_challenge_and_html_pages_fail(server: FeedServer, fetcher: Fetcher) -> None:
    server.static(
        "/cf",
        b"<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>",
        status=503,
        content_type="text/html",
    )
    server.static("/html", b"<html><body>Pagina nu exista</body></html>", content_type="text/html")
    with pytest.raises(ChallengePage):
        await rss.fetch(fetcher, spec(server, "/cf"), CachingState(), now=NOW)
    with pytest.raises(UnexpectedContent):
        await rss.fetch(fetcher, spec(server, "/html"), CachingState(), now=NOW)


def test_a_stated_zone_decides_where_text_deadlines_are() -> None:
    from feeds.classify import compile_taxonomy
    from feeds.normalize import build_opportunity
    from tests.feeds.conftest import make_taxonomy

    entry = {
        "title": "Second call for proposals",
        "link": "https://www.ro-md.example/call-2/",
        "summary": "Deadline for submission: 26 February 2027, 16:00.",
    }
    source = SourceSpec("ro-md", SourceKind.RSS, "https://www.ro-md.example/feed/", language="en")
    taxonomy = compile_taxonomy(make_taxonomy())
    plain = build_opportunity(
        rss.to_draft(entry, source), source=source, taxonomy=taxonomy, now=NOW
    )
    assert plain.next_deadline == datetime(2027, 2, 26, 15, 0, tzinfo=UTC)  # Brussels
    draft = rss.to_draft(entry, source, zone="Europe/Bucharest")
    local = build_opportunity(draft, source=source, taxonomy=taxonomy, now=NOW)
    assert local.next_deadline == datetime(2027, 2, 26, 14, 0, tzinfo=UTC)  # Romanian time
    assert local.deadline_zone == "Europe/Bucharest"
    with pytest.raises(SourceConfigError, match="unknown time zone"):
        rss.options(SourceSpec("x", SourceKind.RSS, "https://x/", params={"timezone": "CET+1"}))
