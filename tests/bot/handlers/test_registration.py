"""Registration forms, self check-in and the workshop-language audience, end to end through
the local Bot API server: a coordinator's form, members' answers with buttons and "Prefer not
to say", the sensitive consent and its withdrawal, /mydata and /forget, check-in by deep link
and by code inside and outside the window, the online link after check-in."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.buttons.participants import (
    AnyLanguage,
    CheckinScreen,
    DraftFormDone,
    DraftFormField,
    FormAnswer,
    FormConsent,
    ParticipantPage,
    WithdrawConsent,
)
from bot.buttons.settings import ForgetConfirm
from bot.buttons.workshops import EditField, MarkAttended, Publish, Rsvp
from bot.db.models import Member, Workshop, WorkshopRsvp
from bot.db.models.participants import ParticipantProfile
from bot.participants.fields import PREFER_NOT, Field
from bot.sandbox.localapi import StoredMessage
from tests.harness import ANA, BOGDAN, COORDINATOR, DAN, LUCIA, NOW, Env, running_env

PEOPLE = {
    COORDINATOR: ("Carmen", "en"),
    DAN: ("Dan", "en"),
    ANA: ("Ana", "en"),
    BOGDAN: ("Bogdan", "en"),
    LUCIA: ("Lucía", "es"),
}
START = NOW + timedelta(days=2)
LINK = "https://meet.example.org/esf"


@pytest.fixture
async def env(migrated_sqlite_url: str) -> AsyncIterator[Env]:
    async with running_env(migrated_sqlite_url, people=PEOPLE) as made:
        yield made


async def draft_at_preview(env: Env, *, language: str = "en", start: datetime = START) -> int:
    """A complete draft waiting at its preview (written through the service)."""
    authoring = env.service().authoring
    draft = await authoring.start_draft(COORDINATOR, "Carmen", language=language, now=env.clock())
    await authoring.update_draft(
        draft.id, COORDINATOR, step="preview", title="ESF+ reporting clinic",
        starts_at=start, ends_at=start + timedelta(hours=3), place="Online", url=LINK,
    )  # fmt: skip
    return draft.id


async def profile_row(env: Env, chat_id: int) -> ParticipantProfile | None:
    async with env.db.transaction() as session:
        member = await session.scalar(select(Member).where(Member.chat_id == chat_id))
        assert member is not None
        return await session.get(ParticipantProfile, member.id)


def card_of(env: Env, user: int, workshop_id: int) -> StoredMessage:
    going = Rsvp(workshop_id, "g").data
    return next(
        m
        for m in reversed(env.bot_messages(user))
        if any(b.get("callback_data") == going for b in m.buttons())
    )


async def test_a_form_answered_with_buttons_consent_withdrawal_export_and_erasure(
    env: Env,
) -> None:
    await env.member(ANA)
    await env.member(BOGDAN)
    draft_id = await draft_at_preview(env)

    # The coordinator chooses the form's fields from the preview, and the link after check-in.
    preview = await env.say(COORDINATOR, "/newworkshop")
    assert "No registration form." in (preview.text or "")
    form = await env.tap(COORDINATOR, preview, EditField(draft_id, "form").data)
    assert "Prefer not to say" in (form.text or "")
    for field in (Field.GENDER, Field.JOB_TITLE, Field.DISABILITY):
        form = await env.tap(COORDINATOR, form, DraftFormField(field, True).data)
    assert "✓ Gender" in str(form.buttons()) or "✅ Gender" in str(form.buttons())
    preview = await env.tap(COORDINATOR, form, DraftFormDone().data)
    assert "Registration form: Job title, Gender, Disability" in (preview.text or "")
    preview = await env.tap_label(COORDINATOR, preview, "Link after check-in")
    assert "Online link: given after check-in" in (preview.text or "")
    published = await env.tap(COORDINATOR, preview, Publish(draft_id, "a").data)
    assert "Published as #" in (published.text or "")
    async with env.db.transaction() as session:
        workshop = await session.scalar(select(Workshop).where(Workshop.status == "published"))
        assert workshop is not None
        assert workshop.registration_fields == ["job_title", "gender", "disability"]
        assert workshop.link_after_checkin
        workshop_id = workshop.id
    await env.delivered()

    # The announcement keeps the link for those who check in.
    card = card_of(env, ANA, workshop_id)
    assert LINK not in (card.text or "")
    assert "the link is given when you check in" in (card.text or "")

    # Going: the questions follow, one at a time.
    await env.tap(ANA, card, Rsvp(workshop_id, "g").data)
    question = env.reply(ANA)
    assert "job title" in (question.text or "")
    assert "3 questions left" in (question.text or "")
    question = await env.say(ANA, "  Project\n manager ")
    assert "gender" in (question.text or "")
    consent = await env.tap(ANA, question, FormAnswer(workshop_id, Field.GENDER, PREFER_NOT).data)
    text = consent.text or ""
    assert "only if you agree" in text
    assert "Disability" in text
    assert "below 5 hidden" in text  # why and how it is reported
    assert "withdraw" in text
    row = await profile_row(env, ANA)
    assert row is not None
    assert (row.job_title, row.gender, row.disability) == ("Project manager", PREFER_NOT, None)
    assert row.sensitive_consent_at is None  # nothing sensitive is asked before consent

    question = await env.tap(ANA, consent, FormConsent(workshop_id, True).data)
    assert "disability" in (question.text or "")
    done = await env.tap(ANA, question, FormAnswer(workshop_id, Field.DISABILITY, "yes").data)
    assert "registration is complete" in (done.text or "")
    row = await profile_row(env, ANA)
    assert row is not None
    assert row.disability == "yes"
    assert row.sensitive_consent_at is not None

    # Bogdan says no to the sensitive questions: none is asked, nothing sensitive is stored.
    await env.tap(BOGDAN, card_of(env, BOGDAN, workshop_id), Rsvp(workshop_id, "g").data)
    question = await env.tap(
        BOGDAN, env.reply(BOGDAN), FormAnswer(workshop_id, Field.JOB_TITLE, PREFER_NOT).data
    )
    consent = await env.tap(BOGDAN, question, FormAnswer(workshop_id, Field.GENDER, "male").data)
    done = await env.tap(BOGDAN, consent, FormConsent(workshop_id, False).data)
    assert "registration is complete" in (done.text or "")
    row = await profile_row(env, BOGDAN)
    assert row is not None
    assert (row.job_title, row.gender, row.disability) == (PREFER_NOT, "male", None)
    assert row.sensitive_consent_at is None
    assert row.sensitive_declined_at is not None

    # /mydata exports the answers.
    await env.say(ANA, "/mydata")
    exported = json.loads(env.file(env.reply(ANA)))
    profiles = exported["data"]["participant_profiles"]
    assert profiles[0]["job_title"] == "Project manager"
    assert profiles[0]["disability"] == "yes"

    # The review in /settings; withdrawing the consent erases the sensitive answers.
    menu = await env.say(ANA, "/settings")
    review = await env.tap(ANA, menu, ParticipantPage().data)
    assert "Project manager" in (review.text or "")
    assert "Disability: Yes" in (review.text or "")
    review = await env.tap(ANA, review, WithdrawConsent().data)
    assert "Disability" not in (review.text or "")
    row = await profile_row(env, ANA)
    assert row is not None
    assert row.disability is None
    assert row.sensitive_consent_at is None
    assert row.job_title == "Project manager"  # the rest stays

    # /forget erases the row with the member.
    confirm = await env.say(ANA, "/forget")
    await env.tap(ANA, confirm, ForgetConfirm().data)
    async with env.db.transaction() as session:
        left = (await session.scalars(select(ParticipantProfile))).all()
    assert [r.gender for r in left] == ["male"]  # only Bogdan's


async def test_a_second_workshop_asks_only_what_is_new(env: Env) -> None:
    await env.member(ANA)
    authoring = env.service().authoring
    ids = []
    for fields in (["gender"], ["gender", "age_band"]):
        draft_id = await draft_at_preview(env)
        await authoring.update_draft(
            draft_id, COORDINATOR, step="preview", registration_fields=fields
        )
        published = await authoring.publish(draft_id, COORDINATOR, audience="all", now=env.clock())
        ids.append(published.workshop.id)
    await env.delivered()
    await env.tap(ANA, card_of(env, ANA, ids[0]), Rsvp(ids[0], "g").data)
    question = env.reply(ANA)
    done = await env.tap(ANA, question, FormAnswer(ids[0], Field.GENDER, "female").data)
    assert "registration is complete" in (done.text or "")
    await env.tap(ANA, card_of(env, ANA, ids[1]), Rsvp(ids[1], "g").data)
    question = env.reply(ANA)
    assert "How old are you?" in (question.text or "")
    assert "gender" not in (question.text or "")


async def test_self_check_in_by_link_and_code_inside_and_outside_the_window(env: Env) -> None:
    for user in (ANA, BOGDAN, LUCIA, DAN):
        await env.member(user)
    start = NOW + timedelta(hours=3)
    draft_id = await draft_at_preview(env, start=start)
    authoring = env.service().authoring
    await authoring.update_draft(draft_id, COORDINATOR, step="preview", link_after_checkin=True)
    published = await authoring.publish(draft_id, COORDINATOR, audience="all", now=env.clock())
    workshop_id = published.workshop.id
    await env.delivered()
    await env.tap(BOGDAN, card_of(env, BOGDAN, workshop_id), Rsvp(workshop_id, "g").data)

    # Hours before: no check-in screen yet.
    listing = await env.say(COORDINATOR, f"/attendees {workshop_id}")
    assert CheckinScreen(workshop_id).data not in str(listing.buttons())

    env.clock.now = start - timedelta(minutes=50)
    listing = await env.say(COORDINATOR, f"/attendees {workshop_id}")
    await env.tap(COORDINATOR, listing, CheckinScreen(workshop_id).data)
    shown = env.reply(COORDINATOR)
    assert shown.photo  # the QR code image
    async with env.db.transaction() as session:
        code = (await session.get(Workshop, workshop_id)).checkin_code  # type: ignore[union-attr]
    assert code is not None
    assert code in (shown.caption or "")
    assert f"?start=ci{code}" in (shown.caption or "")

    # Too early (50 minutes before: it opens at 30).
    early = await env.say(ANA, f"/start ci{code}")
    assert "opens at" in (early.text or "")

    # In the window: Ana, who never answered, checks in by the QR link and gets the link.
    env.clock.now = start - timedelta(minutes=20)
    done = await env.say(ANA, f"/start ci{code}")
    assert "You are checked in" in (done.text or "")
    assert LINK in (done.text or "")
    # Bogdan sends the code as a message (lower case, spaced); then again with /checkin.
    done = await env.say(BOGDAN, f"{code[:3].lower()} {code[3:].lower()}")
    assert "You are checked in" in (done.text or "")
    again = await env.say(BOGDAN, f"/checkin {code}")
    assert "already checked in" in (again.text or "")
    wrong = await env.say(BOGDAN, "/checkin ZZZZZZ")
    assert "No workshop has this check-in code" in (wrong.text or "")

    async with env.db.transaction() as session:
        rows = (
            await session.execute(
                select(Member.chat_id, WorkshopRsvp.status, WorkshopRsvp.attended)
                .join(Member, Member.id == WorkshopRsvp.member_id)
                .where(WorkshopRsvp.checked_in_at.is_not(None))
                .order_by(Member.chat_id)
            )
        ).all()
    assert [tuple(r) for r in rows] == [(ANA, "going", True), (BOGDAN, "going", True)]

    # Lucía left a typed registration question pending: a real code still checks her in, and
    # a job title that merely looks like a code is kept as her answer.
    await env.service().forms.ask_again(LUCIA, Field.JOB_TITLE)
    done = await env.say(LUCIA, code)
    assert "You are checked in" in (done.text or "")
    await env.say(LUCIA, "Member")
    row = await profile_row(env, LUCIA)
    assert row is not None
    assert row.job_title == "Member"

    # The coordinator still corrects by hand.
    env.clock.now = start + timedelta(minutes=5)
    listing = await env.say(COORDINATOR, f"/attendees {workshop_id}")
    assert "Attended: 3" in (listing.text or "")
    async with env.db.transaction() as session:
        ana = await session.scalar(select(Member.id).where(Member.chat_id == ANA))
    assert ana is not None
    listing = await env.tap(COORDINATOR, listing, MarkAttended(workshop_id, ana, False).data)
    assert "Attended: 2" in (listing.text or "")

    # After the end: closed.
    env.clock.now = start + timedelta(hours=3, minutes=1)
    late = await env.say(DAN, f"/checkin {code}")
    assert "check-in is closed" in (late.text or "")


async def test_a_romanian_workshop_reaches_romanian_speakers_and_any_language(env: Env) -> None:
    await env.member(ANA, language="ro")
    await env.member(BOGDAN, language="en")
    await env.member(LUCIA, language="es")
    menu = await env.say(LUCIA, "/settings")
    assert "Workshops: any language" in str(menu.buttons()) or "🗣" in str(menu.buttons())
    menu = await env.tap(LUCIA, menu, AnyLanguage(True).data)
    profile = await env.profile(LUCIA)
    assert profile is not None
    assert profile.workshops_any_language
    workshop_id = await env.workshop("Atelier ESF+", language="ro")
    await env.delivered()
    going = Rsvp(workshop_id, "g").data

    def invited(user: int) -> bool:
        return any(
            b.get("callback_data") == going for m in env.bot_messages(user) for b in m.buttons()
        )

    assert invited(ANA)
    assert invited(LUCIA)
    assert not invited(BOGDAN)
