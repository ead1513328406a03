"""Self check-in: the coordinator's code and QR code (from /attendees), and attendees checking
in with ``/start ci<CODE>`` (the QR code), ``/checkin CODE`` or by sending the code."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update
from telegram.constants import ChatType

from bot.buttons.participants import CheckinScreen
from bot.context import Ctx
from bot.conversation import PARTICIPANT
from bot.handlers.common import runtime, send, translator
from bot.handlers.presses import Guard, Press, Routes
from bot.handlers.text_input import OnText
from bot.handlers.workshops.member import display_name
from bot.members.types import Profile
from bot.views import workshops as views
from bot.views.common import Screen
from bot.views.workshops.checkin import checkin_caption, checkin_result, checkin_usage
from bot.workshops.checkin import DEEP_LINK_PREFIX, deep_link, looks_like_code, parse_code, qr_png
from bot.workshops.types import WorkshopError

ROUTES = Routes(errors=views.error_text)


@ROUTES.on(CheckinScreen, guard=Guard.COORDINATOR, answer=False)
async def checkin_screen(press: Press[CheckinScreen]) -> None:
    """The code and the QR code image of the deep link, to show on a screen or print."""
    rt = press.rt
    workshop, code = await rt.workshops.checkin.code_for(press.button.workshop_id, now=rt.clock())
    username = press.context.bot.username
    link = deep_link(username, code)
    await press.answer()
    await press.context.bot.send_photo(
        press.chat_id,
        photo=qr_png(link),
        caption=checkin_caption(press.tr, workshop, code, link),
        parse_mode="HTML",
    )


async def check_in(update: Update, context: Ctx, profile: Profile | None, text: str) -> None:
    """Check the sender in with the code in ``text`` and tell them how it went."""
    chat = update.effective_chat
    if chat is None:
        return
    rt = runtime(context)
    tr = translator(context, profile, update)
    code = parse_code(text)
    if code is None:
        await send(update, context, Screen(checkin_usage(tr)))
        return
    try:
        outcome = await rt.workshops.checkin.check_in(
            chat.id, code, display_name=display_name(update), now=rt.clock()
        )
    except WorkshopError as error:
        await send(update, context, Screen(views.error_text(tr, error.code)))
        return
    zone = ZoneInfo(profile.timezone if profile else rt.settings.schedule.timezone)
    screen = checkin_result(
        tr, outcome.workshop, outcome.window, already=outcome.already, zone=zone
    )
    await send(update, context, screen)


async def checkin_command(update: Update, context: Ctx) -> None:
    """/checkin CODE (private chats)."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    profile = await runtime(context).members.profile(chat.id)
    await check_in(update, context, profile, "".join(context.args or []))


async def start_link(update: Update, context: Ctx, profile: Profile) -> bool:
    """``/start ci<CODE>`` (the QR code): check in; False when the link is something else."""
    args = context.args or []
    if len(args) != 1 or not args[0].lower().startswith(DEEP_LINK_PREFIX):
        return False
    if parse_code(args[0]) is None:
        return False
    await check_in(update, context, profile, args[0])
    return True


def or_code(on_text: OnText) -> OnText:
    """Free text: a message that is only a check-in code checks in when the chat waits for
    nothing else (a typed job title is never taken for a code); anything else goes on."""

    async def on_message(update: Update, context: Ctx) -> None:
        chat, message = update.effective_chat, update.effective_message
        text = message.text if message is not None else None
        if (
            chat is not None
            and chat.type == ChatType.PRIVATE
            and text is not None
            and looks_like_code(text)
        ):
            rt = runtime(context)
            waiting = await rt.conversations.current(chat.id)
            code = parse_code(text)
            # A pending registration question does not swallow a real code (a job title that
            # happens to look like one is no workshop's code, and is kept as the answer).
            if waiting is None or (
                waiting.kind == PARTICIPANT
                and code is not None
                and await rt.workshops.checkin.is_code(code)
            ):
                await check_in(update, context, await rt.members.profile(chat.id), text)
                return
        await on_text(update, context)

    return on_message
