"""The report's period buttons and typed dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.reports.periods import PeriodProblem, Preset, parse_period, preset

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("kind", "today", "expected"),
    [
        (Preset.MONTH, TODAY, (date(2026, 11, 1), TODAY)),
        (Preset.YEAR, TODAY, (date(2026, 1, 1), TODAY)),
        (Preset.QUARTER, TODAY, (date(2026, 7, 1), date(2026, 9, 30))),
        (Preset.QUARTER, date(2026, 2, 3), (date(2025, 10, 1), date(2025, 12, 31))),
        (Preset.QUARTER, date(2026, 4, 1), (date(2026, 1, 1), date(2026, 3, 31))),
    ],
)
def test_presets(kind: Preset, today: date, expected: tuple[date, date]) -> None:
    assert preset(kind, today) == expected


def test_custom_is_not_a_preset() -> None:
    with pytest.raises(ValueError, match="typed"):
        preset(Preset.CUSTOM, TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "2026-09-01 2026-11-30",
        "1.9.2026 - 30.11.2026",
        "01/09/2026–30/11/2026",
        "de la 1.09.26 până la 30.11.26",
        "del 1-9-2026 al 30-11-2026",
        "2026/09/01 to 2026.11.30",
    ],
)
def test_dates_are_read_leniently(text: str) -> None:
    assert parse_period(text, TODAY) == (date(2026, 9, 1), date(2026, 11, 30))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("september to november", PeriodProblem.NOT_TWO_DATES),
        ("2026-09-01", PeriodProblem.NOT_TWO_DATES),
        ("1.1.2026 2.2.2026 3.3.2026", PeriodProblem.NOT_TWO_DATES),
        ("31.02.2026 30.11.2026", PeriodProblem.NO_SUCH_DAY),
        ("30.11.2026 1.9.2026", PeriodProblem.REVERSED),
        ("1.1.2000 30.11.2026", PeriodProblem.TOO_LONG),
        ("1.1.2027 2.2.2027", PeriodProblem.FUTURE),
    ],
)
def test_bad_periods_say_why(text: str, problem: PeriodProblem) -> None:
    assert parse_period(text, TODAY) == problem


@given(st.dates(min_value=date(2000, 1, 1), max_value=TODAY), st.integers(0, 400))
def test_any_iso_period_round_trips(first: date, days: int) -> None:
    last = first + timedelta(days=days)
    result = parse_period(f"{first.isoformat()} {last.isoformat()}", max(TODAY, last))
    assert result == (first, last)


@given(st.text(max_size=60))
def test_any_text_gives_a_period_or_a_problem(text: str) -> None:
    result = parse_period(text, TODAY)
    assert isinstance(result, PeriodProblem) or result[0] <= result[1]
