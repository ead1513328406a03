"""/stats: a period's numbers, then three charts, all through the outbox."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from telegram import Update

from bot.context import Ctx
from bot.core.ids import parse_id
from bot.delivery.outgoing import Outgoing
from bot.handlers.common import queue_replies, runtime, send
from bot.handlers.coordinator.access import require_coordinator
from bot.pipeline.rules import indicators
from bot.reports.export import render_charts
from bot.services.stats import collect_stats, period_of_days
from bot.views import stats as views
from bot.views.pipeline.overview import indicator_lines

MAX_STATS_DAYS = 3660


def parse_period(args: list[str], today: date) -> tuple[date, date] | None:
    """``[]`` (30 days), ``[N]`` (N days) or ``[FROM, TO]`` (inclusive dates)."""
    if not args:
        return today - timedelta(days=29), today
    days = parse_id(args[0], maximum=MAX_STATS_DAYS) if len(args) == 1 else None
    if days is not None and days >= 1:
        return today - timedelta(days=days - 1), today
    if len(args) == 2:
        try:
            first, last = date.fromisoformat(args[0]), date.fromisoformat(args[1])
        except ValueError:
            return None
        if first <= last and (last - first).days < MAX_STATS_DAYS:
            return first, last
    return None


async def stats_command(update: Update, context: Ctx) -> None:
    """/stats [DAYS | FROM TO]: numbers for a period, then three charts."""
    tr = await require_coordinator(update, context)
    chat = update.effective_chat
    if tr is None or chat is None:
        return
    rt = runtime(context)
    period = parse_period(list(context.args or []), rt.clock().date())
    if period is None:
        await send(update, context, views.usage(tr))
        return
    start, end = period_of_days(*period)
    stats = await collect_stats(rt.db, start=start, end=end)
    names = views.topic_names(rt.settings, tr.language)
    programmes = views.programme_names(rt.settings, tr.language)
    text = views.stats_text(tr, stats, topic_label=names, programme_label=programmes)
    pipeline_rows = indicators(await rt.pipeline.tallies())
    text += "\n\n" + "\n".join(indicator_lines(tr, pipeline_rows))
    # Drawing takes a moment per chart; keep the event loop free for other members.
    images = await asyncio.to_thread(render_charts, stats, views.chart_labels(tr, stats, names))
    # Four messages in a row: through the outbox, paced and retried (a 429 lost a chart).
    replies = [Outgoing(chat_id=chat.id, kind="reply", text=text)]
    replies += [
        Outgoing(
            chat_id=chat.id,
            kind="reply",
            text="",
            media_type="photo",
            media_name=f"{name}.png",
            media=png,
        )
        for name, png in images.items()
    ]
    await queue_replies(context, replies)
