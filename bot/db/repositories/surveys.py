"""Survey queries: drafts, questions, members' answers, due feedback polls.

Functions take the caller's session and never commit; the surveys service owns the
transactions. Datetimes are aware UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Workshop, WorkshopRsvp
from bot.db.models.surveys import Survey, SurveyAnswer, SurveyQuestion
from bot.surveys.types import AnswerValue, Question, QuestionKind, SurveyInfo

_KINDS: dict[str, QuestionKind] = {
    "single": "single",
    "multiple": "multiple",
    "rating": "rating",
    "text": "text",
}


def question_of(row: SurveyQuestion, *, builtin: bool) -> Question:
    """A frozen question."""
    return Question(
        row.id, row.position, _KINDS[row.kind], row.text, tuple(row.options or ()), builtin
    )


async def info(session: AsyncSession, row: Survey) -> SurveyInfo:
    """A frozen survey with its questions in order."""
    questions = (
        await session.scalars(
            select(SurveyQuestion)
            .where(SurveyQuestion.survey_id == row.id)
            .order_by(SurveyQuestion.position)
        )
    ).all()
    builtin = row.kind == "feedback"
    return SurveyInfo(
        id=row.id,
        kind=row.kind,
        status=row.status,
        title=row.title,
        audience=row.audience,
        audience_value=row.audience_value,
        draft_step=row.draft_step,
        workshop_id=row.workshop_id,
        questions=tuple(question_of(q, builtin=builtin) for q in questions),
        sent_at=row.sent_at,
        recipients=row.recipients,
    )


async def get(session: AsyncSession, survey_id: int) -> Survey | None:
    """A survey by id."""
    return await session.get(Survey, survey_id)


async def discard_drafts_of(session: AsyncSession, user_id: int) -> None:
    """Every open draft of ``user_id`` is discarded."""
    await session.execute(
        update(Survey)
        .where(Survey.created_by == user_id, Survey.status == "draft")
        .values(status="discarded", draft_step=None)
    )


async def add_question(
    session: AsyncSession, survey_id: int, kind: str, text: str, options: Sequence[str]
) -> SurveyQuestion:
    """A question at the end of the survey."""
    position = await session.scalar(
        select(func.count())
        .select_from(SurveyQuestion)
        .where(SurveyQuestion.survey_id == survey_id)
    )
    row = SurveyQuestion(
        survey_id=survey_id,
        position=int(position or 0),
        kind=kind,
        text=text,
        options=list(options),
    )
    session.add(row)
    await session.flush()
    return row


async def drop_last_question(session: AsyncSession, survey_id: int) -> None:
    """Remove the survey's last question (if any)."""
    row = await session.scalar(
        select(SurveyQuestion)
        .where(SurveyQuestion.survey_id == survey_id)
        .order_by(SurveyQuestion.position.desc())
        .limit(1)
    )
    if row is not None:
        await session.delete(row)
        await session.flush()


def value_of(row: SurveyAnswer) -> AnswerValue:
    """A frozen answer."""
    return AnswerValue(row.question_id, tuple(row.choices or ()), row.rating, row.text, row.skipped)


async def answers_of(
    session: AsyncSession, survey_id: int, member_id: int
) -> dict[int, AnswerValue]:
    """One member's answers to a survey, by question id."""
    rows = (
        await session.scalars(
            select(SurveyAnswer).where(
                SurveyAnswer.survey_id == survey_id, SurveyAnswer.member_id == member_id
            )
        )
    ).all()
    return {row.question_id: value_of(row) for row in rows}


async def all_answers(session: AsyncSession, survey_id: int) -> list[AnswerValue]:
    """Every answer to a survey (without who gave it)."""
    rows = await session.scalars(select(SurveyAnswer).where(SurveyAnswer.survey_id == survey_id))
    return [value_of(row) for row in rows.all()]


async def respondents(session: AsyncSession, survey_ids: Sequence[int]) -> dict[int, int]:
    """Members who answered at least one question, per survey."""
    if not survey_ids:
        return {}
    rows = await session.execute(
        select(SurveyAnswer.survey_id, func.count(func.distinct(SurveyAnswer.member_id)))
        .where(SurveyAnswer.survey_id.in_(list(survey_ids)))
        .group_by(SurveyAnswer.survey_id)
    )
    return {survey_id: int(n) for survey_id, n in rows.all()}


async def save_answer(
    session: AsyncSession,
    *,
    survey_id: int,
    question_id: int,
    member_id: int,
    value: AnswerValue,
    now: datetime,
) -> None:
    """Write (or replace) a member's answer to a question."""
    row = await session.get(SurveyAnswer, (question_id, member_id))
    if row is None:
        row = SurveyAnswer(question_id=question_id, member_id=member_id, survey_id=survey_id)
        session.add(row)
    row.choices = list(value.choices)
    row.rating = value.rating
    row.text = value.text
    row.skipped = value.skipped
    row.answered_at = now
    await session.flush()


async def member_by_chat(session: AsyncSession, chat_id: int) -> Member | None:
    """A consented member by chat id."""
    found: Member | None = await session.scalar(
        select(Member).where(Member.chat_id == chat_id, Member.consented_at.is_not(None))
    )
    return found


async def listed(session: AsyncSession, limit: int = 20) -> list[Survey]:
    """Sent surveys (open first, newest first)."""
    rows = await session.scalars(
        select(Survey)
        .where(Survey.status.in_(("open", "closed")))
        .order_by(Survey.status.desc(), Survey.sent_at.desc(), Survey.id.desc())
        .limit(limit)
    )
    return list(rows.all())


async def sent_between(session: AsyncSession, start: datetime, end: datetime) -> list[Survey]:
    """Surveys sent in ``[start, end)``, oldest first (the report's period)."""
    rows = await session.scalars(
        select(Survey)
        .where(
            Survey.status.in_(("open", "closed")),
            Survey.sent_at >= start,
            Survey.sent_at < end,
        )
        .order_by(Survey.sent_at, Survey.id)
    )
    return list(rows.all())


async def ended_without_poll(
    session: AsyncSession, *, now: datetime, within: timedelta
) -> list[Workshop]:
    """Published workshops that ended within ``within`` before ``now`` and have no feedback
    poll yet."""
    polled = select(Survey.workshop_id).where(Survey.workshop_id.is_not(None))
    rows = await session.scalars(
        select(Workshop)
        .where(
            Workshop.status == "published",
            Workshop.edits_id.is_(None),
            Workshop.ends_at <= now,
            Workshop.ends_at > now - within,
            Workshop.id.not_in(polled),
        )
        .order_by(Workshop.ends_at)
    )
    return list(rows.all())


async def any_attended(session: AsyncSession, workshop_id: int) -> bool:
    """Attendance was marked for somebody at the workshop."""
    found = await session.scalar(
        select(WorkshopRsvp.member_id)
        .where(WorkshopRsvp.workshop_id == workshop_id, WorkshopRsvp.attended.is_(True))
        .limit(1)
    )
    return found is not None
