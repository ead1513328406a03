"""The WordPress REST adapter: WAF headers, paging, re-reading only changed posts, labels."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import pytest
from starlette.requests import Request
from starlette.responses import Response

from feeds.exceptions import ChallengePage
from feeds.http import Fetcher
from feeds.sources import wp_json
from feeds.types import CachingState, SourceKind, SourceSpec
from tests.feeds.conftest import NOW
from tests.feeds.feedserver import DATA, FeedServer

ENDPOINT = "/wp-json/wp/v2/apel"
CHALLENGE = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>"


def spec(server: FeedServer, **params: object) -> SourceSpec:
    return SourceSpec(
        "ro-oportunitati",
        SourceKind.WP_JSON,
        server.url(ENDPOINT),
        language="ro",
        params={"pace_seconds": 0, **params},
    )


def serve(server: FeedServer, posts: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The golden case's routes; the post list paged by the request's per_page, like WP."""
    case = json.loads((DATA / "wp_json" / "apel.case.json").read_text(encoding="utf-8"))
    server.serve_case(case["routes"], DATA / "wp_json")
    listed = posts if posts is not None else json.loads(server.load("wp_json/apel-page1.json"))

    async def paged(request: Request) -> Response:
        size, page = int(request.query_params["per_page"]), int(request.query_params["page"])
        pages = max(1, -(-len(listed) // size))
        if page > pages:
            body = {"code": "rest_post_invalid_page_number", "data": {"status": 400}}
            return Response(json.dumps(body), status_code=400, media_type="application/json")
        chunk = listed[(page - 1) * size : page * size]
        headers = {"X-WP-Total": str(len(listed)), "X-WP-TotalPages": str(pages)}
        return Response(json.dumps(chunk), media_type="application/json", headers=headers)

    server.add(ENDPOINT, paged)
    return listed


def pages_read(server: FeedServer) -> list[str]:
    return [hit.path for hit in server.hits if hit.path.startswith("/apel/")]


def listing_pages(server: FeedServer) -> list[str]:
    return [parse_qs(hit.query)["page"][0] for hit in server.hits if hit.path == ENDPOINT]


async def test_browser_like_headers_and_honest_agent(server: FeedServer, fetcher: Fetcher) -> None:
    serve(server)
    await wp_json.fetch(fetcher, spec(server), CachingState(), now=NOW)
    assert server.hits
    for hit in server.hits:
        assert hit.headers["accept-language"].startswith("ro-RO")
        assert hit.headers["referer"] == server.base + "/"
        assert hit.headers["user-agent"].startswith("inexa-bot/")
    listing = next(hit for hit in server.hits if hit.path == ENDPOINT)
    query = parse_qs(listing.query)
    assert query["orderby"] == ["modified"]
    assert query["order"] == ["desc"]
    assert "zona_geografica" in query["_fields"][0]


async def test_paging_stops_at_the_last_page(server: FeedServer, fetcher: Fetcher) -> None:
    serve(server)
    read = await wp_json.fetch(fetcher, spec(server, per_page=2), CachingState(), now=NOW)
    assert listing_pages(server) == ["1", "2"]  # X-WP-TotalPages
    assert read.listed == 4
    assert len(read.drafts) == 4


async def test_a_listing_longer_than_max_pages_says_so_and_keeps_its_place(
    server: FeedServer, fetcher: Fetcher
) -> None:
    """Pages past ``max_pages`` are never read: the run says so, and the watermark does not
    pass over the posts on them (they would never be read otherwise)."""
    serve(server)
    read = await wp_json.fetch(
        fetcher, spec(server, per_page=1, max_pages=2), CachingState(), now=NOW
    )
    assert listing_pages(server) == ["1", "2"]
    assert len(read.drafts) == 2  # the two newest, read and remembered
    assert read.problems == ("stopped after 2 listing pages; raise max_pages",)
    assert read.state.cursor["since"] == ""  # not caught up: nothing older was seen

    server.hits.clear()
    again = await wp_json.fetch(fetcher, spec(server, per_page=1, max_pages=9), read.state, now=NOW)
    assert len(again.drafts) == 2  # the two it could not reach before; the others not re-read
    assert again.problems == ()
    assert again.state.cursor["since"] == "2026-11-22T16:45:10"


async def test_past_the_last_page_wordpress_answers_400(
    server: FeedServer, fetcher: Fetcher
) -> None:
    posts = serve(server)

    async def no_totals(request: Request) -> Response:
        page = int(request.query_params["page"])
        if page > 2:
            return Response('{"code": "rest_post_invalid_page_number"}', status_code=400)
        chunk = posts[(page - 1) * 2 : page * 2]
        return Response(json.dumps(chunk), media_type="application/json")

    server.add(ENDPOINT, no_totals)
    read = await wp_json.fetch(fetcher, spec(server, per_page=2), CachingState(), now=NOW)
    assert listing_pages(server) == ["1", "2", "3"]
    assert read.listed == 4


async def test_only_changed_posts_are_read_again(server: FeedServer, fetcher: Fetcher) -> None:
    posts = serve(server)
    first = await wp_json.fetch(fetcher, spec(server), CachingState(), now=NOW)
    assert len(pages_read(server)) == 4
    assert first.state.cursor["since"] == "2026-11-22T16:45:10"

    server.hits.clear()
    quiet = await wp_json.fetch(fetcher, spec(server), first.state, now=NOW)
    assert quiet.drafts == ()
    assert pages_read(server) == []
    assert [h.path for h in server.hits] == [ENDPOINT]  # no taxonomy requests either
    assert quiet.listed == 4

    edited = {**posts[2], "modified": "2026-11-24T08:00:00"}
    serve(server, [edited, *posts[:2], *posts[3:]])
    server.hits.clear()
    again = await wp_json.fetch(fetcher, spec(server), quiet.state, now=NOW)
    assert [d.native_id for d in again.drafts] == ["5102"]
    assert pages_read(server) == ["/apel/economie-sociala-continuu/"]
    assert listing_pages(server) == ["1"]


async def test_detail_budget_and_failures_carry_over(server: FeedServer, fetcher: Fetcher) -> None:
    serve(server)
    server.static("/apel/formare-adulti-peo-2026/", CHALLENGE, status=403, content_type="text/html")
    first = await wp_json.fetch(fetcher, spec(server, max_details=3), CachingState(), now=NOW)
    assert [d.native_id for d in first.drafts] == ["5104", "5102"]
    assert any(s.startswith("5101: anti-bot challenge page") for s in first.skipped)
    assert first.problems == ("1 calls left for the next run (max_details)",)
    assert first.state.cursor["since"] == "2025-06-02T08:00:00"  # oldest post still to read
    serve(server)
    second = await wp_json.fetch(fetcher, spec(server, max_details=3), first.state, now=NOW)
    assert sorted(d.native_id for d in second.drafts) == ["5101", "5103"]
    assert second.state.cursor["since"] == "2026-11-22T16:45:10"


async def test_all_pages_blocked_fails_the_source(server: FeedServer, fetcher: Fetcher) -> None:
    posts = serve(server)
    for post in posts:
        path = post["link"].removeprefix(server.base)
        server.static(path, CHALLENGE, status=403, content_type="text/html")
    with pytest.raises(ChallengePage):
        await wp_json.fetch(fetcher, spec(server), CachingState(), now=NOW)


async def test_old_posts_are_not_listed(server: FeedServer, fetcher: Fetcher) -> None:
    serve(server)
    read = await wp_json.fetch(fetcher, spec(server, max_age_days=365), CachingState(), now=NOW)
    assert [d.native_id for d in read.drafts] == ["5104", "5101", "5102"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31 decembrie 2026 23:59", datetime(2026, 12, 31, 21, 59, tzinfo=UTC)),
        ("31 Decembrie 2026, ora 16:00", datetime(2026, 12, 31, 14, 0, tzinfo=UTC)),
        ("15 ian. 2027", datetime(2027, 1, 15, 21, 59, tzinfo=UTC)),
        ("1 iulie 2027 ora 10.00", datetime(2027, 7, 1, 7, 0, tzinfo=UTC)),
        ("31.12.2026", datetime(2026, 12, 31, 21, 59, tzinfo=UTC)),
        ("31/03/2027, orele 12:00", datetime(2027, 3, 31, 9, 0, tzinfo=UTC)),
        ("fără termen", None),
        ("31.02.2027", None),
        ("", None),
    ],
)
def test_romanian_dates(text: str, expected: datetime | None) -> None:
    assert wp_json.parse_ro_date(text) == expected


def test_opening_dates_start_the_day() -> None:
    opening = wp_json.parse_ro_date("02.10.2026", default_time=time(0, 0))
    assert opening == datetime(2026, 10, 1, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("33.435.294 EUR", "33435294", "EUR"),
        ("12.000.000,50 lei", "12000000.50", "RON"),
        ("EUR 4.500.000", "4500000", "EUR"),
        ("1 250 000 euro", "1250000", "EUR"),
        ("5.000.000 RON", "5000000", "RON"),
        ("nespecificat", None, None),
    ],
)
def test_amounts(text: str, amount: str | None, currency: str | None) -> None:
    assert wp_json.parse_amount(text) == (Decimal(amount) if amount else None, currency)


@pytest.mark.parametrize(
    "page",
    [
        "<p><strong>Data închiderii:</strong> 31.12.2026</p><p>Buget UE: 1.000 EUR</p>",
        "<dl><dt>Data închiderii:</dt><dd>31.12.2026</dd><dt>Buget UE:</dt><dd>1.000 EUR</dd></dl>",
        "<table><tr><td>Data inchiderii</td></tr><tr><td>31.12.2026</td></tr>"
        "<tr><td>Buget UE</td><td>1.000 EUR</td></tr></table>",
        "<p>DATA ÎNCHIDERII: 31.12.2026 Buget UE: 1.000 EUR</p>",
    ],
)
def test_labels_wherever_the_theme_puts_them(page: str) -> None:
    fields = wp_json.read_detail(page)
    assert fields["closing"] == "31.12.2026"
    assert fields["budget"].replace(":", "").strip() == "1.000 EUR"


def test_organisation_types_and_regions() -> None:
    names = [
        "ONG-uri (asociații și fundații)",
        "Autorități publice locale",
        "IMM-uri",
        "Furnizori de formare profesională",
        "Unități de învățământ",
        "Universități",
        "Întreprinderi sociale",
        "Situații de urgență",  # contains "uat" inside a word: no match
    ]
    assert wp_json.org_types(names) == (
        "ngo",
        "public",
        "sme",
        "vet_provider",
        "school",
        "university",
        "social_enterprise",
    )
    assert wp_json.regions(["Nord-Est", "Regiunea Vest", "Sud-Vest Oltenia", "Național"]) == (
        "RO21",
        "RO42",
        "RO41",
    )


async def test_links_off_the_site_are_not_followed(server: FeedServer, fetcher: Fetcher) -> None:
    posts = serve(server)
    posts[0] = {**posts[0], "link": "http://169.254.169.254/latest/meta-data/"}
    serve(server, posts)
    read = await wp_json.fetch(fetcher, spec(server), CachingState(), now=NOW)
    assert "5104" not in {d.native_id for d in read.drafts}
    assert any(s.startswith("post 5104: link http://169.254.169.254/") for s in read.skipped)
    assert len(pages_read(server)) == 3


@pytest.mark.parametrize(
    ("closing", "deadline", "timed"),
    [
        ("30.06.2027", datetime(2027, 6, 30, 23, 59, tzinfo=wp_json.BUCHAREST), False),
        ("30 iunie 2027", datetime(2027, 6, 30, 23, 59, tzinfo=wp_json.BUCHAREST), False),
        ("30 iunie 2027, ora 16:00", datetime(2027, 6, 30, 16, 0, tzinfo=wp_json.BUCHAREST), True),
    ],
)
def test_a_date_only_deadline_is_that_day_in_bucharest(
    closing: str, deadline: datetime, timed: bool
) -> None:
    post = {"id": 7, "link": "https://x.ro/apel/a/", "title": {"rendered": "Apel"}}
    draft = wp_json.to_draft(post, {}, {"closing": closing})
    assert draft.deadlines == (deadline,)
    assert draft.deadline_has_time is timed
    assert draft.deadline_zone == "Europe/Bucharest"
