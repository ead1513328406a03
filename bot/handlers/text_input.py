"""Free text: one conversation state per chat says which feature's question it answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any

from telegram import Update

from bot.context import Ctx
from bot.conversation import Waiting
from bot.core import countries
from bot.core.i18n import Translator
from bot.core.render import esc, excerpt
from bot.handlers.common import (
    answered,
    is_group,
    may_configure,
    next_digest,
    runtime,
    send,
    translator,
)
from bot.handlers.organisations import name_given
from bot.members.rules import KEYWORDS_MAX, ORG_NAME_MAX, clean_org_name, parse_keywords
from bot.members.types import Profile
from bot.views import onboarding as views
from bot.views.common import Screen

#: A feature's answer to the text its question asked for; False when the text is not one
#: (the draft is gone, the step takes buttons, the sender may not answer): the generic hint.
TextHandler = Callable[[Update, Ctx, Waiting], Awaitable[bool]]
OnText = Callable[[Update, Ctx], Coroutine[Any, Any, None]]


def router(handlers: Mapping[str, TextHandler]) -> OnText:
    """The one text handler: read the chat's state once and hand the text to its feature.

    ``handlers`` maps each conversation kind to the feature that asked (declared in
    :func:`bot.handlers.register`).
    """
    table = dict(handlers)

    async def on_text(update: Update, context: Ctx) -> None:
        chat, message = update.effective_chat, update.effective_message
        if chat is None or message is None or message.text is None:
            return
        waiting = await runtime(context).conversations.current(chat.id)
        handler = table.get(waiting.kind) if waiting is not None else None
        if handler is not None and waiting is not None and await handler(update, context, waiting):
            return
        await not_expected(update, context)

    return on_text


async def not_expected(update: Update, context: Ctx) -> None:
    """Nobody asked for this text: explain in a private chat, stay quiet in a group."""
    if is_group(update):
        return
    chat = update.effective_chat
    profile = await runtime(context).members.profile(chat.id) if chat is not None else None
    tr = translator(context, profile, update)
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


async def _member(update: Update, context: Ctx) -> tuple[Profile, Translator, str] | None:
    """The consented member answering a member-level question, with the text; None if not."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None or message.text is None:
        return None
    profile = await runtime(context).members.profile(chat.id)
    if profile is None or not profile.consented:
        return None
    return profile, translator(context, profile, update), message.text


#: What a member's answer does once the chat is known to be allowed to answer.
MemberAnswer = Callable[[Update, Ctx, Profile, Translator, str, Waiting], Awaitable[None]]


def _member_answer(answer: MemberAnswer) -> TextHandler:
    """A text handler for a member-level question: consented chats only, group admins only."""

    async def handle(update: Update, context: Ctx, waiting: Waiting) -> bool:
        found = await _member(update, context)
        if found is None:
            return False
        if is_group(update) and not await may_configure(update, context):
            return True
        profile, tr, text = found
        await answer(update, context, profile, tr, text, waiting)
        return True

    return handle


async def _country_search(
    update: Update, context: Ctx, profile: Profile, tr: Translator, text: str, waiting: Waiting
) -> None:
    """A country typed instead of picked: the matches as buttons."""
    await answered(update, context)
    codes = countries.search(text, profile.language)
    await send(update, context, views.country_results(tr, profile, excerpt(text), codes))


async def _keywords_for(
    update: Update, context: Ctx, profile: Profile, tr: Translator, text: str, waiting: Waiting
) -> None:
    """Words to include or exclude (``keywords:include`` / ``keywords:exclude``)."""
    kind = "include" if waiting.ref == "include" else "exclude"
    await _keywords(update, context, profile, tr, text, kind)


async def _org_name_for(
    update: Update, context: Ctx, profile: Profile, tr: Translator, text: str, waiting: Waiting
) -> None:
    """The organisation name the bot asked for (onboarding or /profile)."""
    await _org_name(update, context, profile, tr, text)


on_org_name = _member_answer(_org_name_for)
on_country_search = _member_answer(_country_search)
on_keywords = _member_answer(_keywords_for)


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
    if not is_group(update):  # a person: their organisation (a group only keeps the name)
        await name_given(update, context, profile, tr, name)
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
    update: Update, context: Ctx, profile: Profile, tr: Translator, text: str, kind: str
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
    profile = await runtime(context).members.set_keywords(profile.chat_id, kind, words)
    await answered(update, context)
    await send(update, context, views.keywords(tr, profile))
