"""Reminders before a workshop, for the members who are going."""

from __future__ import annotations

from datetime import datetime

from bot.db.repositories import outbox
from bot.db.repositories import workshops as repo
from bot.services.workshops.notices import Context, outgoing
from bot.workshops.seats import due_reminder


class Reminders:
    """Queues the reminders that are due; the database remembers which were sent."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.db = ctx.db

    async def queue_reminders(self, *, now: datetime, hours: tuple[float, ...]) -> int:
        """Queue the reminders that are due for members going to upcoming workshops.

        The database decides: each answer records which reminders it got, so a restart
        neither loses nor repeats one, and a reminder expires at the start of the event.
        """
        if not hours:
            return 0
        horizon = max(hours)
        messages = []
        async with self.db.transaction() as session:
            for row, rsvp, member in await repo.going_to_upcoming(session, now=now):
                assert row.starts_at is not None  # published workshops have a start
                if (row.starts_at - now).total_seconds() > horizon * 3600:
                    continue
                due = due_reminder(
                    now=now,
                    starts_at=row.starts_at,
                    hours=hours,
                    sent=frozenset(rsvp.reminders or ()),
                )
                if due is None:
                    continue
                rsvp.reminders = sorted(set(rsvp.reminders or ()) | due.done)
                text = self.ctx.notices.reminder(
                    self.ctx.catalogs.get(member.language),
                    repo.snapshot(row),
                    zone=self.ctx.zone(member),
                    now=now,
                )
                messages.append(
                    outgoing(
                        member,
                        text,
                        kind="ws_reminder",
                        key=f"ws:{row.id}:remind:{due.label}:{member.id}",
                        expires_at=row.starts_at,
                    )
                )
            await outbox.enqueue(session, messages, now=now)
        return len(messages)
