"""Fixtures for the delivery tests (their tools live in ``helpers.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.db.session import Database
from tests.bot.delivery.helpers import Setup, make_setup


@pytest.fixture
async def setup(db: Database) -> AsyncIterator[Setup]:
    """The local server enforcing Telegram's flood limits (time-scaled), 240 members."""
    async with make_setup(db) as made:
        yield made


@pytest.fixture
async def quiet(db: Database) -> AsyncIterator[Setup]:
    """The local server without flood control, for tests that run on fake time."""
    async with make_setup(db, flood=False) as made:
        yield made
