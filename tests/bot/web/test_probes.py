"""Readiness reports each failing check; metrics count what the process did."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import httpx

from bot.db.session import Database
from bot.delivery.decide import SendStats
from bot.services.health import Health
from bot.web.app import create_web_app
from bot.web.metrics import Metrics

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


async def _ok() -> object:
    return {"ok": True}


async def _down() -> object:
    raise httpx.ConnectError("refused")


def _client(health: Health, metrics: Metrics) -> httpx.AsyncClient:
    app = create_web_app(health=health, metrics=metrics, clock=lambda: NOW)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bot")


async def test_readyz_fails_while_the_database_is_down() -> None:
    # Nothing listens on port 1: the database is down, exactly as a stopped server.
    db = Database.from_url("postgresql+asyncpg://inexa@127.0.0.1:1/inexa")
    try:
        health = Health(db, _ok, monotonic=itertools.count().__next__)
        async with _client(health, Metrics()) as client:
            ready = await client.get("/readyz")
            alive = await client.get("/healthz")
            metrics = await client.get("/metrics")
    finally:
        await db.dispose()
    assert ready.status_code == 503
    body = ready.json()
    assert body["ready"] is False
    assert body["database"].startswith("unreachable")
    assert body["bot_api"] == "ok"
    assert alive.status_code == 200  # liveness does not depend on the database
    assert metrics.status_code == 503


async def test_readyz_reports_an_unreachable_bot_api_and_an_old_schema(db: Database) -> None:
    health = Health(db, _down, monotonic=itertools.count().__next__)
    async with _client(health, Metrics()) as client:
        ready = await client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["bot_api"] == "unreachable: ConnectError"
    assert ready.json()["database"] == "ok"


async def test_a_successful_bot_api_check_is_trusted_for_a_while(db: Database) -> None:
    calls = 0

    async def get_me() -> object:
        nonlocal calls
        calls += 1
        return {}

    clock = iter([0.0, 10.0, 29.0, 31.0])
    health = Health(db, get_me, monotonic=lambda: next(clock))
    for _ in range(4):
        assert (await health.readiness()).ready
    assert calls == 2  # at 0 s and again after the 30 s it is trusted


async def test_metrics_count_sending_and_fetches(db: Database) -> None:
    metrics = Metrics()
    metrics.record_sending(SendStats(sent=5, failed={"blocked": 2}, flood_waits=1))
    metrics.record_sending(SendStats(sent=1))
    metrics.record_fetch("ok")
    metrics.record_fetch("error")
    metrics.record_fetch("ok")
    metrics.record_update("button", 0.02)
    health = Health(db, _ok, monotonic=itertools.count().__next__)
    async with _client(health, metrics) as client:
        text = (await client.get("/metrics")).text
    for line in (
        "inexa_messages_sent_total 6.0",
        'inexa_messages_failed_total{reason="blocked"} 2.0',
        "inexa_flood_waits_total 1.0",
        'inexa_source_fetches_total{outcome="ok"} 2.0',
        'inexa_source_fetches_total{outcome="error"} 1.0',
        'inexa_updates_handled_total{type="button"} 1.0',
        "inexa_outbox_pending 0.0",
        "inexa_outbox_oldest_seconds 0.0",
    ):
        assert line in text, line


async def test_metrics_show_the_outbox_from_the_database(db: Database) -> None:
    pending_for = timedelta(minutes=3)
    from bot.db.models import DeliveryRun
    from bot.db.repositories import outbox
    from bot.delivery.outgoing import Outgoing

    async with db.transaction() as session:
        session.add(DeliveryRun(kind="digest", started_at=NOW - timedelta(days=2)))
        await outbox.enqueue(
            session,
            [Outgoing(chat_id=c, kind="digest", text="x") for c in (1, 2, 3)],
            now=NOW - pending_for,
        )
    health = Health(db, _ok, monotonic=itertools.count().__next__)
    async with _client(health, Metrics()) as client:
        text = (await client.get("/metrics")).text
    assert "inexa_outbox_pending 3.0" in text
    assert "inexa_outbox_oldest_seconds 180.0" in text
    (line,) = [x for x in text.splitlines() if x.startswith("inexa_last_weekly_run_timestamp ")]
    assert float(line.split()[1]) == (NOW - timedelta(days=2)).timestamp()
