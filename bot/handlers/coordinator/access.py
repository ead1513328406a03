"""The role check every coordinator command and text answer makes first."""

from __future__ import annotations

from telegram import Update

from bot.context import Ctx
from bot.core.i18n import Translator
from bot.handlers.common import runtime, send, translator
from bot.views import admins as views
from bot.views.common import Screen


async def require_coordinator(update: Update, context: Ctx) -> Translator | None:
    """The coordinator's translator, or None after a refusal (also for button presses)."""
    chat, user = update.effective_chat, update.effective_user
    rt = runtime(context)
    profile = await rt.members.profile(chat.id) if chat else None
    tr = translator(context, profile, update)
    if user is not None and await rt.coordinators.is_coordinator(user.id):
        return tr
    refusal = views.coordinators_only(tr)
    if update.callback_query is not None:
        await update.callback_query.answer(refusal, show_alert=True)
    else:
        await send(update, context, Screen(refusal))
    return None
