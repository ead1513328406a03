"""The BDNS adapter: search window, cursor, detail budget, failures and field mappings."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from starlette.requests import Request
from starlette.responses import Response

from feeds.classify import compile_taxonomy
from feeds.exceptions import HTTPStatusError, SourceConfigError, SourceOutage
from feeds.http import Fetcher
from feeds.pipeline import fetch_source
from feeds.sources import bdns
from feeds.types import CachingState, DeadlineModel, SourceKind, SourceSpec, Status
from tests.feeds.conftest import NOW, source_taxonomy
from tests.feeds.feedserver import DATA, FeedServer

API = "/bdnstrans/api"
SEARCH = f"{API}/convocatorias/busqueda"
DETAIL = f"{API}/convocatorias"
NUMBERS = ["905627", "906100", "904411", "903999"]


def spec(server: FeedServer, **params: object) -> SourceSpec:
    return SourceSpec(
        "es-bdns",
        SourceKind.BDNS,
        server.url(API),
        language="es",
        params={"pace_seconds": 0, "page_size": 3, **params},
    )


def serve(server: FeedServer) -> None:
    case = json.loads((DATA / "bdns" / "busqueda.case.json").read_text(encoding="utf-8"))
    server.serve_case(case["routes"], DATA / "bdns")


def queries(server: FeedServer, path: str) -> list[dict[str, str]]:
    return [
        {k: v[0] for k, v in parse_qs(hit.query).items()} for hit in server.hits if hit.path == path
    ]


async def test_search_pages_then_details_then_nothing_new(
    server: FeedServer, fetcher: Fetcher
) -> None:
    serve(server)
    first = await bdns.fetch(fetcher, spec(server), CachingState(), now=NOW)
    searches = queries(server, SEARCH)
    assert [q["page"] for q in searches] == ["0", "1"]  # 0-based, until "last"
    assert searches[0] == {"vpd": "GE", "page": "0", "pageSize": "3", "fechaDesde": "18/11/2026"}
    assert [q["numConv"] for q in queries(server, DETAIL)] == NUMBERS  # 904411 listed twice
    assert [d.native_id for d in first.drafts] == NUMBERS
    assert first.listed == 5  # totalElements
    assert first.state.cursor["since"] == "2026-11-25"
    assert set(first.state.cursor["seen"]) == set(NUMBERS)

    server.hits.clear()
    second = await bdns.fetch(fetcher, spec(server), first.state, now=NOW)
    assert second.drafts == ()
    assert queries(server, DETAIL) == []  # watched calls are read again at most daily
    # The window still spans four days, so a quiet weekend never looks like an outage.
    assert queries(server, SEARCH)[0]["fechaDesde"] == "21/11/2026"


async def test_calls_are_read_again_until_published_and_while_open(
    server: FeedServer, fetcher: Fetcher
) -> None:
    serve(server)
    first = await bdns.fetch(fetcher, spec(server), CachingState(), now=NOW)
    # Every listed call is open or awaits its gazette extract: all are watched.
    assert set(first.state.cursor["watch"]) == set(NUMBERS)
    assert first.state.cursor["watch"]["905627"]["until"] == "2026-12-19"
    server.hits.clear()
    later = NOW + timedelta(days=1)
    second = await bdns.fetch(fetcher, spec(server, max_details=2), first.state, now=later)
    # Nothing new in the listing: two re-reads, least recently checked first (ties by number).
    assert [q["numConv"] for q in queries(server, DETAIL)] == ["903999", "904411"]
    assert [d.native_id for d in second.drafts] == ["903999", "904411"]
    assert "2 watched calls wait for a later re-read (max_details)" in second.problems
    server.hits.clear()
    third = await bdns.fetch(fetcher, spec(server, max_details=2), second.state, now=later)
    assert [q["numConv"] for q in queries(server, DETAIL)] == ["905627", "906100"]
    assert third.state.cursor["watch"]["905627"]["checked"] == later.isoformat()
    # After its last deadline day a call is dropped without another request.
    server.hits.clear()
    after = datetime(2027, 1, 16, 9, 0, tzinfo=UTC)
    fourth = await bdns.fetch(fetcher, spec(server), third.state, now=after)
    assert "904411" not in fourth.state.cursor["watch"]  # closed on 15 January
    assert "905627" not in fourth.state.cursor["watch"]
    assert "904411" not in [q["numConv"] for q in queries(server, DETAIL)]


async def test_a_call_closes_for_good_when_the_source_says_so(
    server: FeedServer, fetcher: Fetcher
) -> None:
    serve(server)
    first = await bdns.fetch(fetcher, spec(server), CachingState(), now=NOW)
    detail = json.loads((DATA / "bdns" / "detail-906100.json").read_text(encoding="utf-8"))
    detail["abierto"] = False  # the credit ran out
    detail["anuncios"] = [{"datPublicacion": "2026-11-23T00:00:00.000+01:00", "texto": ""}]
    server.static(DETAIL, json.dumps(detail).encode(), content_type="application/json")
    later = NOW + timedelta(days=2)
    second = await bdns.fetch(fetcher, spec(server, max_details=10), first.state, now=later)
    closed = next(d for d in second.drafts if d.native_id == "906100")
    assert closed.status_hint is Status.CLOSED
    assert "906100" not in second.state.cursor["watch"]


def test_a_call_awaiting_its_gazette_extract_is_forthcoming_not_closed() -> None:
    row = {"numeroConvocatoria": "903999", "fechaRecepcion": "2026-11-21"}
    detail = json.loads((DATA / "bdns" / "detail-903999.json").read_text(encoding="utf-8"))
    # abierto: false, the extract is scheduled for 27 November; the period opens the day
    # after and lasts a month from the publication.
    draft = bdns.to_draft(row, detail, now=NOW)
    assert draft.status_hint is Status.FORTHCOMING
    assert draft.opening_date == datetime(2026, 11, 28, tzinfo=bdns.MADRID)
    assert draft.published_at == datetime(2026, 11, 27, tzinfo=bdns.MADRID)
    assert bdns.keep_watching(draft, today=NOW.date())
    # No notice at all yet: no publication date, so a relative period is not counted
    # from the reception date.
    unpublished = bdns.to_draft(row, {**detail, "anuncios": []}, now=NOW)
    assert unpublished.status_hint is Status.FORTHCOMING
    assert unpublished.published_at is None
    assert unpublished.opening_date is None
    # Scheduled, with no start text: it cannot open before its publication day.
    scheduled = bdns.to_draft(row, {**detail, "textInicio": None}, now=NOW)
    assert scheduled.opening_date == datetime(2026, 11, 27, tzinfo=bdns.MADRID)
    # Once published it is an ordinary call: the source's flag counts again.
    published = bdns.to_draft(row, detail, now=datetime(2026, 11, 28, 9, tzinfo=UTC))
    assert published.status_hint is Status.CLOSED
    # A call that is not published in a gazette and has no dates is not forthcoming.
    plain = bdns.to_draft(row, {**detail, "anuncios": [], "sePublicaDiarioOficial": False}, now=NOW)
    assert plain.status_hint is Status.CLOSED


async def test_forthcoming_calls_reach_the_pipeline_as_forthcoming(
    server: FeedServer, fetcher: Fetcher
) -> None:
    serve(server)
    result = await fetch_source(
        fetcher,
        spec(server),
        CachingState(),
        taxonomy=compile_taxonomy(source_taxonomy()),
        now=NOW,
    )
    by_id = {o.uid: o for o in result.opportunities}
    assert by_id["es-bdns:903999"].status is Status.FORTHCOMING
    deadline = by_id["es-bdns:905627"]
    assert (deadline.deadline_has_time, deadline.deadline_zone) == (False, "Europe/Madrid")


async def test_detail_budget_carries_over_to_the_next_run(
    server: FeedServer, fetcher: Fetcher
) -> None:
    serve(server)
    first = await bdns.fetch(fetcher, spec(server, max_details=3), CachingState(), now=NOW)
    assert [d.native_id for d in first.drafts] == NUMBERS[:3]
    assert first.problems == ("1 calls left for the next run (max_details)",)
    assert first.state.cursor["since"] == "2026-11-21"  # the oldest call still unread
    server.hits.clear()
    second = await bdns.fetch(fetcher, spec(server, max_details=3), first.state, now=NOW)
    assert [d.native_id for d in second.drafts] == ["903999"]
    assert queries(server, SEARCH)[0]["fechaDesde"] == "21/11/2026"


async def test_a_failed_detail_is_retried_next_run(server: FeedServer, fetcher: Fetcher) -> None:
    serve(server)
    good = server.routes[DETAIL]

    async def one_broken(request: Request) -> Response:
        if request.query_params["numConv"] == "906100":
            return Response("busy", status_code=503)
        return await good(request)

    server.add(DETAIL, one_broken)
    first = await bdns.fetch(fetcher, spec(server), CachingState(), now=NOW)
    assert "906100" not in {d.native_id for d in first.drafts}
    assert any(s.startswith("906100: HTTP 503") for s in first.skipped)
    assert "906100" not in first.state.cursor["seen"]
    assert first.state.cursor["since"] == "2026-11-23"
    server.add(DETAIL, good)
    second = await bdns.fetch(fetcher, spec(server), first.state, now=NOW)
    assert [d.native_id for d in second.drafts] == ["906100"]


async def test_all_details_failing_fails_the_source(server: FeedServer, fetcher: Fetcher) -> None:
    serve(server)
    server.static(DETAIL, b"down", status=500, content_type="text/plain")
    with pytest.raises(HTTPStatusError, match="HTTP 500"):
        await bdns.fetch(fetcher, spec(server), CachingState(), now=NOW)


async def test_filters_are_passed_to_the_search(server: FeedServer, fetcher: Fetcher) -> None:
    serve(server)
    filters = {"finalidad": 11, "regiones": [1, 7], "mrr": False}
    await bdns.fetch(fetcher, spec(server, filters=filters), CachingState(), now=NOW)
    sent = queries(server, SEARCH)[0]
    assert (sent["finalidad"], sent["regiones"], sent["mrr"]) == ("11", "1,7", "false")


async def test_empty_window_is_an_outage_for_a_big_source(
    server: FeedServer, fetcher: Fetcher
) -> None:
    empty = b'{"content": [], "totalElements": 0, "totalPages": 0, "number": 0, "last": true}'
    server.static(SEARCH, empty, content_type="application/json")
    source = SourceSpec(
        "es-bdns", SourceKind.BDNS, server.url(API), min_items=20, params={"pace_seconds": 0}
    )
    with pytest.raises(SourceOutage, match="listed 0 items"):
        await fetch_source(
            fetcher,
            source,
            CachingState(),
            taxonomy=compile_taxonomy(source_taxonomy()),
            now=NOW,
        )


async def test_configuration_is_checked(server: FeedServer, fetcher: Fetcher) -> None:
    wrong = SourceSpec("b", SourceKind.BDNS, server.url(SEARCH))
    with pytest.raises(SourceConfigError, match="API root"):
        await bdns.fetch(fetcher, wrong, CachingState(), now=NOW)
    with pytest.raises(SourceConfigError, match="max_details"):
        await bdns.fetch(fetcher, spec(server, max_details=0), CachingState(), now=NOW)
    with pytest.raises(SourceConfigError, match="listing"):
        await bdns.fetch(fetcher, spec(server, listing="rss"), CachingState(), now=NOW)
    assert server.hits == []


def test_mappings() -> None:
    assert bdns.org_types(
        [
            "PERSONAS JURÍDICAS QUE NO DESARROLLAN ACTIVIDAD ECONÓMICA",
            "PYME Y PERSONAS FÍSICAS QUE DESARROLLAN ACTIVIDAD ECONÓMICA",
            "GRAN EMPRESA",
            "PERSONAS FÍSICAS QUE NO DESARROLLAN ACTIVIDAD ECONÓMICA",
        ]
    ) == ("ngo", "public", "sme")
    assert bdns.regions(["ES300 - MADRID", "ES61 - ANDALUCIA", "ES - ESPAÑA", "Otros"]) == (
        "ES",
        "ES300",
        "ES61",
    )


def test_detail_to_draft() -> None:
    row = {"numeroConvocatoria": "906100", "fechaRecepcion": "2026-11-23"}
    detail = json.loads((DATA / "bdns" / "detail-906100.json").read_text(encoding="utf-8"))
    draft = bdns.to_draft(row, detail, now=NOW)
    assert draft.continuous  # "Hasta agotar el crédito disponible"
    assert draft.deadlines == ()
    assert draft.deadline_text == ""
    assert draft.status_hint is Status.OPEN
    assert draft.budget_total == Decimal("3200000")
    assert draft.url == "https://www.infosubvenciones.es/bdnstrans/GE/es/convocatorias/906100"
    assert draft.eligible_countries == ("ES", "ES51")
    assert draft.published_at == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    relative = bdns.to_draft(
        {"numeroConvocatoria": "1"},
        {
            "textFin": "Diez días hábiles desde la publicación",
            "abierto": False,
            "anuncios": [{"datPublicacion": "2026-11-10T00:00:00.000+01:00"}],
        },
        now=NOW,
    )
    assert relative.deadline_text == (
        "Plazo de presentación de solicitudes: Diez días hábiles desde la publicación"
    )
    assert relative.status_hint is Status.CLOSED
    assert relative.deadline_model is DeadlineModel.UNKNOWN
    with pytest.raises(ValueError, match="numeroConvocatoria"):
        bdns.to_draft({}, {}, now=NOW)
