"""Reach and impact numbers on a real database, with rows on both sides of each boundary."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.db.models import (
    DeliveryRun,
    DigestItem,
    Follow,
    Member,
    MemberInterest,
    OpportunityRow,
    OutboxMessage,
    Workshop,
    WorkshopRsvp,
)
from bot.db.session import Database
from bot.services.stats import (
    Count,
    FailureCount,
    KindCount,
    ReachCount,
    WeekReach,
    WorkshopStats,
    collect_stats,
    iso_weeks,
    period_of_days,
)

#: Wednesday 4 to Tuesday 17 November 2026 inclusive: a cut ISO week 45, all of 46, a cut 47.
START = datetime(2026, 11, 4, tzinfo=UTC)
END = datetime(2026, 11, 18, tzinfo=UTC)
BEFORE = datetime(2026, 11, 3, 23, 59, 59, tzinfo=UTC)
JUST_IN = datetime(2026, 11, 17, 23, 59, 59, tzinfo=UTC)
EARLY = datetime(2026, 10, 1, tzinfo=UTC)


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def member(chat_id: int, **fields: object) -> Member:
    values: dict[str, object] = {
        "chat_type": "private",
        "language": "en",
        "created_at": EARLY,
        "last_seen_at": EARLY,
        **fields,
    }
    return Member(chat_id=chat_id, **values)


def opportunity(
    uid: str, source: str, programmes: list[str], first_seen: datetime
) -> OpportunityRow:
    return OpportunityRow(
        uid=uid, source_id=source, url=f"https://example.eu/{uid}", title=uid, summary="",
        language="en", status="open", deadlines=[], deadline_model="single",
        programmes=programmes, first_seen_at=first_seen, last_seen_at=first_seen,
        content_hash="x",
    )  # fmt: skip


def workshop(title: str, status: str, starts_at: datetime, capacity: int | None) -> Workshop:
    return Workshop(
        title=title, status=status, starts_at=starts_at, capacity=capacity,
        timezone="Europe/Bucharest", language="en", created_by=1, created_at=EARLY,
        updated_at=EARLY,
    )  # fmt: skip


def outbox(
    member_row: Member | None,
    kind: str,
    status: str,
    *,
    sent_at: datetime | None = None,
    claimed_at: datetime | None = None,
    created_at: datetime = EARLY,
    last_error: str | None = None,
    run: DeliveryRun | None = None,
) -> OutboxMessage:
    return OutboxMessage(
        chat_id=member_row.chat_id if member_row else 1,
        member_id=member_row.id if member_row else None,
        run_id=run.id if run else None,
        kind=kind,
        text="…",
        status=status,
        sent_at=sent_at,
        claimed_at=claimed_at,
        created_at=created_at,
        last_error=last_error,
    )


def rsvp(w: Workshop, m: Member, status: str, attended: bool | None = None) -> WorkshopRsvp:
    return WorkshopRsvp(
        workshop_id=w.id, member_id=m.id, status=status, attended=attended, answered_at=EARLY
    )


async def seed(db: Database) -> None:
    """A small alliance: seven chats, outbox rows, opportunities and workshops in November 2026."""
    async with db.transaction() as session:
        m1 = member(1, consented_at=EARLY, country="RO", org_type="ngo", language="ro")
        m2 = member(2, consented_at=EARLY, country="RO", org_type="public", paused_at=at(5))
        # Blocked wins over paused.
        m3 = member(
            3, consented_at=EARLY, country="ES", org_type="ngo", language="es",
            paused_at=at(1), blocked_at=at(10),
        )  # fmt: skip
        m4 = member(4, consented_at=JUST_IN)  # no country, no organisation type
        m5 = member(5, consented_at=END, country="IT", org_type="sme")  # consented too late
        m6 = member(6)  # never consented
        # Paused only after the period: active at its end.
        m7 = member(
            7, consented_at=EARLY, country="ES", org_type="sme", language="es", paused_at=at(20)
        )
        members = [m1, m2, m3, m4, m5, m6, m7]
        session.add_all(members)
        r1 = DeliveryRun(kind="digest", started_at=at(3))
        r2 = DeliveryRun(kind="digest", started_at=at(10))
        session.add_all([r1, r2])
        await session.flush()
        session.add_all(
            [
                MemberInterest(member_id=m1.id, kind="topic", item_id="green"),
                MemberInterest(member_id=m1.id, kind="topic", item_id="digital"),
                MemberInterest(member_id=m1.id, kind="programme", item_id="life"),
                MemberInterest(member_id=m2.id, kind="topic", item_id="green"),
                MemberInterest(member_id=m3.id, kind="topic", item_id="inclusion"),
                MemberInterest(member_id=m5.id, kind="topic", item_id="green"),
                MemberInterest(member_id=m7.id, kind="topic", item_id="green"),
            ]
        )
        session.add_all(
            [
                # A two-part digest on the first instant of the period: one digest.
                outbox(m1, "digest", "sent", sent_at=START, run=r1),
                outbox(m1, "digest", "sent", sent_at=START.replace(second=1), run=r1),
                outbox(m2, "digest", "sent", sent_at=at(10), run=r2),
                outbox(m1, "digest", "sent", sent_at=at(11), run=r2),
                outbox(m7, "alert", "sent", sent_at=JUST_IN),
                outbox(m3, "digest", "sent", sent_at=END, run=r2),  # first instant after
                outbox(m3, "digest", "sent", sent_at=BEFORE, run=r1),
                outbox(None, "report", "sent", sent_at=at(5)),  # to a coordinator
                outbox(m3, "digest", "failed", claimed_at=at(10), last_error="blocked", run=r2),
                outbox(m4, "reminder", "failed", claimed_at=at(12), last_error="timed out twice"),
                outbox(
                    m4,
                    "alert",
                    "failed",
                    claimed_at=at(12),
                    last_error="Bad Request: message is too long",
                ),
                # Never tried: counted by when it was queued.
                outbox(m4, "reminder", "failed", created_at=at(6), last_error="expired"),
                outbox(m4, "alert", "failed", claimed_at=at(13)),
                outbox(m4, "alert", "failed", claimed_at=at(20), last_error="network: boom"),
                outbox(m4, "digest", "pending", created_at=at(12)),
            ]
        )
        p1 = opportunity("eu:1", "eu_ft", ["erasmus", "life"], START)
        p2 = opportunity("eu:2", "eu_ft", ["erasmus"], at(10))
        p3 = opportunity("ro:1", "ro_gov", [], JUST_IN)
        p4 = opportunity("ro:2", "ro_gov", ["life"], END)
        p5 = opportunity("boe:1", "boe", ["esf"], at(1))
        session.add_all([p1, p2, p3, p4, p5])
        w1 = workshop("Erasmus+ info day", "published", at(6, 10), 10)
        w2 = workshop("LIFE clinic", "published", at(17, 18), None)
        w3 = workshop("Cancelled webinar", "cancelled", at(12), 20)
        w4 = workshop("A draft", "draft", at(10), None)
        w5 = workshop("Too late", "published", END, None)
        w6 = workshop("Too early", "published", BEFORE, None)
        w7 = workshop("Nobody answered", "published", at(8), 5)
        session.add_all([w1, w2, w3, w4, w5, w6, w7])
        await session.flush()
        session.add_all(
            [
                DigestItem(member_id=m1.id, opportunity_uid=p1.uid, sent_at=START),
                DigestItem(member_id=m2.id, opportunity_uid=p1.uid, sent_at=at(10)),
                DigestItem(member_id=m1.id, opportunity_uid=p2.uid, sent_at=at(11)),
                DigestItem(member_id=m1.id, opportunity_uid=p3.uid, sent_at=END),
                DigestItem(member_id=m2.id, opportunity_uid=p5.uid, sent_at=BEFORE),
                Follow(member_id=m1.id, opportunity_id=p1.id, created_at=at(5)),
                Follow(member_id=m2.id, opportunity_id=p2.id, created_at=JUST_IN),
                Follow(member_id=m7.id, opportunity_id=p1.id, created_at=END),
                Follow(member_id=m2.id, opportunity_id=p1.id, created_at=BEFORE),
                rsvp(w1, m1, "going", attended=True),
                rsvp(w1, m2, "going", attended=False),
                rsvp(w1, m7, "maybe"),
                rsvp(w1, m3, "no"),
                rsvp(w1, m4, "waitlist"),
                rsvp(w2, m1, "going"),
                rsvp(w2, m7, "going"),
                rsvp(w3, m2, "going"),
                rsvp(w4, m1, "going"),
                rsvp(w5, m1, "going"),
                rsvp(w6, m1, "going", attended=True),
            ]
        )


async def test_members_as_of_the_end_of_the_period(db: Database) -> None:
    await seed(db)
    members = (await collect_stats(db, start=START, end=END)).members
    assert (members.consented, members.active, members.paused, members.blocked) == (5, 3, 1, 1)
    assert members.by_country == (Count("ES", 2), Count("RO", 2), Count(None, 1))
    assert members.by_org_type == (
        Count("ngo", 2),
        Count("public", 1),
        Count("sme", 1),
        Count(None, 1),
    )
    assert members.by_topic == (Count("green", 3), Count("digital", 1), Count("inclusion", 1))
    assert members.by_language == (Count("en", 2), Count("es", 2), Count("ro", 1))


async def test_reach_and_messages_in_the_period(db: Database) -> None:
    await seed(db)
    stats = await collect_stats(db, start=START, end=END)
    reach = stats.reach
    assert reach.members == 3
    assert reach.by_country == (Count("RO", 2), Count("ES", 1))
    assert reach.by_org_type == (Count("ngo", 1), Count("public", 1), Count("sme", 1))
    assert reach.by_country_and_org_type == (
        ReachCount("ES", "sme", 1),
        ReachCount("RO", "ngo", 1),
        ReachCount("RO", "public", 1),
    )
    assert reach.weekly == (
        WeekReach("2026-W45", date(2026, 11, 2), 1),
        WeekReach("2026-W46", date(2026, 11, 9), 2),
        WeekReach("2026-W47", date(2026, 11, 16), 1),
    )
    messages = stats.messages
    assert (messages.sent, messages.failed, messages.digests_sent) == (6, 5, 3)
    assert messages.by_kind == (
        KindCount("alert", 1, 2),
        KindCount("digest", 4, 1),
        KindCount("reminder", 0, 2),
        KindCount("report", 1, 0),
    )
    assert messages.failures == (
        FailureCount("alert", "bad request", 1),
        FailureCount("alert", "unknown", 1),
        FailureCount("digest", "blocked", 1),
        FailureCount("reminder", "expired", 1),
        FailureCount("reminder", "timeout", 1),
    )
    assert messages.failed_by_reason == (
        Count("bad request", 1),
        Count("blocked", 1),
        Count("expired", 1),
        Count("timeout", 1),
        Count("unknown", 1),
    )


async def test_opportunities_and_follows_in_the_period(db: Database) -> None:
    await seed(db)
    opportunities = (await collect_stats(db, start=START, end=END)).opportunities
    assert opportunities.ingested == 3
    assert opportunities.by_source == (Count("eu_ft", 2), Count("ro_gov", 1))
    assert opportunities.by_programme == (Count("erasmus", 2), Count("life", 1), Count(None, 1))
    assert opportunities.disseminated == 2
    assert opportunities.follows == 2
    assert opportunities.by_kind == (Count("call", 3),)


async def test_workshops_starting_in_the_period(db: Database) -> None:
    await seed(db)
    stats = await collect_stats(db, start=START, end=END)
    ids = {w.title: w.id for w in stats.workshops}
    assert stats.workshops == (
        WorkshopStats(
            id=ids["Erasmus+ info day"], title="Erasmus+ info day", status="published",
            starts_at=at(6, 10), capacity=10, going=2, maybe=1, no=1, waitlist=1, attended=1,
            attendance_marked=True, participants=1,
        ),
        WorkshopStats(
            id=ids["Nobody answered"], title="Nobody answered", status="published",
            starts_at=at(8), capacity=5, going=0, maybe=0, no=0, waitlist=0, attended=0,
            attendance_marked=False, participants=0,
        ),
        WorkshopStats(
            id=ids["Cancelled webinar"], title="Cancelled webinar", status="cancelled",
            starts_at=at(12), capacity=20, going=1, maybe=0, no=0, waitlist=0, attended=0,
            attendance_marked=False, participants=0,
        ),
        # Attendance not marked yet: the members going are the expected participants.
        WorkshopStats(
            id=ids["LIFE clinic"], title="LIFE clinic", status="published",
            starts_at=at(17, 18), capacity=None, going=2, maybe=0, no=0, waitlist=0,
            attended=0, attendance_marked=False, participants=2,
        ),
    )  # fmt: skip
    assert stats.participants == 3


async def test_a_later_period_sees_what_the_first_left_out(db: Database) -> None:
    await seed(db)
    stats = await collect_stats(db, start=END, end=datetime(2026, 11, 25, tzinfo=UTC))
    assert stats.members.consented == 6  # m5 consented on the first instant
    assert stats.members.paused == 2  # m7 paused on the 20th
    assert stats.messages.sent == 1
    assert stats.reach.by_country == (Count("ES", 1),)
    assert stats.messages.failed_by_reason == (Count("network", 1),)
    assert stats.opportunities.by_programme == (Count("life", 1),)
    assert [w.title for w in stats.workshops] == ["Too late"]
    assert stats.opportunities.follows == 1


async def test_an_empty_database_counts_zero(db: Database) -> None:
    stats = await collect_stats(db, start=START, end=END)
    assert stats.members.consented == 0
    assert stats.members.by_country == ()
    assert stats.reach.members == 0
    assert [w.members for w in stats.reach.weekly] == [0, 0, 0]
    assert stats.messages.by_kind == ()
    assert stats.opportunities.by_programme == ()
    assert stats.workshops == ()
    assert stats.participants == 0


async def test_bad_periods_are_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="before end"):
        await collect_stats(db, start=END, end=START)
    with pytest.raises(ValueError, match="timezone-aware"):
        await collect_stats(db, start=START.replace(tzinfo=None), end=END)


def test_days_become_a_half_open_utc_period() -> None:
    assert period_of_days(date(2026, 11, 4), date(2026, 11, 17)) == (START, END)
    assert period_of_days(date(2026, 11, 4), date(2026, 11, 4)) == (
        START,
        datetime(2026, 11, 5, tzinfo=UTC),
    )
    with pytest.raises(ValueError, match="after it ends"):
        period_of_days(date(2026, 11, 5), date(2026, 11, 4))


def test_iso_weeks_are_cut_to_the_period() -> None:
    # 28 December 2026 is in ISO week 53 of 2026; 4 January 2027 starts week 1 of 2027.
    weeks = iso_weeks(datetime(2026, 12, 30, tzinfo=UTC), datetime(2027, 1, 5, tzinfo=UTC))
    assert weeks == [
        (
            "2026-W53",
            date(2026, 12, 28),
            datetime(2026, 12, 30, tzinfo=UTC),
            datetime(2027, 1, 4, tzinfo=UTC),
        ),
        (
            "2027-W01",
            date(2027, 1, 4),
            datetime(2027, 1, 4, tzinfo=UTC),
            datetime(2027, 1, 5, tzinfo=UTC),
        ),
    ]
