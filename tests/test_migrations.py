"""Migrations build exactly the models' schema, on SQLite and PostgreSQL, both ways."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.db import migrate
from bot.db.base import Base
from bot.db.session import Database


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            "compare_server_default": True,
            "render_as_batch": connection.dialect.name == "sqlite",
        },
    )
    return list(compare_metadata(context, Base.metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_upgrade_to_head_matches_models(database_url: str) -> None:
    db = Database.from_url(database_url)
    try:
        await migrate.upgrade(db.engine)
        async with db.engine.connect() as connection:
            differences = await connection.run_sync(_diff)
        assert differences == []
        status = await migrate.schema_status(db.engine)
        assert status.up_to_date
        assert status.current == migrate.head_revision()
    finally:
        await db.dispose()


async def test_downgrade_and_upgrade_round_trip(database_url: str) -> None:
    db = Database.from_url(database_url)
    try:
        await migrate.upgrade(db.engine)
        async with db.engine.connect() as connection:
            tables_at_head = await connection.run_sync(_tables)
        # Step down one revision at a time to the empty schema, then all the way up again.
        for revision in reversed(["base", *migrate.known_revisions()[:-1]]):
            await migrate.downgrade(db.engine, revision)
            status = await migrate.schema_status(db.engine)
            assert status.current == (None if revision == "base" else revision)
        async with db.engine.connect() as connection:
            assert await connection.run_sync(_tables) <= {"alembic_version"}
        await migrate.upgrade(db.engine)
        async with db.engine.connect() as connection:
            assert await connection.run_sync(_tables) == tables_at_head
            assert await connection.run_sync(_diff) == []
    finally:
        await db.dispose()


def test_revision_ids_are_sequential() -> None:
    revisions = migrate.known_revisions()
    assert revisions == [f"{n:04d}" for n in range(1, len(revisions) + 1)]


def _check_constraints(connection: Connection) -> dict[str, set[str]]:
    inspector = inspect(connection)
    return {
        table: {c["name"] for c in inspector.get_check_constraints(table) if c.get("name")}
        for table in inspector.get_table_names()
        if table != "alembic_version"
    }


async def test_check_constraints_match_models(database_url: str) -> None:
    # Autogenerate does not compare CHECK constraints, so compare their names here.
    db = Database.from_url(database_url)
    try:
        await migrate.upgrade(db.engine)
        async with db.engine.connect() as connection:
            found = await connection.run_sync(_check_constraints)
    finally:
        await db.dispose()
    expected = {
        table.name: {
            str(c.name)
            for c in table.constraints
            if type(c).__name__ == "CheckConstraint" and c.name is not None
        }
        for table in Base.metadata.sorted_tables
    }
    assert found == expected
