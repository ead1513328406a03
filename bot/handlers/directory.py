"""The partner directory in chat: /directory (the member's own entry), /partners (search),
introductions between members, and the 🤝 button under digest items.

Private chats only: a group can neither have an entry nor ask for an introduction. Buttons
act on the presser's own chat; the only ids they carry are row ids (an entry's member row,
an introduction, a call), never a Telegram identity, and every service call checks that
the presser may do what the press asks (an introduction is answered only by its target).
Wire-up (see ``bot/handlers/__init__.py``, ``buttons.py``, ``text_input.py``): the two
commands, :data:`BUTTONS` and :func:`on_directory_text`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden

from bot.callbacks import Action, Callback
from bot.context import Ctx
from bot.conversation import Waiting
from bot.core.i18n import Translator
from bot.core.ids import require_id
from bot.handlers.common import answered, ask_member, runtime, send, show, translator
from bot.handlers.member_commands import consented_profile
from bot.members.types import Profile
from bot.services.directory import Directory, DirectoryError, clean_description
from bot.views import directory as views
from bot.views.common import Screen

log = logging.getLogger(__name__)

Handler = Callable[[Update, Ctx, Callback, Profile, Translator], Awaitable[None]]
AWAITING = "directory:description"
_KINDS = {Action.DIR_TOPIC: "topics", Action.DIR_LANGUAGE: "languages", Action.DIR_ROLE: "roles"}


def _service(context: Ctx) -> Directory:
    rt = runtime(context)
    return rt.directory


def _private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


def _number(text: str) -> int:
    """A row id or page number from a button, or ``ValueError``."""
    return require_id(text)


def _switch(text: str) -> bool:
    """ "1" on, "0" off, anything else ``ValueError``."""
    if text not in {"0", "1"}:
        raise ValueError(f"not a switch: {text!r}")
    return text == "1"


async def _refuse_group(update: Update, context: Ctx) -> bool:
    """In a group, say politely that the directory is for private chats; True when refused."""
    if _private(update):
        return False
    chat = update.effective_chat
    profile = await runtime(context).members.profile(chat.id) if chat else None
    tr = translator(context, profile, update)
    await send(update, context, Screen(views.error_text(tr, "group")))
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
    try:
        entry = await _service(context).entry_of(profile.chat_id)
    except DirectoryError as exc:
        await send(update, context, Screen(views.error_text(tr, exc.code)))
        return
    await send(update, context, views.own_entry(tr, runtime(context).settings, entry))


async def partners_command(update: Update, context: Ctx) -> None:
    """/partners: filters to search the published entries of other members."""
    if await _refuse_group(update, context):
        return
    found = await consented_profile(update, context)
    if found is None:
        return
    profile, tr = found
    filters = await _service(context).filters(profile.chat_id)
    await send(update, context, views.filters_view(tr, runtime(context).settings, filters))


# -------------------------------------------------------------- own entry


async def _show_entry(update: Update, context: Ctx, profile: Profile, tr: Translator) -> None:
    entry = await _service(context).entry_of(profile.chat_id)
    await show(update, context, views.own_entry(tr, runtime(context).settings, entry))


async def _stop_waiting(context: Ctx, profile: Profile) -> None:
    if profile.awaiting == AWAITING:
        await runtime(context).members.await_input(profile.chat_id, None)


async def edit(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Open one part of the entry: the description prompt, a toggle list, or the entry."""
    if len(press.args) != 1:
        raise ValueError("one field expected")
    field = press.arg
    rt = runtime(context)
    service = _service(context)
    if field == "description":
        entry = await service.entry_of(profile.chat_id)
        await ask_member(update, context, tr, profile, AWAITING, views.ask_description(tr, entry))
        return
    if field == views.CLEAR_DESCRIPTION:
        await service.save(profile.chat_id, description="", now=rt.clock())
        await _stop_waiting(context, profile)
        await _show_entry(update, context, profile, tr)
        return
    if field == views.BACK:
        await _stop_waiting(context, profile)
        await _show_entry(update, context, profile, tr)
        return
    if field not in {"roles", "languages", "topics"}:
        raise ValueError(f"unknown field {field!r}")
    await _stop_waiting(context, profile)
    entry = await service.entry_of(profile.chat_id)
    await show(update, context, views.choose(tr, rt.settings, entry, field))


async def toggle(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Select or drop one topic, language or role; the keyboard redraws itself."""
    if len(press.args) != 2:
        raise ValueError("value and switch expected")
    kind = _KINDS[press.action]
    rt = runtime(context)
    entry = await _service(context).set_item(
        profile.chat_id, kind, press.args[0], _switch(press.args[1]), now=rt.clock()
    )
    await show(update, context, views.choose(tr, rt.settings, entry, kind))


async def publish(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Publish ("1") the entry, or remove it ("0")."""
    if len(press.args) != 1:
        raise ValueError("one switch expected")
    service = _service(context)
    if _switch(press.arg):
        entry = await service.publish(profile.chat_id, now=runtime(context).clock())
        await show(update, context, views.own_entry(tr, runtime(context).settings, entry))
        return
    await _stop_waiting(context, profile)
    await service.unpublish(profile.chat_id)
    await show(update, context, views.removed(tr))


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
        await send(update, context, views.description_problem(tr, len(message.text.strip())))
        return True
    try:
        entry = await _service(context).save(chat.id, description=description, now=rt.clock())
    except DirectoryError as exc:
        await send(update, context, Screen(views.error_text(tr, exc.code)))
        return True
    await answered(update, context)
    await send(update, context, views.own_entry(tr, rt.settings, entry))
    return True


# ------------------------------------------------------------------ search


async def search(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """No arguments: the filters; (kind, value, page): one page of results."""
    rt = runtime(context)
    service = _service(context)
    if not press.args:
        filters = await service.filters(profile.chat_id)
        await show(update, context, views.filters_view(tr, rt.settings, filters))
        return
    if len(press.args) != 3:
        raise ValueError("kind, value and page expected")
    kind, value, page = press.args[0], press.args[1], _number(press.args[2])
    if kind not in {views.TOPIC, views.COUNTRY, views.ORG_TYPE, views.ANY}:
        raise ValueError(f"unknown filter {kind!r}")
    if kind == views.ANY and value != views.ANY:
        raise ValueError(value)
    result = await service.search(
        exclude_chat_id=profile.chat_id,
        topic=value if kind == views.TOPIC else None,
        country=value if kind == views.COUNTRY else None,
        org_type=value if kind == views.ORG_TYPE else None,
        page=page,
    )
    await show(update, context, views.results_view(tr, rt.settings, result, kind=kind, value=value))


async def for_call(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """🤝 under a digest item: organisations that fit the call (page 0 comes as a new message,
    so the digest stays; later pages replace the list)."""
    if len(press.args) not in {1, 2}:
        raise ValueError("call and optional page expected")
    opportunity_id = _number(press.args[0])
    page = _number(press.args[1]) if len(press.args) == 2 else 0
    partners = await _service(context).for_call(opportunity_id, profile.chat_id, page=page)
    screen = views.call_partners_view(tr, runtime(context).settings, partners)
    if len(press.args) == 2:
        await show(update, context, screen)
    else:
        await send(update, context, screen)


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


async def request_introduction(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Ask the owner of an entry for an introduction; they get the request with Accept/Decline."""
    if len(press.args) not in {1, 2}:
        raise ValueError("entry and optional call expected")
    target = _number(press.args[0])
    opportunity_id = _number(press.args[1]) if len(press.args) == 2 else None
    rt = runtime(context)
    now = rt.clock()
    service = _service(context)
    request = await service.request_introduction(
        profile.chat_id, target, now=now, opportunity_id=opportunity_id
    )
    target_tr = rt.catalogs.get(request.target_language)
    delivered = await _deliver(
        context, request.target_chat_id, views.request_to_target(target_tr, rt.settings, request)
    )
    if not delivered:
        log.info("introduction %s: the target cannot be reached", request.id)
        await service.mark_unreachable(request.id, now=now)
        await rt.members.mark_blocked(request.target_chat_id, now=now)
        await send(update, context, views.unreachable(tr))
        return
    await send(update, context, views.request_sent(tr, request))


async def answer_introduction(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Accept ("1") or decline ("0") a request; only its target can, and only once."""
    if len(press.args) != 2:
        raise ValueError("introduction and answer expected")
    introduction_id, accept = _number(press.args[0]), _switch(press.args[1])
    rt = runtime(context)
    answer = await _service(context).answer_introduction(
        profile.chat_id, introduction_id, accept, now=rt.clock()
    )
    requester_tr = rt.catalogs.get(answer.requester_language)
    if answer.status == "accepted":
        await show(update, context, views.accepted_for_target(tr, rt.settings, answer))
        told = views.accepted_for_requester(requester_tr, answer)
    else:
        await show(update, context, views.declined_for_target(tr, rt.settings, answer))
        told = views.declined_for_requester(requester_tr, answer)
    if answer.changed and not await _deliver(context, answer.requester_chat_id, told):
        log.info("introduction %s: the requester cannot be reached", answer.id)


# ----------------------------------------------------------------- wiring


def _guarded(handler: Handler) -> Handler:
    """Private chats only; a refused request is explained (nothing was changed)."""

    async def guarded(
        update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
    ) -> None:
        if not _private(update):
            await send(update, context, Screen(views.error_text(tr, "group")))
            return
        try:
            await handler(update, context, press, profile, tr)
        except DirectoryError as exc:
            await send(update, context, Screen(views.error_text(tr, exc.code)))

    guarded.__doc__ = handler.__doc__
    guarded.__name__ = handler.__name__
    return guarded


#: Every DIR_* button, for the shared dispatcher (``buttons.HANDLERS.update(BUTTONS)``).
BUTTONS: dict[Action, Handler] = {
    Action.DIR_EDIT: _guarded(edit),
    Action.DIR_ROLE: _guarded(toggle),
    Action.DIR_LANGUAGE: _guarded(toggle),
    Action.DIR_TOPIC: _guarded(toggle),
    Action.DIR_PUBLISH: _guarded(publish),
    Action.DIR_SEARCH: _guarded(search),
    Action.DIR_INTRO: _guarded(request_introduction),
    Action.DIR_INTRO_ANSWER: _guarded(answer_introduction),
    Action.DIR_FOR_CALL: _guarded(for_call),
}
