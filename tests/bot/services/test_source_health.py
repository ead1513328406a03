"""Source health: an outage older than a day is escalated once; the weekly summary once a week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.config import parse_settings
from bot.core.i18n import Catalogs
from bot.db.models import SourceState
from bot.db.session import Database
from bot.services.source_health import SourceHealthReports, render_outage, render_summary

MONDAY_9 = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # 09:00 in Bucharest
SOURCES = [
    {"id": "erasmus", "kind": "rss", "url": "https://erasmus-plus.ec.europa.eu/rss"},
    {"id": "ro-mfe", "kind": "rss", "url": "https://mfe.gov.ro/feed/"},
]


def reports(db: Database) -> SourceHealthReports:
    return SourceHealthReports(db, parse_settings({"sources": SOURCES}, environ={}))


async def test_outage_older_than_a_day_is_escalated_once(db: Database) -> None:
    async with db.transaction() as session:
        session.add(
            SourceState(
                id="ro-mfe", kind="rss", url="https://mfe.gov.ro/feed/",
                configured_url="https://mfe.gov.ro/feed/", cursor={},
                consecutive_failures=9, last_error="HTTP 503",
                incident_since=MONDAY_9 - timedelta(hours=30), incident_notified=True,
            )
        )  # fmt: skip
        session.add(
            SourceState(
                id="erasmus", kind="rss", url="https://e/rss", configured_url="https://e/rss",
                cursor={}, consecutive_failures=2, incident_since=MONDAY_9 - timedelta(hours=3),
            )
        )  # fmt: skip
    first = await reports(db).escalations(now=MONDAY_9)
    assert [o.source_id for o in first] == ["ro-mfe"]
    assert await reports(db).escalations(now=MONDAY_9 + timedelta(hours=1)) == []
    tr = Catalogs(["en"], "en").get("en")
    text = render_outage(tr, first[0])
    assert "ro-mfe has been failing for more than a day" in text
    assert "HTTP 503" in text


async def test_weekly_summary_once_per_week_from_monday_morning(db: Database) -> None:
    health = reports(db)
    # A new installation starts counting: no summary at once.
    assert await health.weekly_summary_due(now=MONDAY_9) is None
    assert await health.weekly_summary_due(now=MONDAY_9 + timedelta(days=3)) is None
    rows = await health.weekly_summary_due(now=MONDAY_9 + timedelta(days=7))
    assert rows is not None
    assert [r.id for r in rows] == ["erasmus", "ro-mfe"]
    assert await health.weekly_summary_due(now=MONDAY_9 + timedelta(days=7, hours=5)) is None
    tr = Catalogs(["en"], "en").get("en")
    text = render_summary(tr, rows, now=MONDAY_9 + timedelta(days=7))
    assert "2 of 2 sources work; 0 failing." in text
