"""/report: the funder's report for a period, as an XLSX workbook and charts, in chat."""

from __future__ import annotations

import asyncio
from datetime import date

from telegram import Update
from telegram.constants import ChatType

from bot.buttons.report import ReportPeriod
from bot.context import Ctx, Runtime
from bot.conversation import REPORT_DATES, Waiting
from bot.core.i18n import Translator
from bot.core.labels import taxonomy_label
from bot.delivery.outgoing import Outgoing
from bot.handlers.common import queue_replies, runtime, send, show
from bot.handlers.coordinator.access import require_coordinator
from bot.handlers.presses import Guard, Press, Routes
from bot.reports.figures import report_charts
from bot.reports.model import Report
from bot.reports.periods import PeriodProblem, Preset, parse_period, preset
from bot.reports.workbook import Heading, file_name, report_workbook
from bot.services.reports import collect_report
from bot.views import report as views
from bot.views.common import noted

ROUTES = Routes(errors=views.error_text)


async def report_command(update: Update, context: Ctx) -> None:
    """/report: choose the period (in a private chat: the workbook names organisations)."""
    tr = await require_coordinator(update, context)
    chat = update.effective_chat
    if tr is None or chat is None:
        return
    if chat.type != ChatType.PRIVATE:
        await send(update, context, views.private_only(tr))
        return
    await send(update, context, views.menu(tr))


@ROUTES.on(ReportPeriod, guard=Guard.COORDINATOR)
async def choose_period(press: Press[ReportPeriod]) -> None:
    """A preset period makes the report; "other dates" asks for two."""
    rt, tr, chat = press.rt, press.tr, press.update.effective_chat
    if chat is None:
        return
    if press.button.period is Preset.CUSTOM:
        waiting = Waiting(REPORT_DATES)
        before = await rt.conversations.expect(chat.id, waiting)
        # An unfinished draft the chat waited on is kept; say so.
        await show(press.update, press.context, noted(tr, views.ask_dates(tr), before, waiting))
        return
    first, last = preset(press.button.period, rt.clock().date())
    await show(press.update, press.context, views.working(tr, first, last))
    await _deliver(rt, press.context, tr, chat.id, first, last)


async def on_report_dates(update: Update, context: Ctx, waiting: Waiting) -> bool:
    """The two dates of a custom period (``report_dates``)."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or message.text is None or chat is None:
        return False
    tr = await require_coordinator(update, context)
    if tr is None:
        return True
    rt = runtime(context)
    period = parse_period(message.text, rt.clock().date())
    if isinstance(period, PeriodProblem):
        await send(update, context, views.bad_dates(tr, period))
        return True
    await rt.conversations.clear(chat.id, frozenset({REPORT_DATES}))
    first, last = period
    await send(update, context, views.working(tr, first, last))
    await _deliver(rt, context, tr, chat.id, first, last)
    return True


def _files(rt: Runtime, report: Report, tr: Translator) -> tuple[bytes, dict[str, bytes]]:
    project = rt.settings.project
    heading = Heading(project.acknowledgement_in(tr.language), project.reference)

    def topic(item: str) -> str:
        return taxonomy_label(rt.settings, "topic", item, tr.language)

    charts = report_charts(report, tr)
    return report_workbook(report, tr, heading, topic_label=topic, charts=charts), charts


async def _deliver(
    rt: Runtime, context: Ctx, tr: Translator, chat_id: int, first: date, last: date
) -> None:
    report = await collect_report(rt.db, first, last)
    # Drawing and writing the workbook take a moment: off the event loop.
    workbook, charts = await asyncio.to_thread(_files, rt, report, tr)
    replies = [
        Outgoing(
            chat_id=chat_id,
            kind="reply",
            text=views.caption(tr, first, last),
            media_type="document",
            media_name=file_name(report, "xlsx"),
            media=workbook,
        )
    ]
    replies += [
        Outgoing(
            chat_id=chat_id,
            kind="reply",
            text="",
            media_type="photo",
            media_name=f"{name}.png",
            media=png,
        )
        for name, png in charts.items()
    ]
    await queue_replies(context, replies)
