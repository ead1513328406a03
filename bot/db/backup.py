"""Backups of the database: SQLite's online backup API here, PostgreSQL's own tools named.

A SQLite backup is a consistent copy even while the bot writes (the backup API reads one
snapshot), written as a single self-contained file (rollback journal, not WAL). A file is
only restored when it is a SQLite database of this bot at a revision the code knows.
PostgreSQL is backed up with ``pg_dump`` and restored with ``pg_restore``/``psql``: this
module only writes those commands out, without the password.
"""

from __future__ import annotations

import shlex
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from bot.db.migrate import VERSION_TABLE

#: The first 16 bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or restore cannot be done; the message says why and what to do."""


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def backup_path(database: Path, now: datetime) -> Path:
    """A new timestamped file beside ``database``: ``NAME.backup-20261129T220501Z.sqlite3``."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = database.suffix or ".sqlite3"
    candidate = database.with_name(f"{database.stem}.backup-{stamp}{suffix}")
    number = 1
    while candidate.exists():
        candidate = database.with_name(f"{database.stem}.backup-{stamp}-{number}{suffix}")
        number += 1
    return candidate


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def backup_sqlite(database: Path, target: Path) -> None:
    """Copy ``database`` to the new file ``target`` with the online backup API.

    Raises:
        BackupError: there is no database, or ``target`` already exists.
    """
    if not database.is_file():
        raise BackupError(f"there is no database at {database}: nothing to back up")
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    if target.resolve() == database.resolve():
        raise BackupError("the backup file must not be the database itself")
    try:
        with (
            closing(sqlite3.connect(database)) as source,
            closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)
            # One self-contained file: a WAL database would leave its recent pages beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)  # never leave half a backup that looks like one
        raise BackupError(f"cannot write the backup {target}: {exc}") from None


@dataclass(frozen=True, slots=True)
class Contents:
    """A SQLite database of this bot at a glance: its revision and rows per table."""

    revision: str | None
    rows: dict[str, int]

    def summary(self) -> str:
        """``revision 0009: consents 3, members 3`` (empty tables left out)."""
        counts = ", ".join(f"{name} {n}" for name, n in sorted(self.rows.items()) if n)
        return f"revision {self.revision or 'none'}: {counts or 'no rows'}"


def contents(path: Path) -> Contents:
    """The schema revision and the rows per table of the SQLite file ``path``.

    Raises:
        BackupError: the file is missing or is not a SQLite database.
    """
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not a SQLite database")
    try:
        with closing(_read_only(path)) as connection:
            names = [
                str(row[0])
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            revision = None
            if VERSION_TABLE in names:
                found = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
                revision = None if found is None else str(found[0])
            rows = {
                name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
                for name in names
                if name != VERSION_TABLE
            }
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} cannot be read as a SQLite database ({exc})") from None
    return Contents(revision=revision, rows=rows)


def check_restorable(path: Path, known: list[str]) -> Contents:
    """The contents of ``path`` when it is a database of this bot at a revision the code knows.

    Raises:
        BackupError: it is not (the message says what it is instead).
    """
    found = contents(path)
    if found.revision is None:
        raise BackupError(
            f"{path} is a SQLite database but not one of this bot (it has no schema revision)"
        )
    if found.revision not in known:
        raise BackupError(
            f"{path} is at schema revision {found.revision}, which this version of the bot "
            f"does not know (known: {', '.join(known)}); restore it with the version that made it"
        )
    return found


def restore_sqlite(backup: Path, database: Path) -> None:
    """Replace the contents of ``database`` with those of ``backup`` (online backup API).

    Raises:
        BackupError: ``backup`` is the database itself.
    """
    if database.exists() and backup.resolve() == database.resolve():
        raise BackupError("the file to restore is the database itself")
    try:
        with (
            closing(_read_only(backup)) as source,
            closing(sqlite3.connect(database)) as target,
        ):
            source.backup(target)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot restore into {database}: {exc}") from None


def _libpq(url: str) -> tuple[str, bool]:
    """The URL as libpq tools take it (no driver, no password), and whether it had one."""
    parsed = make_url(url)
    # URL.set(password=None) keeps the password: build the URL again without it.
    plain = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return plain.render_as_string(hide_password=False), parsed.password is not None


def _password_note(has_password: bool) -> list[str]:
    if not has_password:
        return []
    return ["# the password is not shown: give it with PGPASSWORD=... or in ~/.pgpass"]


def pg_dump_command(url: str, target: str) -> list[str]:
    """The ``pg_dump`` command (and a note on the password) that backs up ``url``."""
    dbname, has_password = _libpq(url)
    command = ["pg_dump", "--format=custom", f"--file={target}", f"--dbname={dbname}"]
    return [*_password_note(has_password), shlex.join(command)]


def pg_restore_command(url: str, source: str) -> list[str]:
    """The command that restores ``source`` (a ``pg_dump`` file, or plain SQL) into ``url``."""
    dbname, has_password = _libpq(url)
    if source.endswith(".sql"):
        command = ["psql", "--single-transaction", f"--dbname={dbname}", f"--file={source}"]
    else:
        command = [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={dbname}",
            source,
        ]
    return [*_password_note(has_password), shlex.join(command)]
