"""Screens of /report: the period buttons, the two dates, the report's messages."""

from __future__ import annotations

from datetime import date

from bot.buttons.report import ReportPeriod
from bot.core import dates
from bot.core.i18n import Translator
from bot.reports.periods import PeriodProblem, Preset
from bot.views.common import Screen, button, keyboard


def menu(tr: Translator) -> Screen:
    """Which period: this month, last quarter, this year, or two dates."""
    return Screen(
        tr.gettext(
            "Which period should the report cover? You get an Excel workbook (indicators, "
            "activities, organisations supported, reach, summary) and its charts."
        ),
        keyboard(
            [
                [
                    button(tr.gettext("This month"), ReportPeriod(Preset.MONTH)),
                    button(tr.gettext("Last quarter"), ReportPeriod(Preset.QUARTER)),
                ],
                [
                    button(tr.gettext("This year"), ReportPeriod(Preset.YEAR)),
                    button(tr.gettext("Other dates…"), ReportPeriod(Preset.CUSTOM)),
                ],
            ]
        ),
    )


def private_only(tr: Translator) -> Screen:
    """/report in a group."""
    return Screen(tr.gettext("Please do this in a private chat with me."))


def ask_dates(tr: Translator) -> Screen:
    """The custom period: two dates as text."""
    return Screen(
        tr.gettext(
            "Send the first and the last day of the period, e.g. <code>1.09.2026 30.11.2026</code> "
            "or <code>2026-09-01 2026-11-30</code>."
        )
    )


def bad_dates(tr: Translator, problem: PeriodProblem) -> Screen:
    """Why the two dates are not a period, and how to try again."""
    reasons = {
        PeriodProblem.NOT_TWO_DATES: tr.gettext("I need exactly two dates."),
        PeriodProblem.NO_SUCH_DAY: tr.gettext("One of the dates does not exist."),
        PeriodProblem.REVERSED: tr.gettext("The first day comes after the last."),
        PeriodProblem.TOO_LONG: tr.gettext("A report covers at most ten years."),
        PeriodProblem.FUTURE: tr.gettext("The period starts in the future."),
    }
    return Screen(f"{reasons[problem]} {ask_dates(tr).text}")


def working(tr: Translator, first: date, last: date) -> Screen:
    """The report is being made (it comes as a document and charts)."""
    return Screen(
        tr.gettext(
            "Preparing the report for %(period)s…",
            period=dates.period(first, last, tr.language),
        )
    )


def caption(tr: Translator, first: date, last: date) -> str:
    """The words under the workbook."""
    return tr.gettext(
        "Report for %(period)s: indicators, activities, organisations supported and reach.",
        period=dates.period(first, last, tr.language),
    )


def error_text(tr: Translator, code: str) -> str:
    """The words for a /report press that fits nothing."""
    return tr.gettext("This button is no longer valid.")
