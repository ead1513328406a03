"""Migrations build exactly the models' schema, on SQLite and PostgreSQL, both ways."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, MetaData, Table, func, inspect, select
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
        table: {str(c["name"]) for c in inspector.get_check_constraints(table) if c.get("name")}
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


# ------------------------------------------------------------ walking with data in every table

_SEED_AT = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
#: Values that satisfy a CHECK constraint (or read like the real thing), by table and column.
_SEED_VALUES: dict[tuple[str, str], Any] = {
    ("members", "chat_type"): "group",
    ("members", "language"): "ro",
    ("members", "country"): "RO",
    ("opportunities", "status"): "open",
    ("opportunities", "deadline_model"): "single",
    ("opportunities", "deadline_confidence"): "high",
    ("opportunities", "kind"): "call",
    ("opportunities", "currency"): "EUR",
    ("workshops", "status"): "published",
    ("workshops", "audience"): "all",
    ("workshops", "language"): "en",
    ("workshops", "timezone"): "Europe/Bucharest",
    ("workshops", "kind"): "workshop",
    ("public_targets", "kind"): "topic",
    ("broadcasts", "status"): "queued",
    ("broadcasts", "audience"): "all",
    ("introductions", "status"): "pending",
    ("member_interests", "kind"): "topic",
    ("member_keywords", "kind"): "include",
    ("outbox", "status"): "pending",
    ("outbox", "media_type"): "photo",
    ("workshop_rsvps", "status"): "going",
    ("organisations", "status"): "approved",
    ("organisations", "country"): "RO",
    ("projects", "stage"): "writing",
    ("project_members", "role"): "partner",
    ("partner_requests", "status"): "open",
    ("partner_answers", "status"): "sent",
    ("action_items", "status"): "open",
    ("surveys", "status"): "open",
    ("surveys", "kind"): "survey",
    ("survey_questions", "kind"): "single",
    ("session_proposals", "kind"): "present",
    ("session_proposals", "status"): "open",
}


def _seed_value(table: Table, column: Column[Any], row: int) -> Any:
    if (table.name, column.name) in _SEED_VALUES:
        return _SEED_VALUES[table.name, column.name]
    if column.foreign_keys:
        target = next(iter(column.foreign_keys)).column.table.name
        return None if target == table.name else row  # no self-references
    python_type: type[Any]
    try:
        python_type = getattr(column.type, "impl", column.type).python_type
    except NotImplementedError:  # JSON
        python_type = list
    if python_type is datetime:
        return _SEED_AT + timedelta(hours=row)
    if python_type is date:
        return _SEED_AT.date() + timedelta(days=row)
    if python_type is bool:
        return True
    if python_type is int:
        return row if column.primary_key else 3 + row
    if python_type is Decimal:
        return Decimal("1250.50")
    if python_type is bytes:
        return b"\x89PNG\r\n" + bytes([row])
    if python_type is str:
        length = getattr(column.type, "length", None) or 40
        value = f"{table.name[:3]}-{column.name}-{row}"
        cap = min(length, 40)
        # Keep the row number when cutting, so a unique short column stays unique.
        return value if len(value) <= cap else value[: cap - len(str(row))] + str(row)
    return [f"{column.name}-{row}"]


def _seed_every_table(connection: Connection) -> None:
    for table in Base.metadata.sorted_tables:
        rows = []
        for row in (1, 2):
            values = {c.name: _seed_value(table, c, row) for c in table.columns}
            if table.name in {"members", "coordinators"}:
                values["chat_id" if table.name == "members" else "user_id"] = 7000 + row
            if table.name == "sources":
                values["id"] = f"sou-id-{row}"
            rows.append(values)
        connection.execute(table.insert(), rows)
    # Every table holds rows (foreign keys point at the first two rows of their parents).
    counts = {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
              for t in Base.metadata.sorted_tables}  # fmt: skip
    assert set(counts.values()) == {2}, counts


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, str) and len(value) >= 19 and value[10:11] in {" ", "T"}:
        try:  # SQLite may hand a reflected DATETIME back as text
            return _plain(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, bool):
        return int(value)
    return value


def _snapshot(connection: Connection) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every user table's rows, as plain values, with its column names (reflected)."""
    found: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
    reflected = MetaData()
    reflected.reflect(connection)
    for table in reflected.sorted_tables:
        if table.name == "alembic_version":
            continue
        names = sorted(c.name for c in table.columns)
        rows = connection.execute(select(*[table.c[n] for n in names])).all()
        found[table.name] = (names, sorted(tuple(_plain(v) for v in r) for r in rows))
    return found


def _project(
    snapshot: dict[str, tuple[list[str], list[tuple[Any, ...]]]], table: str, columns: list[str]
) -> list[tuple[Any, ...]]:
    names, rows = snapshot[table]
    where = [names.index(c) for c in columns]
    return sorted(tuple(row[i] for i in where) for row in rows)


async def test_every_revision_walks_down_and_up_keeping_the_data(database_url: str) -> None:
    """Rows in every table survive each downgrade and the upgrade back (issue 18).

    SQLite rebuilds tables in batch mode; with foreign keys on, dropping the old ``members``
    cascaded and emptied member interests, keywords and the outbox.
    """
    db = Database.from_url(database_url)
    try:
        await migrate.upgrade(db.engine)
        async with db.engine.begin() as connection:
            await connection.run_sync(_seed_every_table)
        async with db.engine.connect() as connection:
            at_head = await connection.run_sync(_snapshot)
        for revision in reversed(migrate.known_revisions()[:-1]):
            await migrate.downgrade(db.engine, revision)
            async with db.engine.connect() as connection:
                down = await connection.run_sync(_snapshot)
            for table, (columns, _rows) in down.items():
                if table in at_head:
                    # A column that comes back going down (members.awaiting) holds derived data.
                    shared = [c for c in columns if c in at_head[table][0]]
                    kept = _project(at_head, table, shared)
                    rows = _project(down, table, shared)
                    assert rows == kept, f"{table} changed going down to {revision}"
            await migrate.upgrade(db.engine)
            async with db.engine.connect() as connection:
                up = await connection.run_sync(_snapshot)
            for table, (columns, _rows) in down.items():
                if table in at_head:
                    columns = [c for c in columns if c in at_head[table][0]]
                    assert _project(up, table, columns) == _project(at_head, table, columns), (
                        f"{table} changed coming back up from {revision}"
                    )
    finally:
        await db.dispose()


# ------------------------------------------------------------ 0011: one conversation state per chat


def _insert(connection: Connection, name: str, **values: Any) -> int:
    """A row in ``name`` as the schema stands now, with plausible values for the rest."""
    reflected = MetaData()
    reflected.reflect(connection, only=[name])
    table = reflected.tables[name]
    row: dict[str, Any] = {}
    for column in table.columns:
        if column.name in values:
            row[column.name] = values[column.name]
        elif column.primary_key or column.foreign_keys:
            continue
        else:
            row[column.name] = _seed_value(table, column, 1)
    inserted = connection.execute(table.insert().values(row))
    key = inserted.inserted_primary_key
    return int(key[0]) if key and key[0] is not None else 0


def _seed_waiting_states(connection: Connection) -> dict[str, int]:
    ids: dict[str, int] = {}
    _insert(connection, "members", chat_id=101, awaiting="include")
    _insert(connection, "members", chat_id=102, awaiting="dir_description")
    _insert(connection, "members", chat_id=103, awaiting="org_name")
    workshop = {"status": "draft", "edits_id": None}
    ids["title"] = _insert(connection, "workshops", created_by=102, draft_step="title", **workshop)
    ids["audience"] = _insert(
        connection, "broadcasts", status="draft", created_by=103, draft_step="audience", run_id=None
    )
    ids["text"] = _insert(
        connection, "broadcasts", status="draft", created_by=104, draft_step="text", run_id=None
    )
    published = _insert(connection, "workshops", created_by=105, status="published")
    ids["edit"] = _insert(
        connection,
        "workshops",
        created_by=105,
        draft_step="preview",
        status="draft",
        edits_id=published,
    )
    return ids


def _states(connection: Connection) -> dict[int, str]:
    rows = connection.exec_driver_sql("SELECT chat_id, kind, ref FROM conversations").all()
    return {int(chat): kind if ref is None else f"{kind}:{ref}" for chat, kind, ref in rows}


def _awaiting(connection: Connection) -> dict[int, str | None]:
    rows = connection.exec_driver_sql("SELECT chat_id, awaiting FROM members").all()
    return {int(chat): awaiting for chat, awaiting in rows}


async def test_waiting_states_move_into_one_conversation_state_and_back(database_url: str) -> None:
    """0011 carries every waiting state over, in the order the old text routing read them."""
    db = Database.from_url(database_url)
    try:
        await migrate.upgrade(db.engine, "0010")
        async with db.engine.begin() as connection:
            ids = await connection.run_sync(_seed_waiting_states)
        await migrate.upgrade(db.engine)
        async with db.engine.connect() as connection:
            states = await connection.run_sync(_states)
        assert states == {
            101: "keywords:include",
            102: f"workshop_draft:{ids['title']}:title",  # the draft's text step came first
            103: "org_name",  # the broadcast waited for buttons, the name for text
            104: f"broadcast:{ids['text']}:text",
            105: f"workshop_edit:{ids['edit']}:preview",
        }
        await migrate.downgrade(db.engine, "0010")
        async with db.engine.connect() as connection:
            awaiting = await connection.run_sync(_awaiting)
        assert awaiting == {101: "include", 102: None, 103: "org_name"}
    finally:
        await db.dispose()


def _seed_organisation_names(connection: Connection) -> None:
    early = datetime(2026, 1, 5, 9, tzinfo=UTC)
    people = [
        (201, "Asociația Vest Digital", "RO", "ngo", early),
        (202, "  asociația   vest DIGITAL ", "RO", None, early + timedelta(days=3)),
        (203, "Asociația Vest Digital", "ES", "ngo", early + timedelta(days=4)),
        (204, "Fundación Andalucía Emplea", "ES", "ngo", early + timedelta(days=1)),
        (205, None, None, None, early),  # never named one
        (206, "   ", "RO", None, early),  # blank: nothing to make
    ]
    for chat, name, country, org_type, created in people:
        _insert(
            connection,
            "members",
            chat_id=chat,
            chat_type="private",
            org_name=name,
            country=country,
            org_type=org_type,
            created_at=created,
        )
    # A group's name is the group's, not an organisation.
    _insert(connection, "members", chat_id=-300, chat_type="group", org_name="INEXA group")


def _organisations_by_chat(connection: Connection) -> dict[int, tuple[str, str | None, str | None]]:
    rows = connection.exec_driver_sql(
        "SELECT m.chat_id, o.name, o.country, o.org_type, o.status, m.organisation_confirmed_at"
        " FROM members m JOIN organisations o ON o.id = m.organisation_id"
    ).all()
    assert all(status == "approved" and confirmed is not None for *_, status, confirmed in rows)
    return {int(chat): (name, country, org_type) for chat, name, country, org_type, *_ in rows}


async def test_members_organisation_names_become_organisations(database_url: str) -> None:
    """0013 makes one organisation per exact name and country, keeping the first spelling."""
    db = Database.from_url(database_url)
    try:
        await migrate.upgrade(db.engine, "0012")
        async with db.engine.begin() as connection:
            await connection.run_sync(_seed_organisation_names)
        await migrate.upgrade(db.engine, "0013")
        async with db.engine.connect() as connection:
            linked = await connection.run_sync(_organisations_by_chat)
            count = (
                await connection.exec_driver_sql("SELECT count(*) FROM organisations")
            ).scalar_one()
        vest_ro = ("Asociația Vest Digital", "RO", "ngo")
        assert linked == {
            201: vest_ro,
            202: vest_ro,  # same name up to case and spaces: the same organisation
            203: ("Asociația Vest Digital", "ES", "ngo"),  # another country: another one
            204: ("Fundación Andalucía Emplea", "ES", "ngo"),
        }
        assert count == 3
        await migrate.downgrade(db.engine, "0012")
        await migrate.upgrade(db.engine, "0013")
    finally:
        await db.dispose()
