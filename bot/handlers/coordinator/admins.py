"""/admins: list the coordinators; config admins promote and demote them in chat."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.buttons.admins import RemoveCoordinator
from bot.context import Ctx
from bot.core.errors import NotAllowed, Stale
from bot.core.i18n import Translator
from bot.core.ids import parse_id
from bot.handlers.common import runtime, send, show, translator
from bot.handlers.coordinator.access import require_coordinator
from bot.handlers.presses import Guard, Press, Routes
from bot.menus import show_coordinator_menu
from bot.views import admins as views
from bot.views.common import Screen

log = logging.getLogger(__name__)

ROUTES = Routes(errors=views.error_text)


async def admins(update: Update, context: Ctx) -> None:
    """/admins, /admins add USER_ID, /admins remove USER_ID."""
    tr = await require_coordinator(update, context)
    user = update.effective_user
    if tr is None or user is None:
        return
    rt = runtime(context)
    roles = rt.coordinators
    args = context.args or []
    if args:
        if not roles.is_admin(user.id):
            await send(update, context, Screen(views.admins_only(tr)))
            return
        target = parse_id(args[1]) if len(args) == 2 else None
        if target is None or args[0] not in {"add", "remove"}:
            await send(update, context, views.usage(tr))
            return
        if args[0] == "add":
            await _promote(update, context, tr, target)
        else:
            removed = await roles.demote(target)
            if removed:
                await show_coordinator_menu(context.bot, rt.catalogs, target, on=False)
            await send(update, context, Screen(views.removed(tr, was_promoted=removed)))
    entries = await roles.all()
    await send(
        update, context, views.admins_screen(tr, entries, can_change=roles.is_admin(user.id))
    )


async def _promote(update: Update, context: Ctx, tr: Translator, target: int) -> None:
    user = update.effective_user
    assert user is not None
    rt = runtime(context)
    try:
        chat = await context.bot.get_chat(target)
    except TelegramError:
        await send(update, context, views.unknown_user(tr, target))
        return
    if chat.type != ChatType.PRIVATE:
        await send(update, context, views.people_only(tr))
        return
    name = chat.full_name or str(target)
    added = await rt.coordinators.promote(target, name, by=user.id, now=rt.clock())
    await send(update, context, views.promoted(tr, name, added=added))
    if not added:
        return
    await show_coordinator_menu(context.bot, rt.catalogs, target)
    profile = await rt.members.profile(target)
    their = translator(context, profile) if profile else rt.catalogs.get(None)
    try:
        await context.bot.send_message(target, views.welcome_coordinator(their))
    except TelegramError:
        log.info("could not tell %s about the promotion", target)


@ROUTES.on(RemoveCoordinator, guard=Guard.COORDINATOR, answer=False)
async def remove(press: Press[RemoveCoordinator]) -> None:
    """The Remove button of the /admins list (config admins only)."""
    rt, tr = press.rt, press.tr
    roles = rt.coordinators
    if not roles.is_admin(press.user_id):
        raise NotAllowed
    target = press.button.user_id
    if target < 0:  # forged: no user has a negative id
        raise Stale(detail="not a user id")
    if await roles.demote(target):
        await show_coordinator_menu(press.context.bot, rt.catalogs, target, on=False)
    await press.answer(views.removed(tr))
    await show(
        press.update, press.context, views.admins_screen(tr, await roles.all(), can_change=True)
    )
