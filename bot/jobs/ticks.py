"""Scheduled work, rebuilt from the database at start-up (jobs live only in memory).

APScheduler's default ``misfire_grace_time`` of one second would silently skip a tick when
the loop is busy; every job here passes a generous grace time, ``coalesce`` and
``max_instances=1`` so a slow tick never overlaps the next one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from html import escape
from typing import Any

from telegram.ext import Application

from bot.context import BotData, Ctx
from bot.core.i18n import Translator
from bot.delivery.outgoing import Outgoing
from bot.delivery.sender import Sender, SenderLimits, enqueue
from bot.followup.types import ActionInfo
from bot.jobs.cluster import once_per_cluster
from bot.jobs.fetch import SourceNotice, fetch_due
from bot.services.alerts import queue_alerts, queue_reminders
from bot.services.delivery import queue_run_reports
from bot.services.ingestion import SourceHealth
from bot.services.source_health import render_outage, render_summary
from bot.views.followup import overdue_section
from feeds.http import Fetcher

log = logging.getLogger(__name__)

JOB_KWARGS: dict[str, Any] = {"misfire_grace_time": 600, "coalesce": True, "max_instances": 1}


async def notify_coordinators(
    context: Ctx, text: str | Callable[[Translator], str], *, html: bool = False
) -> None:
    """A short notice to every coordinator (config admins and promoted ones; never members).

    ``text`` is a function of the translator when the notice can be written in each
    coordinator's own language (the language of their chat with the bot, else the default).
    It goes through the outbox, so it is paced, retried and survives a restart.
    """
    runtime = context.bot_data.runtime
    languages = await runtime.coordinators.languages()
    messages: list[Outgoing] = []
    for user_id, language in languages.items():
        message = text if isinstance(text, str) else text(runtime.catalogs.get(language))
        body = message if html else escape(message, quote=False)
        messages.append(Outgoing(chat_id=user_id, kind="notice", text=body))
    await enqueue(runtime.db, messages, now=runtime.clock())
    context.bot_data.wake_outbox()


async def source_health(context: Ctx) -> None:
    """Escalate outages older than a day; send the weekly source-health summary."""
    runtime = context.bot_data.runtime
    now = runtime.clock()
    reports = runtime.source_health
    zone = runtime.settings.schedule.timezone
    for outage in await reports.escalations(now=now):
        await notify_coordinators(
            context, partial(render_outage, outage=outage, zone=zone), html=True
        )
    rows = await reports.weekly_summary_due(now=now)
    if rows is not None:
        overdue = await runtime.followups.overdue(now=now)
        await notify_coordinators(
            context,
            partial(weekly_summary, rows=rows, overdue=overdue, now=now, zone=zone),
            html=True,
        )


def weekly_summary(
    tr: Translator,
    *,
    rows: list[SourceHealth],
    overdue: list[ActionInfo],
    now: datetime,
    zone: str,
) -> str:
    """The coordinators' weekly summary: source health, then next steps past their due day."""
    parts = [render_summary(tr, rows, now=now, zone=zone), overdue_section(tr, overdue)]
    return "\n\n".join(part for part in parts if part)


async def fetch_tick(context: Ctx) -> None:
    """Fetch the sources whose next check has come."""
    runtime = context.bot_data.runtime
    if not runtime.settings.sources:
        return

    async def notify(notice: SourceNotice) -> None:
        await notify_coordinators(
            context, partial(notice.render, zone=runtime.settings.schedule.timezone)
        )

    async with Fetcher.create() as fetcher:
        reports = await fetch_due(
            runtime.db,
            runtime.settings,
            clock=runtime.clock,
            fetcher=fetcher,
            notify=notify,
            ingestion=runtime.ingestion,
        )
    metrics = context.bot_data.metrics
    if metrics is not None:
        for report in reports:
            outcome = "error" if report.error else "not_modified" if report.not_modified else "ok"
            metrics.record_fetch(outcome)


async def weekly_digests(context: Ctx) -> None:
    """Queue the digests whose weekly slot has come."""
    runtime = context.bot_data.runtime
    queued = await runtime.weekly.queue_due(now=runtime.clock())
    if queued.members:
        log.info("queued %d digest message(s) for %d member(s)", queued.messages, queued.members)


async def follower_alerts(context: Ctx) -> None:
    """Queue alerts for changes of followed calls and countdown reminders."""
    runtime = context.bot_data.runtime
    now = runtime.clock()
    queued = await queue_alerts(runtime.db, runtime.settings, runtime.catalogs, now=now)
    queued += await queue_reminders(runtime.db, runtime.settings, runtime.catalogs, now=now)
    if queued:
        log.info("queued %d follower alert(s) and reminder(s)", queued)


async def action_reminders(context: Ctx) -> None:
    """Remind owners of next steps due tomorrow (each once)."""
    runtime = context.bot_data.runtime
    queued = await runtime.followups.queue_reminders(now=runtime.clock())
    if queued:
        log.info("queued %d next-step reminder(s)", queued)
        context.bot_data.wake_outbox()


async def feedback_polls(context: Ctx) -> None:
    """Send each workshop's feedback poll when its delay after the end has come (once)."""
    runtime = context.bot_data.runtime
    invited = await runtime.surveys.queue_feedback_polls(now=runtime.clock())
    if invited:
        log.info("invited %d member(s) to workshop feedback polls", invited)
        context.bot_data.wake_outbox()


async def workshop_reminders(context: Ctx) -> None:
    """Queue the workshop reminders that are due (the database remembers which were sent)."""
    runtime = context.bot_data.runtime
    queued = await runtime.workshops.reminders.queue_reminders(
        now=runtime.clock(), hours=runtime.settings.schedule.workshop_reminder_hours
    )
    if queued:
        log.info("queued %d workshop reminder(s)", queued)


async def pipeline_tick(context: Ctx) -> None:
    """Close partner requests that reached their closing date or the call's deadline; remind
    projects still being written; ask submitted ones for their outcome."""
    runtime = context.bot_data.runtime
    now = runtime.clock()
    closed = await runtime.pipeline.close_due(now=now)
    queued = await runtime.pipeline.remind(now=now)
    if closed or queued:
        log.info("pipeline: closed %d request(s), queued %d reminder(s)", closed, queued)


async def public_posts(context: Ctx) -> None:
    """Queue the weekly public digest (channel and forum topics) once its slot has come."""
    runtime = context.bot_data.runtime
    queued = await runtime.public.queue_weekly(now=runtime.clock())
    if queued:
        log.info("queued %d public post(s)", queued)
        context.bot_data.wake_outbox()


def make_sender(
    app: Application[Any, Any, Any, Any, BotData, Any], *, time_scale: float = 1.0
) -> Sender:
    """The outbox sender for this application, paced by the settings (every wait divided by
    ``time_scale``: tests run it faster against their local server)."""
    runtime = app.bot_data.runtime
    delivery = runtime.settings.delivery
    limits = SenderLimits(
        per_second=delivery.per_second,
        private_interval=delivery.private_interval,
        group_interval=delivery.group_interval,
        retry_for=timedelta(minutes=delivery.retry_minutes),
        max_retry_interval=delivery.max_retry_interval,
        time_scale=time_scale,
    )
    metrics = app.bot_data.metrics
    observe = metrics.record_sending if metrics is not None else None
    return Sender(runtime.db, app.bot, clock=runtime.clock, limits=limits, observe=observe)


async def report_runs(context: Ctx) -> None:
    """Queue a report to coordinators for every delivery run that finished."""
    runtime = context.bot_data.runtime
    languages = await runtime.coordinators.languages()
    readers = {user_id: runtime.catalogs.get(lang) for user_id, lang in languages.items()}
    reports = await queue_run_reports(runtime.db, readers, now=runtime.clock())
    if reports:
        context.bot_data.wake_outbox()


async def privacy_purge(context: Ctx) -> None:
    """Erase what the privacy notice promises to erase after the retention period."""
    runtime = context.bot_data.runtime
    erased = await runtime.members.purge_inactive(now=runtime.clock())
    if erased:
        log.info("retention: erased %d inactive chat(s)", erased)


def schedule(
    app: Application[Any, Any, Any, Any, BotData, Any], *, fetch: bool, first: float = 5.0
) -> None:
    """Register the repeating jobs (stable names, replacing any of the same name)."""
    queue = app.job_queue
    if queue is None:  # pragma: no cover - the job-queue extra is a dependency
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
    tick = app.bot_data.runtime.settings.schedule.tick_seconds
    jobs: list[tuple[str, Any, float]] = [
        ("privacy:purge", privacy_purge, 6 * 3600),
        ("digest:weekly", weekly_digests, tick),
        ("alerts:changes", follower_alerts, tick),
        ("workshops:reminders", workshop_reminders, tick),
        ("pipeline:tick", pipeline_tick, tick),
        ("followup:reminders", action_reminders, tick),
        ("followup:feedback", feedback_polls, tick),
        ("public:weekly", public_posts, tick),
        ("outbox:reports", report_runs, max(1, tick // 2)),
    ]
    if fetch and app.bot_data.runtime.settings.sources:
        jobs.append(("fetch:tick", fetch_tick, tick))
        jobs.append(("sources:health", source_health, tick))
    for name, callback, interval in jobs:
        for job in queue.get_jobs_by_name(name):
            job.schedule_removal()
        queue.run_repeating(
            once_per_cluster(name, interval, callback),
            interval=interval,
            first=first,
            name=name,
            job_kwargs=JOB_KWARGS,
        )
