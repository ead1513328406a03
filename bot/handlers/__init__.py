"""Thin callbacks. :func:`register` declares every handler and its order in one place."""

from __future__ import annotations

from typing import Any

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import conversation
from bot.handlers import (
    basic,
    chat_member,
    digest,
    directory,
    errors,
    member_commands,
    onboarding,
    presses,
    settings,
    text_input,
    workshops,
)
from bot.handlers.coordinator import admins, broadcast, push, report, stats


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add every handler. Note: order matters; the first matching handler in a group wins."""
    app.add_handler(CommandHandler("start", member_commands.start))
    app.add_handler(CommandHandler("help", member_commands.help_command))
    app.add_handler(CommandHandler("topics", member_commands.topics))
    app.add_handler(CommandHandler("settings", member_commands.settings))
    app.add_handler(CommandHandler("profile", member_commands.profile_command))
    app.add_handler(CommandHandler("mydata", member_commands.mydata))
    app.add_handler(CommandHandler("forget", member_commands.forget))
    app.add_handler(CommandHandler("digest", digest.digest_command))
    app.add_handler(CommandHandler("following", digest.following_command))
    app.add_handler(CommandHandler("workshops", workshops.workshops_command))
    app.add_handler(CommandHandler("calendar", workshops.calendar_command))
    app.add_handler(CommandHandler("newworkshop", workshops.new_workshop))
    app.add_handler(CommandHandler("editworkshop", workshops.edit_workshop))
    app.add_handler(CommandHandler("cancelworkshop", workshops.cancel_workshop))
    app.add_handler(CommandHandler("attendees", workshops.attendees))
    app.add_handler(CommandHandler("admins", admins.admins))
    app.add_handler(CommandHandler("stats", stats.stats_command))
    app.add_handler(CommandHandler("report", report.report_command))
    app.add_handler(CommandHandler("broadcast", broadcast.broadcast_command))
    app.add_handler(CommandHandler("push", push.push_command))
    app.add_handler(CommandHandler("directory", directory.directory_command))
    app.add_handler(CommandHandler("partners", directory.partners_command))
    typed = [
        onboarding.ROUTES,
        settings.ROUTES,
        digest.ROUTES,
        directory.ROUTES,
        workshops.member.ROUTES,
        workshops.coordinator.ROUTES,
        admins.ROUTES,
        broadcast.ROUTES,
        push.ROUTES,
        report.ROUTES,
    ]
    app.add_handler(CallbackQueryHandler(presses.Dispatcher(typed)))
    app.add_handler(
        ChatMemberHandler(chat_member.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    # Fallbacks last: anything not handled above gets a helpful answer, never silence.
    app.add_handler(MessageHandler(filters.COMMAND, basic.unknown_command))
    # Free text answers whatever the chat's one conversation state says the bot waits for.
    texts: dict[str, text_input.TextHandler] = {
        conversation.ORG_NAME: text_input.on_org_name,
        conversation.COUNTRY_SEARCH: text_input.on_country_search,
        conversation.KEYWORDS: text_input.on_keywords,
        conversation.DIRECTORY: directory.on_directory_text,
        conversation.WORKSHOP_DRAFT: workshops.on_draft_text,
        conversation.WORKSHOP_EDIT: workshops.on_draft_text,
        conversation.BROADCAST: broadcast.on_broadcast_text,
        conversation.REPORT_DATES: report.on_report_dates,
    }
    assert set(texts) == conversation.KINDS, "every conversation kind needs its text handler"
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, text_input.router(texts)))
    app.add_error_handler(errors.on_error)
