"""The public face: coordinators link the channel (/channel) and forum topics (/forumtopic);
members join the showcase (/showcase), coordinators download it (/showcase all)."""

from __future__ import annotations

import logging

from telegram import ChatMemberAdministrator, ChatMemberOwner, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden

from bot.buttons.calendar import ShowcaseToggle
from bot.context import Ctx
from bot.handlers.common import runtime, send, show, translator
from bot.handlers.coordinator.access import require_coordinator
from bot.handlers.presses import Press, Routes
from bot.views import public as views
from bot.views.common import Screen

log = logging.getLogger(__name__)
ROUTES = Routes()


async def channel_command(update: Update, context: Ctx) -> None:
    """/channel: where the bot posts; /channel @name links the channel; /channel off."""
    tr = await require_coordinator(update, context)
    user = update.effective_user
    if tr is None or user is None:
        return
    rt = runtime(context)
    args = context.args or []
    if not args:
        await send(update, context, views.targets_view(tr, rt.settings, await rt.public.targets()))
        return
    if args[0].lower() == "off":
        done = await rt.public.unlink_channel()
        text = (
            tr.gettext("The channel is unlinked.") if done else tr.gettext("No channel was linked.")
        )
        await send(update, context, Screen(text))
        return
    reference = args[0]
    ref: str | int = int(reference) if reference.lstrip("-").isdigit() else reference
    try:
        chat = await context.bot.get_chat(ref)
    except (BadRequest, Forbidden):
        await send(update, context, Screen(views.channel_refused(tr, "not_found")))
        return
    if chat.type != ChatType.CHANNEL:
        await send(update, context, Screen(views.channel_refused(tr, "not_channel")))
        return
    try:
        me = await context.bot.get_chat_member(chat.id, context.bot.id)
    except (BadRequest, Forbidden):
        me = None
    may_post = isinstance(me, ChatMemberOwner) or (
        isinstance(me, ChatMemberAdministrator) and bool(me.can_post_messages)
    )
    if not may_post:
        await send(update, context, Screen(views.channel_refused(tr, "not_admin")))
        return
    title = chat.title or chat.username or str(chat.id)
    await rt.public.link_channel(chat.id, title, by=user.id, now=rt.clock())
    await send(update, context, Screen(views.channel_linked(tr, title)))


async def forum_topic_command(update: Update, context: Ctx) -> None:
    """/forumtopic TOPIC inside a forum topic: that topic's calls and workshops go there;
    /forumtopic off unlinks it. The answer stays in the same forum topic."""
    tr = await require_coordinator(update, context)
    user, message, chat = update.effective_user, update.effective_message, update.effective_chat
    if tr is None or user is None or message is None or chat is None:
        return
    rt = runtime(context)
    args = context.args or []
    thread = message.message_thread_id if message.is_topic_message else None
    if len(args) != 1 or thread is None:
        await message.reply_text(views.topic_usage(tr, rt.settings), parse_mode=ParseMode.HTML)
        return
    if args[0].lower() == "off":
        found = await rt.public.unlink_topic(chat.id, thread)
        await message.reply_text(views.topic_unlinked(tr, found), parse_mode=ParseMode.HTML)
        return
    topic = args[0].lower()
    if topic not in {item.id for item in rt.settings.taxonomy.topics}:
        await message.reply_text(views.topic_usage(tr, rt.settings), parse_mode=ParseMode.HTML)
        return
    await rt.public.link_topic(topic, chat.id, thread, chat.title or "", by=user.id, now=rt.clock())
    await message.reply_text(views.topic_linked(tr, rt.settings, topic), parse_mode=ParseMode.HTML)


async def showcase_command(update: Update, context: Ctx) -> None:
    """/showcase: join or leave the public showcase; /showcase all (coordinators): the
    whole showcase as a document."""
    chat = update.effective_chat
    if chat is None:
        return
    rt = runtime(context)
    args = context.args or []
    if args and args[0].lower() == "all":
        tr = await require_coordinator(update, context)
        if tr is None:
            return
        entries = await rt.public.showcase()
        await context.bot.send_document(
            chat.id,
            document=views.showcase_document(tr, rt.settings, entries),
            filename="inexa-showcase.html",
            caption=tr.ngettext(
                "The showcase: %(n)s member.", "The showcase: %(n)s members.", len(entries)
            ),
        )
        return
    profile = await rt.members.profile(chat.id)
    tr = translator(context, profile, update)
    if profile is None or not profile.consented:
        await send(update, context, Screen(tr.gettext("First let's get you set up: send /start.")))
        return
    state = await rt.public.showcase_state(chat.id)
    await send(
        update, context, views.showcase_screen(tr, published=state.published, joined=state.joined)
    )


@ROUTES.on(ShowcaseToggle)
async def showcase_toggle(press: Press[ShowcaseToggle]) -> None:
    """Join or leave the showcase."""
    rt, tr = press.rt, press.tr
    if press.button.on:
        state = await rt.public.join_showcase(press.member.chat_id, now=rt.clock())
        screen = (
            views.showcase_joined(tr, state.posted)
            if state.joined
            else views.showcase_screen(tr, published=False, joined=False)
        )
        if state.posted:
            press.context.bot_data.wake_outbox()
    else:
        for chat_id, message_id in await rt.public.leave_showcase(press.member.chat_id):
            try:
                await press.context.bot.delete_message(chat_id, message_id)
            except (BadRequest, Forbidden) as error:  # gone already, or older than 48 hours
                log.info("showcase post %s in %s not deleted: %s", message_id, chat_id, error)
        screen = views.showcase_left(tr)
    await show(press.update, press.context, screen)
