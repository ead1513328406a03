"""The last resort: log the failure, answer the press, apologise, never show a traceback."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, RetryAfter, TelegramError

from bot.context import Ctx

log = logging.getLogger(__name__)


async def on_error(update: object, context: Ctx) -> None:
    """Log an unhandled exception, answer a pending button press, tell the member."""
    error = context.error
    if isinstance(error, RetryAfter):
        # Flood control: replies are paced (bot/delivery/pacing.py) and retried, so this is a reply
        # that could not wait any longer. Not a bug; an apology would be refused too.
        log.warning("Telegram flood control: a reply was dropped (%s)", error)
        await _answer_query(update, None)
        return
    if isinstance(error, BadRequest) and "query is too old" in str(error).lower():
        # A press answered too late (or twice): the member's app has stopped waiting.
        log.info("a button press could not be answered in time: %s", error)
        return
    log.error("unhandled error while processing %s", describe(update), exc_info=error)
    if not isinstance(update, Update):
        return
    try:
        runtime = context.bot_data.runtime
        language = update.effective_user.language_code if update.effective_user else None
        apology = runtime.catalogs.get(language).gettext(
            "Sorry, something went wrong on our side. Please try again in a minute."
        )
    except Exception:  # the apology must not fail on top of the failure
        log.warning("could not prepare the apology", exc_info=True)
        await _answer_query(update, None)
        return
    if await _answer_query(update, apology):
        return  # the popup told the member; a press needs no extra message
    if update.effective_chat is None:
        return
    try:
        await context.bot.send_message(update.effective_chat.id, apology)
    except TelegramError:
        log.warning("could not tell the chat about the error", exc_info=True)


async def _answer_query(update: object, text: str | None) -> bool:
    """Answer the update's callback query if nobody did (the app stops spinning).

    True when this answer went through; False when there is no query or it was already
    answered (Telegram refuses a second answer as "query is too old").
    """
    query = update.callback_query if isinstance(update, Update) else None
    if query is None:
        return False
    try:
        await query.answer(text, show_alert=text is not None)
    except BadRequest:
        return False
    except TelegramError:
        log.warning("could not answer callback query %s", query.id, exc_info=True)
        return False
    return True


def describe(update: object) -> str:
    """What the failing update was, for the log: its id, chat, and command or button data.

    Free text a member typed is not logged (it may be personal); its length is.
    """
    if not isinstance(update, Update):
        return f"a non-update event ({type(update).__name__})"
    parts = [f"update {update.update_id}"]
    if update.effective_chat is not None:
        parts.append(f"chat {update.effective_chat.id}")
    if update.callback_query is not None:
        parts.append(f"button {update.callback_query.data!r}")
    elif update.effective_message is not None and update.effective_message.text:
        text = update.effective_message.text
        if text.startswith("/"):
            parts.append(f"command {text.split(maxsplit=1)[0]!r}")
        else:
            parts.append(f"text of {len(text)} characters")
    return ", ".join(parts)
