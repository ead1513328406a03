"""The html adapter: call links from a listing, pages read once and re-read when due."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from feeds.exceptions import HTTPStatusError
from feeds.http import Fetcher
from feeds.sources import check_params, html_list
from feeds.types import CachingState, SourceKind, SourceSpec
from tests.feeds.conftest import NOW
from tests.feeds.feedserver import DATA, FeedServer

LISTING = "/finantare/ps-pac-2023-2027/"
PAGES = [
    "/finantare/ps-pac-2023-2027/dr-37-cooperare-gal/",
    "/finantare/ps-pac-2023-2027/dr-16-procesare-2026/",
    "/finantare/ps-pac-2023-2027/dr-36-leader-gal-campia-de-vest-apel-2/",
]


def spec(server: FeedServer, **params: object) -> SourceSpec:
    return SourceSpec(
        "ro-afir",
        SourceKind.HTML,
        server.url(LISTING),
        language="ro",
        params={"links": "/finantare/ps-pac-2023-2027/(?:dr|sm)-", "pace_seconds": 0, **params},
    )


def serve(server: FeedServer) -> None:
    case = json.loads((DATA / "html_list" / "afir.case.json").read_text(encoding="utf-8"))
    server.serve_case(case["routes"], DATA / "html_list")


def page_hits(server: FeedServer) -> list[str]:
    return [hit.path for hit in server.hits if hit.path != LISTING]


async def test_links_of_the_listing_then_each_page_once(
    server: FeedServer, fetcher: Fetcher
) -> None:
    serve(server)
    first = await html_list.fetch(fetcher, spec(server), CachingState(), now=NOW)
    # Menu, news, the fragment link to a page already listed and off-site links are not calls.
    assert page_hits(server) == PAGES
    assert [d.native_id for d in first.drafts] == [server.url(p) for p in PAGES]
    assert first.listed == 3
    assert set(first.state.cursor["read"]) == {server.url(p) for p in PAGES}
    server.hits.clear()
    second = await html_list.fetch(fetcher, spec(server), first.state, now=NOW)
    assert second.drafts == ()
    assert page_hits(server) == []
    assert second.listed == 3  # the listing still counts for the outage check


async def test_pages_are_read_again_when_due_least_recent_first(
    server: FeedServer, fetcher: Fetcher
) -> None:
    serve(server)
    first = await html_list.fetch(fetcher, spec(server, max_details=2), CachingState(), now=NOW)
    assert page_hits(server) == PAGES[:2]
    assert first.problems == ("1 pages left for the next run (max_details)",)
    server.hits.clear()
    later = NOW + timedelta(hours=1)
    second = await html_list.fetch(fetcher, spec(server, max_details=2), first.state, now=later)
    assert page_hits(server) == PAGES[2:]  # the new one; the others are not due yet
    server.hits.clear()
    due = NOW + timedelta(hours=73)
    third = await html_list.fetch(fetcher, spec(server, max_details=2), second.state, now=due)
    assert page_hits(server) == PAGES[:2]  # read longest ago first
    assert third.problems == ("1 pages left for the next run (max_details)",)


async def test_a_failed_page_is_read_next_run(server: FeedServer, fetcher: Fetcher) -> None:
    serve(server)
    server.static(PAGES[1], b"busy", status=503, content_type="text/plain")
    first = await html_list.fetch(fetcher, spec(server), CachingState(), now=NOW)
    assert len(first.drafts) == 2
    assert any("HTTP 503" in s and "retried next run" in s for s in first.skipped)
    assert server.url(PAGES[1]) not in first.state.cursor["read"]
    serve(server)
    server.hits.clear()
    second = await html_list.fetch(fetcher, spec(server), first.state, now=NOW)
    assert page_hits(server) == [PAGES[1]]
    assert second.drafts[0].title.startswith("DR-16")


async def test_every_page_failing_fails_the_source(server: FeedServer, fetcher: Fetcher) -> None:
    serve(server)
    for path in PAGES:
        server.static(path, b"down", status=500, content_type="text/plain")
    with pytest.raises(HTTPStatusError, match="HTTP 500"):
        await html_list.fetch(fetcher, spec(server), CachingState(), now=NOW)


def test_title_text_and_publication_date_of_a_page() -> None:
    source = SourceSpec("x", SourceKind.HTML, "https://x.example.es/", language="es")
    markup = (
        "<html><head><title>Ayudas 2027 - Sitio</title>"
        '<meta property="og:title" content="Ayudas para la inclusión 2027">'
        "</head><body><nav><a href='/'>Inicio</a> Menú</nav>"
        "<main><p>Plazo de presentación: hasta el 15 de marzo de 2027.</p>"
        '<p>Publicado el <time datetime="2026-11-02T10:00:00">2 nov</time></p></main>'
        "<footer>Aviso legal</footer></body></html>"
    )
    draft = html_list.read_page(markup, "https://x.example.es/a", source, ("ES",))
    assert draft.title == "Ayudas para la inclusión 2027"  # no h1: og:title
    assert "Menú" not in draft.summary
    assert "Aviso legal" not in draft.summary
    assert "15 de marzo de 2027" in draft.deadline_text
    assert draft.published_at is not None
    assert draft.published_at.isoformat() == "2026-11-02T10:00:00+01:00"  # site-local
    assert draft.eligible_countries == ("ES",)
    framed = html_list.read_page(
        '<body><header><h1><img alt="Logo"></h1></header><article><header class="entry">'
        "<h1>Apel de proiecte 3/2027</h1></header><p>Termen limită: 1 martie 2027.</p>"
        "</article></body>",
        "https://x.example.es/d",
        source,
    )
    assert framed.title == "Apel de proiecte 3/2027"
    assert framed.summary == "Termen limită: 1 martie 2027."
    bare = html_list.read_page("<title>Solo título</title>", "https://x.example.es/b", source)
    assert bare.title == "Solo título"
    with pytest.raises(ValueError, match="without title or text"):
        html_list.read_page("<html><body> </body></html>", "https://x.example.es/c", source)


def test_listing_links_stay_on_the_site_and_follow_the_pattern() -> None:
    source = SourceSpec(
        "x",
        SourceKind.HTML,
        "https://a.example.ro/apeluri",
        params={"links": "/apel/", "exclude": "arhiva", "max_links": 2},
    )
    markup = (
        '<a href="/apel/unu#sus">1</a><a href="apel/unu">1 again</a>'
        '<a href="https://b.example.ro/apel/strain">elsewhere</a>'
        '<a href="mailto:x@a.example.ro">mail</a><a href="/apel/arhiva-2020">old</a>'
        '<a href="/apel/doi">2</a><a href="/apel/trei">3</a>'
    )
    links = html_list.listing_links(markup, source.url, html_list.options(source))
    assert links == ["https://a.example.ro/apel/unu", "https://a.example.ro/apel/doi"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "links is required"),
        ({"links": "(unclosed"}, "not a regular expression"),
        ({"links": "/apel/", "countries": "RO"}, "ISO 3166"),
        ({"links": "/apel/", "timezone": "Europe/Bucuresti"}, "unknown time zone"),
        ({"links": "/apel/", "max_detail": 3}, "max_detail: unknown parameter"),
    ],
)
def test_parameters_are_checked(params: dict[str, object], message: str) -> None:
    problems = check_params(SourceKind.HTML, params)
    assert len(problems) == 1
    name, reason = problems[0]
    assert re.search(message, f"{name}: {reason}" if name else reason)
