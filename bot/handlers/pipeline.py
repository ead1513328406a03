"""The project pipeline in chat: 📝 next to Follow, the project card and its stages, partner
requests (/partnerrequests), /projects, and the coordinators' /pipeline.

Private chats only for members' plans. Buttons carry row ids; every service call checks that
the presser may do what the press asks (a project is moved by its lead or a coordinator of its
consortium, a request is answered only by a member it was sent to, decided only by its author).
Messages to another member's chat go through the outbox. Wire-up: the three commands,
:data:`ROUTES` and :func:`on_pipeline_text` (conversation kind ``pipeline``).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.constants import ChatType

from bot.buttons.pipeline import (
    LeaveProject,
    MoveStage,
    NewRequest,
    PipelineFilter,
    PlanCall,
    PlanRole,
    ProjectView,
    RequestAnswer,
    RequestClose,
    RequestClosing,
    RequestDecide,
    RequestExpertise,
    RequestOpen,
    RequestToggle,
    RequestView,
    ShowPlan,
    SkipAmount,
)
from bot.context import Ctx
from bot.conversation import PIPELINE, Waiting
from bot.delivery.outgoing import Outgoing
from bot.handlers.common import answered, ask, queue_replies, runtime, send, show, translator
from bot.handlers.coordinator.access import require_coordinator
from bot.handlers.member_commands import consented_profile
from bot.handlers.presses import Guard, Press, Routes
from bot.members.types import Profile
from bot.pipeline.rules import clean_expertise, parse_amount
from bot.pipeline.types import Filter, PipelineError
from bot.views.common import Screen
from bot.views.pipeline import overview as overview_views
from bot.views.pipeline import plans as plan_views
from bot.views.pipeline import requests as request_views
from bot.views.pipeline.common import error_text

ROUTES = Routes(errors=error_text)
STOP_WAITING = frozenset({PIPELINE})


def _private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


def _in_private(press: Press[Any]) -> Profile:
    if not _private(press.update):
        raise PipelineError("group")
    return press.member


async def _member_command(update: Update, context: Ctx) -> tuple[Profile, Any] | None:
    if not _private(update):
        chat = update.effective_chat
        profile = await runtime(context).members.profile(chat.id) if chat else None
        await send(
            update, context, Screen(error_text(translator(context, profile, update), "group"))
        )
        return None
    return await consented_profile(update, context)


# ------------------------------------------------------------------ commands


async def projects_command(update: Update, context: Ctx) -> None:
    """/projects: the member's projects."""
    found = await _member_command(update, context)
    if found is None:
        return
    profile, tr = found
    cards = await runtime(context).pipeline.projects(profile.chat_id)
    await send(update, context, plan_views.projects_view(tr, cards))


async def partner_requests_command(update: Update, context: Ctx) -> None:
    """/partnerrequests: open requests the member can answer, and their own with answers."""
    found = await _member_command(update, context)
    if found is None:
        return
    profile, tr = found
    listing = await runtime(context).pipeline.listing(profile.chat_id)
    await send(update, context, request_views.listing(tr, listing))


async def pipeline_command(update: Update, context: Ctx) -> None:
    """/pipeline (coordinators): every project by stage, stuck ones, calls nobody plans."""
    tr = await require_coordinator(update, context)
    if tr is None:
        return
    rt = runtime(context)
    now = rt.clock()
    found = await rt.pipeline.overview(Filter(), now=now)
    await send(update, context, overview_views.overview(tr, rt.settings, found, now=now))


# ------------------------------------------------------------------ plans


@ROUTES.on(PlanCall)
async def plan_call(press: Press[PlanCall]) -> None:
    """📝 next to a call: the member's project for it, or "we plan to apply as…"."""
    profile = _in_private(press)
    plans = await press.rt.pipeline.call_plans(profile.chat_id, press.button.call)
    await send(press.update, press.context, plan_views.call_plans(press.tr, plans))


@ROUTES.on(PlanRole)
async def plan_role(press: Press[PlanRole]) -> None:
    """We plan to apply in this role: the project card."""
    profile = _in_private(press)
    rt = press.rt
    card = await rt.pipeline.plan(
        profile.chat_id, press.button.call, press.button.role, now=rt.clock()
    )
    await show(press.update, press.context, plan_views.project_card(press.tr, card))


@ROUTES.on(ProjectView)
async def project_view(press: Press[ProjectView]) -> None:
    """A project card, in place or as a new message."""
    profile = _in_private(press)
    card = await press.rt.pipeline.card(profile.chat_id, press.button.project)
    screen = plan_views.project_card(press.tr, card)
    if press.button.new:
        await send(press.update, press.context, screen)
    else:
        await show(press.update, press.context, screen)


@ROUTES.on(MoveStage)
async def move_stage(press: Press[MoveStage]) -> None:
    """Move the project; "funded" then asks for the amount."""
    profile = _in_private(press)
    rt, tr = press.rt, press.tr
    card = await rt.pipeline.move(
        profile.chat_id, press.button.project, press.button.stage, now=rt.clock()
    )
    if card.stage == "funded":
        await rt.conversations.expect(profile.chat_id, Waiting(PIPELINE, f"a:{card.id}"))
        await ask(press.update, press.context, plan_views.ask_amount(tr, card))
        return
    await show(press.update, press.context, plan_views.project_card(tr, card))


@ROUTES.on(SkipAmount)
async def skip_amount(press: Press[SkipAmount]) -> None:
    """Funded, amount not given: back to the card."""
    profile = _in_private(press)
    rt = press.rt
    await rt.conversations.clear(profile.chat_id, STOP_WAITING)
    card = await rt.pipeline.card(profile.chat_id, press.button.project)
    await show(press.update, press.context, plan_views.project_card(press.tr, card))


@ROUTES.on(ShowPlan)
async def show_plan(press: Press[ShowPlan]) -> None:
    """Show or hide the member's plan from other members."""
    profile = _in_private(press)
    card = await press.rt.pipeline.set_visible(
        profile.chat_id, press.button.project, press.button.on
    )
    await show(press.update, press.context, plan_views.project_card(press.tr, card))


@ROUTES.on(LeaveProject)
async def leave_project(press: Press[LeaveProject]) -> None:
    """A partner leaves a consortium."""
    profile = _in_private(press)
    await press.rt.pipeline.leave(profile.chat_id, press.button.project)
    await show(press.update, press.context, plan_views.left(press.tr))


# ------------------------------------------------------------ partner requests


@ROUTES.on(NewRequest)
async def new_request(press: Press[NewRequest]) -> None:
    """🔎 Look for partners: the project's request draft."""
    profile = _in_private(press)
    rt = press.rt
    card = await rt.pipeline.new_request(profile.chat_id, press.button.project, now=rt.clock())
    await send(press.update, press.context, request_views.draft(press.tr, rt.settings, card))


@ROUTES.on(RequestView)
async def request_view(press: Press[RequestView]) -> None:
    """The author's request, or one part of its draft."""
    profile = _in_private(press)
    rt = press.rt
    await rt.conversations.clear(profile.chat_id, STOP_WAITING)
    card = await rt.pipeline.draft(profile.chat_id, press.button.request)
    if press.button.part == "-" or card.status != "draft":
        screen = request_views.draft(press.tr, rt.settings, card)
    else:
        screen = request_views.part(press.tr, rt.settings, card, press.button.part, now=rt.clock())
    await show(press.update, press.context, screen)


@ROUTES.on(RequestToggle)
async def request_toggle(press: Press[RequestToggle]) -> None:
    """Toggle a wanted role, country, type or topic; the list redraws."""
    profile = _in_private(press)
    rt, chosen = press.rt, press.button
    card = await rt.pipeline.toggle(
        profile.chat_id, chosen.request, chosen.kind, chosen.value, chosen.on
    )
    screen = request_views.part(press.tr, rt.settings, card, chosen.kind, now=rt.clock())
    await show(press.update, press.context, screen)


@ROUTES.on(RequestClosing)
async def request_closing(press: Press[RequestClosing]) -> None:
    """Choose the closing date; back to the draft."""
    profile = _in_private(press)
    rt = press.rt
    card = await rt.pipeline.set_closing(
        profile.chat_id, press.button.request, press.button.days, now=rt.clock()
    )
    await show(press.update, press.context, request_views.draft(press.tr, rt.settings, card))


@ROUTES.on(RequestExpertise)
async def request_expertise(press: Press[RequestExpertise]) -> None:
    """Ask for the expertise text."""
    profile = _in_private(press)
    rt = press.rt
    await rt.pipeline.draft(profile.chat_id, press.button.request)  # the author's own
    await rt.conversations.expect(profile.chat_id, Waiting(PIPELINE, f"x:{press.button.request}"))
    await ask(press.update, press.context, request_views.ask_expertise(press.tr), new=True)


@ROUTES.on(RequestOpen)
async def request_open(press: Press[RequestOpen]) -> None:
    """Send the request to the members who fit it (through the outbox)."""
    profile = _in_private(press)
    rt = press.rt
    card, count = await rt.pipeline.open_request(
        profile.chat_id, press.button.request, now=rt.clock()
    )
    press.context.bot_data.wake_outbox()
    await show(press.update, press.context, request_views.sent(press.tr, rt.settings, card, count))


@ROUTES.on(RequestClose)
async def request_close(press: Press[RequestClose]) -> None:
    """Close an open request, or discard a draft."""
    profile = _in_private(press)
    rt = press.rt
    card = await rt.pipeline.close_request(profile.chat_id, press.button.request, now=rt.clock())
    if card.status == "draft":
        await show(press.update, press.context, Screen(press.tr.gettext("Draft discarded.")))
        return
    await show(press.update, press.context, request_views.draft(press.tr, rt.settings, card))


@ROUTES.on(RequestAnswer)
async def request_answer(press: Press[RequestAnswer]) -> None:
    """I'm interested / Not for us; the requester gets the interested organisation's entry."""
    profile = _in_private(press)
    rt = press.rt
    interested = press.button.interested
    found = await rt.pipeline.answer(
        profile.chat_id, press.button.request, interested, now=rt.clock()
    )
    await send(press.update, press.context, request_views.answered(press.tr, interested))
    if found is None:
        return
    screen = request_views.interest(rt.catalogs.get(found.to.language), rt.settings, found)
    await queue_replies(
        press.context,
        [
            Outgoing(
                chat_id=found.to.chat_id,
                member_id=found.to.member_id,
                kind="partners",
                dedupe_key=f"partners-interest:{found.request.id}:{found.interested.member_id}",
                text=screen.text,
                reply_markup=screen.keyboard.to_dict() if screen.keyboard else None,
            )
        ],
    )


@ROUTES.on(RequestDecide)
async def request_decide(press: Press[RequestDecide]) -> None:
    """The requester accepts (both get contacts) or refuses an interested organisation."""
    profile = _in_private(press)
    rt, chosen = press.rt, press.button
    done = await rt.pipeline.decide(
        profile.chat_id, chosen.request, chosen.member, chosen.accept, now=rt.clock()
    )
    if not chosen.accept:
        await show(press.update, press.context, request_views.refused(press.tr))
        return
    await show(press.update, press.context, request_views.accepted_for_requester(press.tr, done))
    if not done.changed:
        return
    screen = request_views.accepted_for_joiner(rt.catalogs.get(done.joiner_to.language), done)
    await queue_replies(
        press.context,
        [
            Outgoing(
                chat_id=done.joiner_to.chat_id,
                member_id=done.joiner_to.member_id,
                kind="partners",
                dedupe_key=f"partners-accepted:{done.request.id}:{done.joiner.member_id}",
                text=screen.text,
            )
        ],
    )


# ------------------------------------------------------------------ free text


async def on_pipeline_text(update: Update, context: Ctx, waiting: Waiting) -> bool:
    """The expertise text of a request draft (``x:<id>``) or a funded amount (``a:<id>``)."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None or message.text is None or not _private(update):
        return False
    rt = runtime(context)
    profile = await rt.members.profile(chat.id)
    if profile is None or not profile.consented or waiting.ref is None:
        return False
    tr = translator(context, profile)
    what, _, ref = waiting.ref.partition(":")
    if not ref.isdigit():
        return False
    try:
        if what == "x":
            text = clean_expertise(message.text)
            if text is None:
                await send(update, context, request_views.expertise_problem(tr, len(message.text)))
                return True
            card = await rt.pipeline.set_expertise(chat.id, int(ref), text)
            screen = request_views.draft(tr, rt.settings, card)
        elif what == "a":
            amount = parse_amount(message.text)
            if amount is None:
                await send(update, context, plan_views.bad_amount(tr))
                return True
            project = await rt.pipeline.set_amount(chat.id, int(ref), amount)
            screen = plan_views.project_card(tr, project)
        else:
            return False
    except PipelineError as exc:
        await rt.conversations.clear(chat.id, STOP_WAITING)
        await send(update, context, Screen(error_text(tr, exc.code)))
        return True
    await rt.conversations.clear(chat.id, STOP_WAITING)
    await answered(update, context)
    await send(update, context, screen)
    return True


# ------------------------------------------------------------------ coordinators


@ROUTES.on(PipelineFilter, guard=Guard.COORDINATOR)
async def pipeline_filter(press: Press[PipelineFilter]) -> None:
    """/pipeline filtered, or the values of one filter to pick from."""
    rt, chosen = press.rt, press.button
    now = rt.clock()
    if chosen.pick:
        found = await rt.pipeline.overview(Filter(), now=now)
        screen = overview_views.pick(press.tr, rt.settings, found, chosen.kind)
    else:
        found = await rt.pipeline.overview(Filter(chosen.kind, chosen.value), now=now)
        screen = overview_views.overview(press.tr, rt.settings, found, now=now)
    await show(press.update, press.context, screen)
