"""The F&T search adapter: request shape, paging, retries, pacing and the answer's quirks."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import pytest
from starlette.requests import Request
from starlette.responses import Response

from feeds.exceptions import HTTPStatusError, ParseError, SourceConfigError
from feeds.http import Fetcher
from feeds.sources import eu_ft
from feeds.types import (
    CachingState,
    DeadlineModel,
    OpportunityKind,
    SourceKind,
    SourceSpec,
    Status,
)
from tests.feeds.conftest import NOW, Sleeps
from tests.feeds.feedserver import DATA, FeedServer, Hit

PATH = "/search-api/prod/rest/search"
EMPTY = b'{"totalResults": 0, "results": []}'


def spec(server: FeedServer, **params: Any) -> SourceSpec:
    return SourceSpec("eu-ft", SourceKind.EU_FT, server.url(PATH), params=params)


def parts(hit: Hit) -> dict[str, Any]:
    """The multipart body's parts, each decoded as JSON, with their content types."""
    head = f"Content-Type: {hit.headers['content-type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + hit.body)
    found: dict[str, Any] = {}
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        name = str(part.get_param("name", header="content-disposition"))
        found[name] = (part.get_content_type(), json.loads(payload))
    return found


def serve_pages(server: FeedServer) -> None:
    pages = {str(n): (DATA / "eu_ft" / f"page{n}.json").read_bytes() for n in (1, 2, 3)}

    async def search(request: Request) -> Response:
        return Response(pages[request.query_params["pageNumber"]], media_type="application/json")

    server.add(PATH, search)


async def test_request_is_multipart_json_sorted_by_identifier(
    server: FeedServer, fetcher: Fetcher
) -> None:
    serve_pages(server)
    read = await eu_ft.fetch(fetcher, spec(server), CachingState(), now=NOW)
    hits = [h for h in server.hits if h.path == PATH]
    assert [h.method for h in hits] == ["POST"] * 3
    assert [dict(p.split("=") for p in h.query.split("&"))["pageNumber"] for h in hits] == [
        "1",
        "2",
        "3",
    ]
    assert "apiKey=SEDIA" in hits[0].query
    assert "pageSize=100" in hits[0].query
    sent = parts(hits[0])
    assert sent["sort"] == ("application/json", {"field": "identifier", "order": "ASC"})
    assert sent["languages"] == ("application/json", ["en"])
    must = sent["query"][1]["bool"]["must"]
    assert {"terms": {"type": ["1", "2", "8"]}} in must
    assert {"terms": {"status": ["31094501", "31094502"]}} in must
    assert {"term": {"programmePeriod": "2021 - 2027"}} in must
    programmes = next(
        m["terms"]["frameworkProgramme"] for m in must if "frameworkProgramme" in m.get("terms", {})
    )
    assert programmes == list(eu_ft.DEFAULT_PROGRAMMES)
    assert "43251814" not in programmes  # Creative Europe only on request
    # The repeated row is kept once; the row without identifier is recorded.
    assert read.listed == 5
    assert len({d.native_id for d in read.drafts}) == len(read.drafts) == 5
    assert read.skipped == ("page 2 row 4: no identifier",)


async def test_quirks_of_the_answer(server: FeedServer, fetcher: Fetcher) -> None:
    serve_pages(server)
    read = await eu_ft.fetch(fetcher, spec(server), CachingState(), now=NOW)
    by_id = {d.native_id: d for d in read.drafts}
    erasmus = by_id["ERASMUS-EDU-2027-PCOOP-ENGO"]
    assert erasmus.title.startswith("Partnerships for cooperation")  # metadata.title[0]
    assert erasmus.programme == "Erasmus+"
    assert erasmus.action_type == "ERASMUS Lump Sum Grants"  # double space
    assert erasmus.keywords == ("Adult education", "Vocational training", "Social inclusion")
    assert erasmus.budget_total == Decimal("12000000")  # only this topic's action
    assert erasmus.grant_max == Decimal("400000")
    assert erasmus.status_hint is Status.OPEN  # a hint; status is derived from dates
    life = by_id["LIFE-2027-SAP-ENV"]
    assert life.deadline_model is DeadlineModel.TWO_STAGE
    assert len(life.deadlines) == 2
    assert life.deadlines[0].utcoffset() is not None
    cerv = by_id["CERV-2027-CHILD"]
    assert cerv.deadline_model is DeadlineModel.CUT_OFFS
    assert cerv.budget_total == Decimal("4500000")  # type 2: plain budget
    assert cerv.url.endswith("/prospect-details/CERV-2027-CHILD")
    cascade = by_id["cascade-9988776"]  # type 8, no metadata: known by its own callccm2Id
    assert cascade.related == ("eu-ft:CASCADE-GREENYOUTH-2026",)
    assert cascade.url.endswith("/competitive-calls-cs/9988776")
    assert cascade.title.startswith("Open call: green skills")
    assert cascade.programme == "ESF+"
    digital = by_id["DIGITAL-2026-SKILLS-09"]
    assert digital.deadlines == (datetime(2026, 9, 24, 15, 0, tzinfo=UTC),)  # 17:00 Brussels
    assert all(d.deadline_has_time for d in read.drafts if d.deadlines)
    assert {d.deadline_zone for d in read.drafts} == {"Europe/Brussels"}


def serve_cascades(server: FeedServer) -> None:
    pages = {str(n): (DATA / "eu_ft" / f"cascade-page{n}.json").read_bytes() for n in (1, 2)}

    async def search(request: Request) -> Response:
        return Response(pages[request.query_params["pageNumber"]], media_type="application/json")

    server.add(PATH, search)


async def test_cascade_calls_of_one_topic_are_each_their_own_record(
    server: FeedServer, fetcher: Fetcher
) -> None:
    serve_cascades(server)
    types = ["tender", "grant", "external", "cascade"]
    read = await eu_ft.fetch(fetcher, spec(server, types=types), CachingState(), now=NOW)
    parent = "DIGITAL-2026-EDIH-SOCIAL-04"
    by_id = {d.native_id: d for d in read.drafts}
    cascades = [d for d in read.drafts if d.kind_hint is OpportunityKind.CASCADE]
    # Four cascade calls share the parent's identifier; none collapses into another or
    # into the parent topic, which is read as well.
    assert read.listed == 8
    assert len(cascades) == 4
    assert {"cascade-15102", "cascade-15117", "cascade-15240"} <= set(by_id)
    assert by_id[parent].kind_hint is OpportunityKind.CALL
    assert by_id[parent].related == ()
    assert by_id[parent].budget_total == Decimal("8000000")
    for cascade in cascades:
        assert cascade.related == (f"eu-ft:{parent}",)
        assert cascade.call_id is None  # the parent's call id would merge them as duplicates
        assert cascade.topic_id == cascade.native_id
    vouchers = by_id["cascade-15102"]
    assert vouchers.title == "Open Call 1: digitalisation vouchers for social enterprises"
    assert vouchers.url.endswith("/competitive-calls-cs/15102")
    assert vouchers.budget_total == Decimal("600000")  # its own budget, not the parent's lines
    assert by_id["cascade-15117"].budget_total == Decimal("900000")
    assert by_id["cascade-15117"].grant_max is None
    # Without callccm2Id: a stable identity from the call's own URL and title.
    unnamed = next(c for c in cascades if not c.raw["callccm2Id"])
    assert unnamed.native_id.startswith("cascade-")
    assert unnamed.native_id == eu_ft.cascade_id(
        {
            "identifier": parent,
            "url": "https://socialhubs-project.eu/open-calls/youth-pilots",
            "title": "Open call for youth-led digital inclusion pilots",
        }
    )
    assert unnamed.url == "https://socialhubs-project.eu/open-calls/youth-pilots"
    # External Action calls: grants (ACT) are calls, services (SER) are tenders.
    assert by_id["EuropeAid/186702/DD/ACT/MD"].kind_hint is OpportunityKind.CALL
    assert by_id["EuropeAid/186950/DH/SER/MD"].kind_hint is OpportunityKind.TENDER
    assert by_id["EMPL/2026/OP/0031"].kind_hint is OpportunityKind.TENDER
    assert all(d.deadline_has_time and d.deadline_zone == "Europe/Brussels" for d in cascades)
    sent = parts(server.hits[0])
    assert {"terms": {"type": ["0", "1", "2", "8"]}} in sent["query"][1]["bool"]["must"]


def test_the_same_rows_twice_give_the_same_identities() -> None:
    record = {"type": "8", "identifier": "T-1", "title": "Open call", "url": "https://x.eu/c"}
    assert eu_ft.cascade_id(record) == eu_ft.cascade_id(dict(record))
    assert eu_ft.cascade_id(record) != eu_ft.cascade_id({**record, "title": "Open call 2"})
    assert eu_ft.row_key({**record, "callccm2Id": "77"}) == "cascade-77"
    assert eu_ft.row_key({**record, "type": "1"}) == "T-1"


@pytest.mark.parametrize(
    ("types", "codes"),
    [
        (["grant", "cascade"], ("1", "8")),
        (["1", "2", "8"], ("1", "2", "8")),
        (["Tenders", "External Action", 8], ("0", "2", "8")),
    ],
)
def test_record_types_by_code_or_name(types: list[Any], codes: tuple[str, ...]) -> None:
    assert eu_ft.type_codes(types) == codes


@pytest.mark.parametrize(
    ("types", "message"),
    [(["calls", "prizes"], "unknown record type"), ([], "at least one"), ("1", "expected a list")],
)
async def test_bad_record_types_are_configuration_errors(
    server: FeedServer, fetcher: Fetcher, types: Any, message: str
) -> None:
    with pytest.raises(SourceConfigError, match=message):
        await eu_ft.fetch(fetcher, spec(server, types=types), CachingState(), now=NOW)
    assert server.hits == []


async def test_a_failed_page_is_retried_with_backoff(
    server: FeedServer, fetcher: Fetcher, sleeps: Sleeps
) -> None:
    answers = [
        Response("oops", status_code=502),
        Response(
            b'{"type": "throwable", "message": "search timeout"}', media_type="application/json"
        ),
        Response(EMPTY, media_type="application/json"),
    ]

    async def flaky(request: Request) -> Response:
        return answers.pop(0)

    server.add(PATH, flaky)
    read = await eu_ft.fetch(fetcher, spec(server, pace_seconds=0), CachingState(), now=NOW)
    assert read.drafts == ()
    assert read.listed == 0
    assert server.count(PATH) == 3
    assert sleeps.calls == [2.0, 4.0]


async def test_gives_up_after_three_retries(
    server: FeedServer, fetcher: Fetcher, sleeps: Sleeps
) -> None:
    server.static(
        PATH, b"down", status=503, content_type="text/plain", headers={"Retry-After": "10"}
    )
    with pytest.raises(HTTPStatusError, match="HTTP 503"):
        await eu_ft.fetch(fetcher, spec(server, pace_seconds=0), CachingState(), now=NOW)
    assert server.count(PATH) == 4
    assert sleeps.calls == [10.0, 10.0, 10.0]  # Retry-After beats a shorter backoff


async def test_client_errors_and_garbage_are_not_retried(
    server: FeedServer, fetcher: Fetcher, sleeps: Sleeps
) -> None:
    server.static(PATH, b'{"error": "bad query"}', status=400, content_type="application/json")
    with pytest.raises(HTTPStatusError, match="HTTP 400"):
        await eu_ft.fetch(fetcher, spec(server, pace_seconds=0), CachingState(), now=NOW)
    assert server.count(PATH) == 1
    server.static(PATH, b'{"no": "results"}', content_type="application/json")
    with pytest.raises(ParseError, match="no results list"):
        await eu_ft.fetch(fetcher, spec(server, pace_seconds=0, retries=0), CachingState(), now=NOW)
    assert sleeps.calls == []


async def test_pages_are_paced(server: FeedServer, sleeps: Sleeps) -> None:
    serve_pages(server)
    # Page 2 is ready 0.2 s after page 1 went out; page 3 only after a slow 1.5 s answer.
    clock = iter([100.0, 100.2, 102.5])

    async with Fetcher.create(sleep=sleeps, clock=lambda: next(clock)) as paced:
        await eu_ft.fetch(paced, spec(server), CachingState(), now=NOW)
    # Page 1 at once, then one request per second, counting the time a request took.
    assert sleeps.calls == pytest.approx([0.8])


@pytest.mark.parametrize(
    ("programmes", "codes"),
    [
        (["43353764"], ("43353764",)),
        (
            ["Erasmus+", "esf+", "Digital Europe", "LIFE"],
            ("43353764", "43254019", "43152860", "43252405"),
        ),
        (
            ["single market", "Solidarity Corps", "Just Transition"],
            ("43252476", "43254037", "44773066"),
        ),
        (["99999999"], ("99999999",)),  # an unknown code is asked for; its rows show the code
    ],
)
def test_programme_names_and_codes(programmes: list[str], codes: tuple[str, ...]) -> None:
    assert eu_ft.programme_codes(programmes) == codes


@pytest.mark.parametrize(
    ("programmes", "message"),
    [
        (["Interreg Europe"], "not in the F&T search API"),
        (["Erasmus+ 2021"], "unknown programme"),
        ("43353764", "expected a list"),
    ],
)
async def test_bad_programmes_are_configuration_errors(
    server: FeedServer, fetcher: Fetcher, programmes: Any, message: str
) -> None:
    with pytest.raises(SourceConfigError, match=message):
        await eu_ft.fetch(fetcher, spec(server, programmes=programmes), CachingState(), now=NOW)
    assert server.hits == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-12-08T00:00:00.000+0000", datetime(2026, 12, 8, tzinfo=UTC)),
        ("2027-04-16T17:00:00.000+0200", datetime(2027, 4, 16, 15, tzinfo=UTC)),
        ("2024-09-27+02:00 Europe/Brussels", datetime(2024, 9, 27, 15, tzinfo=UTC)),
        ("2027-02-01", datetime(2027, 2, 1, 16, tzinfo=UTC)),
        ("2026-12-08T17:00:00Z", datetime(2026, 12, 8, 17, tzinfo=UTC)),
        ("1796137200000", datetime(2026, 12, 1, 15, tzinfo=UTC)),
        ("not a date", None),
        ("", None),
    ],
)
def test_dates(raw: str, expected: datetime | None) -> None:
    assert eu_ft.parse_date(raw) == expected


def test_budget_keeps_only_this_topics_actions() -> None:
    overview = {
        "budgetTopicActionMap": {
            "1": [
                {
                    "action": "T-1 - 2027",
                    "budgetYearMap": {"2027": 1000000.5, "2028": 500000},
                    "maxContribution": 60000,
                },
                {"action": "T-10 - 2027", "budgetYearMap": {"2027": 9}},
                {
                    "action": "T-1 - 2028",
                    "budgetYearMap": {"2028": "250000"},
                    "maxContribution": 80000,
                },
            ]
        }
    }
    record = {"metadata": {"budgetOverview": [json.dumps(overview)]}}
    total, largest = eu_ft.budget(record, "T-1")
    assert total == Decimal("1750000.5")
    assert isinstance(total, Decimal)
    assert largest == Decimal("80000")
    assert eu_ft.budget({"metadata": {"budgetOverview": ["{not json"]}}, "T-1") == (None, None)


def test_a_row_without_title_or_identifier_is_refused() -> None:
    with pytest.raises(ValueError, match="identifier"):
        eu_ft.to_draft({"metadata": {"title": ["x"]}})
    with pytest.raises(ValueError, match="title"):
        eu_ft.to_draft({"metadata": {"identifier": ["X-1"]}})
