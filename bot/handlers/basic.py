"""The answer to a command the bot does not know: never silence."""

from __future__ import annotations

from telegram import Update

from bot.context import Ctx
from bot.handlers.common import is_group, runtime, translator


async def unknown_command(update: Update, context: Ctx) -> None:
    """Point to /help."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    if is_group(update) and f"@{context.bot.username}".lower() not in (message.text or "").lower():
        return  # in a group, a command without our name may be meant for another bot
    profile = await runtime(context).members.profile(chat.id)
    tr = translator(context, profile, update)
    await message.reply_text(
        tr.gettext("I don't know that command. Send /help to see what I can do."),
    )
