"""/push: one opportunity now to every member it matches, after a preview with the count."""

from __future__ import annotations

from telegram import Update

from bot.broadcasts.types import BroadcastError
from bot.buttons.push import PushSend
from bot.context import Ctx
from bot.handlers.common import runtime, send, show
from bot.handlers.coordinator.access import require_coordinator
from bot.handlers.presses import Guard, Press, Routes
from bot.views import broadcast as broadcast_views
from bot.views import push as views
from feeds.types import OpportunityKind

ROUTES = Routes(errors=views.error_text)


async def push_command(update: Update, context: Ctx) -> None:
    """/push ID: one opportunity now to every member it matches (after a confirmation)."""
    tr = await require_coordinator(update, context)
    if tr is None:
        return
    args = context.args or []
    if len(args) != 1:
        await send(update, context, views.usage(tr))
        return
    rt = runtime(context)
    found = await rt.broadcasts.find_opportunity(args[0][:200])
    if found is None:
        await send(update, context, views.not_found(tr, args[0]))
        return
    if not OpportunityKind(found.kind).is_funding:
        await send(update, context, views.not_funding(tr, found))
        return
    recipients = await rt.broadcasts.push_recipients(found.id, now=rt.clock())
    await send(update, context, views.preview(tr, found, recipients=len(recipients)))


@ROUTES.on(PushSend, guard=Guard.COORDINATOR)
async def push(press: Press[PushSend]) -> None:
    """Queue the previewed opportunity to every member it matches now."""
    rt = press.rt

    def heading(language: str) -> str:
        return views.heading(rt.catalogs.get(language))

    try:
        count = await rt.broadcasts.push(
            press.button.opportunity_id, now=rt.clock(), heading=heading
        )
    except BroadcastError as refused:  # the preview's screen says why, in place
        await show(press.update, press.context, views.refused(press.tr, refused.code))
        return
    await show(press.update, press.context, broadcast_views.queued(press.tr, count))
