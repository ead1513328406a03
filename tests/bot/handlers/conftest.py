"""End-to-end fixtures from the one harness (``tests/harness.py``): the real bot, as ``run``
starts it, against the local Bot API server. Names are re-exported for the test modules."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.harness import (
    ANA,
    BOGDAN,
    COORDINATOR,
    DAN,
    LUCIA,
    NOW,
    Clock,
    Env,
    data_of,
    running_env,
    settings_for,
)

__all__ = [
    "ANA",
    "BOGDAN",
    "COORDINATOR",
    "DAN",
    "LUCIA",
    "NOW",
    "Clock",
    "Env",
    "data_of",
    "running_env",
    "settings_for",
]


@pytest.fixture
def overrides() -> dict[str, Any]:
    """Settings a test module may override (merged into the harness settings)."""
    return {"telegram": {"admin_ids": [COORDINATOR]}}


@pytest.fixture
async def env(migrated_sqlite_url: str, overrides: dict[str, Any]) -> AsyncIterator[Env]:
    """The bot running on a migrated database of the test's own; jobs run on demand."""
    async with running_env(migrated_sqlite_url, overrides=overrides) as made:
        yield made
