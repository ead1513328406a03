"""Workshops for coordinators: the guided draft (/newworkshop), edits, cancellation and the
attendee list.

Commands and buttons check the role on every update (a press on an old message from someone
who lost the role is refused). Drafts live in the database, so a restart in the middle of the
guided flow loses nothing. The flow's rules are the pure step machine in
:mod:`bot.workshops.draft`; this module only reads the update, saves and shows.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.constants import ChatType

from bot.buttons.calendar import DraftKind, DraftRepeat
from bot.buttons.workshops import (
    ApplyEdit,
    AttendeesPage,
    CancelWorkshop,
    DiscardDraft,
    DraftAtStart,
    DraftLanguage,
    DraftSkip,
    DraftTopic,
    DraftTopicsDone,
    DraftUnlimited,
    EditField,
    ExportAttendees,
    MarkAttended,
    Publish,
)
from bot.context import Ctx
from bot.conversation import WORKSHOP_DRAFT, WORKSHOP_EDIT, Waiting
from bot.core.errors import Stale
from bot.core.i18n import Translator
from bot.core.ids import parse_id
from bot.handlers.common import runtime, send, show, translator
from bot.handlers.presses import Guard, Press, Routes
from bot.views import workshops as views
from bot.views.common import Screen, noted
from bot.workshops import draft as machine
from bot.workshops.checkin import screen_available
from bot.workshops.fields import Problem
from bot.workshops.types import WorkshopError, WorkshopInfo

ROUTES = Routes(errors=views.error_text)


async def _coordinator(update: Update, context: Ctx) -> Translator | None:
    """The coordinator's translator, or None after telling a non-coordinator no."""
    user, chat = update.effective_user, update.effective_chat
    rt = runtime(context)
    profile = await rt.members.profile(chat.id) if chat else None
    tr = translator(context, profile, update)
    if user is not None and await rt.coordinators.is_coordinator(user.id):
        return tr
    await send(update, context, Screen(tr.gettext("This is for the alliance's coordinators only.")))
    return None


def _workshop_id(context: Ctx) -> int | None:
    args = context.args or []
    if len(args) != 1:
        return None
    return parse_id(args[0].removeprefix("#"))


async def preview(context: Ctx, tr: Translator, draft: WorkshopInfo) -> Screen:
    """The draft's preview with how many members each audience reaches."""
    topics, everyone = await runtime(context).workshops.authoring.audience_counts(draft.id)
    missing = [views.field_names(tr, [name]) for name in machine.missing_fields(draft)]
    return views.preview(
        tr,
        runtime(context).settings,
        draft,
        audience_count=topics,
        everyone_count=everyone,
        missing=missing,
    )


async def _screen_at(context: Ctx, tr: Translator, draft: WorkshopInfo) -> Screen:
    """The question of the draft's current step, or its preview."""
    step = machine.current_step(draft) or machine.STEPS[0]
    if step == "preview":
        return await preview(context, tr, draft)
    return views.step_prompt(tr, runtime(context).settings, draft, step)


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
    authoring = rt.workshops.authoring
    before = await rt.conversations.current(chat.id)
    # An unfinished new draft is taken up where it was left; otherwise a new one starts.
    draft = await authoring.resume_draft(user.id)
    if draft is None:
        draft = await authoring.start_draft(
            user.id, user.full_name, language=tr.language, now=rt.clock()
        )
    screen = await _screen_at(context, tr, draft)
    now = Waiting(WORKSHOP_DRAFT, f"{draft.id}:{draft.draft_step or machine.STEPS[0]}")
    await send(update, context, noted(tr, screen, before, now))


async def edit_workshop(update: Update, context: Ctx) -> None:
    """/editworkshop ID: change a published workshop; members who answered are told."""
    tr = await _coordinator(update, context)
    user = update.effective_user
    if tr is None or user is None:
        return
    workshop_id = _workshop_id(context)
    if workshop_id is None:
        await send(update, context, Screen(views.usage_text(tr, "editworkshop")))
        return
    rt = runtime(context)
    before = await rt.conversations.current(user.id)
    try:
        draft = await rt.workshops.authoring.start_edit(
            workshop_id, user.id, user.full_name, now=rt.clock()
        )
    except WorkshopError as error:
        await send(update, context, Screen(views.error_text(tr, error.code)))
        return
    now = Waiting(WORKSHOP_EDIT, f"{draft.id}:preview")
    await send(update, context, noted(tr, await preview(context, tr, draft), before, now))


async def cancel_workshop(update: Update, context: Ctx) -> None:
    """/cancelworkshop ID: ask for confirmation."""
    tr = await _coordinator(update, context)
    if tr is None:
        return
    workshop_id = _workshop_id(context)
    if workshop_id is None:
        await send(update, context, Screen(views.usage_text(tr, "cancelworkshop")))
        return
    workshop = await runtime(context).workshops.rsvp.get(workshop_id)
    if workshop is None or workshop.status == "draft":
        await send(update, context, Screen(views.error_text(tr, "unknown")))
    elif workshop.status == "cancelled":
        await send(update, context, Screen(views.error_text(tr, "cancelled")))
    else:
        await send(update, context, views.cancel_confirmation(tr, workshop))


async def attendees(update: Update, context: Ctx) -> None:
    """/attendees ID: answers with counts; after the start, attendance marking."""
    tr = await _coordinator(update, context)
    if tr is None:
        return
    workshop_id = _workshop_id(context)
    if workshop_id is None:
        await send(update, context, Screen(views.usage_text(tr, "attendees")))
        return
    screen = await _attendees_screen(context, tr, workshop_id, page=0)
    await send(update, context, screen or Screen(views.error_text(tr, "unknown")))


async def _attendees_screen(
    context: Ctx, tr: Translator, workshop_id: int, *, page: int
) -> Screen | None:
    rt = runtime(context)
    found = await rt.workshops.rsvp.attendee_list(workshop_id, now=rt.clock())
    if found is None:
        return None
    workshop, now = found.workshop, rt.clock()
    checkin = (
        workshop.status == "published"
        and workshop.starts_at is not None
        and screen_available(now, starts_at=workshop.starts_at, ends_at=workshop.ends_at)
    )
    return views.attendees_view(
        tr, workshop, found.people, page=page, marking=found.marking, checkin=checkin
    )


# --------------------------------------------------------------- guided flow


async def on_draft_text(update: Update, context: Ctx, waiting: Waiting) -> bool:
    """Answer the text step of the draft the chat waits on (``workshop_draft:12:title``);
    False when that draft is gone or its step takes buttons."""
    user, message = update.effective_user, update.effective_message
    chat = update.effective_chat
    if user is None or message is None or message.text is None or chat is None:
        return False
    if chat.type != ChatType.PRIVATE or waiting.draft_id is None:
        return False
    rt = runtime(context)
    if not await rt.coordinators.is_coordinator(user.id):
        return False
    result = await rt.workshops.authoring.answer_step(
        waiting.draft_id, user.id, message.text, now=rt.clock()
    )
    if result is None:
        return False
    tr = translator(context, await rt.members.profile(chat.id), update)
    if isinstance(result, Problem):
        await send(update, context, Screen(views.problem_text(tr, result)))
    else:
        await send(update, context, await _screen_at(context, tr, result))
    return True


async def press_step(press: Press[Any], given: machine.Input) -> None:
    """A flow button: the service applies it to the presser's draft; show what comes next."""
    draft = await press.rt.workshops.authoring.press_step(
        press.user_id, given, now=press.rt.clock()
    )
    screen = await _screen_at(press.context, press.tr, draft)
    await press.answer()
    await show(press.update, press.context, screen)


@ROUTES.on(DraftLanguage, guard=Guard.COORDINATOR, answer=False)
async def draft_language(press: Press[DraftLanguage]) -> None:
    """The workshop's language."""
    await press_step(press, machine.Language(press.button.code))


@ROUTES.on(DraftUnlimited, guard=Guard.COORDINATOR, answer=False)
async def draft_unlimited(press: Press[DraftUnlimited]) -> None:
    """No seat limit."""
    await press_step(press, machine.Unlimited())


@ROUTES.on(DraftTopicsDone, guard=Guard.COORDINATOR, answer=False)
async def draft_topics_done(press: Press[DraftTopicsDone]) -> None:
    """Topics chosen."""
    await press_step(press, machine.TopicsDone())


@ROUTES.on(DraftAtStart, guard=Guard.COORDINATOR, answer=False)
async def draft_at_start(press: Press[DraftAtStart]) -> None:
    """Answers close at the start."""
    await press_step(press, machine.AtStart())


@ROUTES.on(DraftKind, guard=Guard.COORDINATOR, answer=False)
async def draft_kind(press: Press[DraftKind]) -> None:
    """The activity type: workshop, mutual-learning session, partners' meeting, conference."""
    await press_step(press, machine.Kind(press.button.code))


@ROUTES.on(DraftRepeat, guard=Guard.COORDINATOR, answer=False)
async def draft_repeat(press: Press[DraftRepeat]) -> None:
    """Once, or a repeat preset computed from the start."""
    await press_step(press, machine.Repeat(press.button.code))


@ROUTES.on(DraftSkip, guard=Guard.COORDINATOR, answer=False)
async def draft_skip(press: Press[DraftSkip]) -> None:
    """No description / no related calls."""
    await press_step(press, machine.Skip(press.button.step))


@ROUTES.on(DraftTopic, guard=Guard.COORDINATOR, answer=False)
async def draft_topic(press: Press[DraftTopic]) -> None:
    """Select or drop one topic; the topics question is redrawn with the ticks."""
    rt = press.rt
    topic = press.button.topic
    if topic not in {item.id for item in rt.settings.taxonomy.topics}:
        raise Stale(f"unknown topic {topic}")
    draft = await rt.workshops.authoring.set_topic(press.user_id, topic, press.button.on)
    await press.answer()
    await show(
        press.update, press.context, views.step_prompt(press.tr, rt.settings, draft, "topics")
    )


@ROUTES.on(EditField, guard=Guard.COORDINATOR, answer=False)
async def edit_field(press: Press[EditField]) -> None:
    """Change one field from the preview: ask for it, then back to the preview."""
    rt, name = press.rt, press.button.field
    draft = await rt.workshops.authoring.open_field(press.button.draft_id, press.user_id, name)
    await press.answer()
    await show(press.update, press.context, views.step_prompt(press.tr, rt.settings, draft, name))


@ROUTES.on(DiscardDraft, guard=Guard.COORDINATOR, answer=False)
async def discard(press: Press[DiscardDraft]) -> None:
    """Throw the draft away."""
    await press.rt.workshops.authoring.discard_draft(press.button.draft_id, press.user_id)
    await press.answer()
    await show(press.update, press.context, Screen(press.tr.gettext("Draft discarded.")))


@ROUTES.on(Publish, guard=Guard.COORDINATOR, answer=False)
async def publish(press: Press[Publish]) -> None:
    """Publish and queue the announcement."""
    published = await press.rt.workshops.authoring.publish(
        press.button.draft_id,
        press.user_id,
        audience=machine.AUDIENCES[press.button.audience],
        now=press.rt.clock(),
        bot_username=press.context.bot.username,
    )
    await press.answer()
    await show(press.update, press.context, Screen(views.published_text(press.tr, published)))


@ROUTES.on(ApplyEdit, guard=Guard.COORDINATOR, answer=False)
async def apply_edit(press: Press[ApplyEdit]) -> None:
    """Apply an edit and notify who answered."""
    result = await press.rt.workshops.authoring.apply_edit(
        press.button.draft_id, press.user_id, now=press.rt.clock()
    )
    await press.answer()
    await show(press.update, press.context, Screen(views.applied_text(press.tr, result)))


@ROUTES.on(CancelWorkshop, guard=Guard.COORDINATOR, answer=False)
async def cancel(press: Press[CancelWorkshop]) -> None:
    """The confirmed cancellation."""
    result = await press.rt.workshops.authoring.cancel(
        press.button.workshop_id, now=press.rt.clock()
    )
    await press.answer()
    await show(
        press.update, press.context, Screen(views.cancelled_text(press.tr, result.recipients))
    )


# ---------------------------------------------------------------- attendance


@ROUTES.on(MarkAttended, guard=Guard.COORDINATOR, answer=False)
async def mark_attended(press: Press[MarkAttended]) -> None:
    """Mark whether a member came (once the workshop has started); the list is redrawn."""
    rt, tr = press.rt, press.tr
    workshop_id, member_id = press.button.workshop_id, press.button.member_id
    rsvp = rt.workshops.rsvp
    workshop = await rsvp.get(workshop_id)
    if workshop is None or workshop.starts_at is None:
        raise WorkshopError("unknown")
    if rt.clock() < workshop.starts_at:
        await press.answer(tr.gettext("Attendance can be marked once it has started."))
        return
    if not await rsvp.set_attended(workshop_id, member_id, press.button.came):
        raise Stale(f"member {member_id} did not answer")
    people = await rsvp.attendees(workshop_id)
    position = next((i for i, p in enumerate(people) if p.member_id == member_id), 0)
    await press.answer(tr.gettext("Saved."))
    screen = await _attendees_screen(
        press.context, tr, workshop_id, page=position // views.ATTENDEES_PER_PAGE
    )
    if screen is not None:
        await show(press.update, press.context, screen)


@ROUTES.on(AttendeesPage, guard=Guard.COORDINATOR, answer=False)
async def attendees_page(press: Press[AttendeesPage]) -> None:
    """Another page of the attendee list."""
    if press.button.page < 0:
        raise Stale("negative page")
    screen = await _attendees_screen(
        press.context, press.tr, press.button.workshop_id, page=press.button.page
    )
    if screen is None:
        raise WorkshopError("unknown")
    await press.answer()
    await show(press.update, press.context, screen)


@ROUTES.on(ExportAttendees, guard=Guard.COORDINATOR, answer=False)
async def export_attendees(press: Press[ExportAttendees]) -> None:
    """Answers and attendance as a CSV file."""
    rsvp = press.rt.workshops.rsvp
    workshop = await rsvp.get(press.button.workshop_id)
    if workshop is None:
        raise WorkshopError("unknown")
    people = await rsvp.attendees(workshop.id)
    await press.answer()
    await press.context.bot.send_document(
        press.chat_id,
        document=views.attendees_csv(workshop, people),
        filename=f"workshop-{workshop.id}-attendees.csv",
        caption=press.tr.gettext("Answers and attendance for #%(id)s.", id=workshop.id),
    )
