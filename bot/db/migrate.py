"""Schema migrations through Alembic's API, on an engine we already have.

The bot refuses to start on an out-of-date schema: :func:`schema_status` tells which
revision the database is at and which one the code expects.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

import migrations


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

    async with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Alembic's recipe for batch mode on SQLite: foreign keys off, outside the
            # transaction (SQLite ignores the pragma inside one). A batch migration rebuilds a
            # table (copy, DROP, rename); with foreign keys on, DROP TABLE members would
            # cascade and empty every table that references it.
            await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await connection.commit()
        try:
            await connection.run_sync(_migrate)
            if sqlite:
                problems = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
                if problems:
                    raise RuntimeError(f"the migration broke foreign keys: {problems[:5]}")
            await connection.commit()
        finally:
            if sqlite:
                await connection.rollback()
                await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                await connection.commit()


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
