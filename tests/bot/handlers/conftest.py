"""End-to-end fixtures: the real bot (as `run` starts it) against the local Bot API server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.db.session import Database
from bot.members.types import Profile
from bot.sandbox.localapi import LocalBotApi, Simulator, StoredMessage, World
from bot.sandbox.localrun import LocalBot, local_settings
from bot.services.members import Members

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # a Wednesday
ANA, BOGDAN, LUCIA = 1000, 2000, 3000


@dataclass
class Env:
    """Everything an end-to-end test touches."""

    api: LocalBotApi
    settings: Settings
    db: Database

    @property
    def sim(self) -> Simulator:
        return self.api.sim

    @property
    def world(self) -> World:
        return self.api.world

    async def say(self, user: int, text: str, *, chat: int | None = None) -> StoredMessage:
        """Send a text and wait until the bot has handled it; return the bot's latest message."""
        await self.sim.send(user, text, chat_id=chat)
        await self.sim.settle()
        return self.sim.last(chat if chat is not None else user)

    async def tap(self, user: int, message: StoredMessage, data: str) -> StoredMessage:
        """Press a button and wait; return the bot's latest message in that chat."""
        await self.sim.press(user, message, data)
        await self.sim.settle()
        return self.sim.last(message.chat_id)

    async def profile(self, chat_id: int) -> Profile | None:
        return await Members(self.db, self.settings).profile(chat_id)

    def texts(self, chat_id: int) -> list[str]:
        return [m.text or "" for m in self.world.messages_in(chat_id, from_bot=True)]


def data_of(message: StoredMessage) -> list[str]:
    """Every callback_data on a message."""
    return [str(b["callback_data"]) for b in message.buttons() if "callback_data" in b]


@pytest.fixture
def overrides() -> dict[str, Any]:
    return {"telegram": {"admin_ids": [9000]}}


@pytest.fixture
async def env(
    tmp_path: Path, migrated_sqlite_url: str, overrides: dict[str, Any]
) -> AsyncIterator[Env]:
    url = migrated_sqlite_url  # a copy of the session's migrated template
    async with LocalBotApi() as api:
        api.world.add_user(ANA, "Ana", language_code="ro")
        api.world.add_user(BOGDAN, "Bogdan", language_code="en-GB")
        api.world.add_user(LUCIA, "Lucía", language_code="es")
        settings = local_settings(api, url, overrides)
        async with LocalBot(api, settings, clock=lambda: NOW):
            db = Database.from_url(url)
            try:
                yield Env(api, settings, db)
            finally:
                await db.dispose()
