"""Next steps' dates: the due day read, its end in the alliance's zone, one reminder the day
before at 09:00, none when the item opened after that moment."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.followup.rules import (
    clean_text,
    due_moment,
    materials_open,
    materials_ref,
    parse_due,
    parse_materials_ref,
    remind_moment,
    reminder_due,
)

TODAY = date(2026, 11, 26)
ZONE = "Europe/Bucharest"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        (" 01.12.2026 ", date(2026, 12, 1)),
        ("1/12/2026", date(2026, 12, 1)),
        ("2026-11-26", TODAY),  # today is fine
        ("2026-11-25", "past"),
        ("2028-01-01", "far"),
        ("soon", "unreadable"),
        ("2026-02-30", "unreadable"),
        ("", "unreadable"),
    ],
)
def test_due_days_are_read_or_refused_with_a_reason(text: str, expected: object) -> None:
    assert parse_due(text, today=TODAY) == expected


def test_the_due_day_ends_at_local_midnight_and_the_reminder_is_the_morning_before() -> None:
    # Bucharest is UTC+2 in winter: the day ends at its midnight, 22:00 UTC.
    assert due_moment(date(2026, 12, 1), ZONE) == datetime(2026, 12, 1, 22, 0, tzinfo=UTC)
    assert remind_moment(date(2026, 12, 1), ZONE) == datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    # Summer time: UTC+3.
    assert remind_moment(date(2026, 7, 2), ZONE) == datetime(2026, 7, 1, 6, 0, tzinfo=UTC)


OPENED = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
DUE = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("now", "opened", "reminded", "status", "expected"),
    [
        (datetime(2026, 11, 30, 6, 59, tzinfo=UTC), OPENED, None, "open", False),  # 08:59 there
        (datetime(2026, 11, 30, 7, 0, tzinfo=UTC), OPENED, None, "open", True),
        (datetime(2026, 12, 1, 21, 59, tzinfo=UTC), OPENED, None, "open", True),  # due day
        (datetime(2026, 12, 1, 22, 0, tzinfo=UTC), OPENED, None, "open", False),  # overdue
        (datetime(2026, 11, 30, 8, 0, tzinfo=UTC), OPENED, OPENED, "open", False),  # once
        (datetime(2026, 11, 30, 8, 0, tzinfo=UTC), OPENED, None, "done", False),
        # Opened after the reminder moment: the owner was just told.
        (
            datetime(2026, 11, 30, 9, 0, tzinfo=UTC),
            datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
            None,
            "open",
            False,
        ),
    ],
)
def test_one_reminder_from_the_morning_before_until_the_day_ends(
    now: datetime, opened: datetime, reminded: datetime | None, status: str, expected: bool
) -> None:
    assert (
        reminder_due(
            status=status, due_on=DUE, opened_at=opened, reminded_at=reminded, now=now, zone=ZONE
        )
        is expected
    )


@given(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=24 * 60))
def test_a_reminder_is_never_due_outside_its_window(days: int, minutes: int) -> None:
    due_on = TODAY + timedelta(days=days)
    now = datetime(2026, 11, 26, tzinfo=UTC) + timedelta(days=days, minutes=minutes - 720)
    due = reminder_due(
        status="open",
        due_on=due_on,
        opened_at=datetime(2026, 11, 1, tzinfo=UTC),
        reminded_at=None,
        now=now,
        zone=ZONE,
    )
    assert due == (remind_moment(due_on, ZONE) <= now < due_moment(due_on, ZONE))


def test_texts_are_tidied_and_bounded() -> None:
    assert clean_text("  Draft   the\nproposal ") == "Draft the proposal"
    assert clean_text("no") is None
    assert clean_text("x" * 501) is None


def test_materials_mode_remembers_its_last_activity_and_ends_after_half_an_hour() -> None:
    now = datetime(2026, 11, 26, 10, 0, 30, tzinfo=UTC)
    ref = materials_ref(12, "attended", now)
    assert len(ref) <= 48
    workshop_id, audience, last = parse_materials_ref(ref) or (0, "", now)
    assert (workshop_id, audience) == (12, "attended")
    assert last == datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    assert materials_open(last, now + timedelta(minutes=29))
    assert not materials_open(last, now + timedelta(minutes=30))
    for bad in ("m:12:attended", "m:12:everyone:5", "a:5:text", "m:x:attended:5", None):
        assert parse_materials_ref(bad) is None
