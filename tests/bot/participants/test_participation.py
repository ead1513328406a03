"""Unique participants and hours: people and organisations once, hours per attendance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from bot.participants.participation import Attendance, summarise, workshop_hours

START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _at(workshop: int, member: int, org: int | None, minutes: int = 180) -> Attendance:
    return Attendance(workshop, member, org, START, START + timedelta(minutes=minutes))


def test_people_and_organisations_are_counted_once() -> None:
    rows = [
        _at(1, 10, 100),
        _at(1, 11, 100),  # a colleague: same organisation
        _at(2, 10, 100),  # the same person at another workshop
        _at(2, 12, None),  # no organisation
        _at(2, 12, None),  # listed twice for one workshop: once
    ]
    result = summarise(rows)
    assert (result.workshops, result.people, result.organisations) == (2, 3, 1)
    assert result.attendances == 4
    assert result.hours == Decimal("12.00")


def test_hours_from_the_duration() -> None:
    assert workshop_hours(START, START + timedelta(minutes=90)) == Decimal("1.50")
    assert workshop_hours(START, START + timedelta(minutes=20)) == Decimal("0.33")
    assert workshop_hours(START, START - timedelta(minutes=20)) == Decimal("0.00")


def _person_at(workshop: int, member: int, minutes: int) -> Attendance:
    # A person belongs to one organisation (member 3, 6... to none).
    return _at(workshop, member, member % 3 or None, minutes)


ROWS = st.lists(
    st.builds(_person_at, st.integers(1, 4), st.integers(1, 8), st.integers(0, 600)),
    max_size=40,
)


@given(rows=ROWS)
def test_totals_never_exceed_the_attendances(rows: list[Attendance]) -> None:
    result = summarise(rows)
    assert result.people <= result.attendances <= len(rows)
    assert result.organisations <= result.people
    assert result.workshops <= result.attendances
    assert summarise(rows + rows) == result  # repeating the list changes nothing
