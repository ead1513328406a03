"""Organisations in chat: choosing the organisation one named, confirming newcomers, approvals,
/organisation (its fields and invite links, each with a QR code) and /invite.

Wire-up (see ``bot/handlers/__init__.py``): the commands, :data:`ROUTES`,
:func:`on_organisation_text`, :func:`start_gate` (from ``/start``) and :func:`name_given` (the
organisation-name answer of onboarding and /profile). Refusals (:class:`OrganisationError`) are
worded by :func:`bot.views.organisations.error_text`, through the dispatcher.
"""

from __future__ import annotations

import io

import qrcode
from telegram import Update
from telegram.constants import ParseMode

from bot.buttons.organisations import (
    ConfirmPerson,
    DecideOrganisation,
    EditOrganisation,
    JoinOrganisation,
    ListInvites,
    NewInvite,
    NewOrganisation,
    OrganisationMenu,
    RevokeInvite,
)
from bot.context import Ctx
from bot.conversation import ORGANISATION, Waiting
from bot.core.i18n import Translator
from bot.core.render import esc
from bot.handlers.common import (
    answered,
    ask,
    is_group,
    next_digest,
    runtime,
    send,
    show,
    translator,
)
from bot.handlers.presses import Guard, Press, Routes
from bot.members.types import Profile
from bot.organisations.rules import invite_code, invite_link
from bot.organisations.types import Choice, InviteInfo, OrganisationError, Placed
from bot.views import onboarding as onboarding_views
from bot.views import organisations as views
from bot.views.common import Screen

ROUTES = Routes(errors=views.error_text)


# ----- the organisation step of onboarding and /profile -------------------------------------
async def start_gate(update: Update, context: Ctx, profile: Profile, tr: Translator) -> bool:
    """``/start``: remember an invite link; in ``invite`` mode turn away a newcomer who has
    none (True: the gate answered and /start stops here)."""
    chat = update.effective_chat
    if chat is None or is_group(update):
        return False
    rt = runtime(context)
    args = context.args or []
    code = invite_code(args[0]) if len(args) == 1 else None
    if code is not None and not profile.onboarded:
        invite = await rt.organisations.arrive(chat.id, code, now=rt.clock())
        if invite is None:
            await send(
                update, context, Screen(tr.gettext("This invite link is not valid any more."))
            )
    if profile.onboarded or await rt.organisations.may_start(chat.id):
        return False
    await send(update, context, views.needs_invite(tr, contact=rt.settings.privacy.contact))
    return True


async def name_given(
    update: Update, context: Ctx, profile: Profile, tr: Translator, name: str
) -> None:
    """The organisation's name arrived: offer the matches, or register it and go on."""
    rt = runtime(context)
    outcome = await rt.organisations.name_given(profile.chat_id, name, now=rt.clock())
    await answered(update, context)
    context.bot_data.wake_outbox()
    if isinstance(outcome, Choice):
        await send(update, context, views.choice(tr, outcome, contact=rt.settings.privacy.contact))
        return
    await send(update, context, Screen(views.placed(tr, outcome)))
    await _next_step(update, context, profile.chat_id, tr)


async def _next_step(update: Update, context: Ctx, chat_id: int, tr: Translator) -> None:
    """After the organisation: the country during onboarding, else the profile."""
    rt = runtime(context)
    profile = await rt.members.profile(chat_id)
    if profile is None:
        return
    if profile.onboarded:
        screen = onboarding_views.profile_view(
            tr, rt.settings, profile, next_digest=next_digest(profile, rt.clock())
        )
    else:
        screen = onboarding_views.ask_country(tr, profile)
    await send(update, context, screen)


async def _placed(press: Press[JoinOrganisation] | Press[NewOrganisation], placed: Placed) -> None:
    press.context.bot_data.wake_outbox()
    await show(press.update, press.context, Screen(views.placed(press.tr, placed)))
    await _next_step(press.update, press.context, press.chat_id, press.tr)


@ROUTES.on(JoinOrganisation)
async def join(press: Press[JoinOrganisation]) -> None:
    """Join the organisation the name matched (its people are asked to confirm)."""
    rt = press.rt
    placed = await rt.organisations.join(
        press.chat_id, press.button.organisation_id, now=rt.clock()
    )
    await _placed(press, placed)


@ROUTES.on(NewOrganisation)
async def new(press: Press[NewOrganisation]) -> None:
    """ "No, a different one": register a new organisation with the name as typed."""
    rt = press.rt
    await _placed(press, await rt.organisations.create(press.chat_id, now=rt.clock()))


@ROUTES.on(ConfirmPerson, guard=Guard.ANYONE)
async def confirm(press: Press[ConfirmPerson]) -> None:
    """One of the organisation's people (or a coordinator) answers a newcomer's request."""
    rt, chosen = press.rt, press.button
    coordinator = await rt.coordinators.is_coordinator(press.user_id)
    org, accepted = await rt.organisations.answer_join(
        press.chat_id, chosen.member_id, chosen.accept, coordinator=coordinator, now=rt.clock()
    )
    press.context.bot_data.wake_outbox()
    text = (
        press.tr.gettext("✅ Confirmed: they are now one of %(name)s's people.", name=esc(org.name))
        if accepted
        else press.tr.gettext("✖️ Not confirmed: they are not in %(name)s.", name=esc(org.name))
    )
    await show(press.update, press.context, Screen(text))


@ROUTES.on(DecideOrganisation, guard=Guard.COORDINATOR)
async def decide(press: Press[DecideOrganisation]) -> None:
    """A coordinator approves or rejects a pending organisation."""
    rt, chosen = press.rt, press.button
    org = await rt.organisations.decide(
        chosen.organisation_id, chosen.approve, by=press.user_id, now=rt.clock()
    )
    press.context.bot_data.wake_outbox()
    await show(press.update, press.context, views.decided(press.tr, org))


# ----- /organisation ---------------------------------------------------------------------------
async def organisation_command(update: Update, context: Ctx) -> None:
    """/organisation: the person's organisation, its fields and its invite links."""
    found = await _private_member(update, context)
    if found is None:
        return
    profile, tr = found
    membership = await runtime(context).organisations.membership(profile.chat_id)
    await send(update, context, views.organisation_screen(tr, membership))


@ROUTES.on(OrganisationMenu)
async def organisation_menu(press: Press[OrganisationMenu]) -> None:
    """Back to /organisation (stops waiting for a field)."""
    rt = press.rt
    await rt.conversations.clear(press.chat_id, frozenset({ORGANISATION}))
    membership = await rt.organisations.membership(press.chat_id)
    await show(press.update, press.context, views.organisation_screen(press.tr, membership))


@ROUTES.on(EditOrganisation)
async def edit(press: Press[EditOrganisation]) -> None:
    """Wait for a new value of one field."""
    field = press.button.field
    membership = await press.rt.organisations.membership(press.chat_id)
    if membership.organisation is None:
        raise OrganisationError("no_organisation")
    if not membership.confirmed:
        raise OrganisationError("not_confirmed")
    await press.rt.conversations.expect(press.chat_id, Waiting(ORGANISATION, field))
    await ask(press.update, press.context, views.field_prompt(press.tr, field))


async def on_organisation_text(update: Update, context: Ctx, waiting: Waiting) -> bool:
    """A new value for the field the chat waits for."""
    found = await _private_member(update, context, quiet=True)
    message = update.effective_message
    if found is None or message is None or message.text is None or waiting.ref is None:
        return False
    profile, tr = found
    rt = runtime(context)
    try:
        await rt.organisations.set_field(profile.chat_id, waiting.ref, message.text, now=rt.clock())
    except OrganisationError as refused:
        await send(update, context, Screen(views.error_text(tr, refused.code)))
        return True
    await answered(update, context)
    membership = await rt.organisations.membership(profile.chat_id)
    await send(update, context, views.organisation_screen(tr, membership))
    return True


# ----- invite links -------------------------------------------------------------------------
async def invite_command(update: Update, context: Ctx) -> None:
    """/invite: the invite links of the person's organisation (a coordinator: theirs)."""
    found = await _private_member(update, context)
    if found is None:
        return
    profile, tr = found
    await send(update, context, await _invites(update, context, profile.chat_id, tr))


async def _coordinator(update: Update, context: Ctx) -> bool:
    user = update.effective_user
    return user is not None and await runtime(context).coordinators.is_coordinator(user.id)


async def _invites(update: Update, context: Ctx, chat_id: int, tr: Translator) -> Screen:
    rt = runtime(context)
    coordinator = await _coordinator(update, context)
    try:
        invites = await rt.organisations.invites(chat_id, coordinator=coordinator)
    except OrganisationError as refused:
        return Screen(views.error_text(tr, refused.code))
    mine = await rt.organisations.membership(chat_id)
    theirs = (
        mine.organisation is None or not mine.confirmed or mine.organisation.status != "approved"
    )
    return views.invites_screen(
        tr, invites, bot_username=context.bot.username, coordinators=coordinator and theirs
    )


@ROUTES.on(ListInvites)
async def list_invites(press: Press[ListInvites]) -> None:
    """The organisation's invite links."""
    screen = await _invites(press.update, press.context, press.chat_id, press.tr)
    await show(press.update, press.context, screen)


@ROUTES.on(NewInvite)
async def new_invite(press: Press[NewInvite]) -> None:
    """Make an invite link and send its QR code as a photo to print."""
    rt = press.rt
    coordinator = await _coordinator(press.update, press.context)
    invite = await rt.organisations.new_invite(
        press.chat_id, coordinator=coordinator, now=rt.clock()
    )
    await send_qr(press.update, press.context, press.tr, invite)
    screen = await _invites(press.update, press.context, press.chat_id, press.tr)
    await show(press.update, press.context, screen)


@ROUTES.on(RevokeInvite)
async def revoke_invite(press: Press[RevokeInvite]) -> None:
    """Revoke an invite link: it no longer lets anyone in."""
    rt = press.rt
    coordinator = await _coordinator(press.update, press.context)
    await rt.organisations.revoke_invite(
        press.chat_id, press.button.invite_id, coordinator=coordinator, now=rt.clock()
    )
    screen = await _invites(press.update, press.context, press.chat_id, press.tr)
    await show(press.update, press.context, screen)


def qr_png(link: str) -> bytes:
    """The link as a QR code, PNG, large enough to print."""
    image = qrcode.make(link, box_size=12, border=4)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


async def send_qr(update: Update, context: Ctx, tr: Translator, invite: InviteInfo) -> None:
    """The invite's QR code as a photo, the link in its caption."""
    chat = update.effective_chat
    if chat is None:
        return
    username = context.bot.username
    await context.bot.send_photo(
        chat.id,
        photo=qr_png(invite_link(username, invite.code)),
        caption=views.invite_caption(tr, invite, bot_username=username),
        parse_mode=ParseMode.HTML,
        filename=f"inexa-invite-{invite.code}.png",
    )


async def _private_member(
    update: Update, context: Ctx, *, quiet: bool = False
) -> tuple[Profile, Translator] | None:
    """The consented person of a private chat; otherwise say why (unless ``quiet``)."""
    chat = update.effective_chat
    if chat is None:
        return None
    rt = runtime(context)
    profile = await rt.members.profile(chat.id)
    tr = translator(context, profile, update)
    if profile is None or not profile.consented or is_group(update):
        if not quiet:
            code = "not_member" if not is_group(update) else "not_allowed"
            await send(update, context, Screen(views.error_text(tr, code)))
        return None
    return profile, tr
