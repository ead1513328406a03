"""The sending budget shared in PostgreSQL: slots spaced for the whole cluster, chats apart.

Reservations are asked with steps of seconds, far longer than the few milliseconds between two
asks, so each answer is known to the step: the database's clock barely moves meanwhile.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.models.pacing import SendChatSlot
from bot.db.repositories import pacing
from bot.db.session import Database
from bot.delivery.budget import LocalBudget, SharedBudget, budget_for
from bot.delivery.decide import SenderLimits

pytestmark = pytest.mark.postgres

STEP = 4.0
#: What the database's clock may move between two asks in these tests (a busy machine).
SLACK = 1.0


@pytest.fixture
async def shared(migrated_postgres_url: str) -> AsyncIterator[Database]:
    db = Database.from_url(migrated_postgres_url)
    try:
        yield db
    finally:
        await db.dispose()


async def _connections(db: Database, count: int) -> list[AsyncConnection]:
    found = []
    for _ in range(count):
        connection = await db.engine.connect()
        found.append(await connection.execution_options(isolation_level="AUTOCOMMIT"))
    return found


async def test_instances_take_consecutive_slots_of_one_budget(shared: Database) -> None:
    instances = await _connections(shared, 3)
    try:
        waits = []
        for n in range(6):  # three instances in turn, each its own connection, other chats
            found = await pacing.reserve(
                instances[n % 3], chat_id=1000 + n, step=STEP, gap=1.0, horizon=60.0
            )
            assert found.wait is not None
            waits.append(found.wait)
    finally:
        for connection in instances:
            await connection.close()
    for n, wait in enumerate(waits):
        assert n * STEP - SLACK <= wait <= n * STEP + SLACK, waits


async def test_a_chat_not_ready_takes_nothing(shared: Database) -> None:
    (connection,) = await _connections(shared, 1)
    try:
        first = await pacing.reserve(connection, chat_id=7, step=STEP, gap=30.0, horizon=2.0)
        again = await pacing.reserve(connection, chat_id=7, step=STEP, gap=30.0, horizon=2.0)
        other = await pacing.reserve(connection, chat_id=8, step=STEP, gap=30.0, horizon=60.0)
    finally:
        await connection.close()
    assert first.wait is not None
    assert first.wait <= SLACK
    assert again.wait is None  # the chat's next moment is 30 s away: its row is deferred
    assert 30 - SLACK <= again.chat_wait <= 30
    # Nothing was reserved for it: the next chat gets the very next slot.
    assert other.wait is not None
    assert STEP - SLACK <= other.wait <= STEP + SLACK


async def test_a_flood_pauses_the_cluster_then_halves_its_rate(shared: Database) -> None:
    (connection,) = await _connections(shared, 1)
    try:
        await pacing.flood(connection, pause=20.0, slow=600.0)
        paused = await pacing.reserve(connection, chat_id=1, step=STEP, gap=1.0, horizon=2.0)
        first = await pacing.reserve(connection, chat_id=1, step=STEP, gap=1.0, horizon=60.0)
        second = await pacing.reserve(connection, chat_id=2, step=STEP, gap=1.0, horizon=60.0)
    finally:
        await connection.close()
    assert paused.wait is None  # beyond the horizon: wait it out before asking again
    assert 20 - SLACK <= paused.global_wait <= 20
    assert first.wait is not None
    assert second.wait is not None
    assert 20 - SLACK <= first.wait <= 20
    assert 2 * STEP - SLACK <= second.wait - first.wait <= 2 * STEP + SLACK  # half speed


async def test_chats_whose_moment_passed_are_forgotten(shared: Database) -> None:
    (connection,) = await _connections(shared, 1)
    try:
        await pacing.reserve(connection, chat_id=1, step=0.001, gap=0.0, horizon=1.0)
        await pacing.reserve(connection, chat_id=2, step=0.001, gap=600.0, horizon=1.0)
        assert await pacing.prune(connection) == 1
        left = await connection.scalar(select(func.count()).select_from(SendChatSlot))
    finally:
        await connection.close()
    assert left == 1  # the chat still waiting for its moment


async def test_the_shared_budget_defers_a_busy_chat_and_sqlite_keeps_its_own(
    shared: Database, migrated_sqlite_url: str
) -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    limits = SenderLimits(per_second=29.0, private_interval=30.0)
    budget = budget_for(shared, limits, sleep=sleep)
    assert isinstance(budget, SharedBudget)
    assert await budget.take(5, may_defer=True) is None
    deferred = await budget.take(5, may_defer=True)
    assert deferred is not None
    assert 30 - SLACK <= deferred <= 30
    lite = Database.from_url(migrated_sqlite_url)
    try:
        assert isinstance(budget_for(lite, limits, sleep=sleep), LocalBudget)
    finally:
        await lite.dispose()
