"""Queueing workshop messages in the caller's transaction: announcements, change notices,
promotions from the waitlist. Shared by the authoring and RSVP services.

Every message is written to the outbox in the same transaction as the change it reports,
so a crash can never leave a change untold or a notice without a change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.core.i18n import Catalogs
from bot.db.models import DeliveryRun, Member, Workshop
from bot.db.repositories import outbox
from bot.db.repositories import workshops as repo
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing
from bot.public.rules import PublicRenderer
from bot.workshops.seats import Answer, promotable
from bot.workshops.types import Notices, Rendered, WorkshopError


@dataclass(frozen=True, slots=True)
class Context:
    """What every workshop service shares: the database, settings, catalogs, the renderer."""

    db: Database
    settings: Settings
    catalogs: Catalogs
    notices: Notices
    #: Renders public announcements (channel, forum topics); None: none are posted.
    public: PublicRenderer | None = None

    def zone(self, member: Member) -> ZoneInfo:
        """The member's time zone (the alliance's when they set none)."""
        return ZoneInfo(member.timezone or self.settings.schedule.timezone)

    async def locked(self, session: AsyncSession, workshop_id: int) -> Workshop:
        """The workshop, locked for this transaction on PostgreSQL (SQLite: serialised).

        Raises:
            WorkshopError: there is no such workshop.
        """
        row = await repo.locked(session, workshop_id, lock=not self.db.is_sqlite)
        if row is None:
            raise WorkshopError("unknown")
        return row


def outgoing(
    member: Member,
    message: Rendered,
    *,
    kind: str,
    key: str,
    expires_at: datetime | None = None,
) -> Outgoing:
    """One rendered message to one member."""
    return Outgoing(
        chat_id=member.chat_id,
        member_id=member.id,
        kind=kind,
        dedupe_key=key,
        text=message.text,
        reply_markup=message.reply_markup,
        expires_at=expires_at,
    )


async def announce(
    ctx: Context,
    session: AsyncSession,
    row: Workshop,
    *,
    now: datetime,
    bot_username: str | None = None,
) -> int:
    """Queue the announcement to the workshop's audience, as one delivery run."""
    members = await repo.audience(
        session, row, audience=row.audience, common_language=ctx.settings.i18n.default_language
    )
    run = DeliveryRun(kind="workshop", started_at=now)
    session.add(run)
    await session.flush()
    workshop = repo.snapshot(row)
    messages = [
        outgoing(
            member,
            ctx.notices.announcement(
                ctx.catalogs.get(member.language),
                workshop,
                zone=ctx.zone(member),
                private=member.chat_type == "private",
                bot_username=bot_username,
            ),
            kind="workshop",
            key=f"ws:{row.id}:announce:{member.id}",
        )
        for member in members
    ]
    await outbox.enqueue(session, messages, now=now, run_id=run.id)
    return len(members)


async def notify_answered(
    ctx: Context,
    session: AsyncSession,
    row: Workshop,
    *,
    kind: str,
    changes: Iterable[str],
    now: datetime,
) -> int:
    """Tell everyone who answered that the workshop changed (or was cancelled)."""
    rows = await repo.answered(session, row.id)
    workshop = repo.snapshot(row)
    change_list = tuple(changes)
    messages = [
        outgoing(
            member,
            ctx.notices.change_notice(
                ctx.catalogs.get(member.language),
                workshop,
                kind=kind,
                changes=change_list,
                answer=Answer(status),
                zone=ctx.zone(member),
            ),
            kind="ws_notice",
            key=f"ws:{row.id}:{kind}:{row.sequence}:{member.id}",
        )
        for member, status in rows
    ]
    await outbox.enqueue(session, messages, now=now)
    return len(rows)


async def promote(ctx: Context, session: AsyncSession, row: Workshop, *, now: datetime) -> int:
    """Give free seats to the waitlist in order and queue the good news."""
    going = await repo.going_count(session, row.id)
    waiting = await repo.waitlist(session, row.id)
    count = promotable(row.capacity, going, len(waiting))
    workshop = repo.snapshot(row)
    messages = []
    for rsvp, member in waiting[:count]:
        rsvp.status = Answer.GOING.value
        rsvp.queued_at = None
        rsvp.answered_at = now
        notice = ctx.notices.promoted(
            ctx.catalogs.get(member.language), workshop, zone=ctx.zone(member)
        )
        messages.append(
            outgoing(
                member,
                notice,
                kind="ws_notice",
                key=f"ws:{row.id}:promoted:{member.id}:{now.timestamp():.0f}",
            )
        )
    await outbox.enqueue(session, messages, now=now)
    await session.flush()
    return count
