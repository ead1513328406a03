"""Workshops for members: /workshops, /calendar, answering (Going, Maybe, Can't go, the
waitlist) and calendar files. The answer card is redrawn in place after each press."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot.buttons.workshops import CalendarFile, Rsvp
from bot.context import Ctx
from bot.core.i18n import Translator
from bot.handlers.common import runtime, send, translator
from bot.handlers.presses import Guard, Press, Routes
from bot.handlers.workshops.registration import offer_form
from bot.services.members import Profile
from bot.views import workshops as views
from bot.views.common import Screen
from bot.workshops.seats import Answer
from bot.workshops.types import WorkshopError

log = logging.getLogger(__name__)

ROUTES = Routes(errors=views.error_text)
#: What each answer button asks for ("l", leave the waitlist, is a "can't go").
ANSWERS = {"g": Answer.GOING, "m": Answer.MAYBE, "n": Answer.NO, "l": Answer.NO}


def display_name(update: Update) -> str:
    """The presser's name as coordinators see it in the attendee list."""
    user = update.effective_user
    if user is None:
        return ""
    return f"{user.full_name} (@{user.username})" if user.username else user.full_name


# ------------------------------------------------------------------ commands


async def workshops_command(update: Update, context: Ctx) -> None:
    """/workshops: upcoming workshops with the member's answer (and, for coordinators, ids)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    rt = runtime(context)
    now = rt.clock()
    profile = await rt.members.profile(chat.id)
    tr = translator(context, profile, update)
    zone = ZoneInfo(profile.timezone if profile else rt.settings.schedule.timezone)
    is_coordinator = user is not None and await rt.coordinators.is_coordinator(user.id)
    if is_coordinator and chat.type == ChatType.PRIVATE:
        listing = await rt.workshops.rsvp.listing(now=now)
        await send(update, context, Screen(views.coordinator_list(tr, listing, zone=zone)))
    if profile is None or not profile.consented:
        if not is_coordinator:
            await send(
                update, context, Screen(tr.gettext("First let's get you set up: send /start."))
            )
        return
    items = await rt.workshops.rsvp.upcoming_for(chat.id, now=now)
    await send(update, context, views.workshops_list(tr, items, zone=zone))


async def send_own_calendar(update: Update, context: Ctx, chat_id: int, tr: Translator) -> None:
    """The member's own calendar file: their workshops and followed calls' deadlines."""
    rt = runtime(context)
    payload, entries = await rt.workshops.calendar.member_calendar(
        chat_id, now=rt.clock(), name=tr.gettext("INEXA workshops and deadlines")
    )
    if not entries:
        await send(
            update,
            context,
            Screen(
                tr.gettext(
                    "Your calendar is empty: answer Going to a workshop (/workshops) "
                    "or follow a call (⭐ in /digest)."
                )
            ),
        )
        return
    await context.bot.send_document(
        chat_id,
        document=payload,
        filename="inexa-calendar.ics",
        caption=tr.ngettext(
            "Your calendar: %(n)s entry. Open the file to add it to your calendar app.",
            "Your calendar: %(n)s entries. Open the file to add them to your calendar app.",
            entries,
        ),
    )


async def show_workshop(
    update: Update, context: Ctx, workshop_id: int, profile: Profile, tr: Translator
) -> None:
    """A workshop's card with the member's own answer, as a new message."""
    rt = runtime(context)
    workshop, current = await rt.workshops.rsvp.card(workshop_id, profile.chat_id)
    if workshop is None or workshop.status != "published":
        await send(update, context, Screen(views.error_text(tr, "unknown")))
        return
    screen = views.announcement(
        tr,
        workshop,
        answer=current,
        zone=ZoneInfo(profile.timezone),
        closed=not workshop.open_at(rt.clock()),
    )
    await send(update, context, screen)


# ------------------------------------------------------------------- presses


@ROUTES.on(CalendarFile, guard=Guard.ANYONE, answer=False)
async def calendar_file(press: Press[CalendarFile]) -> None:
    """The 📅 button: the workshop's calendar file (a cancellation once cancelled)."""
    workshop_id = press.button.workshop_id
    payload = await press.rt.workshops.calendar.workshop_ics(workshop_id, now=press.rt.clock())
    if payload is None:
        raise WorkshopError("unknown")
    await press.answer()
    await press.context.bot.send_document(
        press.chat_id,
        document=payload,
        filename=f"workshop-{workshop_id}.ics",
        caption=press.tr.gettext("Open the file to add the workshop to your calendar."),
    )


@ROUTES.on(Rsvp)
async def answer(press: Press[Rsvp]) -> None:
    """Going / Maybe / Can't go / Leave the waitlist, or "v" to open the announcement."""
    profile, tr = press.member, press.tr
    workshop_id, code = press.button.workshop_id, press.button.code
    if code == "v":
        await show_workshop(press.update, press.context, workshop_id, profile, tr)
        return
    zone = ZoneInfo(profile.timezone)
    rsvp = press.rt.workshops.rsvp
    try:
        outcome = await rsvp.answer(
            workshop_id,
            profile.chat_id,
            ANSWERS[code],
            display_name=display_name(press.update),
            now=press.rt.clock(),
        )
    except WorkshopError as error:
        # Said as a message (the press is answered already), and a card whose answers have
        # closed loses its answer buttons.
        await send(press.update, press.context, Screen(views.error_text(tr, error.code)))
        if error.code in {"closed", "cancelled"}:
            workshop, current = await rsvp.card(workshop_id, profile.chat_id)
            if workshop is not None:
                await _redraw(
                    press.update,
                    views.announcement(tr, workshop, answer=current, zone=zone, closed=True),
                )
        return
    await _redraw(
        press.update, views.announcement(tr, outcome.workshop, answer=outcome.status, zone=zone)
    )
    # Again on a repeated Going: whoever left questions unanswered is asked the next one.
    await offer_form(press.update, press.context, tr, outcome)


async def _redraw(update: Update, screen: Screen) -> None:
    """Update the pressed announcement in place."""
    query = update.callback_query
    message = query.message if query else None
    if not isinstance(message, Message):
        return
    try:
        await message.edit_text(
            screen.text,
            parse_mode="HTML",
            reply_markup=screen.keyboard,
            disable_web_page_preview=True,
        )
    except BadRequest as exc:
        if "message is not modified" not in str(exc).lower():
            log.warning("could not update announcement %s: %s", message.message_id, exc)
