"""The shared sending budget on PostgreSQL: one statement reserves a global slot and a chat's.

Every moment is on the database's clock (``clock_timestamp()``), and every answer is a number
of seconds from it, so instances whose own clocks differ still agree on the spacing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

# One round trip. ``chat``: when the chat may get its next message (now if it has no row).
# ``budget``: the upsert that takes the next global slot, only when the chat is ready within
# the horizon and the slot is within it too (a long pause after a 429 is not reserved into).
# The slot taken is the row's new ``next_at`` less the step (doubled while slowed down); the
# chat's next moment is set from it. The last SELECT reads the budget as it was before
# this statement (a CTE's writes are invisible to the statement itself): the global wait
# when nothing was reserved.
_RESERVE = text(
    """
WITH now_ AS (SELECT clock_timestamp() AS t),
chat AS (
    SELECT COALESCE(
        (SELECT next_at FROM send_chat_slots WHERE chat_id = :chat), (SELECT t FROM now_)
    ) AS ready
),
budget AS (
    INSERT INTO send_budget AS b (id, next_at, slow_until)
    SELECT 1, now_.t + make_interval(secs => CAST(:step AS double precision)), now_.t
    FROM now_, chat
    WHERE chat.ready <= now_.t + make_interval(secs => CAST(:horizon AS double precision))
    ON CONFLICT (id) DO UPDATE SET next_at = GREATEST(b.next_at, (SELECT t FROM now_))
        + make_interval(secs => CASE WHEN b.slow_until > (SELECT t FROM now_)
                                     THEN 2 * CAST(:step AS double precision)
                                     ELSE CAST(:step AS double precision) END)
    WHERE b.next_at <= (SELECT t FROM now_)
        + make_interval(secs => CAST(:horizon AS double precision))
    RETURNING b.next_at - make_interval(secs => CASE WHEN b.slow_until > (SELECT t FROM now_)
                                                    THEN 2 * CAST(:step AS double precision)
                                                    ELSE CAST(:step AS double precision) END)
        AS slot
),
taken AS (
    SELECT GREATEST(budget.slot, chat.ready) AS at FROM budget, chat
),
chat_set AS (
    INSERT INTO send_chat_slots (chat_id, next_at)
    SELECT :chat, taken.at + make_interval(secs => CAST(:gap AS double precision)) FROM taken
    ON CONFLICT (chat_id) DO UPDATE SET next_at = EXCLUDED.next_at
    RETURNING next_at
)
SELECT
    (SELECT EXTRACT(EPOCH FROM taken.at - now_.t) FROM taken) AS wait,
    (SELECT count(*) FROM chat_set) AS chats,
    EXTRACT(EPOCH FROM chat.ready - now_.t) AS chat_wait,
    COALESCE(
        (SELECT EXTRACT(EPOCH FROM next_at - now_.t) FROM send_budget WHERE id = 1), 0
    ) AS global_wait
FROM now_, chat
"""
)

_FLOOD = text(
    """
INSERT INTO send_budget AS b (id, next_at, slow_until)
VALUES (
    1,
    clock_timestamp() + make_interval(secs => CAST(:pause AS double precision)),
    clock_timestamp() + make_interval(secs => CAST(:slow AS double precision))
)
ON CONFLICT (id) DO UPDATE SET
    next_at = GREATEST(b.next_at, EXCLUDED.next_at),
    slow_until = GREATEST(b.slow_until, EXCLUDED.slow_until)
"""
)

_PRUNE = text("DELETE FROM send_chat_slots WHERE next_at < clock_timestamp()")


@dataclass(frozen=True, slots=True)
class Reservation:
    """What one reservation found, in seconds from the database's now.

    ``wait`` is None when nothing was reserved: the chat is not ready within the horizon
    (``chat_wait``), or the cluster is paused beyond it (``global_wait``).
    """

    wait: float | None
    chat_wait: float
    global_wait: float


async def reserve(
    connection: AsyncConnection, *, chat_id: int, step: float, gap: float, horizon: float
) -> Reservation:
    """Take the next global slot and the chat's next one (when both are within ``horizon``).

    ``step``: seconds between two messages of the whole cluster; ``gap``: between two to this
    chat. Run it on a connection in autocommit: the budget row stays locked until the
    statement's transaction commits, so it must be the statement's own.
    """
    row = (
        await connection.execute(
            _RESERVE, {"chat": chat_id, "step": step, "gap": gap, "horizon": horizon}
        )
    ).one()
    wait = None if row.wait is None else float(row.wait)
    return Reservation(wait, float(row.chat_wait), float(row.global_wait))


async def flood(connection: AsyncConnection, *, pause: float, slow: float) -> None:
    """A 429 came back: nobody sends for ``pause`` seconds, then at half speed for ``slow``."""
    await connection.execute(_FLOOD, {"pause": pause, "slow": slow})


async def prune(connection: AsyncConnection) -> int:
    """Forget chats whose next moment has passed (they carry nothing any more)."""
    result = await connection.execute(_PRUNE)
    return int(getattr(result, "rowcount", 0) or 0)
