"""Ingestion on a real database: storing, changes, cross-source duplicates, failures and health."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.config import Settings, parse_settings
from bot.core.i18n import Catalogs
from bot.db.models import OpportunityChange, OpportunityRow
from bot.db.session import Database
from bot.jobs.fetch import SourceNotice, fetch_due, render_table
from bot.services.ingestion import Ingestion
from feeds.http import Fetcher
from tests.feeds.feedserver import FeedServer
from tests.harness import Clock

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ATOM = Path(__file__).resolve().parents[2] / "data" / "sources" / "rss" / "atom.xml"


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as running:
        yield running


def settings_for(server: FeedServer, tmp_path: Path) -> Settings:
    return parse_settings(
        {
            "sources": [
                {"id": "boe", "kind": "rss", "url": server.url("/boe.xml"), "language": "es"},
                {
                    "id": "eacea",
                    "kind": "rss",
                    "url": server.url("/atom.xml"),
                    "interval_minutes": 60,
                },
                {
                    "id": "flaky",
                    "kind": "rss",
                    "url": server.url("/flaky.xml"),
                    "interval_minutes": 60,
                },
            ]
        },
        environ={},
        base_dir=tmp_path,
    )


async def test_fetch_store_change_and_health(
    db: Database, server: FeedServer, tmp_path: Path
) -> None:
    server.fixture("/boe.xml", "rss/boe.xml")
    server.fixture("/atom.xml", "rss/atom.xml")
    server.static("/flaky.xml", b"down", status=503, content_type="text/plain")
    settings = settings_for(server, tmp_path)
    clock = Clock(NOW, frozen=True)
    notices: list[str] = []
    english = Catalogs(["en"], "en").get("en")

    async def notify(notice: SourceNotice) -> None:
        notices.append(notice.render(english))

    async with Fetcher.create() as fetcher:
        reports = await fetch_due(db, settings, clock=clock, fetcher=fetcher, notify=notify)
        by_id = {r.source_id: r for r in reports}
        assert by_id["boe"].stored is not None
        assert by_id["boe"].stored.new == 2
        assert by_id["eacea"].stored is not None
        assert by_id["eacea"].stored.new == 1
        assert by_id["flaky"].error is not None
        assert "HTTP 503" in by_id["flaky"].error
        assert notices == []  # one failure is not yet an incident worth a notice
        table = render_table(reports)
        assert "boe" in table
        assert "total" in table

        # Nothing is due right after a successful fetch.
        assert await fetch_due(db, settings, clock=clock, fetcher=fetcher, notify=notify) == []

        # A forced re-fetch gets 304s: nothing new, nothing changed.
        again = await fetch_due(db, settings, clock=clock, fetcher=fetcher, only=["boe", "eacea"])
        assert all(r.not_modified for r in again)

        # The flaky source keeps failing: backoff grows, coordinators are told once.
        for _ in range(4):
            clock.now += timedelta(days=1)
            await fetch_due(
                db, settings, clock=clock, fetcher=fetcher, notify=notify, only=["flaky"]
            )
        assert len(notices) == 1
        assert notices[0].startswith("⚠️ Source flaky is failing")
        health = {h.id: h for h in await Ingestion(db, settings).health()}
        assert health["flaky"].consecutive_failures == 5
        assert health["flaky"].next_check_at is not None
        assert health["flaky"].next_check_at - clock.now <= timedelta(hours=24)
        assert health["boe"].items == 2
        assert health["boe"].last_success_at == NOW

        # It recovers: one more notice, and the source counts as healthy again.
        server.fixture("/flaky.xml", "rss/erasmus.xml")
        clock.now += timedelta(days=1)
        await fetch_due(db, settings, clock=clock, fetcher=fetcher, notify=notify, only=["flaky"])
        assert notices[-1] == "✅ Source flaky works again."
        health = {h.id: h for h in await Ingestion(db, settings).health()}
        assert health["flaky"].consecutive_failures == 0

        # A deadline moves at the source: the row is updated and a change event recorded.
        atom = ATOM.read_bytes()
        server.static("/atom.xml", atom.replace(b"2027-02-12", b"2027-03-01"))
        clock.now += timedelta(hours=2)
        reports = await fetch_due(db, settings, clock=clock, fetcher=fetcher, only=["eacea"])
        assert reports[0].stored is not None
        assert reports[0].stored.changed == 1
    async with db.transaction() as session:
        changes = (await session.scalars(select(OpportunityChange))).all()
        assert [c.kind for c in changes] == ["deadline"]
        rows = (await session.scalars(select(OpportunityRow))).all()
        assert len(rows) == 6
        assert all(r.first_seen_at.tzinfo is not None for r in rows)


async def test_dry_run_stores_nothing(db: Database, server: FeedServer, tmp_path: Path) -> None:
    server.fixture("/boe.xml", "rss/boe.xml")
    server.fixture("/atom.xml", "rss/atom.xml")
    server.fixture("/flaky.xml", "rss/erasmus.xml")
    settings = settings_for(server, tmp_path)
    async with Fetcher.create() as fetcher:
        reports = await fetch_due(
            db, settings, clock=Clock(NOW, frozen=True), fetcher=fetcher, dry_run=True
        )
    assert sum(r.stored.new for r in reports if r.stored) == 6
    async with db.transaction() as session:
        assert (await session.scalars(select(OpportunityRow))).all() == []


async def test_cross_source_duplicates_point_to_the_first(
    db: Database, server: FeedServer, tmp_path: Path
) -> None:
    # The BOE extract and a second feed both announce BDNS 905627.
    server.fixture("/boe.xml", "rss/boe.xml")
    server.fixture("/atom.xml", "rss/boe.xml")
    server.fixture("/flaky.xml", "rss/erasmus.xml")
    settings = settings_for(server, tmp_path)
    async with Fetcher.create() as fetcher:
        await fetch_due(db, settings, clock=Clock(NOW, frozen=True), fetcher=fetcher, only=["boe"])
        await fetch_due(
            db, settings, clock=Clock(NOW, frozen=True), fetcher=fetcher, only=["eacea"]
        )
    async with db.transaction() as session:
        rows = {
            (r.source_id, r.call_id): r
            for r in (await session.scalars(select(OpportunityRow))).all()
        }
    original = rows[("boe", "BDNS-905627")]
    duplicate = rows[("eacea", "BDNS-905627")]
    assert original.duplicate_of is None
    assert duplicate.duplicate_of == original.id


async def test_unchanged_items_take_the_current_kind_and_topics(
    db: Database, server: FeedServer, tmp_path: Path
) -> None:
    """Rows stored by an older version (every item a "call") are corrected on the next fetch,
    without telling followers anything changed."""
    erasmus = (ATOM.parent / "erasmus.xml").read_bytes()
    server.static("/erasmus.xml", erasmus, content_type="application/rss+xml")
    settings = parse_settings(
        {"sources": [{"id": "erasmus", "kind": "rss", "url": server.url("/erasmus.xml")}]},
        environ={},
        base_dir=tmp_path,
    )
    clock = Clock(NOW, frozen=True)
    async with Fetcher.create() as fetcher:
        await fetch_due(db, settings, clock=clock, fetcher=fetcher)
        async with db.transaction() as session:
            for row in (await session.scalars(select(OpportunityRow))).all():
                row.kind, row.kind_rule, row.themes = "call", "default", ["digital"]
        # The channel's description changes (a 200, not a 304); the items do not.
        server.static(
            "/erasmus.xml",
            erasmus.replace(b"Latest news from the Erasmus+ programme", b"Erasmus+ news"),
            content_type="application/rss+xml",
        )
        clock.now += timedelta(days=1)
        reports = await fetch_due(db, settings, clock=clock, fetcher=fetcher)
    assert reports[0].stored is not None
    assert reports[0].stored.unchanged == 3
    async with db.transaction() as session:
        rows = {r.title: r for r in (await session.scalars(select(OpportunityRow))).all()}
        assert (await session.scalars(select(OpportunityChange))).all() == []
    assert rows["Erasmus+ Info Day on young people and digital skills"].kind == "event"
    assert rows["Results of the 2026 Jean Monnet selection"].kind == "result"
    assert rows["2027 Erasmus+ Call for proposals published"].kind == "call"
    assert "digital" not in rows["2027 Erasmus+ Call for proposals published"].themes
