"""`serve` and `worker` end to end: the local Bot API server calls the bot's webhook.

The real application runs in webhook mode behind its own web server on a loopback port; the
local Bot API server POSTs every update there with the secret token, exactly as Telegram does.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from bot.app import Mode
from bot.sandbox.localapi import LocalBotApi
from bot.sandbox.localrun import LocalBot, local_settings

ANA = 1000
SECRET = "s3cret-token_for-the-webhook"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    api: LocalBotApi
    web: str  # the bot's web server, http://127.0.0.1:PORT


async def _serve(url: str, mode: Mode) -> AsyncIterator[Served]:
    port = free_port()
    async with LocalBotApi() as api:
        api.world.add_user(ANA, "Ana", language_code="ro")
        webhook: dict[str, Any] = {"listen": "127.0.0.1", "port": port}
        if mode == "webhook":
            webhook |= {"url": f"http://127.0.0.1:{port}/hook/telegram", "secret_token": SECRET}
        settings = local_settings(api, url, {"webhook": webhook})
        async with LocalBot(api, settings, mode=mode):
            yield Served(api, f"http://127.0.0.1:{port}")


@pytest.fixture
async def served(migrated_sqlite_url: str) -> AsyncIterator[Served]:
    async for served in _serve(migrated_sqlite_url, "webhook"):
        yield served


@pytest.fixture
async def worker(migrated_sqlite_url: str) -> AsyncIterator[Served]:
    async for served in _serve(migrated_sqlite_url, "worker"):
        yield served


async def test_updates_arrive_through_the_webhook_with_the_secret(served: Served) -> None:
    api = served.api
    assert api.world.webhook_url.endswith("/hook/telegram")
    assert api.world.webhook_secret == SECRET
    await api.sim.send(ANA, "/start")
    await api.sim.settle()
    assert api.sim.last(ANA).text  # the bot answered (its welcome in Romanian)
    assert api.world.pending_updates() == 0
    assert api.world.webhook_last_error is None
    setwebhook = [params for method, params in api.world.calls if method == "setwebhook"]
    assert setwebhook, "setWebhook was called"
    assert str(setwebhook[-1].get("drop_pending_updates")).lower() in {"false", "none"}
    assert "callback_query" in str(setwebhook[-1].get("allowed_updates"))


async def test_a_call_without_the_right_secret_is_refused(served: Served) -> None:
    update = {"update_id": 999_001, "message": {"message_id": 1, "date": 0,
              "chat": {"id": ANA, "type": "private"}, "text": "/start"}}  # fmt: skip
    async with httpx.AsyncClient() as client:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong-token-wrong-token"}):
            answer = await client.post(f"{served.web}/hook/telegram", json=update, headers=headers)
            assert answer.status_code == 403
        metrics = (await client.get(f"{served.web}/metrics")).text
    assert 'inexa_webhook_refused_total{reason="secret"} 2.0' in metrics
    assert not served.api.world.messages_in(ANA, from_bot=True)


async def test_health_readiness_and_metrics(served: Served) -> None:
    await served.api.sim.send(ANA, "/start")
    await served.api.sim.settle()
    async with httpx.AsyncClient() as client:
        health = await client.get(f"{served.web}/healthz")
        ready = await client.get(f"{served.web}/readyz")
        metrics = await client.get(f"{served.web}/metrics")
    assert (health.status_code, health.text) == (200, "ok")
    assert ready.status_code == 200
    assert ready.json() == {"ready": True, "database": "ok", "schema": "ok", "bot_api": "ok"}
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert 'inexa_updates_handled_total{type="command"} 1.0' in text
    assert "inexa_update_seconds_count 1.0" in text
    assert "inexa_outbox_pending " in text
    assert "inexa_last_weekly_run_timestamp 0.0" in text


async def test_the_webhook_is_retried_until_the_bot_answers(migrated_sqlite_url: str) -> None:
    """An update sent while the bot's server is down waits on Telegram's side and arrives later."""
    port = free_port()
    async with LocalBotApi() as api:
        api.world.add_user(ANA, "Ana", language_code="ro")
        webhook = {"listen": "127.0.0.1", "port": port, "secret_token": SECRET,
                   "url": f"http://127.0.0.1:{port}/telegram"}  # fmt: skip
        settings = local_settings(api, migrated_sqlite_url, {"webhook": webhook})
        async with LocalBot(api, settings, mode="webhook"):
            pass  # the webhook is registered; the bot stops (a deploy, a crash)
        await api.sim.send(ANA, "/start")
        await api.sim.wait_until(lambda: api.world.webhook_last_error is not None, within=5)
        assert api.world.webhook_last_error is not None
        assert api.world.webhook_last_error[1].startswith("Connection failed")
        assert api.world.pending_updates() == 1
        async with LocalBot(api, settings, mode="webhook"):
            await api.sim.settle()
            assert api.sim.last(ANA).text
        assert api.world.pending_updates() == 0


async def test_a_worker_takes_no_updates_but_answers_probes(worker: Served) -> None:
    api = worker.api
    assert api.world.webhook_url == ""
    await api.sim.send(ANA, "/start")
    async with httpx.AsyncClient() as client:
        assert (await client.get(f"{worker.web}/healthz")).status_code == 200
        assert (await client.get(f"{worker.web}/readyz")).status_code == 200
        assert (await client.post(f"{worker.web}/telegram", json={})).status_code == 404
    assert api.world.pending_updates() == 1  # nobody polled it
    assert not api.world.messages_in(ANA, from_bot=True)
