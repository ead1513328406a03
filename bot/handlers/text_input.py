"""Free text: the answers the bot asked for (organisation name, country search, keywords)."""

from __future__ import annotations

from telegram import Update

from bot import countries
from bot.context import Ctx
from bot.handlers import coordinator as coordinator_handlers
from bot.handlers import directory as directory_handlers
from bot.handlers import workshops as workshop_handlers
from bot.handlers.common import (
    answered,
    is_group,
    may_configure,
    next_digest,
    runtime,
    send,
    translator,
)
from bot.i18n import Translator
from bot.render import esc, excerpt
from bot.services.members import KEYWORDS_MAX, ORG_NAME_MAX, Profile, clean_org_name, parse_keywords
from bot.views import onboarding as views
from bot.views.common import Screen


async def on_text(update: Update, context: Ctx) -> None:
    """Route a text message to the question the bot is waiting on, or explain what to do."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None or message.text is None:
        return
    if await workshop_handlers.on_draft_text(update, context):
        return
    if await coordinator_handlers.on_broadcast_text(update, context):
        return
    if await directory_handlers.on_directory_text(update, context):
        return
    rt = runtime(context)
    profile = await rt.members.profile(chat.id)
    tr = translator(context, profile, update)
    if profile is None or not profile.consented or profile.awaiting is None:
        if not is_group(update):
            await send(
                update,
                context,
                Screen(
                    tr.gettext(
                        "I read commands and buttons rather than free text. "
                        "Send /help to see what I can do."
                    )
                ),
            )
        return
    if is_group(update) and not await may_configure(update, context):
        return
    text = message.text
    if profile.awaiting == "org_name":
        await _org_name(update, context, profile, tr, text)
    elif profile.awaiting == "country_search":
        await answered(update, context)
        codes = countries.search(text, profile.language)
        await send(update, context, views.country_results(tr, profile, excerpt(text), codes))
    else:
        await _keywords(update, context, profile, tr, text)


async def _org_name(
    update: Update, context: Ctx, profile: Profile, tr: Translator, text: str
) -> None:
    name = clean_org_name(text)
    if name is None:
        await send(
            update,
            context,
            Screen(
                tr.gettext(
                    "Please send a name of 1 to %(max)s characters, or press Skip.",
                    max=ORG_NAME_MAX,
                )
            ),
        )
        return
    rt = runtime(context)
    profile = await rt.members.update_profile(profile.chat_id, org_name=name, awaiting=None)
    await answered(update, context)
    if profile.onboarded:
        await send(
            update,
            context,
            views.profile_view(
                tr, rt.settings, profile, next_digest=next_digest(profile, rt.clock())
            ),
        )
    else:
        await send(update, context, views.ask_country(tr, profile))


async def _keywords(
    update: Update, context: Ctx, profile: Profile, tr: Translator, text: str
) -> None:
    words, problem = parse_keywords(text)
    if problem is not None:
        messages = {
            "empty": tr.gettext("I found no words in that message. Separate words with commas."),
            "too_many": tr.gettext(
                "That is more than %(max)s words. Please send at most %(max)s.", max=KEYWORDS_MAX
            ),
            "length": tr.gettext(
                "“%(word)s” is too short or too long: use 2 to 30 characters.",
                word=excerpt(problem.word),
            ),
            "characters": tr.gettext(
                "“%(word)s” has characters I cannot use: letters, digits, spaces and hyphens only.",
                word=excerpt(problem.word),
            ),
        }
        await send(update, context, Screen(esc(messages[problem.code])))
        return
    kind = "include" if profile.awaiting == "include" else "exclude"
    profile = await runtime(context).members.set_keywords(profile.chat_id, kind, words)
    await answered(update, context)
    await send(update, context, views.keywords(tr, profile))
