"""outbox.enqueue: the one place outbox rows are built; dedupe keys make it idempotent."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.db.models import OutboxMessage
from bot.db.repositories import outbox
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _digest(member: int) -> Outgoing:
    return Outgoing(chat_id=10_000 + member, kind="digest", text="x", dedupe_key=f"digest:{member}")


async def test_a_run_larger_than_any_bound_value_limit_is_queued_once(db: Database) -> None:
    # More keys than SQLite's old limit of 999 bound values, and than several lookups hold.
    messages = [_digest(m) for m in range(2 * outbox.KEYS_PER_QUERY + 201)]
    async with db.transaction() as session:
        added = await outbox.enqueue(session, [*messages, messages[0]], now=NOW)
    assert added == len(messages)  # a key repeated in the batch is queued once
    async with db.transaction() as session:
        assert await outbox.enqueue(session, messages, now=NOW) == 0  # and never again
        count = await session.scalar(select(func.count()).select_from(OutboxMessage))
    assert count == len(messages)


async def test_messages_without_a_key_are_always_queued(db: Database) -> None:
    reply = Outgoing(chat_id=7, kind="reply", text="<b>Numbers</b>")
    async with db.transaction() as session:
        assert await outbox.enqueue(session, [reply, reply], now=NOW) == 2
        row = await session.scalar(select(OutboxMessage).limit(1))
    assert row is not None
    assert (row.status, row.attempts, row.created_at) == ("pending", 0, NOW)
