"""The last resort: log the failure, apologise to the member, never show a traceback."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.context import Ctx

log = logging.getLogger(__name__)


async def on_error(update: object, context: Ctx) -> None:
    """Log an unhandled exception and tell the member something went wrong."""
    log.error("unhandled error while processing an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        runtime = context.bot_data.runtime
        language = update.effective_user.language_code if update.effective_user else None
        tr = runtime.catalogs.get(language)
        await context.bot.send_message(
            update.effective_chat.id,
            tr.gettext("Sorry, something went wrong on our side. Please try again in a minute."),
        )
    except TelegramError:
        log.warning("could not tell the chat about the error", exc_info=True)
