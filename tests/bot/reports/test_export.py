"""The /stats charts and the formula guard that every exported text cell goes through."""

from __future__ import annotations

import pytest

from bot.reports.charts import ChartLabels
from bot.reports.export import ReportLabels, render_charts, safe_cell
from tests.bot.reports.helpers import EVIL_TITLE, STATS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (EVIL_TITLE, "'" + EVIL_TITLE),
        ("+eu_ft", "'+eu_ft"),
        ("@ro", "'@ro"),
        ("\tboe", "'\tboe"),
        ("\rlife", "'\rlife"),
        ("-bad request", "'-bad request"),
        ("a=b", "a=b"),
        ("Atelier: tranziție verde", "Atelier: tranziție verde"),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_defused(text: str, shown: str) -> None:
    assert safe_cell(text) == shown


def test_numbers_stay_numbers() -> None:
    assert safe_cell(-3) == -3
    assert safe_cell(None) is None


def test_the_three_stats_charts() -> None:
    label = ChartLabels(title="t", no_data="none")
    charts = render_charts(STATS, ReportLabels(label, label, label))
    assert list(charts) == ["members_by_topic", "weekly_reach", "rsvp_vs_attendance"]
    assert all(png.startswith(PNG_SIGNATURE) for png in charts.values())
    # The same numbers give the same bytes.
    assert render_charts(STATS, ReportLabels(label, label, label)) == charts
