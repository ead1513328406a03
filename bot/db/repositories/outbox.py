"""Outbox rows: enqueue idempotently, claim a chat's oldest due row, recover after a crash."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Select, and_, bindparam, exists, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import OutboxMessage
from bot.delivery.outgoing import Outgoing

#: Rows not yet finished: they hold back later rows to the same chat.
UNFINISHED = ("pending", "sending")


#: Keys looked up per query: a weekly run queues a message per member, and SQLite refuses a
#: statement with more bound values than its limit (32,766; 999 in older builds).
KEYS_PER_QUERY = 500


async def existing_keys(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    """Which dedupe keys are already queued (or sent)."""
    found: set[str] = set()
    unique = sorted(set(keys))
    for start in range(0, len(unique), KEYS_PER_QUERY):
        chunk = unique[start : start + KEYS_PER_QUERY]
        rows = await session.scalars(
            select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(chunk))
        )
        found.update(key for key in rows.all() if key is not None)
    return found


async def enqueue(
    session: AsyncSession,
    messages: Iterable[Outgoing],
    *,
    now: datetime,
    run_id: int | None = None,
) -> int:
    """Insert messages in the caller's transaction; returns how many were added.

    A message whose ``dedupe_key`` is already in the outbox (or earlier in ``messages``) is
    skipped. The only place outbox rows are built: every service queues through here.
    The rows go in as one executemany (no ORM objects: a weekly run queues 100,000).
    """
    batch = list(messages)
    seen = await existing_keys(session, [m.dedupe_key[:160] for m in batch if m.dedupe_key])
    rows: list[dict[str, object]] = []
    for message in batch:
        key = message.dedupe_key[:160] if message.dedupe_key else None
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        rows.append(
            {
                "chat_id": message.chat_id,
                "member_id": message.member_id,
                "run_id": run_id,
                "kind": message.kind,
                "dedupe_key": key,
                "text": message.text,
                "reply_markup": message.reply_markup,
                "status": "pending",
                "attempts": 0,
                "not_before": message.not_before,
                "expires_at": message.expires_at,
                "media_type": message.media_type,
                "media_name": message.media_name,
                "media": message.media,
                "thread_id": message.thread_id,
                "created_at": now,
            }
        )
    if rows:
        await session.execute(insert(OutboxMessage), rows)
    return len(rows)


async def expire(session: AsyncSession, *, now: datetime) -> int:
    """Pending rows past ``expires_at`` (a reminder for an event that has begun) end failed."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "pending")
        .where(OutboxMessage.expires_at.is_not(None))
        .where(OutboxMessage.expires_at <= now)
        .values(status="failed", last_error="expired")
    )
    return int(getattr(result, "rowcount", 0) or 0)


#: Candidates looked at first (oldest due rows); the whole queue only when none fits.
WINDOW = 64


def _heads_query(*, lock: bool, limit: int, whole_queue: bool) -> Select[tuple[OutboxMessage]]:
    """The claim query, with ``now`` as a bound parameter (built once per shape, then cached:
    it runs once per message sent)."""
    now = bindparam("now", type_=OutboxMessage.__table__.c.not_before.type)
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending")
        .where(or_(OutboxMessage.not_before.is_(None), OutboxMessage.not_before <= now))
        .order_by(OutboxMessage.id)
    )
    candidates = due if whole_queue else due.limit(max(WINDOW, 2 * limit))
    earlier = aliased(OutboxMessage)
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates.scalar_subquery()))
        # Repeated on the locked row itself: when another worker finishes a candidate
        # between our snapshot and our lock, PostgreSQL re-checks these conditions on
        # the newest version (the subquery's answer is not re-checked).
        .where(OutboxMessage.status == "pending")
        .where(or_(OutboxMessage.not_before.is_(None), OutboxMessage.not_before <= now))
        .where(
            ~exists().where(
                and_(
                    earlier.chat_id == OutboxMessage.chat_id,
                    earlier.id < OutboxMessage.id,
                    or_(
                        earlier.status == "sending",
                        and_(
                            earlier.status == "pending",
                            or_(
                                earlier.not_before.is_(None),
                                earlier.not_before <= now,
                                earlier.retry_since.is_not(None),
                            ),
                        ),
                    ),
                )
            )
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if lock:
        query = query.with_for_update(skip_locked=True, of=OutboxMessage)
    return query


_HEADS: dict[tuple[bool, int, bool], Select[tuple[OutboxMessage]]] = {}


async def claim_heads(
    session: AsyncSession, *, now: datetime, lock: bool, limit: int = 1
) -> list[OutboxMessage]:
    """The oldest due pending rows that no older message of their chat holds back.

    An older row holds a chat's later rows back while it is in flight, due, or waiting for
    a retry, so a chat's messages go out in order even when one of them meets an outage,
    and two workers never write to one chat at the same time. A row scheduled for later
    (after the member's quiet hours) holds nothing back.
    With ``lock`` (PostgreSQL) the row is locked ``FOR UPDATE SKIP LOCKED`` for the caller's
    transaction: other workers skip it, and if the worker dies the lock (and the row) is
    free at once. The oldest ``WINDOW`` due rows are tried first, which keeps the query to
    a fraction of a millisecond however long the queue is.
    """
    for whole_queue in (False, True):
        shape = (lock, limit, whole_queue)
        query = _HEADS.get(shape)
        if query is None:
            query = _HEADS.setdefault(
                shape, _heads_query(lock=lock, limit=limit, whole_queue=whole_queue)
            )
        found = list((await session.scalars(query, {"now": now})).all())
        if found:
            return found
    return []


async def release_in_flight(session: AsyncSession, *, claimed_before: datetime | None) -> int:
    """Rows left in ``sending`` go back to ``pending`` (returns how many).

    ``claimed_before=None`` releases every such row (SQLite: the one worker holds none
    between two messages); otherwise only rows claimed before that instant.
    """
    statement = update(OutboxMessage).where(OutboxMessage.status == "sending")
    if claimed_before is not None:
        statement = statement.where(OutboxMessage.claimed_at < claimed_before)
    result = await session.execute(statement.values(status="pending", claimed_at=None))
    return int(getattr(result, "rowcount", 0) or 0)


async def retarget_chat(
    session: AsyncSession, *, old_chat_id: int, new_chat_id: int, member_id: int | None
) -> int:
    """Unfinished rows for a migrated group follow it to its new chat id."""
    values: dict[str, object] = {"chat_id": new_chat_id}
    if member_id is not None:
        values["member_id"] = member_id
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.chat_id == old_chat_id)
        .where(OutboxMessage.status.in_(UNFINISHED))
        .values(**values)
    )
    return int(getattr(result, "rowcount", 0) or 0)
