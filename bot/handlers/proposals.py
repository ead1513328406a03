"""Session proposals: /propose (members), /proposals (ranked, with upvotes; coordinators turn
one into a workshop draft in one press)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.buttons.proposals import ProposalNoDetails, ProposalToDraft, ProposalVote, ProposeKind
from bot.context import Ctx, Runtime
from bot.conversation import PROPOSAL, Waiting
from bot.core.i18n import Translator
from bot.handlers.common import runtime, send, show, translator
from bot.handlers.presses import Guard, Press, Routes
from bot.proposals.types import ProposalError, clean_details, clean_topic
from bot.views import proposals as views
from bot.views import workshops as workshop_views
from bot.views.common import Screen

ROUTES = Routes(errors=views.error_text)


async def _reader(update: Update, context: Ctx) -> tuple[Translator, bool] | None:
    """The reader's translator and whether they are a coordinator; None after telling a chat
    that has not agreed to the notice to /start."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return None
    rt = runtime(context)
    profile = await rt.members.profile(chat.id)
    tr = translator(context, profile, update)
    coordinator = await rt.coordinators.is_coordinator(user.id)
    if (profile is None or not profile.consented) and not coordinator:
        await send(update, context, Screen(tr.gettext("Please send /start first.")))
        return None
    return tr, coordinator


async def propose_command(update: Update, context: Ctx) -> None:
    """/propose: what kind of session (private chat)."""
    chat = update.effective_chat
    found = await _reader(update, context)
    if found is None or chat is None:
        return
    tr, _ = found
    if chat.type != ChatType.PRIVATE:
        await send(update, context, Screen(tr.gettext("Please do this in a private chat with me.")))
        return
    await send(update, context, views.ask_kind(tr))


async def proposals_command(update: Update, context: Ctx) -> None:
    """/proposals: open proposals, most wanted first."""
    chat = update.effective_chat
    found = await _reader(update, context)
    if found is None or chat is None:
        return
    tr, coordinator = found
    await send(update, context, await _ranking(runtime(context), tr, chat.id, coordinator))


async def _ranking(rt: Runtime, tr: Translator, chat_id: int, coordinator: bool) -> Screen:
    return views.ranking(tr, await rt.proposals.ranked_for(chat_id), coordinator=coordinator)


@ROUTES.on(ProposeKind, guard=Guard.MEMBER)
async def choose_kind(press: Press[ProposeKind]) -> None:
    """Present or learn: now the topic."""
    user = press.update.effective_user
    name = user.full_name if user is not None else ""
    await press.rt.proposals.start(
        press.chat_id, press.button.kind, display_name=name, now=press.rt.clock()
    )
    await show(press.update, press.context, views.ask_topic(press.tr))


@ROUTES.on(ProposalNoDetails, guard=Guard.MEMBER)
async def no_details(press: Press[ProposalNoDetails]) -> None:
    """List it without details."""
    proposal = await press.rt.proposals.finish(
        press.button.proposal_id, press.chat_id, "", now=press.rt.clock()
    )
    await show(press.update, press.context, views.listed(press.tr, proposal))


@ROUTES.on(ProposalVote, guard=Guard.MEMBER)
async def vote(press: Press[ProposalVote]) -> None:
    """Upvote (or take the vote back); the list is redrawn with the new counts."""
    rt = press.rt
    await rt.proposals.vote(
        press.button.proposal_id, press.chat_id, press.button.on, now=rt.clock()
    )
    coordinator = await rt.coordinators.is_coordinator(press.user_id)
    await show(
        press.update, press.context, await _ranking(rt, press.tr, press.chat_id, coordinator)
    )


@ROUTES.on(ProposalToDraft, guard=Guard.COORDINATOR)
async def to_draft(press: Press[ProposalToDraft]) -> None:
    """One press: a workshop draft with the proposal's topic and details and the proposer's
    credit, at its start-time step; the proposer is told."""
    rt, tr = press.rt, press.tr
    user = press.update.effective_user
    name = user.full_name if user is not None else ""
    proposal = await rt.proposals.claim(press.button.proposal_id, now=rt.clock())
    authoring = rt.workshops.authoring
    draft = await authoring.start_draft(press.user_id, name, language=tr.language, now=rt.clock())
    description = "\n\n".join(p for p in (proposal.details, views.credit_line(tr, proposal)) if p)
    draft = await authoring.update_draft(
        draft.id, press.user_id, step="start", title=proposal.topic, description=description
    )
    await rt.proposals.drafted(proposal.id, draft.id, now=rt.clock())
    press.context.bot_data.wake_outbox()
    prompt = workshop_views.step_prompt(tr, rt.settings, draft, "start")
    note = tr.gettext(
        "Workshop draft #%(id)s made from the proposal: its title and description are filled "
        "in and the proposer is credited. Continue with the start:",
        id=draft.id,
    )
    await show(press.update, press.context, Screen(f"{note}\n\n{prompt.text}", prompt.keyboard))


async def on_proposal_text(update: Update, context: Ctx, waiting: Waiting) -> bool:
    """The topic or details of the proposal the chat waits on (``3:topic``, ``3:details``)."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None or message.text is None or waiting.kind != PROPOSAL:
        return False
    head, _, step = (waiting.ref or "").partition(":")
    if not head.isdigit() or step not in {"topic", "details"}:
        return False
    rt = runtime(context)
    profile = await rt.members.profile(chat.id)
    if profile is None or not profile.consented:
        return False
    tr = translator(context, profile, update)
    try:
        await _answer(update, context, tr, int(head), step, message.text)
    except ProposalError as error:  # started again meanwhile: this one is gone
        await send(update, context, Screen(views.error_text(tr, error.code)))
    return True


async def _answer(
    update: Update, context: Ctx, tr: Translator, proposal_id: int, step: str, text: str
) -> None:
    """Save the topic (then ask for details) or the details (then list the proposal)."""
    chat = update.effective_chat
    if chat is None:
        return
    rt = runtime(context)
    if step == "topic":
        topic = clean_topic(text)
        if topic is None:
            await send(update, context, views.bad_topic(tr))
            return
        await rt.proposals.set_topic(proposal_id, chat.id, topic)
        await send(update, context, views.ask_details(tr, proposal_id))
        return
    details = clean_details(text)
    if details is None:
        await send(update, context, views.bad_details(tr))
        return
    proposal = await rt.proposals.finish(proposal_id, chat.id, details, now=rt.clock())
    await send(update, context, views.listed(tr, proposal))
