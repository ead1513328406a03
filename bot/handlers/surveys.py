"""Surveys: coordinators compose (/newsurvey), send and follow results (/surveys); members
answer one question at a time with buttons (free text as a message) and change answers until
the survey closes."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.constants import ChatType

from bot.buttons.surveys import (
    SurveyAdd,
    SurveyAudience,
    SurveyChange,
    SurveyChoose,
    SurveyDraft,
    SurveyNext,
    SurveyResults,
    SurveyStart,
    SurveyToggle,
)
from bot.context import Ctx, Runtime
from bot.conversation import SURVEY, Waiting
from bot.core.i18n import Translator
from bot.delivery.outgoing import Outgoing
from bot.handlers.common import queue_replies, runtime, send, show, translator
from bot.handlers.coordinator.access import require_coordinator
from bot.handlers.presses import Guard, Press, Routes
from bot.reports import charts
from bot.surveys import results as tallies
from bot.surveys.rules import ANSWER_MAX, clean_answer, clean_title, next_question, parse_question
from bot.surveys.types import QUESTION_KINDS, AnswerValue, Sheet, SurveyError, SurveyInfo
from bot.views.common import Screen, noted
from bot.views.surveys import answer as member_views
from bot.views.surveys import compose as views

ROUTES = Routes(errors=views.error_text)


async def new_survey(update: Update, context: Ctx) -> None:
    """/newsurvey: a draft, starting with its title (private chat)."""
    tr = await require_coordinator(update, context)
    user, chat = update.effective_user, update.effective_chat
    if tr is None or user is None or chat is None:
        return
    if chat.type != ChatType.PRIVATE:
        await send(update, context, Screen(tr.gettext("Please do this in a private chat with me.")))
        return
    rt = runtime(context)
    before = await rt.conversations.current(chat.id)
    draft = await rt.surveys.start(user.id, now=rt.clock())
    now = Waiting(SURVEY, f"d:{draft.id}:title")
    await send(update, context, noted(tr, views.ask_title(tr, draft.id), before, now))


async def surveys_command(update: Update, context: Ctx) -> None:
    """/surveys: sent surveys with their results."""
    tr = await require_coordinator(update, context)
    if tr is None:
        return
    await send(update, context, views.listing(tr, await runtime(context).surveys.listing()))


# ------------------------------------------------------------------ the draft


@ROUTES.on(SurveyAdd, guard=Guard.COORDINATOR)
async def add_question(press: Press[SurveyAdd]) -> None:
    """Ask for a question of a kind."""
    draft = await press.rt.surveys.ask_question(
        press.button.survey_id, press.user_id, press.button.kind
    )
    await show(
        press.update, press.context, views.ask_question(press.tr, draft.id, press.button.kind)
    )


@ROUTES.on(SurveyDraft, guard=Guard.COORDINATOR)
async def draft_action(press: Press[SurveyDraft]) -> None:
    """Remove the last question, choose the audience, send, discard, or back to questions."""
    rt, tr, pressed = press.rt, press.tr, press.button
    service, sid = rt.surveys, pressed.survey_id
    if pressed.action == "discard":
        await service.discard(sid, press.user_id)
        screen = views.discarded(tr)
    elif pressed.action == "drop":
        screen = views.questions(tr, await service.drop_last(sid, press.user_id))
    elif pressed.action == "questions":
        screen = views.questions(tr, await service.back_to_questions(sid, press.user_id))
    elif pressed.action == "audience":
        draft = await service.back_to_questions(sid, press.user_id)
        if not draft.questions:
            raise SurveyError("empty")
        everyone = await rt.broadcasts.count("all", None)
        screen = views.audience_menu(tr, sid, everyone=everyone)
    else:
        count = await service.send(sid, press.user_id, now=rt.clock())
        press.context.bot_data.wake_outbox()
        screen = views.sent(tr, sid, count)
    await show(press.update, press.context, screen)


@ROUTES.on(SurveyAudience, guard=Guard.COORDINATOR)
async def choose_audience(press: Press[SurveyAudience]) -> None:
    """Open an audience list, go back to the kinds, or choose the audience and preview."""
    rt, tr, pressed = press.rt, press.tr, press.button
    sid, step, value = pressed.survey_id, pressed.step, pressed.value
    if await rt.surveys.draft(sid, press.user_id) is None:
        raise SurveyError("no_draft")
    if step == "back":
        everyone = await rt.broadcasts.count("all", None)
        await show(press.update, press.context, views.audience_menu(tr, sid, everyone=everyone))
        return
    if step == "menu":
        if value not in {"topic", "country", "org_type", "attended"}:
            raise SurveyError("unknown")
        countries = await rt.broadcasts.member_countries() if value == "country" else []
        now = rt.clock()
        started = [
            w
            for w in await rt.workshops.rsvp.listing(now=now, include_past=True)
            if w.status == "published" and w.starts_at is not None and w.starts_at <= now
        ][-10:]
        screen = views.audience_choices(
            tr, rt.settings, sid, value, member_countries=countries, workshops=started[::-1]
        )
        await show(press.update, press.context, screen)
        return
    if step != "all" and value is None:
        raise SurveyError("unknown")
    draft, count = await rt.surveys.set_audience(
        sid, press.user_id, step, None if step == "all" else value
    )
    await show(press.update, press.context, views.preview(tr, rt.settings, draft, count=count))


async def _draft_text(update: Update, context: Ctx, waiting: Waiting, text: str) -> bool:
    """The title or a question of the coordinator's draft (``d:4:title``, ``d:4:q:single``)."""
    user = update.effective_user
    parts = (waiting.ref or "").split(":")
    if user is None or len(parts) < 3 or not parts[1].isdigit():
        return False
    rt = runtime(context)
    draft = await rt.surveys.draft(int(parts[1]), user.id)
    if draft is None or draft.draft_step != ":".join(parts[2:]):
        return False
    tr = await require_coordinator(update, context)
    if tr is None:
        return True
    if parts[2] == "title":
        title = clean_title(text)
        if title is None:
            await send(update, context, views.bad_title(tr))
            return True
        await send(
            update,
            context,
            views.questions(tr, await rt.surveys.set_title(draft.id, user.id, title)),
        )
        return True
    kind = next((k for k in QUESTION_KINDS if len(parts) == 4 and k == parts[3]), None)
    if kind is None:
        return False
    parsed = parse_question(kind, text)
    if isinstance(parsed, str):
        await send(update, context, views.question_problem(tr, parsed))
        return True
    question, options = parsed
    draft = await rt.surveys.add_question(draft.id, user.id, kind, question, options)
    await send(update, context, views.questions(tr, draft))
    return True


# ------------------------------------------------------------------ results


@ROUTES.on(SurveyResults, guard=Guard.COORDINATOR)
async def survey_results(press: Press[SurveyResults]) -> None:
    """Results live, a chart per question, the CSV, or closing the answers."""
    rt, tr, pressed = press.rt, press.tr, press.button
    if pressed.action == "close":
        await rt.surveys.close(pressed.survey_id, now=rt.clock())
    survey, answers, respondents = await rt.surveys.results(pressed.survey_id)
    if pressed.action == "csv":
        await press.context.bot.send_document(
            press.chat_id,
            document=views.results_csv(tr, survey, answers),
            filename=f"survey-{survey.id}-results.csv",
            caption=tr.gettext("Results of survey #%(id)s.", id=survey.id),
        )
        return
    if pressed.action == "chart":
        await queue_replies(press.context, _charts(rt, tr, press.chat_id, survey, answers))
        return
    await show(press.update, press.context, views.results(tr, survey, answers, respondents))


def _charts(
    rt: Runtime, tr: Translator, chat_id: int, survey: SurveyInfo, answers: list[AnswerValue]
) -> list[Outgoing]:
    """A chart per choice or rating question, through the outbox (several photos)."""
    messages = []
    for result in tallies.tally(survey, answers, tr.gettext):
        if not result.labels:
            continue
        title = member_views.text_of(tr, survey, result.question.text)
        labels = charts.ChartLabels(
            title=title,
            no_data=tr.gettext("No answers yet."),
            subtitle=tr.gettext("%(n)s answered", n=result.answered),
        )
        png = charts.survey_question(list(zip(result.labels, result.counts, strict=True)), labels)
        messages.append(
            Outgoing(
                chat_id=chat_id,
                kind="reply",
                text=tr.gettext(
                    "Survey #%(id)s, question %(n)s", id=survey.id, n=result.question.position + 1
                ),
                media_type="photo",
                media_name=f"survey-{survey.id}-q{result.question.position + 1}.png",
                media=png,
            )
        )
    if not messages:
        messages.append(
            Outgoing(chat_id=chat_id, kind="reply", text=tr.gettext("No question to chart."))
        )
    return messages


# ------------------------------------------------------------------ members' answers


async def _show_after(press: Press[Any], sheet: Sheet, after: int | None, *, review: bool) -> None:
    """The next unseen question, or the summary (always the summary when reviewing)."""
    target = None if review else next_question(sheet.survey, sheet.answers, after)
    await _show_question(press, sheet, target, review=False)


async def _show_question(
    press: Press[Any], sheet: Sheet, question_id: int | None, *, review: bool
) -> None:
    question = sheet.survey.question(question_id) if question_id is not None else None
    if question is None:
        await show(press.update, press.context, member_views.summary(press.tr, sheet))
        return
    if question.kind == "text" and sheet.survey.status == "open":
        await press.rt.surveys.wait_for_text(
            sheet.survey.id, press.chat_id, question.id, review=review
        )
    await show(
        press.update,
        press.context,
        member_views.question_screen(press.tr, sheet, question, review=review),
    )


@ROUTES.on(SurveyStart, guard=Guard.MEMBER)
async def start(press: Press[SurveyStart]) -> None:
    """The first question not yet seen (or the summary)."""
    sheet = await press.rt.surveys.sheet(press.button.survey_id, press.chat_id)
    await _show_question(
        press, sheet, next_question(sheet.survey, sheet.answers, None), review=False
    )


@ROUTES.on(SurveyChange, guard=Guard.MEMBER)
async def change(press: Press[SurveyChange]) -> None:
    """One question again, to change the answer; then back to the summary."""
    sheet = await press.rt.surveys.sheet(press.button.survey_id, press.chat_id)
    if sheet.survey.status != "open":
        raise SurveyError("closed")
    await _show_question(press, sheet, press.button.question_id, review=True)


@ROUTES.on(SurveyChoose, guard=Guard.MEMBER)
async def choose(press: Press[SurveyChoose]) -> None:
    """A single choice or a rating."""
    b = press.button
    sheet = await press.rt.surveys.sheet(b.survey_id, press.chat_id)
    question = sheet.survey.question(b.question_id)
    if question is None:
        raise SurveyError("unknown")
    value = (
        AnswerValue(b.question_id, rating=b.value)
        if question.kind == "rating"
        else AnswerValue(b.question_id, choices=(b.value,))
    )
    sheet = await press.rt.surveys.answer(
        b.survey_id, press.chat_id, b.question_id, value, now=press.rt.clock()
    )
    await _show_after(press, sheet, b.question_id, review=b.review)


@ROUTES.on(SurveyToggle, guard=Guard.MEMBER)
async def toggle(press: Press[SurveyToggle]) -> None:
    """Tick or untick an option of a multiple-choice question; the question is redrawn."""
    b = press.button
    sheet = await press.rt.surveys.answer(
        b.survey_id,
        press.chat_id,
        b.question_id,
        AnswerValue(b.question_id),
        now=press.rt.clock(),
        toggle=(b.value, b.on),
    )
    await _show_question(press, sheet, b.question_id, review=b.review)


@ROUTES.on(SurveyNext, guard=Guard.MEMBER)
async def next_or_skip(press: Press[SurveyNext]) -> None:
    """Skip a question, or go on from a multiple-choice (or kept free-text) answer."""
    b, rt = press.button, press.rt
    sheet = await rt.surveys.sheet(b.survey_id, press.chat_id)
    current = sheet.answers.get(b.question_id)
    value = AnswerValue(b.question_id, skipped=True) if b.skip or current is None else current
    sheet = await rt.surveys.answer(
        b.survey_id, press.chat_id, b.question_id, value, now=rt.clock()
    )
    await _show_after(press, sheet, b.question_id, review=b.review)


async def _answer_text(update: Update, context: Ctx, waiting: Waiting, text: str) -> bool:
    """A member's free-text answer (``a:4:17:0``)."""
    chat = update.effective_chat
    parts = (waiting.ref or "").split(":")
    if chat is None or len(parts) != 4 or not all(p.isdigit() for p in parts[1:]):
        return False
    rt = runtime(context)
    profile = await rt.members.profile(chat.id)
    tr = translator(context, profile, update)
    cleaned = clean_answer(text)
    if cleaned is None:
        await send(update, context, member_views.too_long(tr, ANSWER_MAX))
        return True
    survey_id, question_id, review = int(parts[1]), int(parts[2]), parts[3] == "1"
    try:
        sheet = await rt.surveys.answer(
            survey_id, chat.id, question_id, AnswerValue(question_id, text=cleaned), now=rt.clock()
        )
    except SurveyError as error:
        await send(update, context, Screen(views.error_text(tr, error.code)))
        return True
    target = None if review else next_question(sheet.survey, sheet.answers, question_id)
    question = sheet.survey.question(target) if target is not None else None
    if question is None:
        await send(update, context, member_views.summary(tr, sheet))
        return True
    if question.kind == "text":
        await rt.surveys.wait_for_text(survey_id, chat.id, question.id, review=False)
    await send(update, context, member_views.question_screen(tr, sheet, question, review=False))
    return True


async def on_survey_text(update: Update, context: Ctx, waiting: Waiting) -> bool:
    """Text while the chat waits on a survey: a coordinator's draft or a member's answer."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or message.text is None or chat is None or chat.type != ChatType.PRIVATE:
        return False
    if waiting.kind != SURVEY:
        return False
    if (waiting.ref or "").startswith("d:"):
        return await _draft_text(update, context, waiting, message.text)
    return await _answer_text(update, context, waiting, message.text)
