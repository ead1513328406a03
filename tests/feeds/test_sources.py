"""Every adapter against realistic payloads served over loopback, compared with golden files."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.requests import Request
from starlette.responses import Response

from feeds.classify import compile_taxonomy
from feeds.exceptions import FeedError, ParseError, SourceOutage
from feeds.http import Fetcher
from feeds.pipeline import fetch_many, fetch_source
from feeds.types import CachingState, SourceKind, SourceSpec, Status
from tests.feeds.feedserver import DATA, FeedServer
from tests.feeds.golden import check, default_taxonomy, serialise

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TAXONOMY = compile_taxonomy(default_taxonomy())


async def no_sleep(_: float) -> None:
    return None


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as running:
        yield running


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher.create() as made:
        yield made


@pytest.mark.parametrize(
    ("name", "language", "options"),
    [
        ("erasmus.xml", "en", {"programme": "erasmus-plus"}),
        ("mfe.xml", "ro", {"exclude": ("lista plăților",)}),
        ("boe.xml", "es", {}),
        ("atom.xml", "en", {}),
    ],
)
async def test_rss_golden(
    server: FeedServer, fetcher: Fetcher, name: str, language: str, options: dict[str, object]
) -> None:
    server.fixture(f"/{name}", f"rss/{name}", compress=True)
    spec = SourceSpec(
        name.split(".")[0], SourceKind.RSS, server.url(f"/{name}"), language=language, **options
    )  # type: ignore[arg-type]
    result = await fetch_source(fetcher, spec, CachingState(), taxonomy=TAXONOMY, now=NOW)
    check(DATA / "rss" / f"{name}.expected.json", serialise(result.opportunities, server.base))
    again = await fetch_source(fetcher, spec, result.state, taxonomy=TAXONOMY, now=NOW)
    assert again.not_modified
    assert again.opportunities == ()


async def test_rss_details_that_matter(server: FeedServer, fetcher: Fetcher) -> None:
    server.fixture("/mfe", "rss/mfe.xml", content_type="application/rss+xml; charset=utf-8")
    spec = SourceSpec(
        "ro-mfe", SourceKind.RSS, server.url("/mfe"), language="ro", exclude=("lista plăților",)
    )
    items = (
        await fetch_source(fetcher, spec, CachingState(), taxonomy=TAXONOMY, now=NOW)
    ).opportunities
    titles = [i.title for i in items]
    assert len(items) == 2  # the payments list is excluded
    assert "formare profesională" in titles[0]  # windows-1250 cedillas read correctly
    peo = items[0]
    assert peo.deadlines[0] == datetime(2027, 2, 27, 14, 0, tzinfo=UTC)  # 16:00 Bucharest
    assert "national" in peo.programmes  # "Programul Educaţie şi Ocupare" / PEO
    assert {"vet", "youth"} <= set(peo.themes)


async def test_eu_ft_golden(server: FeedServer, fetcher: Fetcher) -> None:
    pages = {n: (DATA / "eu_ft" / f"page{n}.json").read_bytes() for n in (1, 2, 3)}
    seen: list[dict[str, object]] = []

    async def search(request: Request) -> Response:
        form = await request.form()
        parts = {
            k: json.loads(await v.read()) if hasattr(v, "read") else json.loads(v)
            for k, v in form.items()
        }
        seen.append({"params": dict(request.query_params), **parts})
        return Response(
            pages[int(request.query_params["pageNumber"])], media_type="application/json"
        )

    server.add("/search", search)
    spec = SourceSpec("eu-ft", SourceKind.EU_FT, server.url("/search"), params={"pace_seconds": 0})
    result = await fetch_source(fetcher, spec, CachingState(), taxonomy=TAXONOMY, now=NOW)
    check(DATA / "eu_ft" / "expected.json", serialise(result.opportunities, server.base))
    assert [s["params"]["pageNumber"] for s in seen] == ["1", "2", "3"]
    assert seen[0]["sort"] == {"field": "identifier", "order": "ASC"}
    assert seen[0]["params"]["apiKey"] == "SEDIA"
    by_id = {i.topic_id: i for i in result.opportunities}
    assert len(by_id) == 4  # a row repeated across pages is kept once
    life = by_id["LIFE-2027-SAP-ENV"]
    assert life.status is Status.FORTHCOMING
    assert len(life.deadlines) == 2
    assert life.budget_total == 50000000
    digital = by_id["DIGITAL-2026-SKILLS-09"]
    assert digital.status is Status.CLOSED  # "Open" in the API, but its deadline has passed
    assert by_id["CASCADE-GREENYOUTH-2026"].url.endswith("/competitive-calls-cs/9988776")


async def test_eu_ft_retries_a_failing_page(server: FeedServer, fetcher: Fetcher) -> None:
    calls = 0

    async def flaky(request: Request) -> Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            return Response("oops", status_code=502)
        return Response(b'{"results": []}', media_type="application/json")

    server.add("/search", flaky)
    from feeds.sources import eu_ft

    spec = SourceSpec("eu-ft", SourceKind.EU_FT, server.url("/search"))
    read = await eu_ft.fetch(fetcher, spec, CachingState(), NOW, sleep=no_sleep)
    assert read.drafts == ()
    assert calls == 2


async def test_bdns_golden_and_cursor(server: FeedServer, fetcher: Fetcher) -> None:
    server.fixture(
        "/api/convocatorias/ultimas", "bdns/ultimas.json", content_type="application/json"
    )
    details = {
        n: (DATA / "bdns" / f"detail-{n}.json").read_bytes() for n in ("905627", "904411", "903999")
    }

    async def detail(request: Request) -> Response:
        return Response(details[request.query_params["numConv"]], media_type="application/json")

    server.add("/api/convocatorias", detail)
    spec = SourceSpec(
        "es-bdns", SourceKind.BDNS, server.url("/api"), language="es", params={"pace_seconds": 0}
    )
    result = await fetch_source(fetcher, spec, CachingState(), taxonomy=TAXONOMY, now=NOW)
    check(DATA / "bdns" / "expected.json", serialise(result.opportunities, server.base))
    by_call = {i.call_id: i for i in result.opportunities}
    training = by_call["BDNS-905627"]
    assert training.eligible_countries == ("ES", "ES300", "ES61")
    assert training.eligible_org_types == ("ngo", "sme")
    assert str(training.budget_total) == "25000000.5"
    relative = by_call["BDNS-903999"]
    assert relative.deadline_confidence is not None
    assert relative.deadline_confidence.value == "approx"
    again = await fetch_source(fetcher, spec, result.state, taxonomy=TAXONOMY, now=NOW)
    assert again.opportunities == ()  # details are read once per call
    assert sum(1 for hit in server.hits if hit.path == "/api/convocatorias") == 3


async def test_wp_json_golden(server: FeedServer, fetcher: Fetcher) -> None:
    for taxonomy in ("beneficiar", "domeniu", "tip_apel", "zona_geografica"):
        server.fixture(
            f"/wp-json/wp/v2/{taxonomy}",
            f"wp_json/terms-{taxonomy}.json",
            content_type="application/json",
        )
    server.fixture(
        "/wp-json/wp/v2/apel",
        "wp_json/apel-page1.json",
        content_type="application/json",
        headers={"X-WP-TotalPages": "1"},
    )
    for slug in ("formare-adulti-peo-2026", "economie-sociala-continuu", "mediu-comunitati-2025"):
        server.fixture(
            f"/apel/{slug}/", f"wp_json/page-{slug}.html", content_type="text/html; charset=utf-8"
        )
    spec = SourceSpec(
        "ro-oportunitati",
        SourceKind.WP_JSON,
        server.url("/wp-json/wp/v2/apel"),
        language="ro",
        params={"pace_seconds": 0},
    )
    result = await fetch_source(fetcher, spec, CachingState(), taxonomy=TAXONOMY, now=NOW)
    check(DATA / "wp_json" / "expected.json", serialise(result.opportunities, server.base))
    by_title = {i.title: i for i in result.opportunities}
    adult = by_title["Formare profesională a adulților – PEO 2026"]
    assert adult.status is Status.FORTHCOMING
    assert str(adult.budget_total) == "33435294"
    assert adult.eligible_org_types == ("ngo", "public")
    continuous = by_title["Sprijin pentru întreprinderi de economie socială"]
    assert continuous.status is Status.OPEN
    assert continuous.currency == "RON"
    assert by_title["Comunități verzi 2025"].status is Status.CLOSED
    assert all(hit.headers.get("accept-language", "").startswith("ro") for hit in server.hits)
    pages_before = sum(1 for hit in server.hits if hit.path.startswith("/apel/"))
    await fetch_source(fetcher, spec, result.state, taxonomy=TAXONOMY, now=NOW)
    assert sum(1 for hit in server.hits if hit.path.startswith("/apel/")) == pages_before


async def test_outage_and_failures_are_recorded_per_source(
    server: FeedServer, fetcher: Fetcher
) -> None:
    server.fixture("/ok.xml", "rss/erasmus.xml")
    server.static(
        "/empty.xml",
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
    )
    server.static(
        "/broken.xml", b"<rss><channel><item><title>unclosed", content_type="application/xml"
    )
    specs = [
        SourceSpec("ok", SourceKind.RSS, server.url("/ok.xml")),
        SourceSpec("usually-big", SourceKind.RSS, server.url("/empty.xml"), min_items=100),
        SourceSpec("broken", SourceKind.RSS, server.url("/broken.xml")),
        SourceSpec("gone", SourceKind.RSS, server.url("/gone.xml")),
    ]
    outcomes = await fetch_many(
        fetcher, [(s, CachingState()) for s in specs], taxonomy=TAXONOMY, now=NOW
    )
    by_id = {o.source_id: o for o in outcomes}
    assert by_id["ok"].result is not None
    assert len(by_id["ok"].result.opportunities) == 3
    assert isinstance(by_id["usually-big"].error, SourceOutage)
    assert isinstance(by_id["gone"].error, FeedError)
    assert isinstance(by_id["broken"].error, ParseError)
    assert "neither a title nor a link" in str(by_id["broken"].error)


@settings(max_examples=80, deadline=None)
@given(
    payload=st.binary(max_size=600)
    | st.text(max_size=600).map(str.encode)
    | st.sampled_from([b"<rss", b"<feed>", b"<?xml version='1.0'?><rss><channel><item>"]).flatmap(
        lambda head: st.text(max_size=300).map(lambda tail: head + tail.encode())
    ),
    content_type=st.sampled_from(["application/rss+xml", "text/html", "application/octet-stream"]),
)
def test_any_bytes_give_opportunities_or_a_recorded_failure(
    payload: bytes, content_type: str
) -> None:
    import httpx

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=payload, headers={"Content-Type": content_type})

    async def run() -> str:
        spec = SourceSpec("fuzz", SourceKind.RSS, "http://127.0.0.1/feed")
        async with Fetcher.create(transport=httpx.MockTransport(answer)) as fetcher:
            try:
                result = await fetch_source(
                    fetcher, spec, CachingState(), taxonomy=TAXONOMY, now=NOW
                )
            except FeedError as failure:
                return f"failed: {failure.reason}"
        for item in result.opportunities:
            assert item.uid.startswith("fuzz:")
            assert item.title
        return f"{len(result.opportunities)} opportunities"

    outcome = asyncio.run(run())
    assert (outcome.startswith("failed: ") and len(outcome) > 8) or outcome.endswith(
        "opportunities"
    )


def test_golden_files_exist_for_every_adapter() -> None:
    for adapter in ("rss", "eu_ft", "bdns", "wp_json"):
        assert list((DATA / adapter).glob("*expected.json")), adapter


_ = Path
