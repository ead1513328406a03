"""The report's charts, with every word in the reader's language; pure (PNG bytes out)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from bot.core import dates
from bot.core.i18n import Translator
from bot.core.labels import org_type_label
from bot.reports import charts
from bot.reports.charts import ChartLabels
from bot.reports.model import AGE, GENDER, Report


def _section(report: Report, section: str) -> list[tuple[str, int]]:
    return [
        (i.label, i.value)
        for i in report.indicators
        if i.section == section and isinstance(i.value, int)
    ]


#: More workshops than this are drawn month by month (a bar each would be unreadable).
MAX_WORKSHOP_BARS = 20


def _workshop_rows(report: Report, language: str) -> list[tuple[str, int, int]]:
    """``(label, registered, attended)``: per workshop, or per month when there are many."""
    if len(report.activities) <= MAX_WORKSHOP_BARS:
        return [(a.title, a.registered, a.attended) for a in report.activities]
    months: dict[date, list[int]] = {}
    for a in report.activities:
        counts = months.setdefault(a.starts_at.date().replace(day=1), [0, 0])
        counts[0] += a.registered
        counts[1] += a.attended
    return [
        (dates.period(first, _month_end(first), language), registered, attended)
        for first, (registered, attended) in sorted(months.items())
    ]


def _month_end(first: date) -> date:
    following = (first + timedelta(days=32)).replace(day=1)
    return following - timedelta(days=1)


def report_charts(report: Report, tr: Translator) -> dict[str, bytes]:
    """Participants by gender and by age, workshops (registered and attended), organisations
    by type: PNG bytes by file stem."""
    period = dates.period(report.first, report.last, tr.language)
    none = tr.gettext("No participant in this period")

    def people(section: str, title: str) -> bytes:
        rows = _section(report, section)
        return charts.bars(
            [tr.gettext(label) for label, _ in rows],
            [[value for _, value in rows]],
            ChartLabels(
                title=title, subtitle=period, value_axis=tr.gettext("people"), no_data=none
            ),
        )

    types = Counter(o.org_type for o in report.organisations).most_common()
    workshops = _workshop_rows(report, tr.language)
    return {
        "participants_by_gender": people(GENDER, tr.gettext("Participants by gender")),
        "participants_by_age": people(AGE, tr.gettext("Participants by age")),
        "workshops": charts.bars(
            [name for name, _, _ in workshops],
            [[n for _, n, _ in workshops], [n for _, _, n in workshops]],
            ChartLabels(
                title=tr.gettext("Workshops: registered and attended"),
                subtitle=period,
                value_axis=tr.gettext("people"),
                legend=(tr.gettext("Registered"), tr.gettext("Attended")),
                no_data=tr.gettext("No workshop in this period"),
            ),
        ),
        "organisations_by_type": charts.bars(
            [org_type_label(tr, t) if t else tr.gettext("Not stated") for t, _ in types],
            [[n for _, n in types]],
            ChartLabels(
                title=tr.gettext("Organisations supported by type"),
                subtitle=period,
                value_axis=tr.gettext("organisations"),
                no_data=tr.gettext("No organisation supported in this period"),
            ),
        ),
    }
