"""Dates on coordinators' screens and in alerts go through bot.core.dates: the reader's language and
a named zone, never a bare "2026-11-29 21:54 UTC" inside a Romanian or Spanish sentence."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.i18n import Catalogs
from bot.db.models import OpportunityChange, OpportunityRow
from bot.jobs.fetch import SourceNotice
from bot.members.types import Profile
from bot.services.alerts import alert_text
from bot.services.ingestion import FailureSummary, SourceHealth
from bot.services.source_health import Outage, render_outage, render_summary
from bot.views.settings import hour_page
from bot.views.stats import chart_labels, stats_text
from tests.bot.reports.helpers import STATS

CATALOGS = Catalogs(["en", "ro", "es"], "en")
SINCE = datetime(2026, 11, 29, 21, 54, tzinfo=UTC)
RETRY = datetime(2026, 11, 30, 3, 54, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "since"),
    [
        ("en", "since 29 November 2026, 23:54 (Bucharest time)"),
        ("ro", "din 29 noiembrie 2026, 23:54 (ora din București)"),
        ("es", "desde el 29 de noviembre de 2026, 23:54 (hora de Bucarest)"),
    ],
)
def test_source_notices_name_their_zone_in_the_readers_language(language: str, since: str) -> None:
    tr = CATALOGS.get(language)
    failure = FailureSummary("ro-mfe", 3, RETRY, True, SINCE)
    notice = SourceNotice("ro-mfe", failing=True, reason="HTTP 503", failure=failure)
    text = notice.render(tr, "Europe/Bucharest")
    assert since in text
    assert "2026-11-29" not in text
    outage = render_outage(
        tr, Outage("ro-mfe", SINCE, 5, "HTTP 503", RETRY), zone="Europe/Bucharest"
    )
    assert since in outage


def test_the_weekly_summary_states_its_zone_once() -> None:
    tr = CATALOGS.get("ro")
    row = SourceHealth(
        id="ro-mfe", kind="rss", enabled=True, url="https://mfe.gov.ro/feed/",
        last_success_at=SINCE, last_error="HTTP 503", last_error_at=RETRY,
        consecutive_failures=4, next_check_at=RETRY, items=12,
    )  # fmt: skip
    text = render_summary(tr, [row], now=RETRY, zone="Europe/Bucharest")
    assert "Orele sunt după ora din București." in text
    assert "ultimul succes 29 noiembrie 2026, 23:54" in text
    assert "UTC" not in text


@pytest.mark.parametrize(
    ("language", "period", "week"),
    [
        ("en", "4–17 Nov 2026", "9 Nov"),
        ("ro", "4–17 nov. 2026", "9 nov."),
        ("es", "4–17 nov 2026", "9 nov"),
    ],
)
def test_stats_period_and_chart_weeks_in_the_readers_language(
    language: str, period: str, week: str
) -> None:
    tr = CATALOGS.get(language)
    text = stats_text(tr, STATS, topic_label={})
    assert period in text
    assert "2026-11-04" not in text
    labels = chart_labels(tr, STATS, {})
    assert labels.weekly_reach.subtitle == period
    assert labels.week_label(date(2026, 11, 9)) == week


def test_a_moved_date_only_deadline_is_told_as_its_days() -> None:
    row = OpportunityRow(
        uid="es-bdns:1", source_id="es-bdns", url="https://bdns.example/1", title="Ayudas",
        summary="", language="es", status="open", deadlines=[], deadline_model="single",
        deadline_has_time=False, deadline_zone="Europe/Madrid", first_seen_at=SINCE,
        last_seen_at=SINCE, content_hash="x",
    )  # fmt: skip
    change = OpportunityChange(
        opportunity_id=1, kind="deadline", old="2026-12-10T23:59:00+01:00",
        new="2026-12-17T23:59:00+01:00", detected_at=SINCE,
    )  # fmt: skip
    text = alert_text(CATALOGS.get("en"), change, row, zone=ZoneInfo("Europe/Bucharest"))
    assert "10 December 2026, end of day → 17 December 2026, end of day" in text


def test_digest_hours_follow_the_locale() -> None:
    profile = Profile(
        chat_id=1, chat_type="private", language="es", consented=True, onboarded=True,
        timezone="Europe/Madrid", digest_minute=9 * 60,
    )  # fmt: skip
    screen = hour_page(CATALOGS.get("es"), profile)
    assert screen.keyboard is not None
    labels = [b.text for row in screen.keyboard.inline_keyboard for b in row]
    assert "✅ 9:00" in labels  # CLDR's Spanish short time, H:mm
