"""Alerts to followers when a call they follow changes (deadline, opening, closing, budget)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime
from sqlalchemy import select

from bot.config import Settings
from bot.db.models import Follow, Member, OpportunityChange, OpportunityRow, OutboxMessage
from bot.db.session import Database
from bot.i18n import Catalogs, Translator
from bot.render import esc, esc_attr
from bot.timing import QuietHours, shift_out_of_quiet
from feeds.types import OpportunityKind

#: Only what a member can apply to gets alerts and countdown reminders.
FUNDING_KINDS = tuple(kind.value for kind in OpportunityKind if kind.is_funding)


def _when(value: str | None, zone: ZoneInfo, language: str) -> str:
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return value
    return str(
        format_datetime(moment.astimezone(zone), "d MMMM y, HH:mm", locale=Locale.parse(language))
    )


def _moved(old: str | None, new: str | None) -> tuple[str | None, str | None]:
    """The first deadline that differs between two lists (cut-offs move one at a time)."""
    before = [v.strip() for v in (old or "").split(",") if v.strip()]
    after = [v.strip() for v in (new or "").split(",") if v.strip()]
    for a, b in zip(before, after, strict=False):
        if a != b:
            return a, b
    if len(before) > len(after):
        return before[len(after)], None
    if len(after) > len(before):
        return None, after[len(before)]
    return (before[0] if before else None), (after[0] if after else None)


def alert_text(
    tr: Translator, change: OpportunityChange, row: OpportunityRow, *, zone: ZoneInfo, language: str
) -> str:
    """The alert for one change, in the member's language and time zone."""
    if change.kind == "deadline":
        old, new = _moved(change.old, change.new)
        what = tr.gettext(
            "The deadline moved: %(old)s → %(new)s",
            old=_when(old, zone, language),
            new=_when(new, zone, language),
        )
    elif change.kind == "opened":
        what = tr.gettext("It is open for applications now.")
    elif change.kind == "closed":
        what = tr.gettext("It has closed (or was cancelled).")
    elif change.kind == "budget":
        what = tr.gettext(
            "The budget changed: %(old)s → %(new)s", old=change.old or "—", new=change.new or "—"
        )
    else:
        what = tr.gettext(
            "Its status changed: %(old)s → %(new)s", old=change.old or "—", new=change.new or "—"
        )
    heading = tr.gettext("🔔 A call you follow changed")
    return f'<b>{esc(heading)}</b>\n<a href="{esc_attr(row.url)}">{esc(row.title)}</a>\n{esc(what)}'


def _zone(member: Member, settings: Settings) -> ZoneInfo:
    return ZoneInfo(member.timezone or settings.schedule.timezone)


def _personal_message(
    member: Member, settings: Settings, *, kind: str, key: str, text: str, now: datetime
) -> OutboxMessage:
    """An outbox row for one member, held until their quiet hours end."""
    quiet = (
        QuietHours(member.quiet_start_minute, member.quiet_end_minute)
        if member.quiet_start_minute is not None and member.quiet_end_minute is not None
        else None
    )
    send_at = shift_out_of_quiet(now, _zone(member, settings), quiet)
    return OutboxMessage(
        chat_id=member.chat_id,
        member_id=member.id,
        kind=kind,
        dedupe_key=key[:160],
        text=text,
        status="pending",
        attempts=0,
        created_at=now,
        not_before=send_at if send_at > now else None,
    )


async def queue_alerts(
    db: Database, settings: Settings, catalogs: Catalogs, *, now: datetime
) -> int:
    """Queue one alert per follower for every change not alerted yet; returns how many."""
    queued = 0
    async with db.transaction() as session:
        changes = (
            await session.scalars(
                select(OpportunityChange)
                .where(OpportunityChange.notified_at.is_(None))
                .order_by(OpportunityChange.id)
                .limit(500)
            )
        ).all()
        for change in changes:
            change.notified_at = now
            row = await session.get(OpportunityRow, change.opportunity_id)
            if row is None or row.kind not in FUNDING_KINDS:
                continue  # gone, or no longer a call (news, an event): nothing to apply to
            followers = (
                await session.scalars(
                    select(Member)
                    .join(Follow, Follow.member_id == Member.id)
                    .where(Follow.opportunity_id == change.opportunity_id)
                    .where(Member.blocked_at.is_(None))
                )
            ).all()
            for member in followers:
                text = alert_text(
                    catalogs.get(member.language),
                    change,
                    row,
                    zone=_zone(member, settings),
                    language=member.language,
                )
                key = f"alert:{change.id}:{member.id}"
                session.add(
                    _personal_message(member, settings, kind="alert", key=key, text=text, now=now)
                )
                queued += 1
    return queued


def reminder_text(
    tr: Translator, row: OpportunityRow, days: int, *, zone: ZoneInfo, language: str
) -> str:
    """A countdown reminder for a followed call."""
    deadline = _when(row.next_deadline.isoformat() if row.next_deadline else None, zone, language)
    heading = tr.ngettext(
        "⏳ %(n)s day left for a call you follow",
        "⏳ %(n)s days left for a call you follow",
        days,
    )
    when = tr.gettext("Deadline: %(when)s", when=deadline)
    return f'<b>{esc(heading)}</b>\n<a href="{esc_attr(row.url)}">{esc(row.title)}</a>\n{esc(when)}'


def due_reminder(
    next_deadline: datetime, now: datetime, offsets: tuple[int, ...], done: list[str]
) -> int | None:
    """The countdown offset (days) to send now, if any: the smallest one reached and not yet sent.

    Reminders are keyed by deadline, so when a deadline moves they are due again.
    """
    left = next_deadline - now
    if left.total_seconds() <= 0:
        return None
    reached = [d for d in sorted(offsets) if left <= timedelta(days=d)]
    if not reached:
        return None
    key = f"{reached[0]}:{next_deadline.isoformat()}"
    return None if key in done else reached[0]


async def queue_reminders(
    db: Database, settings: Settings, catalogs: Catalogs, *, now: datetime
) -> int:
    """Queue countdown reminders (T-14, T-3, T-1 by default) in each member's waking hours."""
    offsets = tuple(settings.schedule.reminder_days)
    queued = 0
    async with db.transaction() as session:
        rows = (
            await session.execute(
                select(Follow, Member, OpportunityRow)
                .join(Member, Member.id == Follow.member_id)
                .join(OpportunityRow, OpportunityRow.id == Follow.opportunity_id)
                .where(Member.blocked_at.is_(None))
                .where(OpportunityRow.next_deadline.is_not(None))
                .where(OpportunityRow.kind.in_(FUNDING_KINDS))
                .where(OpportunityRow.next_deadline > now)
                .where(
                    OpportunityRow.next_deadline <= now + timedelta(days=max(offsets, default=0))
                )
            )
        ).all()
        for follow, member, row in rows:
            if row.next_deadline is None:  # excluded by the query; keeps the type checker sure
                continue
            done = list(follow.reminders or [])
            days = due_reminder(row.next_deadline, now, offsets, done)
            if days is None:
                continue
            # Smaller offsets passed while we were away are covered by this one.
            stamp = row.next_deadline.isoformat()
            follow.reminders = [*done, *(f"{d}:{stamp}" for d in offsets if d >= days)]
            text = reminder_text(
                catalogs.get(member.language),
                row,
                days,
                zone=_zone(member, settings),
                language=member.language,
            )
            key = f"reminder:{member.id}:{row.id}:{days}:{stamp}"
            session.add(
                _personal_message(member, settings, kind="reminder", key=key, text=text, now=now)
            )
            queued += 1
    return queued
