"""Schema migrations through Alembic's API, on an engine we already have.

The bot refuses to start on an out-of-date schema: :func:`schema_status` tells which
revision the database is at and which one the code expects.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

import migrations

#: Alembic's own bookkeeping table: never "data" in what a downgrade loses.
VERSION_TABLE = "alembic_version"


def alembic_config() -> Config:
    """An Alembic config pointing at the packaged ``migrations`` folder."""
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    return config


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    """Where the database stands against the code."""

    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        """True when no migration is pending."""
        return self.current == self.head


def head_revision() -> str:
    """The newest revision the code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the project always ships migrations
        raise RuntimeError("no migrations found")
    return head


async def schema_status(engine: AsyncEngine) -> SchemaStatus:
    """The database's revision (None when empty) and the code's head."""

    def _current(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as connection:
        current = await connection.run_sync(_current)
    return SchemaStatus(current=current, head=head_revision())


async def _run(engine: AsyncEngine, action: str, revision: str) -> None:
    config = alembic_config()

    def _migrate(connection: Connection) -> None:
        config.attributes["connection"] = connection
        if action == "upgrade":
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(_migrate)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Upgrade the schema to ``revision``."""
    await _run(engine, "upgrade", revision)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    """Downgrade the schema to ``revision`` (``base`` empties it)."""
    await _run(engine, "downgrade", revision)


def known_revisions() -> list[str]:
    """Every revision id the code ships, oldest first."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def resolve_downgrade_target(current: str | None, revision: str) -> str:
    """The revision a downgrade to ``revision`` ends at: ``base``, a known id, or ``-N`` steps.

    Raises:
        ValueError: the target is unknown, or not at or below ``current`` (the message says why).
    """
    known = known_revisions()
    relative = re.fullmatch(r"-\d+", revision) is not None
    if not relative and revision not in {"base", *known}:
        raise ValueError(f"unknown revision {revision!r}; known: {', '.join(['base', *known])}")
    if current is None:
        raise ValueError("the database is empty: there is nothing to downgrade")
    if current not in known:
        raise ValueError(f"the database is at revision {current}, which this code does not know")
    position = known.index(current)
    if relative:
        target = position - int(revision[1:])
        if target < -1:
            raise ValueError(f"{revision}: the database is only {position + 1} revision(s) deep")
        return "base" if target == -1 else known[target]
    if revision == "base":
        return revision
    if known.index(revision) > position:
        raise ValueError(
            f"revision {revision} is newer than the database's {current}; use `db upgrade`"
        )
    return revision


Schema = dict[str, frozenset[str]]


def _schema(connection: Connection) -> Schema:
    inspector = inspect(connection)
    return {
        name: frozenset(column["name"] for column in inspector.get_columns(name))
        for name in inspector.get_table_names()
        if name != VERSION_TABLE
    }


async def schema_at(revision: str) -> Schema:
    """Tables and columns the migrations build up to ``revision`` (on a scratch SQLite file)."""
    if revision == "base":
        return {}
    from bot.db.session import create_engine

    with tempfile.TemporaryDirectory(prefix="inexa-schema-") as scratch:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(scratch) / 'schema.sqlite3'}")
        try:
            await upgrade(engine, revision)
            async with engine.connect() as connection:
                return await connection.run_sync(_schema)
        finally:
            await engine.dispose()


@dataclass(frozen=True, slots=True)
class Loss:
    """What a downgrade destroys: dropped tables and columns, with the rows they hold."""

    #: (table, rows) for every table the downgrade drops.
    tables: tuple[tuple[str, int], ...]
    #: (table, column, rows of the table) for every column dropped from a table that stays.
    columns: tuple[tuple[str, str, int], ...]

    @property
    def rows(self) -> int:
        """Rows in dropped tables (columns dropped from kept tables not counted)."""
        return sum(rows for _, rows in self.tables)

    @property
    def holds_data(self) -> bool:
        """True when anything stored would be lost."""
        return any(rows for _, rows in self.tables) or any(rows for *_, rows in self.columns)

    def describe(self) -> list[str]:
        """A line per dropped table and column that holds rows, then the empty tables."""
        lines = [f"table {name}: {rows} row(s)" for name, rows in self.tables if rows]
        lines += [
            f"column {name}.{column}: its value in {rows} row(s)"
            for name, column, rows in self.columns
            if rows
        ]
        empty = [name for name, rows in self.tables if not rows]
        if empty:
            lines.append(f"and {len(empty)} empty table(s): {', '.join(empty)}")
        return lines


async def downgrade_loss(engine: AsyncEngine, target: str) -> Loss:
    """What downgrading the database behind ``engine`` to ``target`` would drop."""
    wanted = await schema_at(target)

    def _measure(connection: Connection) -> Loss:
        current = _schema(connection)

        def count(name: str) -> int:
            return int(
                connection.execute(select(func.count()).select_from(table(name))).scalar_one()
            )

        dropped = sorted(name for name in current if name not in wanted)
        columns = [
            (name, column)
            for name in sorted(current)
            if name in wanted
            for column in sorted(current[name] - wanted[name])
        ]
        counts = {name: count(name) for name in {*dropped, *(name for name, _ in columns)}}
        return Loss(
            tables=tuple((name, counts[name]) for name in dropped),
            columns=tuple((name, column, counts[name]) for name, column in columns),
        )

    async with engine.connect() as connection:
        return await connection.run_sync(_measure)
