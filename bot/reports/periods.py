"""The report's periods: the preset buttons and two dates typed in chat; pure."""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum


class Preset(StrEnum):
    """A period button of ``/report``."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CUSTOM = "custom"


#: The longest period a report covers (ten years).
MAX_DAYS = 3660

#: ``2026-11-30``, ``2026.11.30`` or ``2026/11/30``; ``30.11.2026``, ``30/11/2026``,
#: ``30-11-2026`` (day first, as written in Romania and Spain), two-digit years as 20xx.
_DATE = re.compile(
    r"(?<!\d)(?:(?P<y1>\d{4})[-./](?P<m1>\d{1,2})[-./](?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})[-./](?P<m2>\d{1,2})[-./](?P<y2>\d{4}|\d{2}))(?!\d)"
)


class PeriodProblem(StrEnum):
    """Why two typed dates are not a period."""

    NOT_TWO_DATES = "not_two_dates"
    NO_SUCH_DAY = "no_such_day"
    REVERSED = "reversed"
    TOO_LONG = "too_long"
    FUTURE = "future"


def preset(kind: Preset, today: date) -> tuple[date, date]:
    """This month (to today), the last full quarter, this year (to today).

    Raises:
        ValueError: ``kind`` is ``CUSTOM`` (it asks for dates).
    """
    if kind is Preset.MONTH:
        return today.replace(day=1), today
    if kind is Preset.YEAR:
        return date(today.year, 1, 1), today
    if kind is Preset.QUARTER:
        this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        last = this_quarter - timedelta(days=1)
        return date(last.year, 3 * ((last.month - 1) // 3) + 1, 1), last
    raise ValueError("a custom period is typed, not computed")


def _day(match: re.Match[str]) -> date | None:
    if match["y1"] is not None:
        year, month, day = int(match["y1"]), int(match["m1"]), int(match["d1"])
    else:
        year, month, day = int(match["y2"]), int(match["m2"]), int(match["d2"])
        if year < 100:
            year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_period(text: str, today: date) -> tuple[date, date] | PeriodProblem:
    """Two dates in a message (``1.9.2026 - 30.11.2026``, ``2026-09-01 2026-11-30``, ...)."""
    found = list(_DATE.finditer(text))
    if len(found) != 2:
        return PeriodProblem.NOT_TWO_DATES
    first, last = _day(found[0]), _day(found[1])
    if first is None or last is None:
        return PeriodProblem.NO_SUCH_DAY
    if first > last:
        return PeriodProblem.REVERSED
    if (last - first).days >= MAX_DAYS:
        return PeriodProblem.TOO_LONG
    if first > today:
        return PeriodProblem.FUTURE
    return first, last
