"""Shared fixtures: settings, a fresh real database per test (SQLite, PostgreSQL), a network guard.

Database tests get their own database, copied from a template migrated once per session
(per xdist worker): a SQLite file copied with ``shutil.copyfile``, a PostgreSQL database
created with ``CREATE DATABASE ... TEMPLATE``. ``database_url`` stays empty for the tests
that migrate themselves (tests/test_migrations.py).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.config import Settings, parse_settings
from bot.db import migrate
from bot.db.session import Database
from tests import netguard

# python-telegram-bot 22: RetryAfter.retry_after as timedelta, without a deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "true")

#: Where CI's PostgreSQL lives; override to point the tests at another server.
POSTGRES_URL = os.environ.get(
    "INEXA_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
#: CI sets this so a missing PostgreSQL fails the run instead of skipping.
REQUIRE_POSTGRES = os.environ.get("INEXA_REQUIRE_POSTGRES") == "1"

T = TypeVar("T")

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


@pytest.fixture(scope="session", autouse=True)
def _network_guard() -> Iterator[None]:
    """Refuse every connection outside loopback for the whole session."""
    netguard.install()
    try:
        yield
    finally:
        netguard.uninstall()


@pytest.fixture(autouse=True)
def _no_network_reached(_network_guard: None) -> Iterator[None]:
    """Fail a test that tried to leave loopback, even if it swallowed the guard's error."""
    netguard.take_refusals()
    yield
    refused = netguard.take_refusals()
    if refused:
        pytest.fail("; ".join(refused), pytrace=False)


def _run_in_thread(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion on its own loop in a thread (safe from any context,
    sync fixture or running event loop, without touching the test's loop)."""
    box: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            box.append(asyncio.run(make()))
        except BaseException as exc:  # re-raised in the caller
            errors.append(exc)

    thread = threading.Thread(target=target, name="test-db-template")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return box[0]


async def _migrate_url(url: str) -> None:
    database = Database.from_url(url)
    try:
        await migrate.upgrade(database.engine)
    finally:
        await database.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per session; copy it, never open it."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    _run_in_thread(lambda: _migrate_url(f"sqlite+aiosqlite:///{path}"))
    # The engine is disposed: the WAL is checkpointed into the file and removed.
    assert not path.with_name(path.name + "-wal").exists()
    return path


def copy_migrated_sqlite(template: Path, target: Path) -> str:
    """Copy the migrated template to ``target``; return its URL."""
    shutil.copyfile(template, target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
def migrated_sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A migrated SQLite file of the test's own (``bot.sqlite3`` in ``tmp_path``)."""
    return copy_migrated_sqlite(sqlite_template, tmp_path / "bot.sqlite3")


@pytest.fixture
def clock() -> datetime:
    """A fixed 'now' for tests that need one."""
    return FIXED_NOW


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A real SQLite file in the test's own directory."""
    return f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"


#: The session's migrated PostgreSQL template database, once made.
_postgres_template: list[str] = []


async def _make_postgres_template() -> str:
    """Create and migrate the template database (once per session); every engine on it is
    disposed afterwards, since PostgreSQL copies a template only while nobody is connected."""
    if _postgres_template:
        return _postgres_template[0]
    name = f"inexa_template_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            await _migrate_url(
                make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
            )
        except BaseException:
            async with admin.connect() as connection:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            raise
    finally:
        await admin.dispose()
    _postgres_template.append(name)
    return name


async def _drop_postgres_template() -> None:
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            for name in _postgres_template:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()
    _postgres_template.clear()


@pytest.fixture(scope="session", autouse=True)
def _postgres_template_dropped() -> Iterator[None]:
    """Drop the PostgreSQL template database at the end of the session, if one was made."""
    yield
    if _postgres_template:
        _run_in_thread(_drop_postgres_template)


@asynccontextmanager
async def fresh_postgres_database(*, migrated: bool = False) -> AsyncIterator[str]:
    """A new PostgreSQL database, dropped afterwards (skips or fails when unreachable):
    empty, or with ``migrated`` a copy of the session's template migrated to head."""
    problem = await postgres_problem()
    if problem is not None:
        if REQUIRE_POSTGRES:
            pytest.fail(
                f"PostgreSQL is required (INEXA_REQUIRE_POSTGRES=1) but cannot be used: {problem}",
                pytrace=False,
            )
        pytest.skip(f"PostgreSQL cannot be used here: {problem}")
    template = await _make_postgres_template() if migrated else None
    name = f"inexa_test_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            copy = f' TEMPLATE "{template}"' if template is not None else ""
            await connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        try:
            yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        finally:
            async with admin.connect() as connection:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    async with fresh_postgres_database() as url:
        yield url


@pytest.fixture
async def migrated_postgres_url() -> AsyncIterator[str]:
    """A fresh PostgreSQL database for one test, already migrated to head."""
    async with fresh_postgres_database(migrated=True) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The same test on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"
        return
    async with fresh_postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def migrated_database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> AsyncIterator[str]:
    """Like ``database_url``, but migrated to head (a copy of the session's template)."""
    if request.param == "sqlite":
        yield copy_migrated_sqlite(sqlite_template, tmp_path / "test.sqlite3")
        return
    async with fresh_postgres_database(migrated=True) as url:
        yield url


SettingsFactory = Callable[..., Settings]


@pytest.fixture
def make_settings(tmp_path: Path) -> SettingsFactory:
    """Build settings from a dict the way the CLI would (environment ignored)."""

    def make(data: dict[str, Any] | None = None, **kwargs: Any) -> Settings:
        return parse_settings(data or {}, environ={}, base_dir=tmp_path, **kwargs)

    return make


@pytest.fixture
async def db(migrated_database_url: str) -> AsyncIterator[Database]:
    """A migrated database (SQLite file and PostgreSQL), disposed afterwards."""
    database = Database.from_url(migrated_database_url)
    try:
        yield database
    finally:
        await database.dispose()
