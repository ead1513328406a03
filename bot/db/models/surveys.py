"""Tables of surveys: the questions, who was asked, and their answers (personal data)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class Survey(Base):
    """A coordinator's survey, from draft to open (sent) to closed.

    ``kind``: ``survey`` (composed in chat) or ``feedback`` (the ready-made poll sent after a
    workshop, whose questions are catalog texts shown in each member's language).
    ``audience``: all | topic | country | org_type | attended | registered, with
    ``audience_value`` (a workshop id for the last two).
    """

    __tablename__ = "surveys"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'open', 'closed', 'discarded')", name="status"),
        CheckConstraint("kind IN ('survey', 'feedback')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), default="survey")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    title: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int] = mapped_column(BigInteger)
    audience: Mapped[str] = mapped_column(String(12), default="all")
    audience_value: Mapped[str | None] = mapped_column(String(32))
    #: The workshop a feedback poll is about (one poll per workshop).
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), unique=True
    )
    #: In a draft: what the bot waits for ("title", "q:single", ...).
    draft_step: Mapped[str | None] = mapped_column(String(24))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    recipients: Mapped[int] = mapped_column(default=0, server_default="0")


class SurveyQuestion(Base):
    """One question: ``kind`` single | multiple | rating | text; ``options`` for choices."""

    __tablename__ = "survey_questions"
    __table_args__ = (
        CheckConstraint("kind IN ('single', 'multiple', 'rating', 'text')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(String(300))
    options: Mapped[list[str]] = mapped_column(JSON, default=list)


class SurveyAnswer(Base):
    """A member's answer to one question (``skipped`` when they passed it over).

    ``choices``: option indexes (single, multiple), ``rating`` 1-5, ``text`` free text.
    """

    __tablename__ = "survey_answers"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    choices: Mapped[list[int]] = mapped_column(JSON, default=list)
    rating: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)
    skipped: Mapped[bool] = mapped_column(default=False)
    answered_at: Mapped[datetime]
