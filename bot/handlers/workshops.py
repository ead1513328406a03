"""Workshops in chat: the coordinator's guided flow and tools, members' answers and calendars.

Coordinator commands and buttons check the role on every update (a press on an old message
from someone who lost the role is refused). Drafts live in the database, so a restart in
the middle of the guided flow loses nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot.callbacks import Action, Callback
from bot.context import Ctx
from bot.conversation import WORKSHOP_DRAFT, WORKSHOP_EDIT, Waiting
from bot.core.i18n import Translator
from bot.core.ids import parse_id, require_id
from bot.core.render import esc
from bot.handlers.common import runtime, send, show, translator
from bot.members.types import Profile
from bot.services.workshops import (
    STEPS,
    WorkshopError,
    WorkshopInfo,
    Workshops,
    missing_fields,
)
from bot.views import workshops as views
from bot.views.common import Screen, button, keyboard, noted
from bot.workshops import fields
from bot.workshops.fields import Problem
from bot.workshops.seats import Answer

log = logging.getLogger(__name__)

#: Buttons only coordinators may press (checked before anything else).
COORDINATOR_ACTIONS = frozenset(
    {
        Action.WS_LANGUAGE,
        Action.WS_UNLIMITED,
        Action.WS_TOPIC,
        Action.WS_TOPICS_DONE,
        Action.WS_AT_START,
        Action.WS_SKIP,
        Action.WS_PUBLISH,
        Action.WS_DISCARD,
        Action.WS_EDIT,
        Action.WS_APPLY,
        Action.WS_CANCEL,
        Action.WS_ATTEND,
        Action.WS_CSV,
        Action.WS_PAGE,
    }
)
#: A step name with this suffix was opened from the preview: answer it, then back to the preview.
SINGLE = "!"
TEXT_STEPS = frozenset(
    {"title", "description", "start", "end", "place", "capacity", "rsvp_close", "related"}
)
ANSWERS = {"g": Answer.GOING, "m": Answer.MAYBE, "n": Answer.NO, "l": Answer.NO}


def _service(context: Ctx) -> Workshops:
    rt = runtime(context)
    return rt.workshops


async def _translator(update: Update, context: Ctx) -> Translator:
    chat = update.effective_chat
    profile = await runtime(context).members.profile(chat.id) if chat else None
    return translator(context, profile, update)


def _display_name(update: Update) -> str:
    user = update.effective_user
    if user is None:
        return ""
    return f"{user.full_name} (@{user.username})" if user.username else user.full_name


async def _coordinator(update: Update, context: Ctx) -> Translator | None:
    """The coordinator's translator, or None after telling a non-coordinator no."""
    user = update.effective_user
    tr = await _translator(update, context)
    rt = runtime(context)
    if user is not None and await rt.coordinators.is_coordinator(user.id):
        return tr
    refusal = tr.gettext("This is for the alliance's coordinators only.")
    if update.callback_query is not None:
        await update.callback_query.answer(refusal, show_alert=True)
    else:
        await send(update, context, Screen(refusal))
    return None


def _workshop_id(context: Ctx) -> int | None:
    args = context.args or []
    if len(args) != 1:
        return None
    return parse_id(args[0].removeprefix("#"))


async def _usage(update: Update, context: Ctx, tr: Translator, command: str) -> None:
    await send(
        update,
        context,
        Screen(
            tr.gettext(
                "Please give the workshop's number, e.g. /%(command)s 12. /workshops lists them.",
                command=command,
            )
        ),
    )


def _error_text(tr: Translator, code: str) -> str:
    messages = {
        "unknown": tr.gettext("There is no such workshop."),
        "cancelled": tr.gettext("This workshop was cancelled."),
        "closed": tr.gettext("Answers for this workshop are closed."),
        "incomplete": tr.gettext("The draft is not complete yet."),
        "past": tr.gettext("The start has already passed. Please change the start first."),
        "no_draft": tr.gettext("This draft no longer exists. /newworkshop starts a new one."),
        "not_member": tr.gettext("Please send /start first."),
        "is_edit": tr.gettext("This draft edits a published workshop."),
        "not_edit": tr.gettext("This draft is not an edit."),
    }
    return messages.get(code, tr.gettext("That cannot be done now."))


# ------------------------------------------------------------------ commands


async def new_workshop(update: Update, context: Ctx) -> None:
    """/newworkshop: start the guided flow (in a private chat)."""
    tr = await _coordinator(update, context)
    user, chat = update.effective_user, update.effective_chat
    if tr is None or user is None or chat is None:
        return
    if chat.type != ChatType.PRIVATE:
        await send(update, context, Screen(tr.gettext("Please do this in a private chat with me.")))
        return
    rt = runtime(context)
    before = await rt.conversations.current(chat.id)
    # An unfinished new draft is taken up where it was left; otherwise a new one starts.
    draft = await _service(context).resume_draft(user.id)
    if draft is None:
        draft = await _service(context).start_draft(
            user.id, user.full_name, language=tr.language, now=rt.clock()
        )
    step = draft.draft_step or STEPS[0]
    if step == "preview":
        screen = await _preview(context, tr, draft)
    else:
        screen = views.step_prompt(tr, rt.settings, draft, step.rstrip(SINGLE))
    now = Waiting(WORKSHOP_DRAFT, f"{draft.id}:{step}")
    await send(update, context, noted(tr, screen, before, now))


async def edit_workshop(update: Update, context: Ctx) -> None:
    """/editworkshop ID: change a published workshop; members who answered are told."""
    tr = await _coordinator(update, context)
    user = update.effective_user
    if tr is None or user is None:
        return
    workshop_id = _workshop_id(context)
    if workshop_id is None:
        await _usage(update, context, tr, "editworkshop")
        return
    before = await runtime(context).conversations.current(user.id)
    try:
        draft = await _service(context).start_edit(
            workshop_id, user.id, user.full_name, now=runtime(context).clock()
        )
    except WorkshopError as exc:
        await send(update, context, Screen(_error_text(tr, exc.code)))
        return
    now = Waiting(WORKSHOP_EDIT, f"{draft.id}:preview")
    await send(update, context, noted(tr, await _preview(context, tr, draft), before, now))


async def cancel_workshop(update: Update, context: Ctx) -> None:
    """/cancelworkshop ID: ask for confirmation."""
    tr = await _coordinator(update, context)
    if tr is None:
        return
    workshop_id = _workshop_id(context)
    if workshop_id is None:
        await _usage(update, context, tr, "cancelworkshop")
        return
    workshop = await _service(context).get(workshop_id)
    if workshop is None or workshop.status == "draft":
        await send(update, context, Screen(_error_text(tr, "unknown")))
        return
    if workshop.status == "cancelled":
        await send(update, context, Screen(_error_text(tr, "cancelled")))
        return
    answered = workshop.counts.going + workshop.counts.maybe + workshop.counts.waitlist
    answered += workshop.counts.no
    text = tr.ngettext(
        "Cancel “%(title)s”? The %(n)s member who answered will be told.",
        "Cancel “%(title)s”? The %(n)s members who answered will be told.",
        answered,
        title=esc(workshop.title),
    )
    await send(
        update,
        context,
        Screen(
            text,
            keyboard([[button(tr.gettext("Yes, cancel it"), Action.WS_CANCEL, workshop.id, 1)]]),
        ),
    )


async def attendees(update: Update, context: Ctx) -> None:
    """/attendees ID: answers with counts; after the start, attendance marking."""
    tr = await _coordinator(update, context)
    if tr is None:
        return
    workshop_id = _workshop_id(context)
    if workshop_id is None:
        await _usage(update, context, tr, "attendees")
        return
    screen = await _attendees_screen(context, tr, workshop_id, page=0)
    await send(update, context, screen or Screen(_error_text(tr, "unknown")))


async def _attendees_screen(
    context: Ctx, tr: Translator, workshop_id: int, *, page: int
) -> Screen | None:
    service = _service(context)
    workshop = await service.get(workshop_id)
    if workshop is None or workshop.status == "draft" or workshop.starts_at is None:
        return None
    people = await service.attendees(workshop_id)
    marking = runtime(context).clock() >= workshop.starts_at and workshop.status == "published"
    return views.attendees_view(tr, workshop, people, page=page, marking=marking)


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
    service = _service(context)
    is_coordinator = user is not None and await rt.coordinators.is_coordinator(user.id)
    if is_coordinator and chat.type == ChatType.PRIVATE:
        listing = await service.listing(now=now)
        await send(update, context, Screen(views.coordinator_list(tr, listing, zone=zone)))
    if profile is None or not profile.consented:
        if not is_coordinator:
            await send(
                update, context, Screen(tr.gettext("First let's get you set up: send /start."))
            )
        return
    items = await service.upcoming_for(chat.id, now=now)
    await send(update, context, views.workshops_list(tr, items, zone=zone))


async def calendar_command(update: Update, context: Ctx) -> None:
    """/calendar: one file with the member's workshops and followed calls' deadlines."""
    chat = update.effective_chat
    if chat is None:
        return
    rt = runtime(context)
    profile = await rt.members.profile(chat.id)
    tr = translator(context, profile, update)
    if profile is None or not profile.consented:
        await send(update, context, Screen(tr.gettext("First let's get you set up: send /start.")))
        return
    payload, entries = await _service(context).member_calendar(
        chat.id, now=rt.clock(), name=tr.gettext("INEXA workshops and deadlines")
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
        chat.id,
        document=payload,
        filename="inexa-calendar.ics",
        caption=tr.ngettext(
            "Your calendar: %(n)s entry. Open the file to add it to your calendar app.",
            "Your calendar: %(n)s entries. Open the file to add them to your calendar app.",
            entries,
        ),
    )


# --------------------------------------------------------------- guided flow


async def on_draft_text(update: Update, context: Ctx, waiting: Waiting) -> bool:
    """Answer the text step of the draft the chat waits on (``workshop_draft:12:title``);
    False when that draft is gone or its step takes buttons."""
    user, message = update.effective_user, update.effective_message
    chat = update.effective_chat
    if user is None or message is None or message.text is None or chat is None:
        return False
    if chat.type != ChatType.PRIVATE:
        return False
    if waiting.draft_id is None:
        return False
    draft = await _service(context).own_draft(waiting.draft_id, user.id)
    if draft is None or draft.draft_step is None:
        return False
    step = draft.draft_step.rstrip(SINGLE)
    if step not in TEXT_STEPS:
        return False
    rt = runtime(context)
    if not await rt.coordinators.is_coordinator(user.id):
        return False
    tr = await _translator(update, context)
    values = _parse_step(step, message.text, draft, now=rt.clock())
    if isinstance(values, Problem):
        await send(update, context, Screen(views.problem_text(tr, values)))
        return True
    await _advance(update, context, tr, draft, values)
    return True


def _parse_step(
    step: str, text: str, draft: WorkshopInfo, *, now: datetime
) -> dict[str, object] | Problem:
    """The fields one answer sets, or why it was refused."""
    zone = draft.zone
    if step == "title":
        title = fields.parse_title(text)
        return title if isinstance(title, Problem) else {"title": title}
    if step == "description":
        description = fields.parse_description(text)
        return description if isinstance(description, Problem) else {"description": description}
    if step == "start":
        start = fields.parse_start(text, zone=zone, now=now)
        if isinstance(start, Problem):
            return start
        values: dict[str, object] = {"starts_at": start, "timezone": str(start.tzinfo)}
        if draft.starts_at is not None and draft.ends_at is not None:
            # Moving the start keeps the length, so the end is not left before the start.
            values["ends_at"] = start + (draft.ends_at - draft.starts_at)
        if draft.rsvp_closes_at is not None and draft.rsvp_closes_at > start:
            values["rsvp_closes_at"] = None
        return values
    if step == "end":
        if draft.starts_at is None:
            return Problem("end_before_start")
        end = fields.parse_end(text, start=draft.starts_at.astimezone(zone))
        return end if isinstance(end, Problem) else {"ends_at": end}
    if step == "place":
        place = fields.parse_place(text)
        if isinstance(place, Problem):
            return place
        return {"place": place[0], "url": place[1]}
    if step == "capacity":
        capacity = fields.parse_capacity(text)
        return capacity if isinstance(capacity, Problem) else {"capacity": capacity}
    if step == "rsvp_close":
        if draft.starts_at is None:
            return Problem("datetime_format")
        closes = fields.parse_rsvp_close(text, zone=zone, now=now, start=draft.starts_at)
        return closes if isinstance(closes, Problem) else {"rsvp_closes_at": closes}
    related = fields.parse_related(text)
    return related if isinstance(related, Problem) else {"related_calls": related}


def _next_step(draft: WorkshopInfo) -> str:
    assert draft.draft_step is not None
    if draft.draft_step.endswith(SINGLE) or draft.edits_id is not None:
        return "preview"
    position = STEPS.index(draft.draft_step)
    return STEPS[min(position + 1, len(STEPS) - 1)]


async def _advance(
    update: Update, context: Ctx, tr: Translator, draft: WorkshopInfo, values: dict[str, object]
) -> None:
    """Save the answer and show the next question (or the preview)."""
    user = update.effective_user
    assert user is not None
    step = _next_step(draft)
    draft = await _service(context).update_draft(draft.id, user.id, step=step, **values)
    if step == "preview":
        screen = await _preview(context, tr, draft)
    else:
        screen = views.step_prompt(tr, runtime(context).settings, draft, step)
    if update.callback_query is not None:
        await show(update, context, screen)
    else:
        await send(update, context, screen)


async def _preview(context: Ctx, tr: Translator, draft: WorkshopInfo) -> Screen:
    rt = runtime(context)
    topics, everyone = await _service(context).audience_counts(draft.id)
    missing = [views.field_names(tr, [name]) for name in missing_fields(draft)]
    return views.preview(
        tr, rt.settings, draft, audience_count=topics, everyone_count=everyone, missing=missing
    )


async def on_coordinator_button(update: Update, context: Ctx, press: Callback) -> None:
    """Every coordinator-only button."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    tr = await _coordinator(update, context)
    if tr is None:
        return
    try:
        await _COORDINATOR[press.action](update, context, press, tr)
    except WorkshopError as exc:
        await query.answer(_error_text(tr, exc.code), show_alert=True)
    except (ValueError, LookupError):
        await query.answer(tr.gettext("This button is no longer valid."), show_alert=True)


async def _draft_press(update: Update, context: Ctx, tr: Translator) -> WorkshopInfo:
    """The user's draft, which a flow button acts on."""
    user = update.effective_user
    assert user is not None
    draft = await _service(context).draft_for(user.id)
    if draft is None or draft.draft_step is None:
        raise WorkshopError("no_draft")
    return draft


async def _press_language(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    draft = await _draft_press(update, context, tr)
    if press.arg not in runtime(context).settings.i18n.languages:
        raise ValueError(press.arg)
    await _answer_query(update)
    await _advance(update, context, tr, draft, {"language": press.arg})


async def _press_unlimited(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    draft = await _draft_press(update, context, tr)
    await _answer_query(update)
    await _advance(update, context, tr, draft, {"capacity": None})


async def _press_topic(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    draft = await _draft_press(update, context, tr)
    user = update.effective_user
    assert user is not None
    topic, on = press.args[0], press.args[1] == "1"
    known = {item.id for item in runtime(context).settings.taxonomy.topics}
    if topic not in known:
        raise ValueError(topic)
    chosen = [t for t in draft.topics if t != topic] + ([topic] if on else [])
    draft = await _service(context).update_draft(
        draft.id, user.id, step=draft.draft_step, topics=chosen
    )
    await _answer_query(update)
    await show(
        update,
        context,
        views.step_prompt(tr, runtime(context).settings, draft, "topics"),
    )


async def _press_topics_done(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    draft = await _draft_press(update, context, tr)
    await _answer_query(update)
    await _advance(update, context, tr, draft, {})


async def _press_at_start(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    draft = await _draft_press(update, context, tr)
    await _answer_query(update)
    await _advance(update, context, tr, draft, {"rsvp_closes_at": None})


async def _press_skip(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    draft = await _draft_press(update, context, tr)
    empty: dict[str, dict[str, object]] = {
        "description": {"description": ""},
        "related": {"related_calls": []},
    }
    if press.arg not in empty:
        raise ValueError(press.arg)
    await _answer_query(update)
    await _advance(update, context, tr, draft, empty[press.arg])


async def _press_edit(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    user = update.effective_user
    assert user is not None
    draft = await _draft_press(update, context, tr)
    if len(press.args) != 2:
        raise ValueError("draft and field expected")
    field = press.args[1]
    allowed = {"title", "description", "start", "end", "place", "capacity", "rsvp_close"}
    if draft.edits_id is None:
        allowed |= {"language", "topics", "related"}
    if field not in allowed or require_id(press.args[0]) != draft.id:
        raise ValueError(field)
    draft = await _service(context).update_draft(draft.id, user.id, step=field + SINGLE)
    await _answer_query(update)
    await show(update, context, views.step_prompt(tr, runtime(context).settings, draft, field))


async def _press_discard(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    user = update.effective_user
    assert user is not None
    await _service(context).discard_draft(require_id(press.arg), user.id)
    await _answer_query(update)
    await show(update, context, Screen(tr.gettext("Draft discarded.")))


async def _press_publish(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    user = update.effective_user
    assert user is not None
    audience = {"t": "topics", "a": "all"}[press.args[1]]
    draft_id = require_id(press.args[0])
    rt = runtime(context)
    published = await _service(context).publish(
        draft_id,
        user.id,
        audience=audience,
        now=rt.clock(),
        bot_username=context.bot.username,
    )
    await _answer_query(update)
    workshop = published.workshop
    await show(
        update,
        context,
        Screen(
            "✅ "
            + tr.ngettext(
                "Published as #%(id)s. The announcement is on its way to %(n)s member.",
                "Published as #%(id)s. The announcement is on its way to %(n)s members.",
                published.recipients,
                id=workshop.id,
            )
            + "\n"
            + tr.gettext(
                "/attendees %(id)s shows the answers; /editworkshop %(id)s and "
                "/cancelworkshop %(id)s change it.",
                id=workshop.id,
            )
        ),
    )


async def _press_apply(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    user = update.effective_user
    assert user is not None
    result = await _service(context).apply_edit(
        require_id(press.arg), user.id, now=runtime(context).clock()
    )
    await _answer_query(update)
    if not result.changes:
        text = tr.gettext("Nothing changed.")
    else:
        fields = views.field_names(tr, [_change_field(c) for c in result.changes])
        counts = result.workshop.counts
        answered = counts.going + counts.maybe + counts.no + counts.waitlist
        if result.recipients:
            text = "✅ " + tr.ngettext(
                "Saved (%(fields)s). %(n)s member who answered is being told.",
                "Saved (%(fields)s). %(n)s members who answered are being told.",
                result.recipients,
                fields=fields,
            )
        elif answered:
            # Only time, place and title are announced; a change of seats is not news for
            # those who answered (the waitlist's promotions are told below).
            text = "✅ " + tr.ngettext(
                "Saved (%(fields)s). %(n)s member answered; this change needs no notice, "
                "so their answer stands as it is.",
                "Saved (%(fields)s). %(n)s members answered; this change needs no notice, "
                "so their answers stand as they are.",
                answered,
                fields=fields,
            )
        else:
            text = "✅ " + tr.gettext("Saved (%(fields)s). Nobody has answered yet.", fields=fields)
        if result.promoted:
            text += "\n" + tr.ngettext(
                "%(n)s member moved up from the waitlist.",
                "%(n)s members moved up from the waitlist.",
                result.promoted,
            )
    await show(update, context, Screen(text))


def _change_field(change: str) -> str:
    return {"time": "start"}.get(change, change)


async def _press_cancel(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    if len(press.args) != 2 or press.args[1] != "1":
        raise ValueError("a cancellation is confirmed with exactly (workshop id, 1)")
    workshop_id = require_id(press.args[0])
    result = await _service(context).cancel(workshop_id, now=runtime(context).clock())
    await _answer_query(update)
    await show(
        update,
        context,
        Screen(
            "❌ "
            + tr.ngettext(
                "Cancelled. %(n)s member who answered is being told.",
                "Cancelled. %(n)s members who answered are being told.",
                result.recipients,
            )
        ),
    )


async def _press_attend(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    if len(press.args) != 3 or press.args[2] not in {"0", "1"}:
        raise ValueError("workshop, member and mark expected")
    workshop_id, member_id = require_id(press.args[0]), require_id(press.args[1])
    came = press.args[2] == "1"
    service = _service(context)
    workshop = await service.get(workshop_id)
    if workshop is None or workshop.starts_at is None:
        raise WorkshopError("unknown")
    if runtime(context).clock() < workshop.starts_at:
        await _answer_query(update, tr.gettext("Attendance can be marked once it has started."))
        return
    if not await service.set_attended(workshop_id, member_id, came):
        raise ValueError(member_id)
    people = await service.attendees(workshop_id)
    position = next((i for i, p in enumerate(people) if p.member_id == member_id), 0)
    await _answer_query(update, tr.gettext("Saved."))
    screen = await _attendees_screen(
        context, tr, workshop_id, page=position // views.ATTENDEES_PER_PAGE
    )
    if screen is not None:
        await show(update, context, screen)


async def _press_page(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    if len(press.args) != 2:
        raise ValueError("workshop and page expected")
    workshop_id, page = require_id(press.args[0]), require_id(press.args[1])
    screen = await _attendees_screen(context, tr, workshop_id, page=page)
    if screen is None:
        raise WorkshopError("unknown")
    await _answer_query(update)
    await show(update, context, screen)


async def _press_csv(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    chat = update.effective_chat
    assert chat is not None
    service = _service(context)
    workshop = await service.get(require_id(press.arg))
    if workshop is None:
        raise WorkshopError("unknown")
    people = await service.attendees(workshop.id)
    await _answer_query(update)
    await context.bot.send_document(
        chat.id,
        document=views.attendees_csv(workshop, people),
        filename=f"workshop-{workshop.id}-attendees.csv",
        caption=tr.gettext("Answers and attendance for #%(id)s.", id=workshop.id),
    )


async def _answer_query(update: Update, text: str | None = None) -> None:
    query = update.callback_query
    if query is not None:
        await query.answer(text)


_COORDINATOR = {
    Action.WS_LANGUAGE: _press_language,
    Action.WS_UNLIMITED: _press_unlimited,
    Action.WS_TOPIC: _press_topic,
    Action.WS_TOPICS_DONE: _press_topics_done,
    Action.WS_AT_START: _press_at_start,
    Action.WS_SKIP: _press_skip,
    Action.WS_EDIT: _press_edit,
    Action.WS_DISCARD: _press_discard,
    Action.WS_PUBLISH: _press_publish,
    Action.WS_APPLY: _press_apply,
    Action.WS_CANCEL: _press_cancel,
    Action.WS_ATTEND: _press_attend,
    Action.WS_PAGE: _press_page,
    Action.WS_CSV: _press_csv,
}


# ---------------------------------------------------------------- members


async def on_calendar_button(update: Update, context: Ctx, press: Callback) -> None:
    """The 📅 button: the workshop's calendar file (a cancellation once cancelled)."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return
    tr = await _translator(update, context)
    workshop_id = parse_id(press.arg)
    if workshop_id is None or len(press.args) != 1:
        await query.answer(tr.gettext("This button is no longer valid."))
        return
    payload = await _service(context).workshop_ics(workshop_id, now=runtime(context).clock())
    if payload is None:
        await query.answer(_error_text(tr, "unknown"), show_alert=True)
        return
    await query.answer()
    await context.bot.send_document(
        chat.id,
        document=payload,
        filename=f"workshop-{press.arg}.ics",
        caption=tr.gettext("Open the file to add the workshop to your calendar."),
    )


async def answer(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Going / Maybe / Can't go / Leave the waitlist, or "v" to open the announcement."""
    query = update.callback_query
    if query is None or len(press.args) != 2:
        raise ValueError("bad workshop press")
    workshop_id, code = require_id(press.args[0]), press.args[1]
    service = _service(context)
    rt = runtime(context)
    now = rt.clock()
    zone = ZoneInfo(profile.timezone)
    if code == "v":
        await show_workshop(update, context, workshop_id, profile, tr)
        return
    requested = ANSWERS.get(code)
    if requested is None:
        raise ValueError(code)
    try:
        outcome = await service.answer(
            workshop_id,
            profile.chat_id,
            requested,
            display_name=_display_name(update),
            now=now,
        )
    except WorkshopError as exc:
        await send(update, context, Screen(_error_text(tr, exc.code)))
        if exc.code in {"closed", "cancelled"}:
            await _redraw_closed(update, context, tr, workshop_id, profile, zone)
        return
    await _redraw(
        update, views.announcement(tr, outcome.workshop, answer=outcome.status, zone=zone)
    )


async def show_workshop(
    update: Update, context: Ctx, workshop_id: int, profile: Profile, tr: Translator
) -> None:
    """A workshop's card with the member's own answer, as a new message."""
    service = _service(context)
    workshop = await service.get(workshop_id)
    if workshop is None or workshop.status != "published":
        await send(update, context, Screen(_error_text(tr, "unknown")))
        return
    current = await service.answer_of(workshop_id, profile.chat_id)
    now = runtime(context).clock()
    await send(
        update,
        context,
        views.announcement(
            tr,
            workshop,
            answer=current,
            zone=ZoneInfo(profile.timezone),
            closed=not workshop.open_at(now),
        ),
    )


async def _redraw_closed(
    update: Update, context: Ctx, tr: Translator, workshop_id: int, profile: Profile, zone: ZoneInfo
) -> None:
    service = _service(context)
    workshop = await service.get(workshop_id)
    if workshop is None:
        return
    current = await service.answer_of(workshop_id, profile.chat_id)
    await _redraw(update, views.announcement(tr, workshop, answer=current, zone=zone, closed=True))


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
