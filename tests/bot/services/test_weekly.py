"""Weekly digests on a real database: no repeats except changed followed calls; groups too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.config import parse_settings
from bot.core.i18n import Catalogs
from bot.db.models import (
    DigestItem,
    Follow,
    Member,
    MemberInterest,
    OpportunityChange,
    OpportunityRow,
    OutboxMessage,
)
from bot.db.session import Database
from bot.services.digests import WeeklyDigests

LAST_MONDAY = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # 09:00 Bucharest
MONDAY = LAST_MONDAY + timedelta(days=7)


def row(uid: str, title: str) -> OpportunityRow:
    return OpportunityRow(
        uid=uid, source_id="s", url=f"https://e.eu/{uid}", title=title, summary="", language="en",
        status="open", deadlines=[(MONDAY + timedelta(days=40)).isoformat()],
        next_deadline=MONDAY + timedelta(days=40), deadline_model="single", themes=["green"],
        first_seen_at=LAST_MONDAY - timedelta(days=20), last_seen_at=MONDAY, content_hash="x",
    )  # fmt: skip


async def test_sent_items_are_not_repeated_unless_a_followed_call_changed(db: Database) -> None:
    settings = parse_settings({}, environ={})
    async with db.transaction() as session:
        member = Member(
            chat_id=1000, chat_type="private", language="en", created_at=LAST_MONDAY,
            last_seen_at=LAST_MONDAY, consented_at=LAST_MONDAY, onboarded_at=LAST_MONDAY,
            digest_weekday=0, digest_minute=9 * 60, timezone="Europe/Bucharest",
            quiet_start_minute=21 * 60, quiet_end_minute=8 * 60, last_digest_at=LAST_MONDAY,
        )  # fmt: skip
        member.interests = [MemberInterest(kind="topic", item_id="green")]
        group = Member(
            chat_id=-100500, chat_type="group", language="ro", created_at=LAST_MONDAY,
            last_seen_at=LAST_MONDAY, consented_at=LAST_MONDAY, onboarded_at=LAST_MONDAY,
            digest_weekday=0, digest_minute=9 * 60, timezone="Europe/Bucharest",
            quiet_start_minute=21 * 60, quiet_end_minute=8 * 60, last_digest_at=LAST_MONDAY,
        )  # fmt: skip
        group.interests = [MemberInterest(kind="topic", item_id="green")]
        session.add(group)
        quiet_call, followed_call = row("s:1", "Unchanged call"), row("s:2", "Followed call")
        session.add_all([member, quiet_call, followed_call])
        await session.flush()
        session.add_all(
            [
                DigestItem(member_id=member.id, opportunity_uid="s:1", sent_at=LAST_MONDAY),
                DigestItem(member_id=member.id, opportunity_uid="s:2", sent_at=LAST_MONDAY),
                Follow(
                    member_id=member.id, opportunity_id=followed_call.id, created_at=LAST_MONDAY
                ),
                OpportunityChange(
                    opportunity_id=followed_call.id, kind="deadline", old="a", new="b",
                    detected_at=LAST_MONDAY + timedelta(days=2), notified_at=LAST_MONDAY,
                ),
            ]
        )  # fmt: skip
    weekly = WeeklyDigests(db, settings, Catalogs(["en", "ro", "es"], "en"))
    assert await weekly.due(now=MONDAY - timedelta(minutes=1)) == []
    queued = await weekly.queue_due(now=MONDAY)
    assert queued.members == 2
    async with db.transaction() as session:
        messages = {m.chat_id: m for m in (await session.scalars(select(OutboxMessage))).all()}
    # A group subscribed by its admins gets the same digest (in its own language).
    assert "Unchanged call" in messages[-100500].text
    assert "Buletinul tău" in messages[-100500].text
    message = messages[1000]
    assert "Followed call" in message.text
    assert "Unchanged call" not in message.text
    assert message.reply_markup is not None  # follow buttons
    assert await weekly.due(now=MONDAY + timedelta(hours=1)) == []  # once per week


async def test_news_and_events_come_once_after_the_calls_unless_switched_off(
    db: Database,
) -> None:
    settings = parse_settings({}, environ={})
    async with db.transaction() as session:
        for chat_id, also in ((1000, True), (2000, False)):
            member = Member(
                chat_id=chat_id, chat_type="private", language="en", created_at=LAST_MONDAY,
                last_seen_at=LAST_MONDAY, consented_at=LAST_MONDAY, onboarded_at=LAST_MONDAY,
                digest_weekday=0, digest_minute=9 * 60, timezone="Europe/Bucharest",
                last_digest_at=LAST_MONDAY, also_this_week=also,
            )  # fmt: skip
            member.interests = [MemberInterest(kind="topic", item_id="green")]
            session.add(member)
        call = row("s:call", "Green call")
        event = row("s:webinar", "Webinar on green skills")
        event.kind, event.first_seen_at = "event", MONDAY - timedelta(days=2)
        event.deadlines, event.next_deadline, event.deadline_model = [], None, "unknown"
        session.add_all([call, event])
    weekly = WeeklyDigests(db, settings, Catalogs(["en", "ro", "es"], "en"))
    assert (await weekly.queue_due(now=MONDAY)).members == 2
    async with db.transaction() as session:
        texts = {m.chat_id: m.text for m in (await session.scalars(select(OutboxMessage))).all()}
        shown = {
            (d.member_id, d.opportunity_uid)
            for d in (await session.scalars(select(DigestItem))).all()
        }
    with_also, without = texts[1000], texts[2000]
    assert with_also.index("Green call") < with_also.index("Also this week")
    assert "Event: <a" in with_also
    assert "Webinar on green skills" in with_also
    assert "Webinar" not in without
    assert "Also this week" not in without
    assert len([uid for _, uid in shown if uid == "s:webinar"]) == 1  # recorded as shown once
