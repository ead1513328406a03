"""Member rows and everything that hangs off them."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, UniqueConstraint, and_, exists, or_, select, update
from sqlalchemy import delete as sql_delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.db.base import Base
from bot.db.models import (
    Conversation,
    Coordinator,
    Follow,
    Member,
)


async def by_chat_id(
    session: AsyncSession, chat_id: int, *, with_preferences: bool = False
) -> Member | None:
    """The member for a Telegram chat, if known."""
    query = select(Member).where(Member.chat_id == chat_id)
    if with_preferences:
        query = query.options(selectinload(Member.interests), selectinload(Member.keywords))
    result = await session.execute(query)
    return result.scalar_one_or_none()


def add(session: AsyncSession, member: Member) -> Member:
    """Stage a new member."""
    session.add(member)
    return member


async def stale_members(
    session: AsyncSession, *, unconsented_before: datetime, inactive_before: datetime
) -> list[Member]:
    """Chats the retention rules say to erase."""
    stopped = or_(Member.paused_at.is_not(None), Member.blocked_at.is_not(None))
    query = select(Member).where(
        or_(
            and_(Member.consented_at.is_(None), Member.last_seen_at < unconsented_before),
            and_(stopped, Member.last_seen_at < inactive_before),
        )
    )
    return list((await session.scalars(query)).all())


async def digest_candidates(session: AsyncSession) -> list[Member]:
    """Members who get a weekly digest: agreed, onboarded, not paused, not blocked."""
    query = (
        select(Member)
        .where(Member.consented_at.is_not(None))
        .where(Member.onboarded_at.is_not(None))
        .where(Member.paused_at.is_(None))
        .where(Member.blocked_at.is_(None))
        .options(selectinload(Member.interests), selectinload(Member.keywords))
    )
    return list((await session.scalars(query)).all())


async def followed_ids(session: AsyncSession, member_id: int) -> set[int]:
    """Ids of the opportunities the member follows."""
    rows = await session.scalars(select(Follow.opportunity_id).where(Follow.member_id == member_id))
    return set(rows.all())


def tables_referencing_members() -> list[tuple[Table, str]]:
    """Every table with a foreign key to ``members.id``, and that column's name.

    Export and erasure walk this list, so a table added later is covered automatically.
    """
    found: list[tuple[Table, str]] = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "members" and fk.column.name == "id":
                found.append((table, fk.parent.name))
    return found


async def delete(session: AsyncSession, member: Member) -> None:
    """Erase the member and every row that references them."""
    for table, column in reversed(tables_referencing_members()):
        await session.execute(sql_delete(table).where(table.c[column] == member.id))
    await session.execute(sql_delete(Member).where(Member.id == member.id))
    await session.execute(sql_delete(Conversation).where(Conversation.chat_id == member.chat_id))
    # A promoted coordinator's role (and the name stored with it) goes too; config admins
    # are not in this table and keep theirs.
    await session.execute(sql_delete(Coordinator).where(Coordinator.user_id == member.chat_id))
    session.expunge(member)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


#: How an export shows the links of a row to members (the member's own row id is no
#: personal data for them, and another member's would be none of their business).
YOU, ANOTHER_MEMBER = "you", "another member"


def links_to_members() -> dict[Table, tuple[str, ...]]:
    """Every table with a foreign key to ``members.id``, with all such columns.

    A table can link to members more than once (an introduction has a requester and a
    target); a row belongs in a member's export when any of them points to the member.
    """
    found: dict[Table, tuple[str, ...]] = {}
    for table, column in tables_referencing_members():
        found[table] = (*found.get(table, ()), column)
    return found


async def personal_data(session: AsyncSession, member: Member) -> dict[str, Any]:
    """Every stored value about the member, table by table, as JSON-ready values."""
    member_row = {
        column.name: _plain(getattr(member, column.key))
        for column in Member.__table__.columns
        if column.name != "id"
    }
    data: dict[str, Any] = {"member": member_row}
    for table, columns in links_to_members().items():
        query = (
            select(table)
            .where(or_(*(table.c[column] == member.id for column in columns)))
            .order_by(*table.primary_key.columns)
        )
        rows = await session.execute(query)
        data[table.name] = [_exported(row._mapping, columns, member.id) for row in rows]
    # What the bot waits for in the chat is keyed by the chat, not the member row.
    waiting = await session.get(Conversation, member.chat_id)
    data[Conversation.__tablename__] = (
        [] if waiting is None else [{"kind": waiting.kind, "ref": waiting.ref}]
    )
    return data


def _exported(row: Any, links: tuple[str, ...], member_id: int) -> dict[str, Any]:
    if len(links) == 1:  # the link says nothing: every row of this table is the member's
        return {key: _plain(value) for key, value in row.items() if key != links[0]}
    return {
        key: _link(value, member_id) if key in links else _plain(value)
        for key, value in row.items()
    }


def _link(value: Any, member_id: int) -> str | None:
    if value is None:
        return None
    return YOU if value == member_id else ANOTHER_MEMBER


def _same_thing_keys(table: Table, column: str) -> list[list[str]]:
    """For each primary key or unique constraint holding ``column``: its other columns."""
    keys: list[list[str]] = []
    constraints = [
        table.primary_key,
        *(c for c in table.constraints if isinstance(c, UniqueConstraint)),
    ]
    for constraint in constraints:
        names = [c.name for c in constraint.columns]
        if column in names:
            keys.append([n for n in names if n != column])
    return keys


async def merge_into(session: AsyncSession, *, survivor_id: int, loser_id: int) -> None:
    """Give the survivor every row that references the loser, then delete the loser.

    A row the survivor already has an equivalent of (same key apart from the member, e.g.
    the same topic or the same followed call) stays with the loser and goes with it.
    """
    for table, column in tables_referencing_members():
        statement = update(table).where(table.c[column] == loser_id)
        for key in _same_thing_keys(table, column):
            other = table.alias()
            statement = statement.where(
                ~exists().where(
                    and_(other.c[column] == survivor_id, *(other.c[k] == table.c[k] for k in key))
                )
            )
        await session.execute(statement.values({column: survivor_id}))
    for table, column in reversed(tables_referencing_members()):
        await session.execute(sql_delete(table).where(table.c[column] == loser_id))
    await session.execute(sql_delete(Member).where(Member.id == loser_id))


async def migrate_group(
    session: AsyncSession,
    *,
    member_id: int | None,
    old_chat_id: int,
    new_chat_id: int,
) -> int | None:
    """A group became a supergroup: one member row for it, under the new chat id.

    When the new id already has a row (someone used a command in the supergroup before a
    queued message met the migration), the two are merged: the row that agreed to the
    privacy notice survives, or the older one when both (or neither) did.
    Returns the surviving member id (None when the chat has no member row).
    """
    query = select(Member).where(
        Member.id == member_id if member_id is not None else Member.chat_id == old_chat_id
    )
    old = (await session.scalars(query)).first()
    new = (await session.scalars(select(Member).where(Member.chat_id == new_chat_id))).first()
    if old is None or (new is not None and new.id == old.id):
        return new.id if new is not None else None
    survivor, loser = old, new
    if new is not None and new.consented_at is not None and old.consented_at is None:
        survivor, loser = new, old
    if loser is not None:
        await merge_into(session, survivor_id=survivor.id, loser_id=loser.id)
        session.expunge(loser)
    await session.execute(
        update(Member)
        .where(Member.id == survivor.id)
        .values(chat_id=new_chat_id, chat_type="supergroup")
    )
    # What the group was asked moves with it, unless the supergroup was asked something since.
    taken = await session.scalar(
        select(Conversation.chat_id).where(Conversation.chat_id == new_chat_id)
    )
    if taken is None:
        await session.execute(
            update(Conversation)
            .where(Conversation.chat_id == old_chat_id)
            .values(chat_id=new_chat_id)
        )
    await session.execute(sql_delete(Conversation).where(Conversation.chat_id == old_chat_id))
    return survivor.id
