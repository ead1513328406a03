"""Registration forms: the coordinator picks the draft's fields; members answer them (buttons,
typed job title and role, the sensitive-data consent) and review, change or erase them; the
"workshops in any language" setting."""

from __future__ import annotations

from telegram import Update

from bot.buttons.participants import (
    AnyLanguage,
    DraftFormDone,
    DraftFormField,
    DraftLinkAfterCheckin,
    FormAnswer,
    FormConsent,
    ParticipantEdit,
    ParticipantErase,
    ParticipantPage,
    SensitiveAgain,
    WithdrawConsent,
)
from bot.context import Ctx
from bot.conversation import Waiting
from bot.core.i18n import Translator
from bot.handlers.common import next_digest, runtime, send, show, translator
from bot.handlers.presses import Guard, Press, Routes
from bot.handlers.workshops import coordinator
from bot.participants.fields import SENSITIVE
from bot.participants.form import ORDER, Ask, Question, remaining
from bot.services.workshops.forms import FROM_PROFILE, clean_typed, parse_waiting
from bot.views import settings as settings_views
from bot.views import workshops as views
from bot.views.common import Screen
from bot.views.workshops import forms as form_views
from bot.workshops import draft as machine
from bot.workshops.seats import Answer
from bot.workshops.types import AnswerOutcome

ROUTES = Routes(errors=views.error_text)


async def _question_screen(
    context: Ctx, tr: Translator, chat_id: int, workshop_id: int, question: Question | None
) -> Screen:
    """The next question (with how many are left), or the closing words."""
    rt = runtime(context)
    if workshop_id == FROM_PROFILE:
        return form_views.review_screen(tr, await rt.workshops.forms.review(chat_id))
    if question is None:
        return Screen(form_views.done_text(tr))
    workshop = await rt.workshops.rsvp.get(workshop_id)
    left = None
    if workshop is not None:
        left = remaining(workshop.registration_fields, await rt.workshops.forms.review(chat_id))
    return form_views.question_screen(tr, question, workshop_id=workshop_id, left=left)


async def offer_form(update: Update, context: Ctx, tr: Translator, outcome: AnswerOutcome) -> None:
    """After "Going" (or the waitlist) to a workshop with a form: its first unanswered question,
    as a new message (nothing when everything was answered before)."""
    if outcome.status not in {Answer.GOING, Answer.WAITLIST}:
        return
    if not outcome.workshop.registration_fields:
        return
    chat = update.effective_chat
    if chat is None:
        return
    question = await runtime(context).workshops.forms.start(chat.id, outcome.workshop.id)
    if question is None:
        return
    await send(
        update, context, await _question_screen(context, tr, chat.id, outcome.workshop.id, question)
    )


# ------------------------------------------------------------------ members


@ROUTES.on(FormAnswer, answer=False)
async def form_answer(press: Press[FormAnswer]) -> None:
    """One answer (or "Prefer not to say"): saved, then the next question in place."""
    rt, tr = press.rt, press.tr
    workshop_id, field = press.button.workshop_id, press.button.field
    question = await rt.workshops.forms.answer(
        press.chat_id, workshop_id, field, press.button.code, now=rt.clock()
    )
    await press.answer(tr.gettext("Saved."))
    await show(
        press.update,
        press.context,
        await _question_screen(press.context, tr, press.chat_id, workshop_id, question),
    )


@ROUTES.on(FormConsent, answer=False)
async def form_consent(press: Press[FormConsent]) -> None:
    """Agree to the sensitive questions (they follow) or skip them (never asked again)."""
    rt, tr = press.rt, press.tr
    workshop_id = press.button.workshop_id
    question = await rt.workshops.forms.consent(
        press.chat_id, workshop_id, press.button.give, now=rt.clock()
    )
    await press.answer()
    await show(
        press.update,
        press.context,
        await _question_screen(press.context, tr, press.chat_id, workshop_id, question),
    )


async def on_participant_text(update: Update, context: Ctx, waiting: Waiting) -> bool:
    """A typed job title or role (the chat waits on ``participant:12:job_title``)."""
    chat, message = update.effective_chat, update.effective_message
    parsed = parse_waiting(waiting)
    if chat is None or message is None or message.text is None or parsed is None:
        return False
    workshop_id, field = parsed
    rt = runtime(context)
    tr = translator(context, await rt.members.profile(chat.id), update)
    text = clean_typed(message.text)
    if text is None:
        await send(update, context, Screen(form_views.text_problem(tr)))
        return True
    question = await rt.workshops.forms.answer(chat.id, workshop_id, field, text, now=rt.clock())
    await send(update, context, await _question_screen(context, tr, chat.id, workshop_id, question))
    return True


# ------------------------------------------------------------ the review in /settings


@ROUTES.on(ParticipantPage)
async def review(press: Press[ParticipantPage]) -> None:
    """Every registration answer, with what can be done."""
    answers = await press.rt.workshops.forms.review(press.chat_id)
    await show(press.update, press.context, form_views.review_screen(press.tr, answers))


@ROUTES.on(ParticipantEdit)
async def edit(press: Press[ParticipantEdit]) -> None:
    """Answer one field again (buttons, or a typed line for job title and role)."""
    field = press.button.field
    await press.rt.workshops.forms.ask_again(press.chat_id, field)
    await show(
        press.update,
        press.context,
        form_views.question_screen(press.tr, Ask(field), workshop_id=FROM_PROFILE),
    )


@ROUTES.on(WithdrawConsent)
async def withdraw(press: Press[WithdrawConsent]) -> None:
    """Withdraw the sensitive consent: those answers are erased now."""
    rt = press.rt
    answers = await rt.workshops.forms.withdraw(press.chat_id, now=rt.clock())
    await show(press.update, press.context, form_views.review_screen(press.tr, answers))


@ROUTES.on(SensitiveAgain)
async def sensitive_again(press: Press[SensitiveAgain]) -> None:
    """Show the consent screen again (after an earlier no)."""
    await press.rt.workshops.forms.reopen_sensitive(press.chat_id)
    sensitive = tuple(f for f in ORDER if f in SENSITIVE)
    await show(
        press.update,
        press.context,
        form_views.consent_screen(press.tr, sensitive, workshop_id=FROM_PROFILE),
    )


@ROUTES.on(ParticipantErase)
async def erase(press: Press[ParticipantErase]) -> None:
    """Erase every answer (after a confirmation)."""
    if not press.button.confirm:
        await show(press.update, press.context, form_views.erase_confirmation(press.tr))
        return
    await press.rt.workshops.forms.erase(press.chat_id)
    answers = await press.rt.workshops.forms.review(press.chat_id)
    await show(press.update, press.context, form_views.review_screen(press.tr, answers))


@ROUTES.on(AnyLanguage)
async def any_language(press: Press[AnyLanguage]) -> None:
    """Workshop announcements in any language, or only in one's own."""
    rt = press.rt
    profile = await rt.members.update_profile(
        press.member.chat_id, workshops_any_language=press.button.on
    )
    tr = rt.catalogs.get(profile.language)
    screen = settings_views.main_menu(
        tr, rt.settings, profile, next_digest=next_digest(profile, rt.clock())
    )
    await show(press.update, press.context, screen)


# ------------------------------------------------------------ the coordinator's draft


@ROUTES.on(DraftFormField, guard=Guard.COORDINATOR, answer=False)
async def draft_form_field(press: Press[DraftFormField]) -> None:
    """Ask or drop one field; the form's question is redrawn with the ticks."""
    draft = await press.rt.workshops.authoring.set_form_field(
        press.user_id, press.button.field.value, press.button.on
    )
    await press.answer()
    await show(press.update, press.context, form_views.form_step(press.tr, draft))


@ROUTES.on(DraftFormDone, guard=Guard.COORDINATOR, answer=False)
async def draft_form_done(press: Press[DraftFormDone]) -> None:
    """The form is chosen: back to the preview."""
    await coordinator.press_step(press, machine.FormDone())


@ROUTES.on(DraftLinkAfterCheckin, guard=Guard.COORDINATOR, answer=False)
async def draft_link(press: Press[DraftLinkAfterCheckin]) -> None:
    """Give the online link only after check-in, or as before; the preview is redrawn."""
    draft = await press.rt.workshops.authoring.set_link_after_checkin(
        press.button.draft_id, press.user_id, press.button.on
    )
    await press.answer()
    await show(
        press.update, press.context, await coordinator.preview(press.context, press.tr, draft)
    )
