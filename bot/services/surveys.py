"""Surveys: composed in chat by a coordinator, sent through the outbox, answered one question
at a time, results live; the ready-made feedback poll after each workshop.

Members get an invitation with a Start button; every question is then shown by a press (or
after a free-text answer), so the answer always belongs to the member who pressed. Answers can
be changed until the survey closes. Results are counts and free texts, never names.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.conversation import SURVEY
from bot.core.i18n import Catalogs
from bot.db.models import Member
from bot.db.models.surveys import Survey
from bot.db.repositories import broadcasts as audiences
from bot.db.repositories import conversations, outbox
from bot.db.repositories import followup as followup_repo
from bot.db.repositories import surveys as repo
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing
from bot.surveys import rules
from bot.surveys.types import (
    AnswerValue,
    QuestionKind,
    Sheet,
    SurveyError,
    SurveyInfo,
    SurveyNotices,
)

#: Where a draft is (``draft_step``): its title, its questions, a question of a kind, audience,
#: preview.
TITLE, QUESTIONS, PREVIEW = "title", "questions", "preview"


class Surveys:
    """Survey use-cases for one database."""

    def __init__(
        self, db: Database, settings: Settings, catalogs: Catalogs, notices: SurveyNotices
    ) -> None:
        self.db = db
        self.settings = settings
        self.catalogs = catalogs
        self.notices = notices

    # ------------------------------------------------------------------ composing

    async def start(self, user_id: int, *, now: datetime) -> SurveyInfo:
        """A new draft waiting for its title (older drafts of the coordinator are discarded)."""
        async with self.db.transaction() as session:
            await repo.discard_drafts_of(session, user_id)
            row = Survey(kind="survey", status="draft", created_by=user_id, created_at=now)
            session.add(row)
            await session.flush()
            return await self._step(session, row, TITLE)

    async def _step(self, session: AsyncSession, row: Survey, step: str) -> SurveyInfo:
        row.draft_step = step
        if step == TITLE or step.startswith("q:"):
            await conversations.expect(session, row.created_by, SURVEY, f"d:{row.id}:{step}")
        else:
            await conversations.clear(session, row.created_by, frozenset({SURVEY}))
        return await repo.info(session, row)

    async def _own(self, session: AsyncSession, survey_id: int, user_id: int) -> Survey:
        row = await repo.get(session, survey_id)
        if row is None or row.created_by != user_id or row.status != "draft":
            raise SurveyError("no_draft")
        return row

    async def draft(self, survey_id: int, user_id: int) -> SurveyInfo | None:
        """The coordinator's draft, if it still is one."""
        async with self.db.transaction() as session:
            row = await repo.get(session, survey_id)
            if row is None or row.created_by != user_id or row.status != "draft":
                return None
            return await repo.info(session, row)

    async def set_title(self, survey_id: int, user_id: int, title: str) -> SurveyInfo:
        """The title (checked by the caller); next: questions."""
        async with self.db.transaction() as session:
            row = await self._own(session, survey_id, user_id)
            row.title = title
            return await self._step(session, row, QUESTIONS)

    async def ask_question(self, survey_id: int, user_id: int, kind: QuestionKind) -> SurveyInfo:
        """Wait for a question of ``kind`` (raises ``full`` at ten)."""
        async with self.db.transaction() as session:
            row = await self._own(session, survey_id, user_id)
            current = await repo.info(session, row)
            if len(current.questions) >= rules.QUESTIONS_MAX:
                raise SurveyError("full")
            return await self._step(session, row, f"q:{kind}")

    async def add_question(
        self, survey_id: int, user_id: int, kind: QuestionKind, text: str, options: tuple[str, ...]
    ) -> SurveyInfo:
        """A checked question at the end; back to the list of questions."""
        async with self.db.transaction() as session:
            row = await self._own(session, survey_id, user_id)
            if len((await repo.info(session, row)).questions) >= rules.QUESTIONS_MAX:
                raise SurveyError("full")
            await repo.add_question(session, row.id, kind, text, options)
            return await self._step(session, row, QUESTIONS)

    async def drop_last(self, survey_id: int, user_id: int) -> SurveyInfo:
        """Remove the last question."""
        async with self.db.transaction() as session:
            row = await self._own(session, survey_id, user_id)
            await repo.drop_last_question(session, row.id)
            return await self._step(session, row, QUESTIONS)

    async def back_to_questions(self, survey_id: int, user_id: int) -> SurveyInfo:
        """Back to the list of questions (from a question or the audience)."""
        async with self.db.transaction() as session:
            return await self._step(
                session, await self._own(session, survey_id, user_id), QUESTIONS
            )

    async def set_audience(
        self, survey_id: int, user_id: int, audience: str, value: str | None
    ) -> tuple[SurveyInfo, int]:
        """The audience; the preview comes next. Returns the draft and the recipient count."""
        async with self.db.transaction() as session:
            row = await self._own(session, survey_id, user_id)
            if not (await repo.info(session, row)).questions:
                raise SurveyError("empty")
            row.audience, row.audience_value = audience, value
            info = await self._step(session, row, PREVIEW)
            return info, len(await self._members(session, row))

    async def _members(self, session: AsyncSession, row: Survey) -> list[Member]:
        if row.kind == "feedback" and row.workshop_id is not None:
            return await followup_repo.workshop_audience(session, row.audience, row.workshop_id)
        return await audiences.audience(session, row.audience, row.audience_value)

    async def send(self, survey_id: int, user_id: int, *, now: datetime) -> int:
        """Queue the invitations; answers open. Returns the number of recipients."""
        async with self.db.transaction() as session:
            row = await self._own(session, survey_id, user_id)
            info = await repo.info(session, row)
            if not info.questions:
                raise SurveyError("empty")
            row.draft_step = None
            await conversations.clear(session, user_id, frozenset({SURVEY}))
            return await self._open(session, row, now=now)

    async def _open(self, session: AsyncSession, row: Survey, *, now: datetime) -> int:
        members = await self._members(session, row)
        row.status, row.sent_at, row.recipients = "open", now, len(members)
        info = await repo.info(session, row)
        run_id = await audiences.new_run(session, "survey", now=now)
        messages = []
        for member in members:
            rendered = self.notices.invitation(self.catalogs.get(member.language), info)
            messages.append(
                Outgoing(
                    chat_id=member.chat_id,
                    member_id=member.id,
                    kind="survey",
                    dedupe_key=_invitation_key(row.id, member.id),
                    text=rendered.text,
                    reply_markup=rendered.reply_markup,
                )
            )
        await outbox.enqueue(session, messages, now=now, run_id=run_id)
        return len(members)

    async def discard(self, survey_id: int, user_id: int) -> None:
        """Throw a draft away."""
        async with self.db.transaction() as session:
            row = await self._own(session, survey_id, user_id)
            row.status, row.draft_step = "discarded", None
            await conversations.clear(session, user_id, frozenset({SURVEY}))

    # ------------------------------------------------------------------ answering

    async def sheet(self, survey_id: int, chat_id: int) -> Sheet:
        """The survey and the member's answers.

        Raises:
            SurveyError: ``unknown`` (no such sent survey), ``not_member``.
        """
        async with self.db.transaction() as session:
            row, member = await self._answerable(session, survey_id, chat_id)
            return Sheet(
                await repo.info(session, row), await repo.answers_of(session, row.id, member.id)
            )

    async def _answerable(
        self, session: AsyncSession, survey_id: int, chat_id: int
    ) -> tuple[Survey, Member]:
        row = await repo.get(session, survey_id)
        if row is None or row.status not in {"open", "closed"}:
            raise SurveyError("unknown")
        member = await repo.member_by_chat(session, chat_id)
        if member is None:
            raise SurveyError("not_member")
        # Only members it was sent to answer it (their invitation is in the outbox).
        if not await outbox.existing_keys(session, [_invitation_key(row.id, member.id)]):
            raise SurveyError("unknown")
        return row, member

    async def answer(
        self,
        survey_id: int,
        chat_id: int,
        question_id: int,
        value: AnswerValue,
        *,
        now: datetime,
        toggle: tuple[int, bool] | None = None,
    ) -> Sheet:
        """Save (or change) an answer while the survey is open; ``toggle`` (choice, on) sets one
        option of a multiple-choice answer. Any free-text wait of the member ends.

        Raises:
            SurveyError: ``closed``, ``unknown`` (a question of another survey or a bad value).
        """
        async with self.db.transaction() as session:
            row, member = await self._answerable(session, survey_id, chat_id)
            if row.status != "open":
                raise SurveyError("closed")
            info = await repo.info(session, row)
            question = info.question(question_id)
            if question is None:
                raise SurveyError("unknown")
            answers = await repo.answers_of(session, row.id, member.id)
            if toggle is not None:
                before = answers.get(question_id)
                value = AnswerValue(
                    question_id, rules.toggled(before.choices if before else (), *toggle)
                )
            if not _fits(question.kind, len(question.options), value):
                raise SurveyError("unknown")
            await repo.save_answer(
                session,
                survey_id=row.id,
                question_id=question_id,
                member_id=member.id,
                value=value,
                now=now,
            )
            await conversations.clear(session, member.chat_id, frozenset({SURVEY}))
            answers[question_id] = value
            return Sheet(info, answers)

    async def wait_for_text(
        self, survey_id: int, chat_id: int, question_id: int, *, review: bool
    ) -> None:
        """The member's next message answers this free-text question."""
        async with self.db.transaction() as session:
            await conversations.expect(
                session, chat_id, SURVEY, f"a:{survey_id}:{question_id}:{int(review)}"
            )

    # ------------------------------------------------------------------ results

    async def close(self, survey_id: int, *, now: datetime) -> SurveyInfo:
        """No more answers or changes."""
        async with self.db.transaction() as session:
            row = await repo.get(session, survey_id)
            if row is None or row.status not in {"open", "closed"}:
                raise SurveyError("unknown")
            if row.status == "open":
                row.status, row.closed_at = "closed", now
            return await repo.info(session, row)

    async def results(self, survey_id: int) -> tuple[SurveyInfo, list[AnswerValue], int]:
        """A sent survey, every answer (anonymous) and how many members answered."""
        async with self.db.transaction() as session:
            row = await repo.get(session, survey_id)
            if row is None or row.status not in {"open", "closed"}:
                raise SurveyError("unknown")
            counted = await repo.respondents(session, [row.id])
            return (
                await repo.info(session, row),
                await repo.all_answers(session, row.id),
                counted.get(row.id, 0),
            )

    async def listing(self) -> list[tuple[SurveyInfo, int]]:
        """Sent surveys with how many members answered each."""
        async with self.db.transaction() as session:
            rows = await repo.listed(session)
            counted = await repo.respondents(session, [r.id for r in rows])
            return [(await repo.info(session, r), counted.get(r.id, 0)) for r in rows]

    # ------------------------------------------------------------------ feedback polls

    async def queue_feedback_polls(self, *, now: datetime) -> int:
        """Open the feedback poll of every workshop whose delay after its end has come (each
        once: one poll per workshop); returns how many members were invited."""
        default = self.settings.schedule.feedback_poll_hours
        horizon = timedelta(hours=24 * 14) + rules.FEEDBACK_WINDOW
        invited = 0
        async with self.db.transaction() as session:
            for workshop in await repo.ended_without_poll(session, now=now, within=horizon):
                hours = default if workshop.feedback_hours is None else workshop.feedback_hours
                if not rules.feedback_due(ends_at=workshop.ends_at, hours=hours, now=now):
                    continue
                came = await repo.any_attended(session, workshop.id)
                row = Survey(
                    kind="feedback",
                    status="draft",
                    title=workshop.title,
                    created_by=workshop.created_by,
                    audience="attended" if came else "registered",
                    audience_value=str(workshop.id),
                    workshop_id=workshop.id,
                    created_at=now,
                )
                session.add(row)
                await session.flush()
                for kind, text, options in rules.FEEDBACK:
                    await repo.add_question(session, row.id, kind, text, options)
                invited += await self._open(session, row, now=now)
        return invited


def _invitation_key(survey_id: int, member_id: int) -> str:
    """The outbox key of a member's invitation: its presence is what lets them answer."""
    return f"survey:{survey_id}:{member_id}"


def _fits(kind: str, options: int, value: AnswerValue) -> bool:
    """The value answers a question of ``kind`` (a forged press gives none that fits)."""
    if value.skipped:
        return not value.choices and value.rating is None and value.text is None
    if kind == "single":
        return len(value.choices) == 1 and 0 <= value.choices[0] < options
    if kind == "multiple":
        return all(0 <= c < options for c in value.choices) and value.rating is None
    if kind == "rating":
        return value.rating in rules.RATINGS and not value.choices
    return value.text is not None and not value.choices and value.rating is None
