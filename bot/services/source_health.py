"""Source health for coordinators: a weekly summary and an alert when an outage passes a day.

The first notice of an incident (after three failures or a day) comes from the fetch job;
this module adds the escalation for incidents that last more than a day, and the weekly
overview. Both are remembered in the database, so a restart neither repeats nor skips them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.config import Settings
from bot.core import dates
from bot.core.i18n import Translator
from bot.core.render import esc
from bot.db.models import DeliveryRun, SourceState
from bot.db.session import Database
from bot.services.ingestion import Ingestion, SourceHealth

ESCALATE_AFTER = timedelta(days=1)
#: The weekly summary goes out on this weekday (0 = Monday) from this local hour on.
SUMMARY_WEEKDAY, SUMMARY_HOUR = 0, 8


@dataclass(frozen=True, slots=True)
class Outage:
    """A source failing for more than a day."""

    source_id: str
    since: datetime
    failures: int
    last_error: str
    next_check_at: datetime | None


def render_outage(tr: Translator, outage: Outage, *, zone: str = "UTC") -> str:
    """The escalation alert, times in ``zone`` (named)."""
    return tr.gettext(
        "🚨 Source %(source)s has been failing for more than a day (since %(since)s, "
        "%(failures)s). Last error: %(error)s",
        source=esc(outage.source_id),
        since=esc(dates.moment_in_zone(tr, outage.since, zone)),
        failures=tr.ngettext("%(n)s attempt", "%(n)s attempts", outage.failures),
        error=esc(outage.last_error or "?"),
    )


def render_summary(
    tr: Translator, rows: list[SourceHealth], *, now: datetime, zone: str = "UTC"
) -> str:
    """The weekly overview: failing sources first, with backoff and last success (times in
    ``zone``, named once in the heading)."""
    failing = [r for r in rows if r.enabled and r.consecutive_failures > 0]
    healthy = [r for r in rows if r.enabled and r.consecutive_failures == 0]
    lines = [
        "<b>" + tr.gettext("Weekly source health") + "</b>",
        tr.gettext("Times are %(zone)s.", zone=esc(dates.zone_name(tr, zone, now))),
        tr.ngettext(
            "%(ok)s of %(n)s source works; %(failing)s failing.",
            "%(ok)s of %(n)s sources work; %(failing)s failing.",
            len(healthy) + len(failing),
            ok=len(healthy),
            failing=len(failing),
        ),
    ]
    never = tr.gettext("never")
    for row in sorted(failing, key=lambda r: -r.consecutive_failures):
        last = (
            dates.moment(row.last_success_at, zone, tr.language) if row.last_success_at else never
        )
        retry = dates.moment(row.next_check_at, zone, tr.language) if row.next_check_at else "—"
        lines.append(
            "⚠️ "
            + tr.ngettext(
                "%(source)s: %(n)s failure in a row, last success %(last)s, "
                "next try %(next)s (backing off). %(error)s",
                "%(source)s: %(n)s failures in a row, last success %(last)s, "
                "next try %(next)s (backing off). %(error)s",
                row.consecutive_failures,
                source=esc(row.id),
                last=last,
                next=retry,
                error=esc((row.last_error or "")[:200]),
            )
        )
    stale = [
        r
        for r in healthy
        if r.last_success_at is not None and now - r.last_success_at > timedelta(days=7)
    ]
    for row in stale:
        lines.append(
            "⏳ "
            + tr.gettext("%(source)s: no successful fetch for over a week.", source=esc(row.id))
        )
    if not failing and not stale:
        lines.append("✅ " + tr.gettext("Every source answered normally this week."))
    return "\n".join(lines)


class SourceHealthReports:
    """Escalations and the weekly summary."""

    def __init__(
        self, db: Database, settings: Settings, ingestion: Ingestion | None = None
    ) -> None:
        self.db = db
        self.settings = settings
        self.ingestion = ingestion or Ingestion(db, settings)

    async def escalations(self, *, now: datetime) -> list[Outage]:
        """Incidents older than a day not yet escalated; each is returned once."""
        found = []
        async with self.db.transaction() as session:
            rows = (
                await session.scalars(
                    select(SourceState).where(
                        SourceState.incident_since.is_not(None),
                        SourceState.incident_since <= now - ESCALATE_AFTER,
                        SourceState.incident_escalated.is_(False),
                    )
                )
            ).all()
            for row in rows:
                assert row.incident_since is not None
                row.incident_escalated = True
                found.append(
                    Outage(
                        row.id,
                        row.incident_since,
                        row.consecutive_failures,
                        row.last_error or "",
                        row.next_check_at,
                    )
                )
        return found

    def summary_slot(self, now: datetime) -> datetime:
        """The most recent weekly slot at or before ``now`` (Monday 08:00 local)."""
        zone = ZoneInfo(self.settings.schedule.timezone)
        local = now.astimezone(zone)
        monday = local.date() - timedelta(days=(local.weekday() - SUMMARY_WEEKDAY) % 7)
        slot = datetime(monday.year, monday.month, monday.day, SUMMARY_HOUR, tzinfo=zone)
        if slot > local:
            slot -= timedelta(days=7)
        return slot

    async def weekly_summary_due(self, *, now: datetime) -> list[SourceHealth] | None:
        """The rows for this week's summary if it is due and not yet sent (then marked sent)."""
        if not self.settings.sources:
            return None
        slot = self.summary_slot(now)
        async with self.db.transaction() as session:
            last = await session.scalar(
                select(DeliveryRun.started_at)
                .where(DeliveryRun.kind == "health")
                .order_by(DeliveryRun.started_at.desc())
                .limit(1)
            )
            if last is not None and last >= slot:
                return None
            session.add(DeliveryRun(kind="health", started_at=now, finished_at=now, reported=True))
        if last is None:
            return None  # a new installation: the first summary comes at the next slot
        return await self.ingestion.health()
