"""Next digest slots: weekdays, quiet hours, and daylight-saving transitions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.timing import QuietHours, local_instant, next_weekly

BUCHAREST = ZoneInfo("Europe/Bucharest")
MADRID = ZoneInfo("Europe/Madrid")
NIGHT = QuietHours(21 * 60, 8 * 60)


@pytest.mark.parametrize(
    ("now", "weekday", "minute", "zone", "expected_local"),
    [
        # Wednesday 25 Nov 2026 09:00 UTC -> next Monday 09:00 Bucharest
        (
            datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
            0,
            540,
            BUCHAREST,
            datetime(2026, 11, 30, 9, 0, tzinfo=BUCHAREST),
        ),
        # Same weekday, later today
        (
            datetime(2026, 11, 25, 5, 0, tzinfo=UTC),
            2,
            540,
            BUCHAREST,
            datetime(2026, 11, 25, 9, 0, tzinfo=BUCHAREST),
        ),
        # Same weekday, already past: a week later
        (
            datetime(2026, 11, 25, 8, 0, tzinfo=UTC),
            2,
            540,
            BUCHAREST,
            datetime(2026, 12, 2, 9, 0, tzinfo=BUCHAREST),
        ),
        # Madrid member, Friday 17:30
        (
            datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
            4,
            1050,
            MADRID,
            datetime(2026, 11, 27, 17, 30, tzinfo=MADRID),
        ),
    ],
)
def test_next_weekly_slot(
    now: datetime, weekday: int, minute: int, zone: ZoneInfo, expected_local: datetime
) -> None:
    slot = next_weekly(now=now, weekday=weekday, minute=minute, zone=zone)
    assert slot.tzinfo is not None
    assert slot == expected_local


def test_spring_forward_gap_moves_forward() -> None:
    # 29 March 2026: Bucharest jumps from 03:00 to 04:00; 03:30 does not exist.
    slot = local_instant(date(2026, 3, 29), time(3, 30), BUCHAREST)
    assert slot.astimezone(BUCHAREST).hour == 4
    assert slot == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_fall_back_uses_the_first_occurrence_once() -> None:
    # 25 October 2026: 03:00-04:00 happens twice in Bucharest.
    now = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    first = next_weekly(now=now, weekday=6, minute=3 * 60 + 30, zone=BUCHAREST)
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    second = next_weekly(now=first, weekday=6, minute=3 * 60 + 30, zone=BUCHAREST)
    assert second - first == timedelta(days=7, hours=1)


def test_digest_in_quiet_hours_waits_for_their_end() -> None:
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    slot = next_weekly(now=now, weekday=4, minute=22 * 60, zone=MADRID, quiet=NIGHT)
    assert slot == datetime(2026, 11, 28, 8, 0, tzinfo=MADRID)
    early = next_weekly(now=now, weekday=4, minute=6 * 60, zone=MADRID, quiet=NIGHT)
    assert early == datetime(2026, 11, 27, 8, 0, tzinfo=MADRID)


def test_not_before_skips_a_used_slot() -> None:
    now = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
    sent = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # Monday 09:00 Bucharest, already sent
    slot = next_weekly(now=now, weekday=0, minute=540, zone=BUCHAREST, not_before=sent)
    assert slot == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)


@given(
    st.datetimes(
        # Hypothesis takes naive bounds and attaches the zone itself.
        min_value=datetime(2020, 1, 1),  # noqa: DTZ001
        max_value=datetime(2035, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    st.integers(0, 6),
    st.integers(0, 1439),
    st.sampled_from(["Europe/Bucharest", "Europe/Madrid", "Atlantic/Canary", "UTC"]),
    st.sampled_from([None, NIGHT, QuietHours(22 * 60, 7 * 60)]),
)
def test_slot_is_in_the_future_within_eight_days_and_outside_quiet_hours(
    now: datetime, weekday: int, minute: int, zone_name: str, quiet: QuietHours | None
) -> None:
    zone = ZoneInfo(zone_name)
    slot = next_weekly(now=now, weekday=weekday, minute=minute, zone=zone, quiet=quiet)
    assert now < slot <= now + timedelta(days=8)
    if quiet is not None:
        assert not quiet.contains(slot.astimezone(zone).time())


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_weekly(now=datetime(2026, 1, 1), weekday=0, minute=0, zone=BUCHAREST)  # noqa: DTZ001
