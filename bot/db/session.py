"""Engine and session factory: the only place that knows how to connect.

Services own transactions (``async with db.transaction() as session``); repositories
receive a session and never commit.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def redact(url: str) -> str:
    """The URL with its password hidden, safe for logs and messages."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets the sender read while a
    # handler writes; busy_timeout turns brief lock contention into a wait, not an error.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """An async engine with the per-backend settings this project relies on."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_async_engine(url, echo=echo)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, echo=echo, pool_pre_ping=True)


class Database:
    """An engine plus its session factory."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._serial = asyncio.Lock()

    @classmethod
    def from_url(cls, url: str, *, echo: bool = False) -> Database:
        """Connect lazily to ``url``."""
        return cls(create_engine(url, echo=echo))

    @property
    def is_sqlite(self) -> bool:
        """True on SQLite (one outbox worker, no row locks)."""
        return self.engine.dialect.name == "sqlite"

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def serialized(self) -> AsyncIterator[AsyncSession]:
        """A transaction that must not interleave with another one of its kind.

        On SQLite (one process, one writer) an in-process lock orders them, because two
        deferred transactions that read and then write would fail with "database is locked"
        rather than wait. On PostgreSQL the caller locks the rows it decides on
        (``SELECT … FOR UPDATE``), which also orders several bot processes.
        """
        if self.is_sqlite:
            async with self._serial, self.transaction() as session:
                yield session
        else:
            async with self.transaction() as session:
                yield session

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
