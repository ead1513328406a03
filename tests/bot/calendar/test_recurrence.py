"""Repeat rules: words and RRULEs read, series expanded in local time across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.calendar.recurrence import (
    MAX_OCCURRENCES,
    Recurrence,
    expand,
    nth_weekday,
    parse,
    preset,
    stored,
)
from bot.workshops.fields import Problem

BUCHAREST = ZoneInfo("Europe/Bucharest")
MADRID = ZoneInfo("Europe/Madrid")
START = datetime(2026, 12, 1, 10, 0, tzinfo=BUCHAREST)  # the first Tuesday of December


@pytest.mark.parametrize(
    ("text", "rule", "exceptions"),
    [
        ("weekly", "FREQ=WEEKLY", ()),
        ("Every week", "FREQ=WEEKLY", ()),
        ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2", ()),
        ("monthly", "FREQ=MONTHLY;BYMONTHDAY=1", ()),
        ("first tuesday", "FREQ=MONTHLY;BYDAY=1TU", ()),
        ("monthly on the first Tuesday", "FREQ=MONTHLY;BYDAY=1TU", ()),
        ("prima marți", "FREQ=MONTHLY;BYDAY=1TU", ()),
        ("primer martes 4 veces", "FREQ=MONTHLY;BYDAY=1TU;COUNT=4", ()),
        ("weekly 8 times", "FREQ=WEEKLY;COUNT=8", ()),
        ("weekly until 2027-01-31", "FREQ=WEEKLY;UNTIL=20270131T235959", ()),
        (
            "weekly except 2026-12-29, 05.01.2027",
            "FREQ=WEEKLY",
            (date(2026, 12, 29), date(2027, 1, 5)),
        ),
        ("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3", "FREQ=WEEKLY;BYDAY=TU;COUNT=3", ()),
    ],
)
def test_rules_in_words(text: str, rule: str, exceptions: tuple[date, ...]) -> None:
    assert parse(text, start=START) == Recurrence(rule, exceptions)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("every blue moon", "repeat_format"),
        ("", "repeat_format"),
        ("last friday", "repeat_start"),  # 1 December 2026 is no last Friday
        ("weekly until someday", "repeat_date"),
        ("weekly except soon", "repeat_date"),
        ("weekly 1 times", "repeat_once"),
        ("daily until 2027-06-30", "repeat_many"),
        ("RRULE:FREQ=SOMETIMES", "repeat_format"),
    ],
)
def test_rules_refused(text: str, code: str) -> None:
    found = parse(text, start=START)
    assert isinstance(found, Problem)
    assert found.code == code


def test_the_local_time_holds_across_daylight_saving_changes() -> None:
    rule = parse("first tuesday 6 times except 2027-01-05", start=START)
    assert isinstance(rule, Recurrence)
    dates = expand(rule, start=START, end=START + timedelta(hours=2))
    assert not isinstance(dates, Problem)
    starts = [s.astimezone(UTC) for s, _ in dates]
    assert starts == [
        datetime(2026, 12, 1, 8, 0, tzinfo=UTC),
        datetime(2027, 2, 2, 8, 0, tzinfo=UTC),
        datetime(2027, 3, 2, 8, 0, tzinfo=UTC),
        datetime(2027, 4, 6, 7, 0, tzinfo=UTC),  # summer time: still 10:00 in Bucharest
        datetime(2027, 5, 4, 7, 0, tzinfo=UTC),
    ]
    assert all(e - s == timedelta(hours=2) for s, e in dates)
    assert {(s.hour, s.minute) for s, _ in dates} == {(10, 0)}


def test_an_evening_series_over_the_autumn_change_keeps_its_wall_clock_length() -> None:
    start = datetime(2027, 10, 30, 1, 30, tzinfo=MADRID)  # the night before the change
    dates = expand(Recurrence("FREQ=DAILY;COUNT=2"), start=start, end=start + timedelta(hours=2))
    assert not isinstance(dates, Problem)
    (first_start, first_end), (second_start, second_end) = dates
    assert (second_start.hour, second_end.hour) == (1, 3)  # 01:30-03:30 local both nights
    lengths = [(end.astimezone(UTC) - begin.astimezone(UTC)) for begin, end in dates]
    assert lengths == [timedelta(hours=2), timedelta(hours=3)]  # 02:00-03:00 happens twice
    assert first_start.utcoffset() == second_start.utcoffset() == timedelta(hours=2)
    assert first_end.utcoffset() == timedelta(hours=2)
    assert second_end.utcoffset() == timedelta(hours=1)


def test_presets_follow_the_start() -> None:
    assert preset("o", START) is None
    assert preset("w", START) == Recurrence("FREQ=WEEKLY")
    assert preset("mn", START) == Recurrence("FREQ=MONTHLY;BYDAY=1TU")
    assert preset("md", START) == Recurrence("FREQ=MONTHLY;BYMONTHDAY=1")
    last = datetime(2026, 12, 29, 10, 0, tzinfo=BUCHAREST)
    assert preset("mn", last) == Recurrence("FREQ=MONTHLY;BYDAY=-1TU")


def test_stored_rules_round_trip() -> None:
    rule = Recurrence("FREQ=WEEKLY;COUNT=5", (date(2026, 12, 8),))
    assert stored(rule.text()) == rule
    assert stored("FREQ=WEEKLY") == Recurrence("FREQ=WEEKLY")


@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)))
def test_a_preset_from_any_start_contains_the_start(day: date) -> None:
    start = datetime(day.year, day.month, day.day, 18, 0, tzinfo=BUCHAREST)
    for code in ("w", "2w", "mn", "md"):
        rule = preset(code, start)
        assert rule is not None
        dates = expand(rule, start=start, end=start + timedelta(hours=1))
        if code == "md" and day.day > 28:
            continue  # "every 31st" skips short months; still starts on the start
        assert not isinstance(dates, Problem), (code, day)
        assert dates[0][0] == start
        assert 2 <= len(dates) <= MAX_OCCURRENCES
    n, weekday = nth_weekday(day)
    assert weekday == day.weekday()
    assert n in {1, 2, 3, 4, -1}
