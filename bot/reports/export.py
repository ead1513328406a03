"""The three charts of ``/stats``, and the formula guard for text cells of exported files.

Every text cell a spreadsheet opens is guarded against formula injection: workshop titles,
feed-supplied names and Telegram's error texts are not ours, and a cell such as
``=HYPERLINK(...)`` would run as a formula when a coordinator opens the file. (The funder's
report is :mod:`bot.reports.workbook`.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from bot.reports import charts
from bot.reports.charts import ChartLabels
from bot.stats.types import Stats

#: What a spreadsheet would take for the start of a formula (OWASP's list).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Written where members left a value empty (no country, no organisation type).
NOT_GIVEN = "(not given)"

Cell = str | int | None


@dataclass(frozen=True, slots=True)
class ReportLabels:
    """The words on the report's charts, already translated."""

    members_by_topic: ChartLabels
    weekly_reach: ChartLabels
    rsvp_vs_attendance: ChartLabels
    #: Topic id -> the name to show; an id not listed is shown as it is.
    topic_names: Mapping[str, str] = field(default_factory=dict)
    #: How a week's first day is written under its bar (ISO on the command line; in chat,
    #: the coordinator's language through :mod:`bot.core.dates`).
    week_label: Callable[[date], str] = date.isoformat


def safe_cell(value: Cell) -> Cell:
    """A cell a spreadsheet shows as text: a leading ``'`` defuses a would-be formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def render_charts(stats: Stats, labels: ReportLabels) -> dict[str, bytes]:
    """The three charts as PNG bytes, by file stem."""
    topics = [
        (labels.topic_names.get(c.key, c.key) if c.key else NOT_GIVEN, c.count)
        for c in stats.members.by_topic
    ]
    weeks = [(labels.week_label(w.starts_on), w.members) for w in stats.reach.weekly]
    # A cancelled workshop had no attendance to compare with.
    workshops = [(w.title, w.going, w.attended) for w in stats.workshops if w.status != "cancelled"]
    return {
        "members_by_topic": charts.members_by_topic(topics, labels.members_by_topic),
        "weekly_reach": charts.weekly_reach(weeks, labels.weekly_reach),
        "rsvp_vs_attendance": charts.rsvp_vs_attendance(workshops, labels.rsvp_vs_attendance),
    }
