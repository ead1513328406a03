"""Countdown reminders (pure rule, then on a real database) for followed calls."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from bot.config import parse_settings
from bot.core import dates
from bot.core.i18n import Catalogs
from bot.db.models import Follow, Member, OpportunityChange, OpportunityRow, OutboxMessage
from bot.db.session import Database
from bot.services.alerts import due_reminder, queue_alerts, queue_reminders, reminder_marks
from bot.services.follows import Follows

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
OFFSETS = (14, 3, 1)
MADRID = ZoneInfo("Europe/Madrid")
BRUSSELS = ZoneInfo("Europe/Brussels")
CATALOGS = Catalogs(["en", "ro", "es"], "en")


def date_only(day: date, zone: str = "Europe/Brussels") -> dates.Deadline:
    return dates.Deadline(datetime.combine(day, time(23, 59), tzinfo=ZoneInfo(zone)), False, zone)


def test_marks_are_the_starts_of_days_before_the_deadlines_day() -> None:
    deadline = date_only(date(2026, 12, 10), "Europe/Madrid")
    assert reminder_marks(deadline, OFFSETS) == [
        (1, datetime(2026, 12, 9, 0, 0, tzinfo=MADRID)),
        (3, datetime(2026, 12, 7, 0, 0, tzinfo=MADRID)),
        (14, datetime(2026, 11, 26, 0, 0, tzinfo=MADRID)),
    ]


def test_only_marks_after_following_and_once_per_deadline() -> None:
    deadline = date_only(date(2026, 12, 10))
    stamp = deadline.at.isoformat()
    early = NOW - timedelta(days=30)
    assert due_reminder(deadline, NOW, OFFSETS, [], since=early) == []  # 15 days left
    day_14 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    assert due_reminder(deadline, day_14, OFFSETS, [], since=early) == [14]
    assert due_reminder(deadline, day_14, OFFSETS, [f"14:{stamp}"], since=early) == []
    # Followed with 12 days left: the 14-day mark had passed, so it is never sent...
    followed = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    assert due_reminder(deadline, followed, OFFSETS, [], since=followed) == []
    # ...and the 3-day mark is, on its day.
    day_3 = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    assert due_reminder(deadline, day_3, OFFSETS, [], since=followed) == [3]
    # A bot down over two marks owes one reminder covering both.
    day_1 = datetime(2026, 12, 9, 7, 0, tzinfo=UTC)
    assert due_reminder(deadline, day_1, OFFSETS, [], since=early) == [1, 3, 14]
    # Past the deadline: nothing.
    assert (
        due_reminder(deadline, deadline.at + timedelta(minutes=1), OFFSETS, [], since=early) == []
    )
    # A moved deadline re-arms its marks (keyed by the deadline), counted from the move.
    moved = date_only(date(2026, 12, 12))
    assert due_reminder(moved, day_3, OFFSETS, [f"3:{stamp}"], since=early) == [14]
    assert due_reminder(moved, day_3, OFFSETS, [f"3:{stamp}"], since=day_3) == []


@given(
    left=st.integers(min_value=0, max_value=40),
    hours=st.integers(min_value=0, max_value=23),
    follow_days=st.integers(min_value=0, max_value=40),
)
def test_a_due_mark_never_claims_more_days_than_are_left(
    left: int, hours: int, follow_days: int
) -> None:
    deadline = date_only(date(2027, 3, 31), "Europe/Madrid")
    now = dates.day_start(deadline, left).astimezone(UTC) + timedelta(hours=hours)
    since = now - timedelta(days=follow_days)
    actually_left = dates.days_left(deadline, now)
    for offset in due_reminder(deadline, now, OFFSETS, [], since=since):
        assert actually_left <= offset
        assert dates.day_start(deadline, offset) >= since


async def add_follow(
    db: Database,
    *,
    deadline: datetime,
    followed_at: datetime,
    language: str = "ro",
    zone: str = "Europe/Bucharest",
    has_time: bool = False,
    deadline_zone: str = "Europe/Brussels",
    chat_id: int = 1000,
) -> int:
    async with db.transaction() as session:
        member = Member(
            chat_id=chat_id, chat_type="private", language=language,
            created_at=NOW - timedelta(days=60), last_seen_at=NOW, consented_at=NOW,
            timezone=zone, quiet_start_minute=21 * 60, quiet_end_minute=8 * 60,
        )  # fmt: skip
        row = await session.scalar(select(OpportunityRow).where(OpportunityRow.uid == "s:1"))
        if row is None:
            row = OpportunityRow(
                uid="s:1", source_id="s", url="https://e.eu/1", title="Apel", summary="",
                language="ro", status="open", deadlines=[deadline.isoformat()],
                next_deadline=deadline, deadline_model="single", deadline_has_time=has_time,
                deadline_zone=deadline_zone, first_seen_at=NOW, last_seen_at=NOW,
                content_hash="x",
            )  # fmt: skip
            session.add(row)
        session.add(member)
        await session.flush()
        session.add(Follow(member_id=member.id, opportunity_id=row.id, created_at=followed_at))
        return row.id


async def outbox(db: Database) -> list[OutboxMessage]:
    async with db.transaction() as session:
        return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def test_reminders_are_queued_in_waking_hours_and_once(db: Database) -> None:
    settings = parse_settings({}, environ={})
    night = datetime(2026, 11, 25, 22, 30, tzinfo=UTC)  # 00:30 in Bucharest, 23:30 in Brussels
    deadline = datetime(2026, 11, 27, 22, 59, tzinfo=UTC)  # 27 November, 23:59 Brussels
    await add_follow(db, deadline=deadline, followed_at=NOW - timedelta(days=20))
    assert await queue_reminders(db, settings, CATALOGS, now=night) == 1
    assert await queue_reminders(db, settings, CATALOGS, now=night) == 0
    (queued,) = await outbox(db)
    assert queued.kind == "reminder"
    # Held until 08:00 Bucharest on 26 November (07:00 in Brussels, the deadline's zone): one
    # calendar day before the 27th. The 3- and 1-day marks both come before then: one message.
    assert "A mai rămas 1 zi pentru" in queued.text
    assert "27 noiembrie 2026, până la sfârșitul zilei" in queued.text
    assert queued.not_before == datetime(2026, 11, 26, 6, 0, tzinfo=UTC)  # 08:00 Bucharest
    assert queued.expires_at == deadline


async def test_following_with_12_days_left_says_12_never_14(db: Database) -> None:
    """Issue 11: "14 days left" for a call due in 12 days. Marks passed at follow time stay
    unsent."""
    # A one-minute quiet period, so that the 00:05 ticks below are not held.
    settings = parse_settings({"schedule": {"quiet_hours_start": "00:00",
                                            "quiet_hours_end": "00:01"}}, environ={})  # fmt: skip
    deadline = date_only(date(2026, 12, 10), "Europe/Madrid").at
    followed = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)  # 12 days before
    await add_follow(db, deadline=deadline, followed_at=followed, language="en",
                     zone="Europe/Madrid", deadline_zone="Europe/Madrid")  # fmt: skip
    for hours in range(0, 24 * 8, 6):  # a tick every 6 hours for 8 days: no 14-day reminder
        assert (
            await queue_reminders(db, settings, CATALOGS, now=followed + timedelta(hours=hours))
            == 0
        )
    day_3 = datetime(2026, 12, 7, 0, 5, tzinfo=MADRID)
    assert await queue_reminders(db, settings, CATALOGS, now=day_3) == 1
    day_1 = datetime(2026, 12, 9, 0, 5, tzinfo=MADRID)
    assert await queue_reminders(db, settings, CATALOGS, now=day_1) == 1
    three, one = await outbox(db)
    assert "3 days left for a call you follow" in three.text
    assert "1 day left for a call you follow" in one.text
    assert "Deadline: 10 December 2026, end of day" in one.text
    assert all("14 days" not in m.text for m in (three, one))


async def test_a_bot_down_over_two_marks_sends_one_reminder_with_the_real_count(
    db: Database,
) -> None:
    settings = parse_settings({}, environ={})
    deadline = date_only(date(2026, 12, 10), "Europe/Madrid").at
    await add_follow(db, deadline=deadline, followed_at=NOW - timedelta(days=10), language="es",
                     zone="Europe/Madrid", deadline_zone="Europe/Madrid")  # fmt: skip
    back = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)  # 14 and 3 passed while down; 2 left
    assert await queue_reminders(db, settings, CATALOGS, now=back) == 1
    assert await queue_reminders(db, settings, CATALOGS, now=back + timedelta(hours=1)) == 0
    (queued,) = await outbox(db)
    assert "Quedan 2 días para una convocatoria que sigues" in queued.text
    assert "10 de diciembre de 2026, hasta el final del día" in queued.text


async def test_a_moved_deadline_rearms_only_the_marks_still_ahead(db: Database) -> None:
    settings = parse_settings({}, environ={})
    first = date_only(date(2026, 12, 10)).at
    opportunity = await add_follow(db, deadline=first, followed_at=NOW - timedelta(days=30),
                                   language="en")  # fmt: skip
    moved_on = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    later = date_only(date(2026, 12, 14)).at
    async with db.transaction() as session:
        row = await session.get(OpportunityRow, opportunity)
        assert row is not None
        row.next_deadline, row.deadlines = later, [later.isoformat()]
        session.add(OpportunityChange(opportunity_id=opportunity, kind="deadline",
                                      old=first.isoformat(), new=later.isoformat(),
                                      detected_at=moved_on, notified_at=moved_on))  # fmt: skip
    # 12 days left after the move: the new 14-day mark came before the move, so no reminder.
    assert await queue_reminders(db, settings, CATALOGS, now=moved_on + timedelta(hours=1)) == 0
    day_3 = datetime(2026, 12, 11, 9, 0, tzinfo=UTC)
    assert await queue_reminders(db, settings, CATALOGS, now=day_3) == 1
    (queued,) = await outbox(db)
    assert "3 days left" in queued.text
    assert "14 December 2026, end of day" in queued.text


async def test_a_timed_deadline_reminder_names_both_clocks(db: Database) -> None:
    settings = parse_settings({}, environ={})
    deadline = datetime(2027, 3, 31, 17, 0, tzinfo=BRUSSELS)
    await add_follow(db, deadline=deadline, followed_at=NOW, language="en", has_time=True)
    assert (
        await queue_reminders(db, settings, CATALOGS, now=datetime(2027, 3, 28, 7, 0, tzinfo=UTC))
        == 1
    )
    (queued,) = await outbox(db)
    assert "3 days left" in queued.text
    assert "31 March 2027, 17:00 Brussels time (18:00 yours)" in queued.text


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
