"""The partner directory in chat: /directory (the member's own entry), /partners (search),
introductions between members, and the 🤝 button under digest items.

Private chats only: a group can neither have an entry nor ask for an introduction. Buttons
act on the presser's own chat; the only ids they carry are row ids (an entry's member row,
an introduction, a call), never a Telegram identity, and every service call checks that
the presser may do what the press asks (an introduction is answered only by its target).
Wire-up (see ``bot/handlers/__init__.py``): the two commands, :data:`ROUTES` and
:func:`on_directory_text`. A refused request (a :class:`DirectoryError`) is worded by
:func:`bot.views.directory.errors.error_text`, through the dispatcher.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden

from bot.buttons.directory import (
    ANY,
    BACK,
    CLEAR_DESCRIPTION,
    COUNTRY,
    ORG_TYPE,
    TOPIC,
    AnswerIntroduction,
    EditEntry,
    PartnersForCall,
    PublishEntry,
    RequestIntroduction,
    SearchPartners,
    ToggleLanguage,
    ToggleRole,
    ToggleTopic,
)
from bot.context import Ctx
from bot.conversation import Waiting
from bot.directory.rules import clean_description
from bot.directory.types import DirectoryError
from bot.handlers.common import answered, ask_member, runtime, send, show, translator
from bot.handlers.member_commands import consented_profile
from bot.handlers.presses import Press, Routes
from bot.members.types import Profile
from bot.views.common import Screen
from bot.views.directory import entry as entry_views
from bot.views.directory import introductions as intro_views
from bot.views.directory import search as search_views
from bot.views.directory.errors import error_text
from bot.views.pipeline.plans import joined_by_introduction

log = logging.getLogger(__name__)

AWAITING = "directory:description"
ROUTES = Routes(errors=error_text)


def _private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


def _in_private(press: Press[Any]) -> Profile:
    """The presser's profile; in a group the press is refused politely (nothing changes)."""
    if not _private(press.update):
        raise DirectoryError("group")
    return press.member


async def _refuse_group(update: Update, context: Ctx) -> bool:
    """In a group, say politely that the directory is for private chats; True when refused."""
    if _private(update):
        return False
    chat = update.effective_chat
    profile = await runtime(context).members.profile(chat.id) if chat else None
    tr = translator(context, profile, update)
    await send(update, context, Screen(error_text(tr, "group")))
    return True


# ------------------------------------------------------------------ commands


async def directory_command(update: Update, context: Ctx) -> None:
    """/directory: the member's own entry (or what it would show) with its buttons."""
    if await _refuse_group(update, context):
        return
    found = await consented_profile(update, context)
    if found is None:
        return
    profile, tr = found
    rt = runtime(context)
    try:
        entry = await rt.directory.entry_of(profile.chat_id)
    except DirectoryError as exc:
        await send(update, context, Screen(error_text(tr, exc.code)))
        return
    await send(update, context, entry_views.own_entry(tr, rt.settings, entry))


async def partners_command(update: Update, context: Ctx) -> None:
    """/partners: filters to search the published entries of other members."""
    if await _refuse_group(update, context):
        return
    found = await consented_profile(update, context)
    if found is None:
        return
    profile, tr = found
    rt = runtime(context)
    try:
        filters = await rt.directory.filters(profile.chat_id)
    except DirectoryError as exc:  # e.g. an organisation waiting for approval
        await send(update, context, Screen(error_text(tr, exc.code)))
        return
    await send(update, context, search_views.filters_view(tr, rt.settings, filters))


# -------------------------------------------------------------- own entry


async def _show_entry(press: Press[Any], profile: Profile) -> None:
    rt = press.rt
    entry = await rt.directory.entry_of(profile.chat_id)
    await show(press.update, press.context, entry_views.own_entry(press.tr, rt.settings, entry))


async def _stop_waiting(press: Press[Any], profile: Profile) -> None:
    if profile.awaiting == AWAITING:
        await press.rt.members.await_input(profile.chat_id, None)


@ROUTES.on(EditEntry)
async def edit(press: Press[EditEntry]) -> None:
    """Open one part of the entry: the description prompt, a toggle list, or the entry."""
    profile = _in_private(press)
    target, rt, tr = press.button.target, press.rt, press.tr
    if target == "description":
        entry = await rt.directory.entry_of(profile.chat_id)
        await ask_member(
            press.update,
            press.context,
            tr,
            profile,
            AWAITING,
            entry_views.ask_description(tr, entry),
        )
        return
    if target == CLEAR_DESCRIPTION:
        await rt.directory.save(profile.chat_id, description="", now=rt.clock())
        await _stop_waiting(press, profile)
        await _show_entry(press, profile)
        return
    if target == BACK:
        await _stop_waiting(press, profile)
        await _show_entry(press, profile)
        return
    await _stop_waiting(press, profile)
    entry = await rt.directory.entry_of(profile.chat_id)
    await show(press.update, press.context, entry_views.choose(tr, rt.settings, entry, target))


async def _toggle(press: Press[Any], kind: str, value: str, on: bool) -> None:
    """Select or drop one topic, language or role; the keyboard redraws itself."""
    profile = _in_private(press)
    rt = press.rt
    entry = await rt.directory.set_item(profile.chat_id, kind, value, on, now=rt.clock())
    await show(press.update, press.context, entry_views.choose(press.tr, rt.settings, entry, kind))


@ROUTES.on(ToggleRole)
async def toggle_role(press: Press[ToggleRole]) -> None:
    """Select or drop a role."""
    await _toggle(press, "roles", press.button.role, press.button.on)


@ROUTES.on(ToggleLanguage)
async def toggle_language(press: Press[ToggleLanguage]) -> None:
    """Select or drop a language."""
    await _toggle(press, "languages", press.button.language, press.button.on)


@ROUTES.on(ToggleTopic)
async def toggle_topic(press: Press[ToggleTopic]) -> None:
    """Select or drop an expertise topic."""
    await _toggle(press, "topics", press.button.topic, press.button.on)


@ROUTES.on(PublishEntry)
async def publish(press: Press[PublishEntry]) -> None:
    """Publish the entry, or remove it."""
    profile = _in_private(press)
    rt = press.rt
    if press.button.on:
        entry = await rt.directory.publish(profile.chat_id, now=rt.clock())
        await show(press.update, press.context, entry_views.own_entry(press.tr, rt.settings, entry))
        return
    await _stop_waiting(press, profile)
    await rt.directory.unpublish(profile.chat_id)
    await show(press.update, press.context, entry_views.removed(press.tr))


async def on_directory_text(update: Update, context: Ctx, waiting: Waiting) -> bool:
    """Save the entry's description the bot asked for (``directory:description``)."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None or message.text is None or not _private(update):
        return False
    rt = runtime(context)
    profile = await rt.members.profile(chat.id)
    if profile is None or not profile.consented or str(waiting) != AWAITING:
        return False
    tr = translator(context, profile)
    description = clean_description(message.text)
    if description is None:
        await send(update, context, entry_views.description_problem(tr, len(message.text.strip())))
        return True
    try:
        entry = await rt.directory.save(chat.id, description=description, now=rt.clock())
    except DirectoryError as exc:
        await send(update, context, Screen(error_text(tr, exc.code)))
        return True
    await answered(update, context)
    await send(update, context, entry_views.own_entry(tr, rt.settings, entry))
    return True


# ------------------------------------------------------------------ search


@ROUTES.on(SearchPartners)
async def search(press: Press[SearchPartners]) -> None:
    """Without a page: the filters; with one: that page of results."""
    profile = _in_private(press)
    rt, tr = press.rt, press.tr
    by, value, page = press.button.by, press.button.value, press.button.page
    if page is None:
        filters = await rt.directory.filters(profile.chat_id)
        await show(press.update, press.context, search_views.filters_view(tr, rt.settings, filters))
        return
    if by == ANY and value != ANY:
        raise DirectoryError("stale", f"no filter but a value {value!r}")
    result = await rt.directory.search(
        exclude_chat_id=profile.chat_id,
        topic=value if by == TOPIC else None,
        country=value if by == COUNTRY else None,
        org_type=value if by == ORG_TYPE else None,
        page=page,
    )
    await show(
        press.update,
        press.context,
        search_views.results_view(tr, rt.settings, result, kind=by, value=value),
    )


@ROUTES.on(PartnersForCall)
async def for_call(press: Press[PartnersForCall]) -> None:
    """🤝 under a digest item: organisations that fit the call (page 0 comes as a new message,
    so the digest stays; later pages replace the list)."""
    profile = _in_private(press)
    rt, page = press.rt, press.button.page
    partners = await rt.directory.for_call(press.button.call, profile.chat_id, page=page or 0)
    screen = search_views.call_partners_view(press.tr, rt.settings, partners)
    if page is not None:
        await show(press.update, press.context, screen)
    else:
        await send(press.update, press.context, screen)


# ----------------------------------------------------------- introductions


async def _deliver(context: Ctx, chat_id: int, screen: Screen) -> bool:
    """Send ``screen`` to another member's chat; False when Telegram says it cannot be reached."""
    try:
        await context.bot.send_message(
            chat_id,
            screen.text,
            parse_mode=ParseMode.HTML,
            reply_markup=screen.keyboard,
            disable_web_page_preview=True,
        )
    except Forbidden:
        return False
    except BadRequest as exc:
        if "chat not found" not in str(exc).lower():
            raise
        return False
    return True


@ROUTES.on(RequestIntroduction)
async def request_introduction(press: Press[RequestIntroduction]) -> None:
    """Ask the owner of an entry for an introduction; they get the request with Accept/Decline."""
    profile = _in_private(press)
    rt, tr = press.rt, press.tr
    now = rt.clock()
    request = await rt.directory.request_introduction(
        profile.chat_id, press.button.entry, now=now, opportunity_id=press.button.call
    )
    target_tr = rt.catalogs.get(request.target_language)
    delivered = await _deliver(
        press.context,
        request.target_chat_id,
        intro_views.request_to_target(target_tr, rt.settings, request),
    )
    if not delivered:
        log.info("introduction %s: the target cannot be reached", request.id)
        await rt.directory.mark_unreachable(request.id, now=now)
        await rt.members.mark_blocked(request.target_chat_id, now=now)
        await send(press.update, press.context, intro_views.unreachable(tr))
        return
    await send(press.update, press.context, intro_views.request_sent(tr, request))


@ROUTES.on(AnswerIntroduction)
async def answer_introduction(press: Press[AnswerIntroduction]) -> None:
    """Accept or decline a request; only its target can, and only once."""
    profile = _in_private(press)
    rt, tr = press.rt, press.tr
    answer = await rt.directory.answer_introduction(
        profile.chat_id, press.button.introduction, press.button.accept, now=rt.clock()
    )
    requester_tr = rt.catalogs.get(answer.requester_language)
    if answer.status == "accepted":
        screen = intro_views.accepted_for_target(tr, rt.settings, answer)
        told = intro_views.accepted_for_requester(requester_tr, answer)
    else:
        screen = intro_views.declined_for_target(tr, rt.settings, answer)
        told = intro_views.declined_for_requester(requester_tr, answer)
    await show(press.update, press.context, screen)
    if answer.changed and not await _deliver(press.context, answer.requester_chat_id, told):
        log.info("introduction %s: the requester cannot be reached", answer.id)
    if answer.changed and answer.status == "accepted":
        # Accepted each other for a call the requester plans: the consortium forms.
        card = await rt.pipeline.join_after_introduction(answer.id, now=rt.clock())
        if card is not None:
            await send(press.update, press.context, joined_by_introduction(tr, card))
