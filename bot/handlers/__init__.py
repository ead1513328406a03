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
    calendar,
    chat_member,
    digest,
    directory,
    errors,
    followup,
    member_commands,
    onboarding,
    organisations,
    pipeline,
    presses,
    proposals,
    public,
    settings,
    surveys,
    text_input,
    workshops,
)
from bot.handlers.coordinator import admins, broadcast, members, push, report, stats


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
    app.add_handler(CommandHandler("calendar", calendar.calendar_command))
    app.add_handler(CommandHandler("highlight", calendar.highlight_command))
    app.add_handler(CommandHandler("channel", public.channel_command))
    app.add_handler(CommandHandler("forumtopic", public.forum_topic_command))
    app.add_handler(CommandHandler("showcase", public.showcase_command))
    app.add_handler(CommandHandler("newworkshop", workshops.new_workshop))
    app.add_handler(CommandHandler("editworkshop", workshops.edit_workshop))
    app.add_handler(CommandHandler("cancelworkshop", workshops.cancel_workshop))
    app.add_handler(CommandHandler("attendees", workshops.attendees))
    app.add_handler(CommandHandler("checkin", workshops.checkin.checkin_command))
    app.add_handler(CommandHandler("admins", admins.admins))
    app.add_handler(CommandHandler("stats", stats.stats_command))
    app.add_handler(CommandHandler("report", report.report_command))
    app.add_handler(CommandHandler("broadcast", broadcast.broadcast_command))
    app.add_handler(CommandHandler("push", push.push_command))
    app.add_handler(CommandHandler("directory", directory.directory_command))
    app.add_handler(CommandHandler("partners", directory.partners_command))
    app.add_handler(CommandHandler("projects", pipeline.projects_command))
    app.add_handler(CommandHandler("partnerrequests", pipeline.partner_requests_command))
    app.add_handler(CommandHandler("pipeline", pipeline.pipeline_command))
    app.add_handler(CommandHandler("actions", followup.actions_command))
    app.add_handler(CommandHandler("newsurvey", surveys.new_survey))
    app.add_handler(CommandHandler("surveys", surveys.surveys_command))
    app.add_handler(CommandHandler("propose", proposals.propose_command))
    app.add_handler(CommandHandler("proposals", proposals.proposals_command))
    app.add_handler(CommandHandler("organisation", organisations.organisation_command))
    app.add_handler(CommandHandler("invite", organisations.invite_command))
    app.add_handler(CommandHandler("members", members.members_command))
    typed = [
        onboarding.ROUTES,
        settings.ROUTES,
        digest.ROUTES,
        directory.ROUTES,
        workshops.member.ROUTES,
        workshops.coordinator.ROUTES,
        workshops.registration.ROUTES,
        workshops.checkin.ROUTES,
        admins.ROUTES,
        broadcast.ROUTES,
        push.ROUTES,
        pipeline.ROUTES,
        followup.ROUTES,
        surveys.ROUTES,
        proposals.ROUTES,
        calendar.ROUTES,
        public.ROUTES,
        organisations.ROUTES,
        members.ROUTES,
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
        conversation.PIPELINE: pipeline.on_pipeline_text,
        conversation.WORKSHOP_DRAFT: workshops.on_draft_text,
        conversation.WORKSHOP_EDIT: workshops.on_draft_text,
        conversation.BROADCAST: broadcast.on_broadcast_text,
        conversation.PARTICIPANT: workshops.registration.on_participant_text,
        conversation.FOLLOWUP: followup.on_followup_text,
        conversation.SURVEY: surveys.on_survey_text,
        conversation.PROPOSAL: proposals.on_proposal_text,
        conversation.ORGANISATION: organisations.on_organisation_text,
        conversation.MEMBERS_SEARCH: members.on_search_text,
        conversation.REPORT_DATES: report.on_report_dates,
    }
    assert set(texts) == conversation.KINDS, "every conversation kind needs its text handler"
    app.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND,
            workshops.checkin.or_code(text_input.router(texts)),
        )
    )
    # Photos and documents: materials a coordinator passes on after a workshop.
    app.add_handler(MessageHandler(filters.PHOTO | filters.Document.ALL, followup.on_media))
    app.add_error_handler(errors.on_error)
