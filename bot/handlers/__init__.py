"""Thin callbacks. :func:`register` declares every handler and its order in one place."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.handlers import basic, errors


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add every handler. Note: order matters; the first matching handler in a group wins."""
    app.add_handler(CommandHandler("start", basic.start))
    app.add_handler(CommandHandler("help", basic.help_command))
    # Fallbacks last: anything not handled above gets a helpful answer, never silence.
    app.add_handler(MessageHandler(filters.COMMAND, basic.unknown_command))
    app.add_handler(MessageHandler(filters.TEXT & filters.ChatType.PRIVATE, basic.stray_text))
    app.add_error_handler(errors.on_error)
