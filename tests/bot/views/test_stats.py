"""Golden texts of /stats in every language, with a hostile workshop title and source."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from bot.stats.types import Count
from bot.views import stats
from tests.bot.reports.helpers import STATS, workshop
from tests.bot.views.coordinator_data import HOSTILE, LANGUAGES, screens, settings, tr
from tests.snapshots import assert_text

#: The report's numbers with realistic sources and programmes, and hostile names.
HOSTILE_STATS = dataclasses.replace(
    STATS,
    workshops=(*STATS.workshops, workshop(4, HOSTILE, "published", 1, 1, 1)),
    opportunities=dataclasses.replace(
        STATS.opportunities,
        by_source=(Count("eu-ft", 2), Count("boe", 1), Count(HOSTILE, 1)),
        by_programme=(Count("erasmus-plus", 2), Count("gone-programme", 1), Count(None, 1)),
    ),
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_stats_text(language: str) -> None:
    s = settings()
    text = stats.stats_text(
        tr(language),
        HOSTILE_STATS,
        topic_label=stats.topic_names(s, language),
        programme_label=stats.programme_names(s, language),
    )
    assert HOSTILE not in text
    assert_text(f"stats/summary.{language}", text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_stats_chart_labels_and_usage(language: str) -> None:
    t = tr(language)
    names = stats.topic_names(settings(), language)
    labels = stats.chart_labels(t, STATS, names)
    charts = {
        "members_by_topic": labels.members_by_topic,
        "weekly_reach": labels.weekly_reach,
        "rsvp_vs_attendance": labels.rsvp_vs_attendance,
    }
    texts: dict[str, str] = {"usage": stats.usage(t).text}
    for name, chart in charts.items():
        texts[name] = "\n".join(
            f"{field}: {value}" for field, value in dataclasses.asdict(chart).items()
        )
    texts["week_label"] = labels.week_label(date(2026, 11, 2))
    texts["topic_names"] = "\n".join(
        f"{key}: {value}" for key, value in sorted(labels.topic_names.items())
    )
    texts["programme_names"] = "\n".join(
        f"{key}: {value}"
        for key, value in sorted(stats.programme_names(settings(), language).items())
    )
    assert_text(f"stats/charts.{language}", screens(**texts))
