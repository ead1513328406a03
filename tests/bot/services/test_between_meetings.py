"""Follow-up, surveys and proposals on SQLite and PostgreSQL: the queries, the once-only rules,
the refusals, and what /mydata and /forget do with the member's part."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.config import Settings, parse_settings
from bot.core.i18n import Catalogs
from bot.db.models.followup import ActionItem
from bot.db.models.proposals import ProposalVote
from bot.db.models.surveys import SurveyAnswer
from bot.db.session import Database
from bot.followup.types import FollowUpError
from bot.proposals.types import ProposalError
from bot.services.followup import FollowUps
from bot.services.members import Members
from bot.services.proposals import Proposals
from bot.services.surveys import Surveys
from bot.services.workshops import Workshops
from bot.surveys.types import AnswerValue, SurveyError
from bot.views.followup import ACTION_NOTICES
from bot.views.proposals import PROPOSAL_NOTICES
from bot.views.surveys.answer import SURVEY_NOTICES
from bot.views.workshops import NOTICES
from bot.workshops.seats import Answer
from tests.harness import add_member, publish_workshop

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
COORDINATOR, ANA, BOGDAN = 9000, 1000, 2000
CATALOGS = Catalogs(["en", "ro", "es"], "en")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return parse_settings({"telegram": {"admin_ids": [COORDINATOR]}}, environ={}, base_dir=tmp_path)


async def _workshop_with_attendees(db: Database, settings: Settings) -> int:
    for chat in (ANA, BOGDAN):
        await add_member(db, settings, chat, now=NOW, org_name=f"Org {chat}")
    workshops = Workshops(db, settings, CATALOGS, NOTICES)
    workshop_id = await publish_workshop(
        workshops, "Clinic", now=NOW, starts_at=NOW + timedelta(days=1)
    )
    for chat in (ANA, BOGDAN):
        await workshops.rsvp.answer(
            workshop_id, chat, Answer.GOING, display_name=str(chat), now=NOW
        )
    return workshop_id


async def test_next_steps_open_remind_once_and_go_with_their_owner(
    db: Database, settings: Settings
) -> None:
    workshop_id = await _workshop_with_attendees(db, settings)
    followups = FollowUps(db, settings, CATALOGS, ACTION_NOTICES)
    with pytest.raises(FollowUpError, match="not_started"):
        await followups.new_action(COORDINATOR, workshop_id, now=NOW)
    after = NOW + timedelta(days=1, hours=3)
    item = await followups.new_action(COORDINATOR, workshop_id, now=after)
    _, candidates = await followups.set_text(item.id, COORDINATOR, "Draft the proposal")
    assert sorted(c.org_name for c in candidates) == ["Org 1000", "Org 2000"]
    ana = next(c for c in candidates if c.org_name == "Org 1000")
    await followups.set_owner(item.id, COORDINATOR, ana.member_id)
    assert await followups.open_action(item.id, COORDINATOR, "2026-11-01", now=after) == "past"
    opened = await followups.open_action(item.id, COORDINATOR, "2026-12-01", now=after)
    assert not isinstance(opened, str)
    assert opened.due_at == datetime(2026, 12, 1, 22, 0, tzinfo=UTC)
    with pytest.raises(FollowUpError, match="not_owner"):
        await followups.mark_done(opened.id, BOGDAN, coordinator=False, now=after)

    reminder_time = datetime(2026, 11, 30, 7, 30, tzinfo=UTC)
    assert await followups.queue_reminders(now=reminder_time) == 1
    assert await followups.queue_reminders(now=reminder_time) == 0
    assert await followups.overdue(now=datetime(2026, 12, 1, 21, 0, tzinfo=UTC)) == []
    late = await followups.overdue(now=datetime(2026, 12, 2, 8, 0, tzinfo=UTC))
    assert [i.text for i in late] == ["Draft the proposal"]
    assert [i.id for i in await followups.open_for(ANA)] == [opened.id]

    members = Members(db, settings)
    exported = await members.export(ANA)
    assert "Draft the proposal" in str(exported)
    await members.forget(ANA)
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(ActionItem)) == 0


async def test_a_survey_is_answered_only_by_its_recipients_within_its_rules(
    db: Database, settings: Settings
) -> None:
    for chat in (ANA, BOGDAN):
        await add_member(db, settings, chat, now=NOW)
    surveys = Surveys(db, settings, CATALOGS, SURVEY_NOTICES)
    draft = await surveys.start(COORDINATOR, now=NOW)
    await surveys.set_title(draft.id, COORDINATOR, "Needs")
    with pytest.raises(SurveyError, match="empty"):
        await surveys.set_audience(draft.id, COORDINATOR, "all", None)
    await surveys.ask_question(draft.id, COORDINATOR, "single")
    await surveys.add_question(draft.id, COORDINATOR, "single", "Which?", ("A", "B"))
    await surveys.ask_question(draft.id, COORDINATOR, "multiple")
    survey = await surveys.add_question(draft.id, COORDINATOR, "multiple", "What?", ("X", "Y"))
    _, count = await surveys.set_audience(draft.id, COORDINATOR, "all", None)
    assert count == 2
    assert await surveys.send(draft.id, COORDINATOR, now=NOW) == 2
    single, multiple = survey.questions

    # A value that does not fit its question is refused before anything is written.
    for bad in (AnswerValue(single.id, choices=(2,)), AnswerValue(single.id, rating=3)):
        with pytest.raises(SurveyError):
            await surveys.answer(draft.id, ANA, single.id, bad, now=NOW)
    await surveys.answer(draft.id, ANA, single.id, AnswerValue(single.id, choices=(1,)), now=NOW)
    await surveys.answer(draft.id, ANA, single.id, AnswerValue(single.id, choices=(0,)), now=NOW)
    sheet = await surveys.answer(
        draft.id, ANA, multiple.id, AnswerValue(multiple.id), now=NOW, toggle=(1, True)
    )
    assert sheet.answers[multiple.id].choices == (1,)
    await surveys.answer(draft.id, BOGDAN, single.id, AnswerValue(single.id, skipped=True), now=NOW)

    info, answers, respondents = await surveys.results(draft.id)
    assert info.status == "open"
    assert respondents == 2
    assert sorted(a.choices for a in answers if a.question_id == single.id) == [(), (0,)]
    listing = await surveys.listing()
    assert [(s.id, n) for s, n in listing] == [(draft.id, 2)]

    await surveys.close(draft.id, now=NOW)
    with pytest.raises(SurveyError, match="closed"):
        await surveys.answer(
            draft.id, ANA, single.id, AnswerValue(single.id, choices=(1,)), now=NOW
        )
    await Members(db, settings).forget(ANA)
    async with db.transaction() as session:
        left = await session.scalar(select(func.count()).select_from(SurveyAnswer))
    assert left == 1


async def test_one_feedback_poll_per_workshop(db: Database, settings: Settings) -> None:
    workshop_id = await _workshop_with_attendees(db, settings)
    surveys = Surveys(db, settings, CATALOGS, SURVEY_NOTICES)
    end = NOW + timedelta(days=1, hours=2)
    assert await surveys.queue_feedback_polls(now=end + timedelta(hours=1)) == 0
    assert await surveys.queue_feedback_polls(now=end + timedelta(hours=2)) == 2
    assert await surveys.queue_feedback_polls(now=end + timedelta(hours=3)) == 0
    [(poll, _)] = await surveys.listing()
    assert (poll.kind, poll.workshop_id, poll.audience) == ("feedback", workshop_id, "registered")
    assert [q.kind for q in poll.questions] == ["rating", "rating", "multiple", "text"]


async def test_votes_are_one_per_member_and_a_proposal_becomes_one_draft(
    db: Database, settings: Settings
) -> None:
    for chat in (ANA, BOGDAN):
        await add_member(db, settings, chat, now=NOW)
    proposals = Proposals(db, settings, CATALOGS, PROPOSAL_NOTICES)
    proposal_id = await proposals.start(ANA, "present", display_name="Ana", now=NOW)
    await proposals.set_topic(proposal_id, ANA, "Green skills")
    await proposals.finish(proposal_id, ANA, "", now=NOW)
    with pytest.raises(ProposalError, match="own"):
        await proposals.vote(proposal_id, ANA, True, now=NOW)
    for _ in range(2):
        await proposals.vote(proposal_id, BOGDAN, True, now=NOW)
    [seen] = await proposals.ranked_for(BOGDAN)
    assert (seen.votes, seen.voted, seen.mine) == (1, True, False)
    claimed = await proposals.claim(proposal_id, now=NOW)
    assert claimed.credit == "Ana"
    with pytest.raises(ProposalError, match="drafted"):
        await proposals.claim(proposal_id, now=NOW)
    with pytest.raises(ProposalError, match="drafted"):
        await proposals.vote(proposal_id, BOGDAN, False, now=NOW)
    assert await proposals.ranked_for(BOGDAN) == []
    await Members(db, settings).forget(BOGDAN)
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(ProposalVote)) == 0
