"""Alembic environment: async, URL from the bot's settings, batch mode on SQLite.

Two ways in:
* ``inexa-bot db ...`` (and ``run --migrate``) pass an open connection in
  ``config.attributes["connection"]``; we migrate on it.
* The plain ``alembic`` command: we read the settings like the bot does and connect.
"""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import context
from alembic.operations import MigrationScript
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from bot.config import load_settings, resolve_config_path
from bot.db import models  # noqa: F401  (registers every table on the metadata)
from bot.db.base import Base, UTCDateTime
from bot.db.session import create_engine

target_metadata = Base.metadata
config = context.config


def _next_sequential_id(
    ctx: MigrationContext, _revision: Any, directives: list[MigrationScript]
) -> None:
    """Name revisions 0001, 0002, ... so their order reads at a glance."""
    script = directives[0]
    head = ScriptDirectory.from_config(config).get_current_head()
    script.rev_id = f"{int(head) + 1:04d}" if head and head.isdigit() else "0001"


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render our UTC type as the plain column type, so migrations never import app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=True,
        process_revision_directives=_next_sequential_id,
        render_item=_render_item,
    )


def _run(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine() -> None:
    settings = load_settings(resolve_config_path(None))
    engine = create_engine(settings.database_url)
    try:
        async with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # Foreign keys off outside the transaction, or a batch table rebuild's
                # DROP TABLE cascades into every referencing table (see bot.db.migrate).
                await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                await connection.commit()
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    """Migrate on the given connection, or on one we open ourselves."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        asyncio.run(_run_with_own_engine())


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_migrations_online()
