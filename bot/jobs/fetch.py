"""Fetch due sources: the scheduler tick and ``inexa-bot fetch`` share this code.

One tick picks the sources whose ``next_check_at`` has come, in a bounded batch, fetches
them concurrently (one failing source never blocks the others), stores the results and
tells coordinators about a failing source once per incident, and once on recovery.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.config import Settings
from bot.core import dates
from bot.core.clock import Clock
from bot.core.i18n import Translator
from bot.db.session import Database
from bot.feeds_bridge import taxonomy
from bot.services.ingestion import FailureSummary, Ingestion, StoreSummary
from feeds.http import Fetcher
from feeds.pipeline import fetch_many

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SourceNotice:
    """What coordinators are told: a source started failing (once per incident) or recovered."""

    source_id: str
    failing: bool
    reason: str = ""
    failure: FailureSummary | None = None

    def render(self, tr: Translator, zone: str = "UTC") -> str:
        """The notice in the coordinators' language, times in ``zone`` (named)."""
        if not self.failing or self.failure is None:
            return tr.gettext("✅ Source %(source)s works again.", source=self.source_id)
        return tr.gettext(
            "⚠️ Source %(source)s is failing since %(since)s (%(attempts)s): "
            "%(reason)s. Next try %(next)s.",
            source=self.source_id,
            since=dates.moment_in_zone(tr, self.failure.incident_since, zone),
            attempts=tr.ngettext(
                "%(n)s attempt", "%(n)s attempts", self.failure.consecutive_failures
            ),
            reason=self.reason,
            next=dates.moment_in_zone(tr, self.failure.next_check_at, zone),
        )


#: Tells coordinators about a source (never members).
Notify = Callable[[SourceNotice], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class SourceReport:
    """One row of the fetch summary table."""

    source_id: str
    seconds: float
    stored: StoreSummary | None = None
    failure: FailureSummary | None = None
    error: str | None = None
    not_modified: bool = False


async def fetch_due(
    db: Database,
    settings: Settings,
    *,
    clock: Clock,
    fetcher: Fetcher,
    notify: Notify | None = None,
    only: Sequence[str] | None = None,
    dry_run: bool = False,
    batch: int = 20,
    progress: Callable[[str], None] | None = None,
    ingestion: Ingestion | None = None,
) -> list[SourceReport]:
    """Fetch the due sources (or ``only`` those), store results, and report per source.

    ``ingestion``: the running bot's service; a one-shot command builds its own.
    """
    ingestion = ingestion or Ingestion(db, settings)
    await ingestion.sync_sources()
    now = clock()
    due = await ingestion.due(now, limit=batch if not only else len(only), only=only)
    if not due:
        return []
    if progress:
        progress(f"fetching {len(due)} source(s): {', '.join(d.spec.id for d in due)}")
    started = time.monotonic()
    outcomes = await fetch_many(
        fetcher,
        [(d.spec, d.state) for d in due],
        taxonomy=taxonomy(settings),
        now=now,
    )
    reports: list[SourceReport] = []
    for outcome in outcomes:
        finished = clock()
        if outcome.error is not None or outcome.result is None:
            error = outcome.error
            reason = str(error) if error is not None else "no result"
            retry_after = error.retry_after if error is not None else None
            failure = (
                None
                if dry_run
                else await ingestion.record_failure(
                    outcome.source_id, reason, now=finished, retry_after=retry_after
                )
            )
            log.warning("source %s failed: %s", outcome.source_id, reason)
            if failure is not None and failure.notify and notify is not None:
                await notify(
                    SourceNotice(outcome.source_id, failing=True, reason=reason, failure=failure)
                )
            reports.append(
                SourceReport(outcome.source_id, outcome.seconds, failure=failure, error=reason)
            )
            continue
        result = outcome.result
        stored = await ingestion.record_success(
            outcome.source_id, result, now=finished, dry_run=dry_run
        )
        if stored.recovered and notify is not None:
            await notify(SourceNotice(outcome.source_id, failing=False))
        reports.append(
            SourceReport(
                outcome.source_id, outcome.seconds, stored=stored, not_modified=result.not_modified
            )
        )
    log.info("fetched %d source(s) in %.1fs", len(reports), time.monotonic() - started)
    return reports


def render_table(reports: Sequence[SourceReport]) -> str:
    """The summary table printed by ``inexa-bot fetch``."""
    header = f"{'source':<24} {'new':>5} {'changed':>8} {'unchanged':>10} {'failed':>7} {'time':>7}"
    lines = [header, "-" * len(header)]
    totals = [0, 0, 0, 0]
    for r in reports:
        s = r.stored
        new, changed, unchanged = (s.new, s.changed, s.unchanged) if s else (0, 0, 0)
        failed = 1 if r.error else 0
        totals = [totals[0] + new, totals[1] + changed, totals[2] + unchanged, totals[3] + failed]
        note = " (304 not modified)" if r.not_modified else ""
        lines.append(
            f"{r.source_id:<24} {new:>5} {changed:>8} {unchanged:>10} {failed:>7} "
            f"{r.seconds:>6.2f}s{note}"
        )
        if r.error:
            lines.append(f"  ! {r.error}")
    lines.append("-" * len(header))
    lines.append(f"{'total':<24} {totals[0]:>5} {totals[1]:>8} {totals[2]:>10} {totals[3]:>7}")
    return "\n".join(lines)


def _fmt(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"
