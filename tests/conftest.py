"""Shared fixtures: settings, a fresh real database per test (SQLite, PostgreSQL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.config import Settings, parse_settings
from bot.db import migrate
from bot.db.session import Database

# python-telegram-bot 22: RetryAfter.retry_after as timedelta, without a deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "true")

#: Where CI's PostgreSQL lives; override to point the tests at another server.
POSTGRES_URL = os.environ.get(
    "INEXA_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
#: CI sets this so a missing PostgreSQL fails the run instead of skipping.
REQUIRE_POSTGRES = os.environ.get("INEXA_REQUIRE_POSTGRES") == "1"

FIXED_NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


async def _postgres_reachable() -> str | None:
    # Creating the engine loads the driver: a reachable server without asyncpg installed
    # (`pip install -e .` without the `postgres` or `dev` extra) is "not usable here" too.
    try:
        engine = create_async_engine(POSTGRES_URL)
    except ImportError as exc:
        return (
            f"the PostgreSQL driver is not installed ({type(exc).__name__}: {exc}); "
            "install it with `pip install -e '.[dev]'` (or '.[postgres]')"
        )
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not reachable here"
        return f"{type(exc).__name__}: {exc}"
    finally:
        await engine.dispose()
    return None


_postgres_checked: list[str | None] = []


async def postgres_problem() -> str | None:
    """None when PostgreSQL answers; otherwise why not (checked once per session)."""
    if not _postgres_checked:
        _postgres_checked.append(await _postgres_reachable())
    return _postgres_checked[0]


@pytest.fixture
def clock() -> datetime:
    """A fixed 'now' for tests that need one."""
    return FIXED_NOW


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A real SQLite file in the test's own directory."""
    return f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"


@asynccontextmanager
async def fresh_postgres_database() -> AsyncIterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards (skips or fails when unreachable)."""
    problem = await postgres_problem()
    if problem is not None:
        if REQUIRE_POSTGRES:
            pytest.fail(
                f"PostgreSQL is required (INEXA_REQUIRE_POSTGRES=1) but cannot be used: {problem}",
                pytrace=False,
            )
        pytest.skip(f"PostgreSQL cannot be used here: {problem}")
    name = f"inexa_test_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        finally:
            async with admin.connect() as connection:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """A fresh PostgreSQL database for one test."""
    async with fresh_postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The same test on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"
        return
    async with fresh_postgres_database() as url:
        yield url


SettingsFactory = Callable[..., Settings]


@pytest.fixture
def make_settings(tmp_path: Path) -> SettingsFactory:
    """Build settings from a dict the way the CLI would (environment ignored)."""

    def make(data: dict[str, Any] | None = None, **kwargs: Any) -> Settings:
        return parse_settings(data or {}, environ={}, base_dir=tmp_path, **kwargs)

    return make


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """A migrated database (SQLite file and PostgreSQL), disposed afterwards."""
    database = Database.from_url(database_url)
    await migrate.upgrade(database.engine)
    try:
        yield database
    finally:
        await database.dispose()
