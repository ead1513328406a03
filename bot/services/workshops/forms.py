"""Registration forms: asking a person the fields a workshop's form wants, once per person,
the sensitive ones only with their explicit consent; their review, withdrawal and erasure."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import PARTICIPANT, Waiting
from bot.core.errors import Stale
from bot.db.models import Member
from bot.db.models.participants import ParticipantProfile
from bot.db.repositories import conversations
from bot.db.repositories import participants as repo
from bot.db.repositories import workshops as workshops_repo
from bot.participants.fields import FREE_TEXT, PREFER_NOT, SENSITIVE, Field
from bot.participants.form import Answers, Ask, Question, clean_text, next_question, valid
from bot.services.workshops.notices import Context
from bot.workshops.types import WorkshopError

#: ``workshop_id`` of a question asked from /profile (not for a workshop).
FROM_PROFILE = 0


class Forms:
    """A person's registration answers (``participant_profiles``)."""

    def __init__(self, ctx: Context) -> None:
        self.db = ctx.db

    async def _member(self, session: AsyncSession, chat_id: int) -> Member:
        member = await workshops_repo.member_by_chat(session, chat_id)
        if member is None or member.consented_at is None:
            raise WorkshopError("not_member")
        return member

    async def _form(self, session: AsyncSession, workshop_id: int) -> tuple[str, ...]:
        if workshop_id == FROM_PROFILE:
            return ()
        row = await workshops_repo.get(session, workshop_id)
        return tuple(row.registration_fields or ()) if row is not None else ()

    async def _next(
        self, session: AsyncSession, chat_id: int, workshop_id: int, answers: Answers
    ) -> Question | None:
        """The next question, the chat waiting for typed text when it is a free-text one."""
        question = next_question(await self._form(session, workshop_id), answers)
        if isinstance(question, Ask) and question.field in FREE_TEXT:
            await conversations.expect(
                session, chat_id, PARTICIPANT, f"{workshop_id}:{question.field.value}"
            )
        else:
            await conversations.clear(session, chat_id, frozenset({PARTICIPANT}))
        return question

    async def start(self, chat_id: int, workshop_id: int) -> Question | None:
        """The first question still unanswered for a workshop's form (None: nothing to ask)."""
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            answers = repo.answers(await repo.profile(session, member.id))
            return await self._next(session, chat_id, workshop_id, answers)

    async def answer(
        self, chat_id: int, workshop_id: int, field: Field, value: str, *, now: datetime
    ) -> Question | None:
        """Store one answer (a button's code, ``prefer_not``, or typed text already read by
        :func:`clean_typed`) and return the next question of the workshop's form.

        Raises:
            Stale: the answer does not fit the field (or a sensitive one without consent).
        """
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            row = await repo.ensure(session, member.id, now)
            if not valid(field, value, consented=row.sensitive_consent_at is not None):
                raise Stale(f"{value!r} is not an answer to {field}")
            setattr(row, field.value, value)
            row.updated_at = now
            await session.flush()
            return await self._next(session, chat_id, workshop_id, repo.answers(row))

    async def consent(
        self, chat_id: int, workshop_id: int, give: bool, *, now: datetime
    ) -> Question | None:
        """Agree (``give``) to the sensitive questions, or decline them (not asked again)."""
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            row = await repo.ensure(session, member.id, now)
            if give:
                row.sensitive_consent_at = row.sensitive_consent_at or now
                row.sensitive_declined_at = None
            else:
                _erase_sensitive(row)
                row.sensitive_declined_at = now
            row.updated_at = now
            await session.flush()
            return await self._next(session, chat_id, workshop_id, repo.answers(row))

    async def review(self, chat_id: int) -> Answers:
        """What the person answered, for /profile."""
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            return repo.answers(await repo.profile(session, member.id))

    async def ask_again(self, chat_id: int, field: Field) -> Answers:
        """Answer one field again from /profile (typed fields: the chat waits for the text).

        Raises:
            Stale: a sensitive field without consent.
        """
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            answers = repo.answers(await repo.profile(session, member.id))
            if field in SENSITIVE and not answers.consented:
                raise Stale(f"{field} needs the sensitive consent")
            if field in FREE_TEXT:
                await conversations.expect(
                    session, chat_id, PARTICIPANT, f"{FROM_PROFILE}:{field.value}"
                )
            return answers

    async def withdraw(self, chat_id: int, *, now: datetime) -> Answers:
        """Withdraw the sensitive consent: the sensitive answers are erased at once."""
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            row = await repo.profile(session, member.id)
            if row is not None:
                _erase_sensitive(row)
                row.sensitive_declined_at = now
                row.updated_at = now
                await session.flush()
            return repo.answers(row)

    async def reopen_sensitive(self, chat_id: int) -> None:
        """Forget an earlier "no" so the consent screen is shown again."""
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            row = await repo.profile(session, member.id)
            if row is not None:
                row.sensitive_declined_at = None

    async def erase(self, chat_id: int) -> None:
        """Erase every registration answer and the consent."""
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            row = await repo.profile(session, member.id)
            if row is not None:
                await session.delete(row)
            await conversations.clear(session, chat_id, frozenset({PARTICIPANT}))


def _erase_sensitive(row: ParticipantProfile) -> None:
    for field in SENSITIVE:
        setattr(row, field.value, None)
    row.sensitive_consent_at = None


def clean_typed(text: str) -> str | None:
    """A typed answer to a free-text question: the cleaned line, or None when unusable."""
    return clean_text(text)


def parse_waiting(waiting: Waiting) -> tuple[int, Field] | None:
    """The workshop and field a ``participant`` state waits on."""
    if waiting.kind != PARTICIPANT or waiting.ref is None:
        return None
    head, _, name = waiting.ref.partition(":")
    try:
        field = Field(name)
    except ValueError:
        return None
    return (int(head), field) if head.isdigit() and field in FREE_TEXT else None


__all__ = ["FROM_PROFILE", "PREFER_NOT", "Forms", "clean_typed", "parse_waiting"]
