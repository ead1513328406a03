"""Reach and impact numbers for coordinators: what ``/stats`` shows and ``report`` exports.

Everything here is counts (no names, no chat ids), so a report can leave the bot safely.
A period is half-open, ``start <= t < end``, in aware UTC. Member numbers describe the
members who had consented by ``end``; activity numbers (messages, reach, opportunities,
follows, workshops) count what happened inside the period.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from bot.db.models import Member
from bot.db.repositories import reports as reports_repo
from bot.db.repositories import stats as repo
from bot.db.session import Database
from bot.stats.types import (
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

__all__ = [
    "Count",
    "FailureCount",
    "KindCount",
    "MemberStats",
    "MessageStats",
    "OpportunityStats",
    "ReachCount",
    "ReachStats",
    "Stats",
    "WeekReach",
    "WorkshopStats",
    "collect_stats",
    "iso_weeks",
    "period_of_days",
]


def period_of_days(first: date, last: date) -> tuple[datetime, datetime]:
    """The half-open UTC period covering the whole days ``first`` to ``last`` inclusive.

    Raises:
        ValueError: ``first`` is after ``last``.
    """
    if first > last:
        raise ValueError(f"the period starts ({first}) after it ends ({last})")
    start = datetime.combine(first, time(0), tzinfo=UTC)
    return start, datetime.combine(last + timedelta(days=1), time(0), tzinfo=UTC)


def iso_weeks(start: datetime, end: datetime) -> list[tuple[str, date, datetime, datetime]]:
    """The ISO weeks touching ``[start, end)``: ``(label, monday, lo, hi)``, cut to the period.

    Weeks run Monday to Monday in UTC; ``start`` and ``end`` must be aware UTC.
    """
    weeks: list[tuple[str, date, datetime, datetime]] = []
    day = start.date()
    monday = datetime.combine(day - timedelta(days=day.weekday()), time(0), tzinfo=UTC)
    while monday < end:
        following = monday + timedelta(days=7)
        year, week, _ = monday.isocalendar()
        weeks.append(
            (f"{year}-W{week:02d}", monday.date(), max(monday, start), min(following, end))
        )
        monday = following
    return weeks


def _sorted(counts: Iterable[tuple[str | None, int]]) -> tuple[Count, ...]:
    # Largest first, then by key, "not given" last: stable output for CSVs and charts.
    merged: Counter[str | None] = Counter()
    for key, count in counts:
        merged[key] += count
    return tuple(
        Count(key, count)
        for key, count in sorted(
            merged.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or "")
        )
        if count
    )


def _participants(row: repo.WorkshopCounts) -> int:
    if row.status == "cancelled":
        return 0
    return row.attended


async def collect_stats(db: Database, *, start: datetime, end: datetime) -> Stats:
    """Count everything a coordinator reports on, for the period ``[start, end)``.

    Reads in one transaction, so the numbers agree with each other.

    Raises:
        ValueError: a naive datetime, or ``start`` not before ``end``.
    """
    for name, value in (("start", start), ("end", end)):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware, got {value!r}")
    if start >= end:
        raise ValueError(f"start ({start.isoformat()}) must be before end ({end.isoformat()})")
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    weeks = iso_weeks(start, end)
    async with db.transaction() as session:
        states = await repo.member_states(session, end=end)
        by_country = await repo.members_by(session, Member.country, end=end)
        by_org_type = await repo.members_by(session, Member.org_type, end=end)
        by_language = await repo.members_by(session, Member.language, end=end)
        by_topic = await repo.members_by_interest(session, kind="topic", end=end)
        reached = await repo.reached(session, start=start, end=end)
        weekly = await repo.weekly_reach(session, weeks=[(lo, hi) for _, _, lo, hi in weeks])
        sent = await repo.messages_sent(session, start=start, end=end)
        failed = await repo.messages_failed(session, start=start, end=end)
        digests = await repo.digests_sent(session, start=start, end=end)
        by_source = await repo.opportunities_by_source(session, start=start, end=end)
        by_programme = await repo.opportunities_by_programme(session, start=start, end=end)
        by_kind = await repo.opportunities_by_kind(session, start=start, end=end)
        disseminated = await repo.opportunities_disseminated(session, start=start, end=end)
        follows = await repo.follows_created(session, start=start, end=end)
        workshop_rows = await repo.workshops(session, start=start, end=end)
        participants = await reports_repo.registered_people(
            session, start=start, end=end, attended_only=True
        )

    sent_by_kind = dict(sent)
    failed_by_kind: Counter[str] = Counter()
    for kind, _, count in failed:
        failed_by_kind[kind] += count
    kinds = sorted(set(sent_by_kind) | set(failed_by_kind))
    return Stats(
        start=start,
        end=end,
        members=MemberStats(
            consented=states.consented,
            active=states.active,
            paused=states.paused,
            blocked=states.blocked,
            by_country=_sorted(by_country),
            by_org_type=_sorted(by_org_type),
            by_topic=_sorted(by_topic),
            by_language=_sorted(by_language),
        ),
        reach=ReachStats(
            members=sum(count for _, _, count in reached),
            by_country=_sorted((country, count) for country, _, count in reached),
            by_org_type=_sorted((org_type, count) for _, org_type, count in reached),
            by_country_and_org_type=tuple(
                ReachCount(country, org_type, count)
                for country, org_type, count in sorted(
                    reached, key=lambda r: (r[0] is None, r[0] or "", r[1] is None, r[1] or "")
                )
            ),
            weekly=tuple(
                WeekReach(label, monday, weekly.get(index, 0))
                for index, (label, monday, _, _) in enumerate(weeks)
            ),
        ),
        messages=MessageStats(
            sent=sum(sent_by_kind.values()),
            failed=sum(failed_by_kind.values()),
            digests_sent=digests,
            by_kind=tuple(
                KindCount(kind, sent_by_kind.get(kind, 0), failed_by_kind[kind]) for kind in kinds
            ),
            failures=tuple(FailureCount(k, r, n) for k, r, n in sorted(failed)),
            failed_by_reason=_sorted((reason, count) for _, reason, count in failed),
        ),
        opportunities=OpportunityStats(
            ingested=sum(count for _, count in by_source),
            by_source=_sorted(by_source),
            by_programme=_sorted(by_programme),
            disseminated=disseminated,
            follows=follows,
            by_kind=_sorted(by_kind),
        ),
        workshops=tuple(
            WorkshopStats(
                id=row.id,
                title=row.title,
                status=row.status,
                starts_at=row.starts_at,
                capacity=row.capacity,
                going=row.going,
                maybe=row.maybe,
                no=row.no,
                waitlist=row.waitlist,
                attended=row.attended,
                attendance_marked=row.marked > 0,
                participants=_participants(row),
            )
            for row in workshop_rows
        ),
        participants=participants,
    )
