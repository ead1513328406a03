"""/broadcast: compose a message, choose its audience, preview it, send it to members."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.broadcasts.types import TEXT_MAX, WORKSHOP_AUDIENCES, BroadcastInfo, BroadcastRender
from bot.buttons.broadcast import (
    MENUS,
    BroadcastAudience,
    BroadcastDiscard,
    BroadcastNoLink,
    BroadcastSend,
)
from bot.context import Ctx, Runtime
from bot.conversation import BROADCAST, Waiting
from bot.core.errors import Stale
from bot.core.i18n import Translator
from bot.core.render import entities_html
from bot.handlers.common import runtime, send, show
from bot.handlers.coordinator.access import require_coordinator
from bot.handlers.presses import Guard, Press, Routes
from bot.views import broadcast as views
from bot.views.common import Screen, noted
from bot.workshops.fields import Problem, parse_link

ROUTES = Routes(errors=views.error_text)


def render_broadcast(rt: Runtime) -> BroadcastRender:
    """A function rendering a broadcast in a member's language."""

    def render(language: str, text: str, link: str | None) -> str:
        return views.message(rt.catalogs.get(language), text, link)

    return render


async def broadcast_command(update: Update, context: Ctx) -> None:
    """/broadcast: compose, choose the audience, preview, confirm."""
    tr = await require_coordinator(update, context)
    user, chat = update.effective_user, update.effective_chat
    if tr is None or user is None or chat is None:
        return
    if chat.type != ChatType.PRIVATE:
        await send(update, context, views.private_only(tr))
        return
    rt = runtime(context)
    before = await rt.conversations.current(chat.id)
    draft = await rt.broadcasts.start(user.id, now=rt.clock())
    screen = views.ask_text(tr, draft.id)
    await send(update, context, noted(tr, screen, before, Waiting(BROADCAST, f"{draft.id}:text")))


async def on_broadcast_text(update: Update, context: Ctx, waiting: Waiting) -> bool:
    """The text or link of the broadcast draft the chat waits on (``broadcast:3:text``)."""
    user, message, chat = update.effective_user, update.effective_message, update.effective_chat
    if user is None or message is None or message.text is None or chat is None:
        return False
    if chat.type != ChatType.PRIVATE:
        return False
    service = runtime(context).broadcasts
    draft = None if waiting.draft_id is None else await service.own_draft(waiting.draft_id, user.id)
    if draft is None or draft.draft_step not in {"text", "link"}:
        return False
    tr = await require_coordinator(update, context)
    if tr is None:
        return True
    if draft.draft_step == "text":
        text = entities_html(message.text, message.entities)
        if len(text) > TEXT_MAX:
            await send(update, context, views.too_long(tr))
            return True
        await service.update(draft.id, user.id, text=text, draft_step="link")
        await send(update, context, views.ask_link(tr, draft.id))
        return True
    link = parse_link(message.text)
    if isinstance(link, Problem):
        await send(update, context, views.bad_link(tr))
        return True
    draft = await service.update(draft.id, user.id, link=link, draft_step="audience")
    await send(update, context, await _after_link(runtime(context), tr, draft, user.id))
    return True


async def _after_link(rt: Runtime, tr: Translator, draft: BroadcastInfo, user_id: int) -> Screen:
    """The audience menu; a draft started from a workshop's follow-up has its audience
    already ("attended #N"), so its preview comes at once."""
    service = rt.broadcasts
    if draft.audience in WORKSHOP_AUDIENCES:
        draft = await service.update(draft.id, user_id, draft_step="preview")
        count = await service.count(draft.audience, draft.audience_value)
        return views.preview(tr, rt.settings, draft, count=count)
    everyone = await service.count("all", None)
    return views.audience_menu(tr, draft.id, everyone=everyone)


@ROUTES.on(BroadcastAudience, guard=Guard.COORDINATOR)
async def choose_audience(press: Press[BroadcastAudience]) -> None:
    """Open an audience list, go back to the kinds, or choose the audience and preview."""
    rt, tr, pressed = press.rt, press.tr, press.button
    service = rt.broadcasts
    draft_id, step, value = pressed.broadcast_id, pressed.step, pressed.value
    if step == "menu":
        menu = next((kind for kind in MENUS if kind == value), None)
        if menu is None:
            raise Stale(detail=f"no audience list {value!r}")
        countries = await service.member_countries() if menu == "country" else []
        screen = views.audience_choices(tr, rt.settings, draft_id, menu, member_countries=countries)
        await show(press.update, press.context, screen)
        return
    if step == "back":
        draft = await service.update(draft_id, press.user_id, draft_step="audience")
        everyone = await service.count("all", None)
        await show(
            press.update, press.context, views.audience_menu(tr, draft.id, everyone=everyone)
        )
        return
    if step != "all" and value is None:
        raise Stale(detail=f"no {step} chosen")
    draft = await service.update(
        draft_id,
        press.user_id,
        audience=step,
        audience_value=None if step == "all" else value,
        draft_step="preview",
    )
    count = await service.count(draft.audience, draft.audience_value)
    await show(press.update, press.context, views.preview(tr, rt.settings, draft, count=count))


@ROUTES.on(BroadcastNoLink, guard=Guard.COORDINATOR)
async def no_link(press: Press[BroadcastNoLink]) -> None:
    """The draft goes without a link: on to its audience."""
    service = press.rt.broadcasts
    draft = await service.update(
        press.button.broadcast_id, press.user_id, link=None, draft_step="audience"
    )
    await show(
        press.update, press.context, await _after_link(press.rt, press.tr, draft, press.user_id)
    )


@ROUTES.on(BroadcastSend, guard=Guard.COORDINATOR)
async def send_broadcast(press: Press[BroadcastSend]) -> None:
    """Queue the previewed draft to its audience."""
    rt = press.rt
    count = await rt.broadcasts.send(
        press.button.broadcast_id, press.user_id, now=rt.clock(), render=render_broadcast(rt)
    )
    await show(press.update, press.context, views.queued(press.tr, count))


@ROUTES.on(BroadcastDiscard, guard=Guard.COORDINATOR)
async def discard(press: Press[BroadcastDiscard]) -> None:
    """Throw the draft away."""
    await press.rt.broadcasts.discard(press.button.broadcast_id, press.user_id)
    await show(press.update, press.context, views.discarded(press.tr))
