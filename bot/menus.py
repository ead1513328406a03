"""Command menus per chat: coordinators see their commands in their own chat's menu."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot import commands
from bot.core.i18n import Catalogs

log = logging.getLogger(__name__)


async def show_coordinator_menu(
    bot: Bot, catalogs: Catalogs, user_id: int, *, on: bool = True
) -> None:
    """Give a coordinator's private chat the menu with the coordinator commands (or take it away).

    Best effort: an admin who never wrote to the bot has no chat yet and gets it next start.
    """
    scope = BotCommandScopeChat(user_id)
    try:
        for language in (None, *catalogs.languages):
            if on:
                pairs = commands.coordinator_menu(catalogs, language or catalogs.default)
                await bot.set_my_commands(
                    [BotCommand(n, d) for n, d in pairs], scope=scope, language_code=language
                )
            else:
                await bot.delete_my_commands(scope=scope, language_code=language)
    except TelegramError as exc:
        log.info("no coordinator menu for %s yet: %s", user_id, exc)
