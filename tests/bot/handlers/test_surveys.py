"""Surveys end to end: composed in chat, sent, answered one question at a time, an answer
changed, closed and summarised (counts, percentages, chart, CSV); the workshop feedback poll
reaches who came, once, after the configured delay."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from openpyxl import load_workbook

from bot.buttons.surveys import SurveyChange
from bot.reports.workbook import Heading, report_workbook
from bot.sandbox.localapi import StoredMessage
from bot.services.reports import collect_report
from bot.workshops.seats import Answer
from tests.bot.handlers.conftest import ANA, BOGDAN, COORDINATOR, DAN, LUCIA, NOW, Env, data_of


def _with_button(env: Env, user: int, label: str) -> StoredMessage:
    """The bot's latest message to ``user`` with a button labelled ``label``."""
    for message in reversed(env.bot_messages(user)):
        if any(label in str(b.get("text")) for b in message.buttons()):
            return message
    raise AssertionError(f"no message with {label!r} for {user}")


def _survey_id(message: StoredMessage) -> int:
    return int(next(d for d in data_of(message) if d.startswith("1ui:")).split(":")[1])


async def _compose_and_send(env: Env) -> None:
    await env.say(COORDINATOR, "/newworkshop")  # a workshop draft left unfinished is kept
    message = await env.say(COORDINATOR, "/newsurvey")
    assert "Send its title" in (message.text or "")
    assert "/newworkshop resumes it" in (message.text or "")
    message = await env.say(COORDINATOR, "Priorities for 2027")
    assert "No question yet." in (message.text or "")
    message = await env.tap_label(COORDINATOR, message, "Single choice")
    problem = await env.say(COORDINATOR, "Which programme matters most?\nErasmus+")
    assert "Give 2 to 8 options" in (problem.text or "")
    message = await env.say(
        COORDINATOR, "Which programme matters most?\nErasmus+\nInterreg\nHorizon Europe"
    )
    assert "1. Which programme matters most? (Single choice)" in (message.text or "")
    message = await env.tap_label(COORDINATOR, message, "Multiple choice")
    message = await env.say(COORDINATOR, "Which support do you need?\nPartners\nWriting\nBudget")
    message = await env.tap_label(COORDINATOR, message, "Rating 1-5")
    message = await env.say(COORDINATOR, "How useful is the bot?")
    message = await env.tap_label(COORDINATOR, message, "Free text")
    message = await env.say(COORDINATOR, "What else should we do?")
    assert "4. What else should we do? (Free text)" in (message.text or "")
    message = await env.tap_label(COORDINATOR, message, "Choose the audience")
    preview = await env.tap_label(COORDINATOR, message, "All members (3)")
    assert "Preview" in (preview.text or "")
    assert "3 recipients" in (preview.text or "")
    sent = await env.tap_label(COORDINATOR, preview, "Send to 3")
    assert "sent to 3 members" in (sent.text or "")
    await env.delivered()


async def test_survey_sent_answered_changed_closed_and_summarised(env: Env) -> None:
    for user in (ANA, BOGDAN, LUCIA):
        await env.member(user, language="en")
    await _compose_and_send(env)

    # Ana answers every question, one at a time.
    invitation = _with_button(env, ANA, "Start")
    assert "4 short questions" in (invitation.text or "")
    question = await env.tap_label(ANA, invitation, "Start the survey")
    assert "Question 1 of 4" in (question.text or "")
    question = await env.tap_label(ANA, question, "Interreg")
    assert "Question 2 of 4" in (question.text or "")
    question = await env.tap_label(ANA, question, "Partners")
    question = await env.tap_label(ANA, question, "Budget")
    assert "Your answer: Partners, Budget" in (question.text or "")
    question = await env.tap_label(ANA, question, "Next")
    assert "From 1 (poor) to 5 (excellent)" in (question.text or "")
    question = await env.tap_label(ANA, question, "4")
    assert "Send your answer as a message" in (question.text or "")
    summary = await env.say(ANA, "More calls for <VET> & adult learning")
    assert "Thank you! Your answers:" in (summary.text or "")
    assert "1. Which programme matters most? — Interreg" in (summary.text or "")
    assert "“More calls for <VET> & adult learning”" in (summary.text or "")

    # …then changes her first answer from the summary.
    question = await env.tap_label(ANA, summary, "✏️ 1")
    assert "✅ Interreg" in str(question.buttons())
    summary = await env.tap_label(ANA, question, "Erasmus+")
    assert "1. Which programme matters most? — Erasmus+" in (summary.text or "")

    # Bogdan skips the first and last; Lucía never answers.
    question = await env.tap_label(BOGDAN, _with_button(env, BOGDAN, "Start"), "Start the survey")
    question = await env.tap_label(BOGDAN, question, "Skip")
    question = await env.tap_label(BOGDAN, question, "Writing")
    question = await env.tap_label(BOGDAN, question, "Next")
    question = await env.tap_label(BOGDAN, question, "5")
    summary_b = await env.tap_label(BOGDAN, question, "Skip")
    assert "1. Which programme matters most? — skipped" in (summary_b.text or "")

    # A member the survey was not sent to cannot answer it, even with a forged press.
    await env.member(DAN, language="en")
    await env.say(DAN, "/start")
    await env.sim.forge_press(DAN, env.reply(DAN), f"1ue:{_survey_id(summary)}")
    await env.sim.settle()
    assert "I do not know that survey" in (env.reply(DAN).text or "")

    # Live results for the coordinator: counts, percentages, averages, free texts.
    listing = await env.say(COORDINATOR, "/surveys")
    assert "Priorities for 2027 — open — 2 of 3 answered" in (listing.text or "")
    results = await env.tap_label(COORDINATOR, listing, "📊 #")
    text = results.text or ""
    assert "2 of 3 answered." in text
    assert "Erasmus+: 1 (100%)" in text
    assert "Interreg: 0 (0%)" in text
    assert "Partners: 1 (50%)" in text
    assert "Writing: 1 (50%)" in text
    assert "Average: 4.5" in text
    assert "💬 “More calls for <VET> & adult learning”" in text
    assert "answered 1 · skipped 1" in text
    assert "Ana" not in text  # results never name members

    # A chart per choice or rating question, and the CSV.
    await env.tap_label(COORDINATOR, results, "Chart")
    await env.delivered()
    charts = [m for m in env.bot_messages(COORDINATOR) if m.photo]
    assert len(charts) == 3
    first = charts[0].photo
    assert first is not None
    assert env.world.files[first[0]["file_id"]].content.startswith(b"\x89PNG")
    await env.tap_label(COORDINATOR, results, "CSV")
    exported = env.sim.last(COORDINATOR)
    assert exported.document is not None
    rows = list(csv.DictReader(io.StringIO(env.file(exported).decode("utf-8-sig"))))
    erasmus = next(r for r in rows if r["option"] == "Erasmus+")
    assert (erasmus["count"], erasmus["percent"], erasmus["skipped"]) == ("1", "100", "1")
    assert any(r["text_answer"] == "More calls for <VET> & adult learning" for r in rows)

    # Closing: answers can no longer change.
    await env.tap_label(COORDINATOR, results, "Close answers")
    closed = env.reread(results)
    assert "(#1, closed)" in (closed.text or "")
    assert "Close answers" not in str(closed.buttons())
    survey_id = _survey_id(summary)
    question_id = int(next(d for d in data_of(summary) if d.startswith("1ui:")).split(":")[2])
    await env.sim.press(ANA, summary, SurveyChange(survey_id, question_id).data)
    await env.sim.settle()
    assert "This survey is closed" in (env.reply(ANA).text or "")
    await env.tap_label(COORDINATOR, closed, "Refresh")
    final = env.reread(closed)
    assert "Erasmus+: 1 (100%)" in (final.text or "")

    # The funder's report of the period has the results on its Surveys sheet.
    today = env.clock.now.date()
    report = await collect_report(env.runtime.db, today - timedelta(days=7), today)
    english = env.runtime.catalogs.get("en")
    book = load_workbook(io.BytesIO(report_workbook(report, english, Heading("", ""))))
    sheet = [row for row in book["Surveys"].iter_rows(values_only=True) if any(row)]
    erasmus_row = next(row for row in sheet if row[3] == "Erasmus+")
    assert erasmus_row[4:6] == (1, 100)
    assert any(row[8] == "More calls for <VET> & adult learning" for row in sheet)


async def test_feedback_poll_reaches_who_came_once_after_the_end(env: Env) -> None:
    for user in (ANA, BOGDAN):
        await env.member(user, language="en")
    start = NOW + timedelta(days=1)
    workshop_id = await env.workshop("Green skills clinic", starts_at=start, hours=2)
    await env.delivered()
    for user, name in ((ANA, "Ana"), (BOGDAN, "Bogdan")):
        await env.service().rsvp.answer(
            workshop_id, user, Answer.GOING, display_name=name, now=env.clock()
        )
    env.clock.now = start + timedelta(minutes=30)
    listing = await env.say(COORDINATOR, f"/attendees {workshop_id}")
    position = next(
        line.split(".", 1)[0] for line in (listing.text or "").splitlines() if "Ana" in line
    )
    listing = await env.tap_label(COORDINATOR, listing, f"{position}. came")
    screen = await env.tap_label(COORDINATOR, listing, "Follow-up")
    assert "feedback poll goes to who came 2 hours after the end" in (screen.text or "")
    screen = await env.tap_label(COORDINATOR, screen, "Poll after 24 h")
    assert "24 hours after the end" in (screen.text or "")
    screen = await env.tap_label(COORDINATOR, screen, "Poll after 2 h")

    end = start + timedelta(hours=2)
    env.clock.now = end + timedelta(hours=1)
    await env.run_job("followup:feedback")
    assert not any("Feedback" in t for t in env.bot_texts(ANA))
    env.clock.now = end + timedelta(hours=2, minutes=5)
    await env.run_job("followup:feedback")
    await env.run_job("followup:feedback")
    invitations = [t for t in env.bot_texts(ANA) if "Feedback: Green skills clinic" in t]
    assert len(invitations) == 1
    assert not any("Feedback" in t for t in env.bot_texts(BOGDAN))  # registered, did not come

    question = await env.tap_label(ANA, _with_button(env, ANA, "Start"), "Start the survey")
    assert "Overall, how was the workshop?" in (question.text or "")
    question = await env.tap_label(ANA, question, "5")
    assert "How useful was it for your work?" in (question.text or "")
    question = await env.tap_label(ANA, question, "4")
    question = await env.tap_label(ANA, question, "Meeting possible partners")
    question = await env.tap_label(ANA, question, "Next")
    summary = await env.say(ANA, "Great examples")
    assert "Thank you!" in (summary.text or "")

    listing = await env.say(COORDINATOR, "/surveys")
    assert "Feedback: Green skills clinic — open — 1 of 1 answered" in (listing.text or "")
    results = await env.tap_label(COORDINATOR, listing, "📊 #")
    assert "Average: 5.0" in (results.text or "")
    assert "Meeting possible partners: 1 (100%)" in (results.text or "")
    screen = await env.tap_label(
        COORDINATOR, await env.say(COORDINATOR, f"/attendees {workshop_id}"), "Follow-up"
    )
    assert "The feedback poll was sent" in (screen.text or "")
