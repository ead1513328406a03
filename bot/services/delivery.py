"""Delivery runs: how a broadcast went, for the coordinators' report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.i18n import Translator
from bot.core.labels import failure_reason_label, message_kind_label
from bot.db.models import DeliveryRun, OutboxMessage
from bot.db.repositories import outbox
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing

#: Failure reasons after which the member no longer receives messages (until they return).
PAUSING = frozenset({"blocked", "deactivated", "chat not found"})


@dataclass(frozen=True, slots=True)
class RunReport:
    """One finished run."""

    run_id: int
    kind: str
    recipients: int
    sent: int
    failed: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def render(self, tr: Translator) -> str:
        """The report in the coordinators' language."""
        paused = sum(n for reason, n in self.failed.items() if reason in PAUSING)
        failed = sum(self.failed.values())
        text = tr.gettext(
            "📬 Run #%(run)s (%(kind)s) finished in %(minutes)s min: %(recipients)s, %(sent)s, "
            "%(failed)s, %(paused)s.",
            run=self.run_id,
            kind=message_kind_label(tr, self.kind),
            minutes=f"{self.seconds / 60:.1f}",
            recipients=tr.ngettext("%(n)s recipient", "%(n)s recipients", self.recipients),
            sent=tr.ngettext("%(n)s message sent", "%(n)s messages sent", self.sent),
            failed=tr.ngettext("%(n)s failed", "%(n)s failed", failed),
            paused=tr.ngettext("%(n)s member paused", "%(n)s members paused", paused),
        )
        if self.failed:
            # Telegram's own descriptions are grouped under one label; the outbox keeps them.
            grouped: dict[str, int] = {}
            for reason, count in self.failed.items():
                label = failure_reason_label(tr, reason)
                grouped[label] = grouped.get(label, 0) + count
            reasons = ", ".join(f"{label}: {count}" for label, count in sorted(grouped.items()))
            text += "\n" + tr.gettext("Failures by reason: %(reasons)s", reasons=reasons)
        return text


async def queue_run_reports(
    db: Database, readers: Mapping[int, Translator], *, now: datetime
) -> list[RunReport]:
    """Queue a report of every finished, unreported run to each coordinator, in their language.

    ``readers`` maps each coordinator's user id to the translator of their language.

    Marking a run reported and queueing its report messages happen in one transaction, and
    the messages go through the outbox (paced, retried, kept across a restart), so a report
    can no longer be marked sent and then lost.
    """
    async with db.transaction() as session:
        reports = await _finished_runs(session, now=now)
        messages = [
            Outgoing(
                chat_id=user_id,
                kind="report",
                dedupe_key=f"run-report:{report.run_id}:{user_id}",
                text=escape(report.render(tr), quote=False),
            )
            for report in reports
            for user_id, tr in readers.items()
        ]
        await outbox.enqueue(session, messages, now=now)
    return reports


async def _finished_runs(session: AsyncSession, *, now: datetime) -> list[RunReport]:
    """Runs whose every message is sent or failed and not reported yet; marks them reported."""
    reports: list[RunReport] = []
    runs = (
        await session.scalars(
            select(DeliveryRun)
            .where(DeliveryRun.reported.is_(False))
            .where(DeliveryRun.queueing.is_(False))
        )
    ).all()
    for run in runs:
        rows = (
            await session.execute(
                select(
                    OutboxMessage.status,
                    OutboxMessage.last_error,
                    func.count(),
                    func.count(func.distinct(OutboxMessage.chat_id)),
                    func.max(OutboxMessage.sent_at),
                )
                .where(OutboxMessage.run_id == run.id)
                .group_by(OutboxMessage.status, OutboxMessage.last_error)
            )
        ).all()
        if any(status in {"pending", "sending"} for status, *_ in rows):
            continue
        sent = sum(count for status, _, count, _, _ in rows if status == "sent")
        failed: dict[str, int] = {}
        for status, error, count, _, _ in rows:
            if status == "failed":
                failed[error or "unknown"] = failed.get(error or "unknown", 0) + count
        recipients = await session.scalar(
            select(func.count(func.distinct(OutboxMessage.chat_id))).where(
                OutboxMessage.run_id == run.id
            )
        )
        last = max((r[4] for r in rows if r[4] is not None), default=now)
        run.reported = True
        run.finished_at = last
        reports.append(
            RunReport(
                run.id,
                run.kind,
                int(recipients or 0),
                sent,
                failed,
                max(0.0, (last - run.started_at).total_seconds()),
            )
        )
    return reports
