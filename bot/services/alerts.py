"""Alerts to followers when a call they follow changes (deadline, opening, closing, budget)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.buttons.pipeline import PlanCall
from bot.config import Settings
from bot.core import dates
from bot.core.i18n import Catalogs, Translator
from bot.core.labels import call_status_label
from bot.core.render import esc, esc_attr
from bot.core.timing import QuietHours, shift_out_of_quiet
from bot.db.models import Follow, Member, OpportunityChange, OpportunityRow
from bot.db.repositories import outbox
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing
from feeds.types import OpportunityKind

#: Only what a member can apply to gets alerts and countdown reminders.
FUNDING_KINDS = tuple(kind.value for kind in OpportunityKind if kind.is_funding)


def _when(tr: Translator, value: str | None, row: OpportunityRow, zone: ZoneInfo) -> str:
    """A stored deadline (ISO text) as the call states it: its day when date-only."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return value
    if moment.tzinfo is None:
        return value
    deadline = dates.Deadline(moment, row.deadline_has_time, row.deadline_zone)
    return dates.deadline_text(tr, deadline, reader_zone=zone)


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
    tr: Translator, change: OpportunityChange, row: OpportunityRow, *, zone: ZoneInfo
) -> str:
    """The alert for one change, in the member's language and time zone."""
    if change.kind == "deadline":
        old, new = _moved(change.old, change.new)
        what = tr.gettext(
            "The deadline moved: %(old)s → %(new)s",
            old=_when(tr, old, row, zone),
            new=_when(tr, new, row, zone),
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
            "Its status changed: %(old)s → %(new)s",
            old=call_status_label(tr, change.old),
            new=call_status_label(tr, change.new),
        )
    heading = tr.gettext("🔔 A call you follow changed")
    return f'<b>{esc(heading)}</b>\n<a href="{esc_attr(row.url)}">{esc(row.title)}</a>\n{esc(what)}'


def _zone(member: Member, settings: Settings) -> ZoneInfo:
    return ZoneInfo(member.timezone or settings.schedule.timezone)


def _send_at(member: Member, settings: Settings, now: datetime) -> datetime:
    """``now``, or the end of the member's quiet hours when ``now`` falls in them."""
    quiet = (
        QuietHours(member.quiet_start_minute, member.quiet_end_minute)
        if member.quiet_start_minute is not None and member.quiet_end_minute is not None
        else None
    )
    return shift_out_of_quiet(now, _zone(member, settings), quiet)


def _personal_message(
    member: Member,
    settings: Settings,
    *,
    kind: str,
    key: str,
    text: str,
    now: datetime,
    markup: dict[str, Any] | None = None,
) -> Outgoing:
    """A message for one member, held until their quiet hours end."""
    send_at = _send_at(member, settings, now)
    return Outgoing(
        chat_id=member.chat_id,
        member_id=member.id,
        kind=kind,
        dedupe_key=key,
        text=text,
        reply_markup=markup,
        not_before=send_at if send_at > now else None,
    )


def plan_markup(tr: Translator, member: Member, opportunity_id: int) -> dict[str, Any] | None:
    """📝 We plan to apply, under an alert or reminder in a private chat (Bot API JSON)."""
    if member.chat_type != "private":
        return None
    label = tr.gettext("📝 We plan to apply")
    return {"inline_keyboard": [[{"text": label, "callback_data": PlanCall(opportunity_id).data}]]}


async def queue_alerts(
    db: Database, settings: Settings, catalogs: Catalogs, *, now: datetime
) -> int:
    """Queue one alert per follower for every change not alerted yet; returns how many."""
    messages: list[Outgoing] = []
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
                tr = catalogs.get(member.language)
                text = alert_text(tr, change, row, zone=_zone(member, settings))
                key = f"alert:{change.id}:{member.id}"
                messages.append(
                    _personal_message(
                        member,
                        settings,
                        kind="alert",
                        key=key,
                        text=text,
                        now=now,
                        markup=plan_markup(tr, member, row.id),
                    )
                )
        return await outbox.enqueue(session, messages, now=now)


def _deadline(row: OpportunityRow) -> dates.Deadline | None:
    if row.next_deadline is None:
        return None
    return dates.Deadline(row.next_deadline, row.deadline_has_time, row.deadline_zone)


def reminder_text(tr: Translator, row: OpportunityRow, *, now: datetime, zone: ZoneInfo) -> str:
    """A countdown reminder for a followed call, stating the days actually left at ``now``
    (calendar days to the deadline's day, in the deadline's zone)."""
    deadline = _deadline(row)
    if deadline is None:
        return ""
    days = dates.days_left(deadline, now)
    if days <= 0:
        heading = tr.gettext("⏳ A call you follow closes today")
    else:
        heading = tr.ngettext(
            "⏳ %(n)s day left for a call you follow",
            "⏳ %(n)s days left for a call you follow",
            days,
        )
    when = tr.gettext(
        "Deadline: %(when)s", when=dates.deadline_text(tr, deadline, reader_zone=zone)
    )
    return f'<b>{esc(heading)}</b>\n<a href="{esc_attr(row.url)}">{esc(row.title)}</a>\n{esc(when)}'


def reminder_marks(
    deadline: dates.Deadline, offsets: tuple[int, ...]
) -> list[tuple[int, datetime]]:
    """Each countdown offset with its moment: the start of the day that is ``offset``
    calendar days before the deadline's day, in the deadline's zone (soonest offset first)."""
    return [(d, dates.day_start(deadline, d)) for d in sorted({d for d in offsets if d >= 0})]


def due_reminder(
    deadline: dates.Deadline,
    now: datetime,
    offsets: tuple[int, ...],
    done: list[str],
    *,
    since: datetime,
) -> list[int]:
    """The countdown offsets that fall due now, smallest first; empty when none does.

    An offset is due when its moment has come, the deadline has not passed, it was not
    sent for this deadline yet, and its moment came at or after ``since``: when the member
    followed the call, or when its deadline last moved (a mark that had already passed then
    is never sent; the member was told the new deadline by the alert). The caller sends one
    reminder for all of them, so a bot that was down over two marks sends one, not two.
    Reminders are keyed by deadline, so when a deadline moves they are armed again.
    """
    if deadline.at <= now:
        return []
    stamp = deadline.at.isoformat()
    return [
        d
        for d, mark in reminder_marks(deadline, offsets)
        if since <= mark <= now and f"{d}:{stamp}" not in done
    ]


async def queue_reminders(
    db: Database, settings: Settings, catalogs: Catalogs, *, now: datetime
) -> int:
    """Queue countdown reminders (T-14, T-3, T-1 by default) in each member's waking hours."""
    offsets = tuple(settings.schedule.reminder_days)
    messages: list[Outgoing] = []
    moved = (
        select(
            OpportunityChange.opportunity_id.label("opportunity_id"),
            func.max(OpportunityChange.detected_at).label("at"),
        )
        .where(OpportunityChange.kind == "deadline")
        .group_by(OpportunityChange.opportunity_id)
        .subquery()
    )
    async with db.transaction() as session:
        rows = (
            await session.execute(
                select(Follow, Member, OpportunityRow, moved.c.at)
                .join(Member, Member.id == Follow.member_id)
                .join(OpportunityRow, OpportunityRow.id == Follow.opportunity_id)
                .outerjoin(moved, moved.c.opportunity_id == OpportunityRow.id)
                .where(Member.blocked_at.is_(None))
                .where(OpportunityRow.next_deadline.is_not(None))
                .where(OpportunityRow.kind.in_(FUNDING_KINDS))
                .where(OpportunityRow.next_deadline > now)
                # A mark is the start of a day in the deadline's zone: look a day further.
                .where(
                    OpportunityRow.next_deadline
                    <= now + timedelta(days=max(offsets, default=0) + 2)
                )
            )
        ).all()
        for follow, member, row, moved_at in rows:
            deadline = _deadline(row)
            if deadline is None:  # excluded by the query; keeps the type checker sure
                continue
            done = list(follow.reminders or [])
            since = max(follow.created_at, moved_at) if moved_at else follow.created_at
            # Judged at the moment it can be sent (after quiet hours): marks that come before
            # then are covered by this reminder, and its text counts the days left then.
            send_at = _send_at(member, settings, now)
            due = due_reminder(deadline, send_at, offsets, done, since=since)
            if not due:
                continue
            stamp = deadline.at.isoformat()
            follow.reminders = [*done, *(f"{d}:{stamp}" for d in due)]
            tr = catalogs.get(member.language)
            text = reminder_text(tr, row, now=send_at, zone=_zone(member, settings))
            key = f"reminder:{member.id}:{row.id}:{due[0]}:{stamp}"
            message = _personal_message(
                member,
                settings,
                kind="reminder",
                key=key,
                text=text,
                now=now,
                markup=plan_markup(tr, member, row.id),
            )
            # A reminder held past the deadline (quiet hours) is no use: it expires.
            messages.append(replace(message, expires_at=deadline.at))
        return await outbox.enqueue(session, messages, now=now)
