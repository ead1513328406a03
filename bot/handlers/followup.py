"""After a workshop (coordinators): the follow-up screen, materials, messages to attendees,
next steps; /actions for members and coordinators; owners mark their next steps done.

Materials arrive as whatever the coordinator sends while the chat waits on them (text with
links, photos, documents, forwards included); each is queued to the audience at once.
"""

from __future__ import annotations

from datetime import datetime

from telegram import Message, Update
from telegram.constants import ChatType

from bot.buttons.followup import (
    ActionDiscard,
    ActionDone,
    ActionNew,
    ActionOwner,
    FeedbackDelay,
    FollowUpOpen,
    FollowUpStop,
    MaterialsStart,
    MessageAttendees,
)
from bot.context import Ctx, Runtime
from bot.conversation import BROADCAST, FOLLOWUP, Waiting
from bot.core.i18n import Translator
from bot.core.render import entities_html
from bot.followup.rules import clean_text, materials_open, parse_materials_ref
from bot.followup.types import MATERIALS_AUDIENCES, FollowUpError, MaterialsAudience
from bot.handlers.common import runtime, send, show, translator
from bot.handlers.coordinator.access import require_coordinator
from bot.handlers.presses import Guard, Press, Routes
from bot.handlers.text_input import not_expected
from bot.views import broadcast as broadcast_views
from bot.views import followup as views
from bot.views.common import Screen, noted

ROUTES = Routes(errors=views.error_text)

#: The Bot API lets a bot download files up to 20 MB.
FILE_MAX_MB = 20
#: Room left in a caption (1024 characters) for the heading above the coordinator's words.
CAPTION_MAX = 900


async def follow_up_screen(rt: Runtime, tr: Translator, workshop_id: int) -> Screen:
    """A workshop's follow-up menu (raises FollowUpError before the start)."""
    now = rt.clock()
    info = await rt.followups.overview(workshop_id, now=now)
    items = await rt.followups.of_workshop(workshop_id)
    return views.follow_up(tr, info, items, now=now, zone=rt.settings.schedule.timezone)


@ROUTES.on(FollowUpOpen, guard=Guard.COORDINATOR)
async def open_follow_up(press: Press[FollowUpOpen]) -> None:
    """The follow-up menu of a workshop (from /attendees once it started)."""
    screen = await follow_up_screen(press.rt, press.tr, press.button.workshop_id)
    await show(press.update, press.context, screen)


@ROUTES.on(FeedbackDelay, guard=Guard.COORDINATOR)
async def feedback_delay(press: Press[FeedbackDelay]) -> None:
    """When the workshop's feedback poll goes out (or none)."""
    rt = press.rt
    await rt.followups.set_feedback_hours(
        press.button.workshop_id, press.button.hours, now=rt.clock()
    )
    screen = await follow_up_screen(rt, press.tr, press.button.workshop_id)
    await show(press.update, press.context, screen)


@ROUTES.on(MaterialsStart, guard=Guard.COORDINATOR)
async def start_materials(press: Press[MaterialsStart]) -> None:
    """What the coordinator sends next goes to the audience."""
    rt, pressed = press.rt, press.button
    before = await rt.conversations.current(press.chat_id)
    count = await rt.followups.start_materials(
        press.user_id, pressed.workshop_id, pressed.audience, now=rt.clock()
    )
    screen = views.materials_prompt(press.tr, pressed.workshop_id, pressed.audience, count)
    now = await rt.conversations.current(press.chat_id)
    await show(press.update, press.context, noted(press.tr, screen, before, now))


@ROUTES.on(FollowUpStop, guard=Guard.COORDINATOR)
async def stop(press: Press[FollowUpStop]) -> None:
    """Materials done: back to the follow-up menu."""
    await press.rt.followups.stop(press.user_id)
    screen = await follow_up_screen(press.rt, press.tr, press.button.workshop_id)
    await show(press.update, press.context, screen)


@ROUTES.on(MessageAttendees, guard=Guard.COORDINATOR)
async def message_attendees(press: Press[MessageAttendees]) -> None:
    """A broadcast whose audience is the workshop's attendees (or registered members)."""
    rt, pressed = press.rt, press.button
    await rt.followups.overview(pressed.workshop_id, now=rt.clock())
    before = await rt.conversations.current(press.chat_id)
    draft = await rt.broadcasts.start(
        press.user_id, now=rt.clock(), audience=pressed.audience, value=str(pressed.workshop_id)
    )
    screen = broadcast_views.ask_text(press.tr, draft.id)
    now = Waiting(BROADCAST, f"{draft.id}:text")
    await show(press.update, press.context, noted(press.tr, screen, before, now))


@ROUTES.on(ActionNew, guard=Guard.COORDINATOR)
async def new_action(press: Press[ActionNew]) -> None:
    """Start writing a next step: its text first."""
    rt = press.rt
    before = await rt.conversations.current(press.chat_id)
    item = await rt.followups.new_action(press.user_id, press.button.workshop_id, now=rt.clock())
    now = Waiting(FOLLOWUP, f"a:{item.id}:text")
    await show(
        press.update, press.context, noted(press.tr, views.ask_text(press.tr, item.id), before, now)
    )


@ROUTES.on(ActionOwner, guard=Guard.COORDINATOR)
async def choose_owner(press: Press[ActionOwner]) -> None:
    """The owner chosen: now the due day."""
    item = await press.rt.followups.set_owner(
        press.button.item_id, press.user_id, press.button.member_id
    )
    await show(press.update, press.context, views.ask_due(press.tr, item))


@ROUTES.on(ActionDiscard, guard=Guard.COORDINATOR)
async def discard_action(press: Press[ActionDiscard]) -> None:
    """Throw the unfinished next step away."""
    await press.rt.followups.discard(press.button.item_id, press.user_id)
    await show(press.update, press.context, views.discarded(press.tr))


@ROUTES.on(ActionDone, guard=Guard.MEMBER)
async def mark_done(press: Press[ActionDone]) -> None:
    """The owner marks a next step done; the card (or the /actions list) is redrawn."""
    rt = press.rt
    coordinator = await rt.coordinators.is_coordinator(press.user_id)
    item = await rt.followups.mark_done(
        press.button.item_id, press.chat_id, coordinator=coordinator, now=rt.clock()
    )
    if press.button.listed:
        screen = await _actions_screen(rt, press.tr, press.chat_id, press.user_id)
    else:
        screen = views.done_card(press.tr, item)
    await show(press.update, press.context, screen)


async def _actions_screen(rt: Runtime, tr: Translator, chat_id: int, user_id: int) -> Screen:
    mine = await rt.followups.open_for(chat_id)
    everyone = (
        await rt.followups.all_open() if await rt.coordinators.is_coordinator(user_id) else None
    )
    return views.actions_list(
        tr, mine, everyone, now=rt.clock(), zone=rt.settings.schedule.timezone
    )


async def actions_command(update: Update, context: Ctx) -> None:
    """/actions: the member's open next steps; coordinators also see every open one."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    rt = runtime(context)
    profile = await rt.members.profile(chat.id)
    tr = translator(context, profile, update)
    consented = profile is not None and profile.consented
    if not consented and not await rt.coordinators.is_coordinator(user.id):
        await send(update, context, Screen(tr.gettext("Please send /start first.")))
        return
    await send(update, context, await _actions_screen(rt, tr, chat.id, user.id))


# ----------------------------------------------------------------- what the coordinator sends


def _materials_of(waiting: Waiting) -> tuple[int, MaterialsAudience, datetime] | None:
    """``m:12:attended:<minute>`` -> (12, "attended", last activity)."""
    found = parse_materials_ref(waiting.ref)
    if found is None:
        return None
    workshop_id, name, last = found
    audience = next((a for a in MATERIALS_AUDIENCES if a == name), None)
    return None if audience is None else (workshop_id, audience, last)


def _action_of(waiting: Waiting) -> tuple[int, str] | None:
    """``a:5:text`` -> (5, "text")."""
    parts = (waiting.ref or "").split(":")
    if len(parts) != 3 or parts[0] != "a" or not parts[1].isdigit():
        return None
    return int(parts[1]), parts[2]


async def on_followup_text(update: Update, context: Ctx, waiting: Waiting) -> bool:
    """Text while the chat waits on follow-up input: a material (links, notes) or an answer of
    the next step being written."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None or message.text is None:
        return False
    if chat.type != ChatType.PRIVATE:
        return False
    rt = runtime(context)
    materials, action = _materials_of(waiting), _action_of(waiting)
    if materials is None and action is None:
        return False
    tr = await require_coordinator(update, context)
    if tr is None:
        return True
    if materials is not None:
        workshop_id, audience, last = materials
        if not materials_open(last, rt.clock()):
            await rt.followups.stop(user.id)
            await send(update, context, views.materials_ended(tr, workshop_id))
            return True
        count = await rt.followups.queue_material(
            workshop_id,
            audience,
            user_id=user.id,
            key=f"{chat.id}:{message.message_id}",
            text=entities_html(message.text, message.entities),
            now=rt.clock(),
        )
        context.bot_data.wake_outbox()
        await send(update, context, views.material_queued(tr, workshop_id, count))
        return True
    assert action is not None
    try:
        return await _action_answer(update, context, tr, action, message.text)
    except FollowUpError as error:  # the item was discarded or finished meanwhile
        await send(update, context, Screen(views.error_text(tr, error.code)))
        return True


async def _action_answer(
    update: Update, context: Ctx, tr: Translator, action: tuple[int, str], given: str
) -> bool:
    """The text or due day of the next step being written; False for the owner step (a button)."""
    rt, user = runtime(context), update.effective_user
    if user is None:
        return False
    item_id, step = action
    if step == "text":
        text = clean_text(given)
        if text is None:
            await send(update, context, views.bad_text(tr))
            return True
        item, candidates = await rt.followups.set_text(item_id, user.id, text)
        await send(update, context, views.ask_owner(tr, item, candidates))
        return True
    if step == "due":
        result = await rt.followups.open_action(item_id, user.id, given, now=rt.clock())
        if isinstance(result, str):
            await send(update, context, views.due_problem(tr, result))
            return True
        context.bot_data.wake_outbox()
        await send(update, context, views.action_saved(tr, result))
        return True
    return False  # the owner is chosen with a button


async def on_media(update: Update, context: Ctx) -> None:
    """A photo or document: a material when the chat waits on materials, else the usual hint."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    rt = runtime(context)
    waiting = await rt.conversations.current(chat.id)
    materials = _materials_of(waiting) if waiting is not None and waiting.kind == FOLLOWUP else None
    if materials is None or chat.type != ChatType.PRIVATE:
        await not_expected(update, context)
        return
    tr = await require_coordinator(update, context)
    if tr is None:
        return
    found = await _download(message, context)
    if found is None:
        await send(update, context, views.material_too_big(tr, FILE_MAX_MB))
        return
    kind, name, content = found
    caption = entities_html(message.caption or "", message.caption_entities)
    if len(caption) > CAPTION_MAX:
        await send(update, context, views.caption_too_long(tr, CAPTION_MAX))
        return
    workshop_id, audience, last = materials
    if not materials_open(last, rt.clock()):
        await rt.followups.stop(chat.id)
        await send(update, context, views.materials_ended(tr, workshop_id))
        return
    count = await rt.followups.queue_material(
        workshop_id,
        audience,
        user_id=chat.id,
        key=f"{chat.id}:{message.message_id}",
        text=caption,
        now=rt.clock(),
        media_type=kind,
        media_name=name,
        media=content,
    )
    context.bot_data.wake_outbox()
    await send(update, context, views.material_queued(tr, workshop_id, count))


async def _download(message: Message, context: Ctx) -> tuple[str, str, bytes] | None:
    """The message's photo (largest size) or document as (kind, file name, bytes); None when
    it is over the download limit."""
    limit = FILE_MAX_MB * 1024 * 1024
    if message.photo:
        photo = message.photo[-1]
        if (photo.file_size or 0) > limit:
            return None
        kind, name, file_id = "photo", f"photo-{message.message_id}.jpg", photo.file_id
    elif message.document is not None:
        document = message.document
        if (document.file_size or 0) > limit:
            return None
        name = (document.file_name or f"document-{message.message_id}")[-120:]
        kind, file_id = "document", document.file_id
    else:
        return None
    telegram_file = await context.bot.get_file(file_id)
    content = bytes(await telegram_file.download_as_bytearray())
    return (kind, name, content) if len(content) <= limit else None
