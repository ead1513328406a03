"""The agenda: activities and deadlines merged in time order, cut into pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.calendar.agenda import (
    ActivityEntry,
    CallDeadlines,
    DeadlineEntry,
    merged,
    page_of,
    upcoming_deadlines,
)
from bot.workshops.types import WorkshopInfo

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def workshop(workshop_id: int, starts_at: datetime) -> WorkshopInfo:
    return WorkshopInfo(
        id=workshop_id, status="published", title=f"W{workshop_id}", description="",
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), timezone="Europe/Bucharest",
        place="Online", url=None, language="en", capacity=None, topics=(), audience="all",
        rsvp_closes_at=None, related_calls=(), created_by=1, organiser_name="", draft_step=None,
        edits_id=None, sequence=0, created_at=NOW,
    )  # fmt: skip


def call(deadlines: list[datetime]) -> CallDeadlines:
    return CallDeadlines(
        7, "uid-7", "Call", "https://example.eu/7", "C-7",
        tuple(d.isoformat() for d in deadlines), False, "Europe/Brussels",
    )  # fmt: skip


def test_only_deadlines_ahead_and_in_time_order() -> None:
    deadlines = upcoming_deadlines(
        [call([NOW - timedelta(days=1), NOW + timedelta(days=3), NOW + timedelta(days=1)])],
        now=NOW,
    )
    entries = merged([ActivityEntry(workshop(1, NOW + timedelta(days=2)))], deadlines)
    kinds = [type(e).__name__ for e in entries]
    assert kinds == ["DeadlineEntry", "ActivityEntry", "DeadlineEntry"]
    assert [e.at for e in entries] == sorted(e.at for e in entries)


def test_an_activity_comes_before_a_deadline_at_the_same_moment() -> None:
    at = NOW + timedelta(days=1)
    entries = merged([ActivityEntry(workshop(1, at))], upcoming_deadlines([call([at])], now=NOW))
    assert isinstance(entries[0], ActivityEntry)
    assert isinstance(entries[1], DeadlineEntry)


@given(st.integers(min_value=0, max_value=40), st.integers(min_value=-3, max_value=10))
def test_pages_cover_every_entry_once(count: int, number: int) -> None:
    entries = [ActivityEntry(workshop(i, NOW + timedelta(hours=i))) for i in range(count)]
    page = page_of(entries, number, size=8)
    assert 0 <= page.number < page.pages
    assert page.entries == tuple(entries[page.first : page.first + 8])
    seen = [e for n in range(page.pages) for e in page_of(entries, n, size=8).entries]
    assert seen == entries
    assert page.has_next == (page.number + 1 < page.pages)
