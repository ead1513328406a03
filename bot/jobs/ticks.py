"""Scheduled work, rebuilt from the database at start-up (jobs live only in memory).

APScheduler's default ``misfire_grace_time`` of one second would silently skip a tick when
the loop is busy; every job here passes a generous grace time, ``coalesce`` and
``max_instances=1`` so a slow tick never overlaps the next one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application

from bot.context import BotData, Ctx
from bot.delivery.sender import Sender, SenderLimits
from bot.i18n import Translator
from bot.jobs.fetch import SourceNotice, fetch_due
from bot.services.alerts import queue_alerts, queue_reminders
from bot.services.coordinators import Coordinators
from bot.services.delivery import finished_runs
from bot.services.digests import WeeklyDigests
from bot.services.source_health import SourceHealthReports, render_outage, render_summary
from bot.services.workshops import Workshops
from feeds.http import Fetcher

log = logging.getLogger(__name__)

JOB_KWARGS: dict[str, Any] = {"misfire_grace_time": 600, "coalesce": True, "max_instances": 1}


async def notify_coordinators(
    context: Ctx, text: str | Callable[[Translator], str], *, html: bool = False
) -> None:
    """A short notice to every coordinator (config admins and promoted ones; never members).

    ``text`` is a function of the translator when the notice can be written in each
    coordinator's own language (the language of their chat with the bot, else the default).
    """
    runtime = context.bot_data.runtime
    languages = await Coordinators(runtime.db, runtime.settings).languages()
    for user_id, language in languages.items():
        message = text if isinstance(text, str) else text(runtime.catalogs.get(language))
        try:
            await context.bot.send_message(
                user_id, message, parse_mode=ParseMode.HTML if html else None
            )
        except TelegramError:
            log.warning("could not notify coordinator %s", user_id, exc_info=True)


async def source_health(context: Ctx) -> None:
    """Escalate outages older than a day; send the weekly source-health summary."""
    runtime = context.bot_data.runtime
    now = runtime.clock()
    reports = SourceHealthReports(runtime.db, runtime.settings)
    zone = runtime.settings.schedule.timezone
    for outage in await reports.escalations(now=now):
        await notify_coordinators(
            context, partial(render_outage, outage=outage, zone=zone), html=True
        )
    rows = await reports.weekly_summary_due(now=now)
    if rows is not None:
        await notify_coordinators(
            context, partial(render_summary, rows=rows, now=now, zone=zone), html=True
        )


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
        await fetch_due(
            runtime.db, runtime.settings, clock=runtime.clock, fetcher=fetcher, notify=notify
        )


async def weekly_digests(context: Ctx) -> None:
    """Queue the digests whose weekly slot has come."""
    runtime = context.bot_data.runtime
    queued = await WeeklyDigests(runtime.db, runtime.settings, runtime.catalogs).queue_due(
        now=runtime.clock()
    )
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


async def workshop_reminders(context: Ctx) -> None:
    """Queue the workshop reminders that are due (the database remembers which were sent)."""
    runtime = context.bot_data.runtime
    queued = await Workshops(runtime.db, runtime.settings, runtime.catalogs).queue_reminders(
        now=runtime.clock(), hours=runtime.settings.schedule.workshop_reminder_hours
    )
    if queued:
        log.info("queued %d workshop reminder(s)", queued)


async def send_outbox(context: Ctx) -> None:
    """Deliver what the outbox holds, then report finished runs to coordinators."""
    runtime = context.bot_data.runtime
    sender: Sender | None = context.bot_data.sender
    if sender is None:
        delivery = runtime.settings.delivery
        limits = SenderLimits(
            per_second=delivery.per_second,
            private_interval=delivery.private_interval,
            group_interval=delivery.group_interval,
            max_attempts=delivery.max_attempts,
        )
        sender = Sender(runtime.db, context.bot, clock=runtime.clock, limits=limits)
        await sender.recover()
        context.bot_data.sender = sender
    await sender.drain()
    for report in await finished_runs(runtime.db, now=runtime.clock()):
        await notify_coordinators(context, report.render)


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
        ("outbox:send", send_outbox, max(1, tick // 2)),
    ]
    if fetch and app.bot_data.runtime.settings.sources:
        jobs.append(("fetch:tick", fetch_tick, tick))
        jobs.append(("sources:health", source_health, tick))
    for name, callback, interval in jobs:
        for job in queue.get_jobs_by_name(name):
            job.schedule_removal()
        queue.run_repeating(
            callback, interval=interval, first=first, name=name, job_kwargs=JOB_KWARGS
        )
