"""One process per SQLite file: a second ``inexa-bot`` on the same file is refused, clearly.

SQLite serialises writers and the outbox sender on SQLite assumes it is the only one (it
reads the head row and writes its outcome without a row lock), so two processes on one file
would send messages twice and contend for the write lock. The guard is an exclusive
``flock`` on ``<database>.lock``: the kernel releases it when the process dies, however it
dies, so a crash never leaves a stale lock behind. PostgreSQL needs no guard: any number of
instances share the work there.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from bot.config import Settings
from bot.db.backup import sqlite_file

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; one process is the operator's job
    fcntl = None  # type: ignore[assignment]


class AnotherProcess(Exception):
    """Another process is already running on this SQLite file."""


def lock_path(database: Path) -> Path:
    """The lock file beside a SQLite database."""
    return database.with_name(database.name + ".lock")


@contextlib.contextmanager
def single_process_guard(settings: Settings) -> Iterator[None]:
    """Hold the SQLite file's lock for the block (nothing to hold on PostgreSQL)."""
    database = sqlite_file(settings.database_url)
    if database is None or fcntl is None:
        yield
        return
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise AnotherProcess(
                f"another inexa-bot process (pid {holder}) is already running on {database}. "
                "SQLite serves one process: stop the other one, or move to PostgreSQL to run "
                "several instances (see README, Deploying)."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
