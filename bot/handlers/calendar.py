"""The alliance calendar: /calendar (the agenda, the member's own file, the feed link),
a series' dates, and coordinators' /highlight."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update
from telegram.constants import ChatType

from bot.buttons.calendar import AgendaPage, FeedLink, MyCalendarFile, SeriesDates, Unhighlight
from bot.calendar.agenda import page_of
from bot.context import Ctx, Runtime
from bot.core.errors import Stale
from bot.core.i18n import Translator
from bot.handlers.common import runtime, send, show, translator
from bot.handlers.coordinator.access import require_coordinator
from bot.handlers.presses import Guard, Press, Routes
from bot.handlers.workshops.member import send_own_calendar
from bot.members.types import Profile
from bot.views import calendar as views
from bot.views import workshops as workshop_views
from bot.views.common import Screen

ROUTES = Routes(errors=workshop_views.error_text)


def feed_url(rt: Runtime, token: str) -> str | None:
    """The public address of a feed token (None: the bot serves no feeds)."""
    base = rt.settings.web.public_url
    return None if base is None else f"{base.rstrip('/')}/calendar/{token}.ics"


async def _agenda(rt: Runtime, profile: Profile, tr: Translator, page: int) -> Screen:
    """A page of the alliance calendar; the feed-link button only in a private chat (a link
    shown in a group would be everyone's) and when the bot serves feeds."""
    entries = await rt.calendar.agenda.agenda(profile.chat_id, now=rt.clock())
    return views.agenda_page(
        tr,
        page_of(entries, page),
        zone=ZoneInfo(profile.timezone),
        feeds=rt.settings.web.public_url is not None and profile.chat_type == ChatType.PRIVATE,
    )


async def calendar_command(update: Update, context: Ctx) -> None:
    """/calendar: the alliance calendar's first page, then the member's own calendar file."""
    chat = update.effective_chat
    if chat is None:
        return
    rt = runtime(context)
    profile = await rt.members.profile(chat.id)
    tr = translator(context, profile, update)
    if profile is None or not profile.consented:
        await send(update, context, Screen(tr.gettext("First let's get you set up: send /start.")))
        return
    await send(update, context, await _agenda(rt, profile, tr, 0))
    await send_own_calendar(update, context, chat.id, tr)


@ROUTES.on(AgendaPage)
async def agenda_page(press: Press[AgendaPage]) -> None:
    """Another page of the alliance calendar, in place."""
    if press.button.page < 0:
        raise Stale("negative page")
    await show(
        press.update,
        press.context,
        await _agenda(press.rt, press.member, press.tr, press.button.page),
    )


@ROUTES.on(MyCalendarFile)
async def my_calendar_file(press: Press[MyCalendarFile]) -> None:
    """The member's own calendar file."""
    await send_own_calendar(press.update, press.context, press.chat_id, press.tr)


@ROUTES.on(SeriesDates)
async def series_dates(press: Press[SeriesDates]) -> None:
    """Every date of a series, each with its own answer button."""
    rt, profile = press.rt, press.member
    entries = await rt.calendar.agenda.series_dates(press.button.series_id, profile.chat_id)
    screen = views.series_view(press.tr, entries, zone=ZoneInfo(profile.timezone), now=rt.clock())
    await send(press.update, press.context, screen)


@ROUTES.on(FeedLink)
async def feed_link(press: Press[FeedLink]) -> None:
    """The private feed link: its state, a new one (shown once), or off. Private chats only:
    a link shown in a group would be everyone's."""
    rt, tr, profile = press.rt, press.tr, press.member
    chat = press.update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await send(
            press.update,
            press.context,
            Screen(tr.gettext("Please do this in a private chat with me.")),
        )
        return
    feeds = rt.calendar.feeds
    action = press.button.action
    if rt.settings.web.public_url is None:
        await show(press.update, press.context, views.feeds_unavailable(tr))
    elif action == "show":
        status = await feeds.status(profile.chat_id)
        zone = ZoneInfo(profile.timezone)
        screen = views.feed_status(
            tr,
            status.created_at if status else None,
            status.last_fetched_at if status else None,
            zone=zone,
        )
        await send(press.update, press.context, screen)
    elif action == "new":
        token = await feeds.new_link(profile.chat_id, now=rt.clock())
        url = feed_url(rt, token) if token else None
        if url is None:
            raise Stale("no feed for this chat")
        await show(press.update, press.context, views.feed_created(tr, url))
    else:
        had = await feeds.revoke(profile.chat_id)
        await show(press.update, press.context, views.feed_off(tr, had))


# ------------------------------------------------------------------ coordinators


async def highlight_command(update: Update, context: Ctx) -> None:
    """/highlight ID: a call's deadlines into the alliance calendar; /highlight: the list."""
    tr = await require_coordinator(update, context)
    user = update.effective_user
    if tr is None or user is None:
        return
    rt = runtime(context)
    args = context.args or []
    if not args:
        await send(update, context, await _highlights(rt, tr, user.id))
        return
    if len(args) != 1:
        await send(update, context, Screen(views.highlight_usage(tr)))
        return
    found = await rt.calendar.agenda.highlight(args[0][:200], by=user.id, now=rt.clock())
    if found is None:
        await send(update, context, Screen(views.highlight_missing(tr, args[0])))
        return
    await send(update, context, Screen(views.highlight_done(tr, found.title, found.changed)))


async def _highlights(rt: Runtime, tr: Translator, user_id: int) -> Screen:
    profile = await rt.members.profile(user_id)
    zone = ZoneInfo(profile.timezone if profile else rt.settings.schedule.timezone)
    items = [
        (h.opportunity_id, h.title, h.next_deadline) for h in await rt.calendar.agenda.highlights()
    ]
    return views.highlights_view(tr, items, zone=zone)


@ROUTES.on(Unhighlight, guard=Guard.COORDINATOR)
async def unhighlight(press: Press[Unhighlight]) -> None:
    """Stop highlighting a call; the list is redrawn."""
    rt = press.rt
    found = await rt.calendar.agenda.unhighlight(press.button.opportunity_id)
    if found is None:
        raise Stale("no such call")
    await show(press.update, press.context, await _highlights(rt, press.tr, press.user_id))
