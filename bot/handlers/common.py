"""Helpers every handler uses: show a screen, check group admins, compute the next digest."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Message, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError

from bot.context import Ctx, Runtime
from bot.conversation import Waiting
from bot.core.i18n import Translator
from bot.core.timing import next_weekly
from bot.delivery.outgoing import Outgoing
from bot.delivery.sender import enqueue
from bot.members.types import Profile
from bot.views.common import Screen, noted

log = logging.getLogger(__name__)

ADMIN_STATUSES = frozenset({ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR})


def runtime(context: Ctx) -> Runtime:
    """The application's collaborators."""
    return context.bot_data.runtime


def translator(context: Ctx, profile: Profile | None, update: Update | None = None) -> Translator:
    """A translator in the member's language (or their Telegram language before we know them)."""
    catalogs = runtime(context).catalogs
    if profile is not None:
        return catalogs.get(profile.language)
    user = update.effective_user if update else None
    code = user.language_code if user and user.language_code else None
    return catalogs.get(code.split("-", 1)[0] if code else None)


def is_group(update: Update) -> bool:
    """True for group and supergroup chats."""
    chat = update.effective_chat
    return chat is not None and chat.type in {ChatType.GROUP, ChatType.SUPERGROUP}


async def may_configure(update: Update, context: Ctx) -> bool:
    """In a private chat, always; in a group, only the group's admins may change its settings."""
    if not is_group(update):
        return True
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        log.warning("could not check admin rights in chat %s", chat.id, exc_info=True)
        return False
    return member.status in ADMIN_STATUSES


def next_digest(profile: Profile, now: datetime) -> datetime | None:
    """When the member's next weekly digest is due (None when paused)."""
    if profile.paused:
        return None
    return next_weekly(
        now=now,
        weekday=profile.digest_weekday,
        minute=profile.digest_minute,
        zone=ZoneInfo(profile.timezone),
        quiet=profile.quiet,
    )


async def send(update: Update, context: Ctx, screen: Screen) -> Message | None:
    """Send ``screen`` as a new message in the update's chat."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await context.bot.send_message(
        chat.id,
        screen.text,
        parse_mode=ParseMode.HTML,
        reply_markup=screen.keyboard,
        disable_web_page_preview=True,
    )


async def queue_replies(context: Ctx, messages: list[Outgoing]) -> None:
    """A reply of several messages goes through the outbox: paced, retried, kept on restart."""
    rt = runtime(context)
    await enqueue(rt.db, messages, now=rt.clock())
    context.bot_data.wake_outbox()


async def show(update: Update, context: Ctx, screen: Screen) -> int | None:
    """Replace the pressed message with ``screen``, or send it when there is none to edit.

    Returns the id of the message that shows it (None when there is no chat).
    """
    query = update.callback_query
    message = query.message if query else None
    if isinstance(message, Message):
        try:
            await message.edit_text(
                screen.text,
                parse_mode=ParseMode.HTML,
                reply_markup=screen.keyboard,
                disable_web_page_preview=True,
            )
            return message.message_id
        except BadRequest as exc:
            reason = str(exc).lower()
            if "message is not modified" in reason:
                return message.message_id  # a double tap: the screen already shows this
            if "can't be edited" not in reason and "not found" not in reason:
                raise
    sent = await send(update, context, screen)
    return sent.message_id if sent is not None else None


#: ``chat_data`` key: the message that asks for a text answer and has buttons (Cancel, Skip).
PROMPT = "prompt_message_id"


async def ask(update: Update, context: Ctx, screen: Screen, *, new: bool = False) -> None:
    """Show a question answered by a text message, remembering it so that
    :func:`answered` can take its buttons away once the answer came."""
    shown = (await send(update, context, screen)) if new else await show(update, context, screen)
    message_id = shown.message_id if isinstance(shown, Message) else shown
    if message_id is not None and context.chat_data is not None:
        context.chat_data[PROMPT] = message_id


async def ask_member(
    update: Update,
    context: Ctx,
    tr: Translator,
    profile: Profile,
    what: str,
    screen: Screen,
    *,
    new: bool = False,
) -> Profile:
    """Ask a member-level question (``org_name``, ``keywords:include``…): the chat now waits
    for its answer, and the prompt says so when that turns away from an unfinished draft."""
    rt = runtime(context)
    before = await rt.conversations.current(profile.chat_id)
    profile = await rt.members.await_input(profile.chat_id, what)
    await ask(update, context, noted(tr, screen, before, Waiting.parse(what)), new=new)
    return profile


async def answered(update: Update, context: Ctx) -> None:
    """The question was answered: its Cancel (or Skip, Back) button would now only confuse,
    so the prompt keeps its text and loses its keyboard (best effort; after a restart the
    button stays, and pressing it is harmless)."""
    chat = update.effective_chat
    message_id = context.chat_data.pop(PROMPT, None) if context.chat_data is not None else None
    if chat is None or message_id is None:
        return
    try:
        await context.bot.edit_message_reply_markup(chat.id, message_id, reply_markup=None)
    except BadRequest:
        log.debug("could not remove the keyboard of prompt %s", message_id)


async def keep_text_drop_buttons(update: Update) -> None:
    """Remove the keyboard of the pressed message, keeping its text (best effort)."""
    query = update.callback_query
    message = query.message if query else None
    if isinstance(message, Message) and message.reply_markup is not None:
        try:
            await message.edit_reply_markup(reply_markup=None)
        except BadRequest:
            log.debug("could not remove the keyboard of message %s", message.message_id)
