"""Reach and impact numbers on a real database, with rows on both sides of each boundary."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

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
from tests.bot.services.stats_data import END, START, at, seed


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
        # Attendance not marked yet: the members going are registered, not participants.
        WorkshopStats(
            id=ids["LIFE clinic"], title="LIFE clinic", status="published",
            starts_at=at(17, 18), capacity=None, going=2, maybe=0, no=0, waitlist=0,
            attended=0, attendance_marked=False, participants=0,
        ),
    )  # fmt: skip
    assert stats.participants == 1


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
