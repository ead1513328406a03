"""Telegram tells us when a member blocks the bot or the bot joins or leaves a group."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatMemberStatus, ParseMode

from bot.context import Ctx
from bot.handlers.common import runtime, translator

log = logging.getLogger(__name__)

GONE = frozenset({ChatMemberStatus.BANNED, ChatMemberStatus.LEFT})
PRESENT = frozenset(
    {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
)


async def on_my_chat_member(update: Update, context: Ctx) -> None:
    """Pause a member who blocked the bot; greet a group that added it."""
    change = update.my_chat_member
    if change is None:
        return
    rt = runtime(context)
    chat = change.chat
    old, new = change.old_chat_member.status, change.new_chat_member.status
    if new in GONE:
        # Keep their preferences: coming back with /start resumes everything.
        await rt.members.mark_blocked(chat.id, now=rt.clock())
        log.info("chat %s stopped the bot (%s)", chat.id, new)
        return
    if chat.type in {"group", "supergroup"} and new in PRESENT and old in GONE:
        tr = translator(context, await rt.members.profile(chat.id), update)
        await context.bot.send_message(
            chat.id,
            tr.gettext(
                "Hello! I bring the INEXA Alliance's funding digest and workshop invitations. "
                "A group admin can send /start to subscribe this group."
            ),
            parse_mode=ParseMode.HTML,
        )
