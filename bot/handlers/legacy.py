"""TRANSITIONAL: presses of buttons not yet declared as typed routes (the ``Action`` enum).

Only the features still being converted use this path: workshops (``WS_*``), the directory
(``DIR_*``), coordinators (``ADMIN_*``, ``BROADCAST_*``, ``PUSH_*``). Their handlers still
signal a press that does not fit with ``ValueError``/``LookupError``, which is why this module
alone keeps the broad ``except``. Delete it, with ``Dispatcher(legacy=...)``, once they are
typed routes (see ``bot/handlers/presses.py``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.callbacks import Action, Callback
from bot.context import Ctx
from bot.core.errors import BotError
from bot.core.i18n import Translator
from bot.handlers import coordinator as coordinator_handlers
from bot.handlers import directory as directory_handlers
from bot.handlers import workshops as workshop_handlers
from bot.handlers.common import may_configure, runtime, send, translator
from bot.members.types import Profile
from bot.views.common import Screen

Handler = Callable[[Update, Ctx, Callback, Profile, Translator], Awaitable[None]]

#: Members' legacy presses (after consent), by action.
HANDLERS: dict[Action, Handler] = {
    Action.WS_ANSWER: workshop_handlers.answer,
    **directory_handlers.BUTTONS,
}


async def on_button(update: Update, context: Ctx, press: Callback) -> None:
    """Route a legacy press to its feature."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    rt = runtime(context)
    profile = await rt.members.profile(chat.id)
    tr = translator(context, profile, update)
    if press.action in workshop_handlers.COORDINATOR_ACTIONS:
        await workshop_handlers.on_coordinator_button(update, context, press)
        return
    if press.action in coordinator_handlers.ACTIONS:
        await coordinator_handlers.on_button(update, context, press)
        return
    if press.action is Action.WS_ICS:
        await workshop_handlers.on_calendar_button(update, context, press)
        return
    if not await may_configure(update, context):
        await query.answer(
            tr.gettext("Only this group's admins can change its subscription and settings."),
            show_alert=True,
        )
        return
    if profile is None or not profile.consented:
        await query.answer(tr.gettext("Please send /start first."))
        return
    # Answer before any further work so the member's client stops spinning.
    await query.answer()
    try:
        await HANDLERS[press.action](update, context, press, profile, tr)
    except (BotError, ValueError, LookupError):  # TRANSITIONAL: see the module docstring
        # Leave the pressed screen as it is; nothing was changed.
        await send(
            update,
            context,
            Screen(tr.gettext("That button is out of date. Send /start to get a fresh menu.")),
        )
