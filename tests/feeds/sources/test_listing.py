"""The list -> details -> cursor helper: paging and stop rules, the detail budget, marks."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.requests import Request
from starlette.responses import Response

from feeds.exceptions import FetchError, HTTPStatusError, ParseError
from feeds.http import Fetcher
from feeds.sources import read_json
from feeds.sources.listing import (
    Details,
    Listing,
    Page,
    oldest_pending,
    prune_marks,
    read_details,
    read_pages,
)
from feeds.types import Draft
from tests.feeds.feedserver import FeedServer

# Marks are ISO dates; a day number stands for one in the generated cases.
marks = st.integers(1, 28).map(lambda day: f"2026-11-{day:02d}")


def draft(key: str) -> Draft:
    return Draft(
        native_id=key, url=f"https://example.org/{key}", title=key, summary="", language="en"
    )


def paged(rows: Sequence[str], size: int) -> Any:
    """A page reader over ``rows`` in pages of ``size`` (1-based), short last page, no past-end."""

    async def read_page(number: int) -> Page[str]:
        chunk = list(rows[(number - 1) * size : number * size])
        return Page(chunk, last=len(chunk) < size)

    return read_page


@given(
    st.lists(marks, max_size=40).map(lambda found: sorted(found, reverse=True)),
    marks,
    st.integers(1, 7),
)
def test_paging_stops_at_the_first_row_older_than_the_watermark(
    rows: list[str], since: str, size: int
) -> None:
    listing = asyncio.run(
        read_pages(paged(rows, size), first=1, max_pages=100, stop=lambda row: row < since)
    )
    # Rows come newest first: exactly the rows at or after the watermark, in order.
    assert list(listing.rows) == [row for row in rows if row >= since]
    older = next((i for i, row in enumerate(rows) if row < since), None)
    # No page after the one holding the first older row is asked for.
    pages_needed = older // size + 1 if older is not None else len(rows) // size + 1
    assert listing.pages == pages_needed
    assert not listing.exhausted
    assert listing.listed == sum(len(rows[i * size : (i + 1) * size]) for i in range(listing.pages))


@given(st.integers(0, 30), st.integers(1, 5), st.integers(1, 8))
def test_max_pages_cuts_a_listing_and_says_so(count: int, size: int, max_pages: int) -> None:
    rows = [f"r{i}" for i in range(count)]
    listing = asyncio.run(read_pages(paged(rows, size), first=1, max_pages=max_pages))
    pages_in_listing = count // size + 1  # the short (maybe empty) page ends it
    assert listing.exhausted is (pages_in_listing > max_pages)
    assert listing.pages == min(pages_in_listing, max_pages)
    assert list(listing.rows) == rows[: listing.pages * size]


def test_the_latest_stated_total_wins_and_a_page_past_the_end_is_not_counted() -> None:
    pages = {
        0: Page(["a", "b"], total=9, returned=3),  # one unusable row in the answer
        1: Page(["c"], total=None),
    }

    async def read_page(number: int) -> Page[str] | None:
        return pages.get(number)

    listing = asyncio.run(read_pages(read_page, first=0, max_pages=5))
    assert listing == Listing(("a", "b", "c"), listed=9, pages=2, exhausted=False)
    pages[1] = Page(["c"], total=4)
    assert asyncio.run(read_pages(read_page, first=0, max_pages=5)).listed == 4
    pages[0] = Page(["a", "b"], returned=3)
    pages[1] = Page(["c"])
    # No total stated: the rows the source returned, usable or not.
    assert asyncio.run(read_pages(read_page, first=0, max_pages=5)).listed == 4


OUTCOMES = ("ok", "unreadable", "parse", "fail", "refuse")


def run_details(outcomes: Sequence[str], budget: int) -> tuple[Details[int], list[int]]:
    asked: list[int] = []

    async def read(index: int) -> Draft:
        asked.append(index)
        outcome = outcomes[index]
        if outcome == "fail":
            raise HTTPStatusError(503, f"https://example.org/{index}")
        if outcome == "parse":
            raise ParseError(f"item {index} is not JSON")
        if outcome == "unreadable":
            raise ValueError("no id")
        return draft(str(index))

    def refuse(index: int) -> str | None:
        return f"item {index}: off the site" if outcomes[index] == "refuse" else None

    details = asyncio.run(
        read_details(range(len(outcomes)), key=str, read=read, budget=budget, refuse=refuse)
    )
    return details, asked


@given(st.lists(st.sampled_from(OUTCOMES), max_size=25), st.integers(1, 30))
def test_every_item_is_read_skipped_retried_or_left_never_dropped(
    outcomes: list[str], budget: int
) -> None:
    try:
        details, asked = run_details(outcomes, budget)
    except FetchError:
        # Only when every download attempted failed: the source is down.
        attempted = _attempted(outcomes, budget)
        assert attempted
        assert all(outcomes[i] == "fail" for i in attempted)
        return
    attempted = _attempted(outcomes, budget)
    assert not attempted or any(outcomes[i] != "fail" for i in attempted)
    assert asked == attempted
    assert details.attempted == len(attempted) <= budget
    settled = [i for i, _ in details.settled]
    buckets = [*settled, *details.failed, *details.refused, *details.left]
    assert sorted(buckets) == list(range(len(outcomes)))  # each item exactly once
    assert settled == [i for i in attempted if outcomes[i] in {"ok", "unreadable", "parse"}]
    assert [d.native_id for d in details.drafts] == [
        str(i) for i in attempted if outcomes[i] == "ok"
    ]
    assert list(details.failed) == [i for i in attempted if outcomes[i] == "fail"]
    # Once the budget is spent, everything after waits, refused or not.
    cut = attempted[-1] + 1 if len(attempted) == budget else len(outcomes)
    assert list(details.left) == list(range(cut, len(outcomes)))
    assert len(details.skipped) == len(details.failed) + len(details.refused) + len(
        details.unreadable
    )
    for index in details.failed:
        assert f"{index}: HTTP 503 from https://example.org/{index} (retried next run)" in (
            details.skipped
        )


def _attempted(outcomes: Sequence[str], budget: int) -> list[int]:
    attempted: list[int] = []
    for index, outcome in enumerate(outcomes):
        if len(attempted) >= budget:
            break
        if outcome != "refuse":
            attempted.append(index)
    return attempted


def test_details_keep_the_given_order_and_name_each_problem() -> None:
    details, _ = run_details(["ok", "refuse", "parse", "fail", "unreadable", "ok", "ok"], 5)
    assert [(i, d is not None) for i, d in details.settled] == [
        (0, True),
        (2, False),
        (4, False),
        (5, True),
    ]
    assert details.read == tuple((i, d) for i, d in details.settled if d is not None)
    assert details.unreadable == (2, 4)
    assert details.left == (6,)
    assert details.skipped == (
        "item 1: off the site",
        "2: item 2 is not JSON",
        "3: HTTP 503 from https://example.org/3 (retried next run)",
        "4: no id",
    )


@given(st.lists(marks, max_size=10), marks)
def test_the_watermark_waits_for_the_oldest_pending_item(
    pending: list[str], caught_up: str
) -> None:
    mark = oldest_pending(pending, caught_up=caught_up)
    if pending:
        assert mark == min(pending)
        assert all(mark <= p for p in pending)  # nothing pending is ever skipped over
    else:
        assert mark == caught_up


@given(
    st.dictionaries(st.text("abc", min_size=1, max_size=3), marks | st.just(""), max_size=20),
    marks,
    st.sets(st.text("abc", min_size=1, max_size=3), max_size=5),
    st.booleans(),
    st.none() | st.integers(1, 10),
)
def test_pruned_marks_keep_what_may_still_be_listed(
    found: dict[str, str],
    keep_from: str,
    listed: set[str],
    keep_unknown: bool,
    limit: int | None,
) -> None:
    kept = prune_marks(
        found, keep_from=keep_from, keep=listed, keep_unknown=keep_unknown, limit=limit
    )
    wanted = {
        k: v for k, v in found.items() if v >= keep_from or k in listed or (keep_unknown and not v)
    }
    assert kept.items() <= wanted.items()
    if limit is None or len(wanted) <= limit:
        assert kept == wanted
    else:
        assert len(kept) == limit
        # The newest marks stay.
        assert min(kept.values()) >= max(v for k, v in wanted.items() if k not in kept)


def json_page(rows: Sequence[Mapping[str, Any]], pages: int) -> Response:
    headers = {"X-WP-TotalPages": str(pages)}
    return Response(json.dumps(rows), media_type="application/json", headers=headers)


async def test_list_then_details_over_http(server: FeedServer, fetcher: Fetcher) -> None:
    items = [{"id": i, "modified": f"2026-11-{20 - i:02d}"} for i in range(1, 8)]

    async def listing_route(request: Request) -> Response:
        page = int(request.query_params["page"])
        if page > 3:
            return Response('{"code": "rest_post_invalid_page_number"}', status_code=400)
        return json_page(items[(page - 1) * 3 : page * 3], 4)  # claims one page too many

    async def detail_route(request: Request) -> Response:
        number = int(request.query_params["n"])
        if number == 2:
            return Response("busy", status_code=503)
        if number == 3:
            return Response("{not json", media_type="application/json")
        return Response(json.dumps({"title": f"Call {number}"}), media_type="application/json")

    server.add("/list", listing_route)
    server.add("/item", detail_route)

    async def read_page(page: int) -> Page[Mapping[str, Any]] | None:
        try:
            result = await fetcher.get(
                server.url("/list"), params={"page": page}, expect="json", conditional=False
            )
        except HTTPStatusError as error:
            if error.status == 400 and page > 1:
                return None
            raise
        rows = read_json(result, "list")
        pages = int(result.headers["x-wp-totalpages"])
        return Page(rows, last=len(rows) < 3 or page >= pages)

    listing = await read_pages(
        read_page, first=1, max_pages=10, stop=lambda row: row["modified"] < "2026-11-14"
    )
    assert [row["id"] for row in listing.rows] == [1, 2, 3, 4, 5, 6]  # 7 is older
    assert (listing.pages, listing.listed, listing.exhausted) == (3, 7, False)

    async def read(row: Mapping[str, Any]) -> Draft:
        result = await fetcher.get(
            server.url("/item"), params={"n": row["id"]}, expect="json", conditional=False
        )
        body = read_json(result, "item")
        return draft(body["title"])

    details = await read_details(listing.rows, key=lambda row: str(row["id"]), read=read, budget=4)
    assert [d.native_id for d in details.drafts] == ["Call 1", "Call 4"]
    assert [row["id"] for row in details.failed] == [2]
    assert [row["id"] for row in details.unreadable] == [3]
    assert [row["id"] for row in details.left] == [5, 6]
    assert details.skipped[0].startswith("2: HTTP 503 from ")
    assert details.skipped[1].startswith("3: item at ")
    assert details.skipped[1].endswith(")")
    assert "is not JSON" in details.skipped[1]
    pending = [row["modified"] for row in (*details.failed, *details.left)]
    assert oldest_pending(pending, caught_up="2026-11-19") == "2026-11-14"


async def test_every_detail_failing_raises_the_first_failure(
    server: FeedServer, fetcher: Fetcher
) -> None:
    server.static("/item", b"down", status=500, content_type="text/plain")

    async def read(index: int) -> Draft:
        await fetcher.get(server.url("/item"), params={"n": index}, conditional=False)
        return draft(str(index))

    with pytest.raises(HTTPStatusError, match="HTTP 500"):
        await read_details(range(3), key=str, read=read, budget=2)
    assert len(server.hits) == 2  # the budget still holds
