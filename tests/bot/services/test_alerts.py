"""Countdown reminders (pure rule, then on a real database) for followed calls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.config import parse_settings
from bot.db.models import Follow, Member, OpportunityChange, OpportunityRow, OutboxMessage
from bot.db.session import Database
from bot.i18n import Catalogs
from bot.services.alerts import due_reminder, queue_alerts, queue_reminders
from bot.services.follows import Follows

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
OFFSETS = (14, 3, 1)


def test_the_smallest_reached_offset_once_per_deadline() -> None:
    deadline = NOW + timedelta(days=10)
    assert due_reminder(deadline, NOW, OFFSETS, []) == 14
    assert due_reminder(deadline, NOW, OFFSETS, [f"14:{deadline.isoformat()}"]) is None
    assert (
        due_reminder(deadline, NOW + timedelta(days=8), OFFSETS, [f"14:{deadline.isoformat()}"])
        == 3
    )
    assert due_reminder(deadline, NOW + timedelta(days=20), OFFSETS, []) is None  # passed
    assert due_reminder(NOW + timedelta(days=30), NOW, OFFSETS, []) is None  # too early
    moved = deadline + timedelta(days=2)
    assert due_reminder(moved, NOW, OFFSETS, [f"14:{deadline.isoformat()}"]) == 14  # re-armed


async def test_reminders_are_queued_in_waking_hours_and_once(db: Database) -> None:
    settings = parse_settings({}, environ={})
    catalogs = Catalogs(["en", "ro", "es"], "en")
    night = datetime(2026, 11, 25, 22, 30, tzinfo=UTC)  # 00:30 in Bucharest
    async with db.transaction() as session:
        member = Member(
            chat_id=1000, chat_type="private", language="ro", created_at=NOW, last_seen_at=NOW,
            consented_at=NOW, timezone="Europe/Bucharest", quiet_start_minute=21 * 60,
            quiet_end_minute=8 * 60,
        )  # fmt: skip
        row = OpportunityRow(
            uid="s:1", source_id="s", url="https://e.eu/1", title="Apel", summary="", language="ro",
            status="open", deadlines=[], next_deadline=night + timedelta(days=2),
            deadline_model="single", first_seen_at=NOW, last_seen_at=NOW, content_hash="x",
        )  # fmt: skip
        session.add_all([member, row])
        await session.flush()
        session.add(Follow(member_id=member.id, opportunity_id=row.id, created_at=NOW))
    assert await queue_reminders(db, settings, catalogs, now=night) == 1
    assert await queue_reminders(db, settings, catalogs, now=night) == 0
    async with db.transaction() as session:
        queued = (await session.scalars(select(OutboxMessage))).one()
    assert queued.kind == "reminder"
    assert "3 zile" in queued.text
    assert queued.not_before == datetime(2026, 11, 26, 6, 0, tzinfo=UTC)  # 08:00 Bucharest


async def test_news_and_events_get_no_alerts_reminders_or_follows(db: Database) -> None:
    """An item followed as a call and later found to be an event: nothing to apply to."""
    settings = parse_settings({}, environ={})
    catalogs = Catalogs(["en", "ro", "es"], "en")
    async with db.transaction() as session:
        member = Member(
            chat_id=1000, chat_type="private", language="en", created_at=NOW, last_seen_at=NOW,
            consented_at=NOW, timezone="Europe/Madrid",
        )  # fmt: skip
        event = OpportunityRow(
            uid="s:2", source_id="s", url="https://e.eu/2", title="Info day", summary="",
            language="en", status="open", deadlines=[], next_deadline=NOW + timedelta(days=2),
            deadline_model="single", first_seen_at=NOW, last_seen_at=NOW, content_hash="x",
            kind="event",
        )  # fmt: skip
        session.add_all([member, event])
        await session.flush()
        session.add(Follow(member_id=member.id, opportunity_id=event.id, created_at=NOW))
        session.add(
            OpportunityChange(opportunity_id=event.id, kind="deadline", old=None,
                              new=(NOW + timedelta(days=2)).isoformat(), detected_at=NOW)
        )  # fmt: skip
        event_id = event.id
    assert await queue_reminders(db, settings, catalogs, now=NOW) == 0
    assert await queue_alerts(db, settings, catalogs, now=NOW) == 0
    follows = Follows(db)
    assert not await follows.set_following(1000, event_id, True, now=NOW)
    assert await follows.set_following(1000, event_id, False, now=NOW)  # unfollow always works
