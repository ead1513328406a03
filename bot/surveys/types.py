"""Survey data that crosses layers (frozen records and the error)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from bot.core.errors import BotError
from bot.core.i18n import Translator
from bot.workshops.types import Rendered

QuestionKind = Literal["single", "multiple", "rating", "text"]
QUESTION_KINDS: tuple[QuestionKind, ...] = ("single", "multiple", "rating", "text")


class SurveyError(BotError):
    """A survey request that does not fit its state; ``code`` names why.

    Codes: ``unknown`` (no such survey or question), ``closed`` (answers are closed),
    ``no_draft`` (no longer a draft of this coordinator), ``empty`` (no question yet),
    ``full`` (ten questions already), ``not_member`` (the presser has not agreed to the notice).
    """

    default_code = "unknown"


@dataclass(frozen=True, slots=True)
class Question:
    """One question of a survey; ``builtin`` texts are catalog ids (the feedback poll)."""

    id: int
    position: int
    kind: QuestionKind
    text: str
    options: tuple[str, ...] = ()
    builtin: bool = False


@dataclass(frozen=True, slots=True)
class SurveyInfo:
    """A survey with its questions, as views show it."""

    id: int
    kind: str
    status: str
    title: str
    audience: str
    audience_value: str | None
    draft_step: str | None
    workshop_id: int | None
    questions: tuple[Question, ...] = ()
    sent_at: datetime | None = None
    recipients: int = 0

    @property
    def builtin(self) -> bool:
        """The ready-made feedback poll: texts are catalog ids, translated when shown."""
        return self.kind == "feedback"

    def question(self, question_id: int) -> Question | None:
        """A question of this survey by id."""
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True, slots=True)
class AnswerValue:
    """A member's answer to one question (``skipped`` when they passed it over)."""

    question_id: int
    choices: tuple[int, ...] = ()
    rating: int | None = None
    text: str | None = None
    skipped: bool = False

    @property
    def given(self) -> bool:
        """Something was answered (not skipped, not empty)."""
        return not self.skipped and (
            bool(self.choices) or self.rating is not None or bool(self.text)
        )


@dataclass(frozen=True, slots=True)
class Sheet:
    """One member's view of a survey: the survey and their answers by question id."""

    survey: SurveyInfo
    answers: dict[int, AnswerValue] = field(default_factory=dict)


class SurveyNotices(Protocol):
    """Renders what the surveys service queues (views implement it)."""

    def invitation(self, tr: Translator, survey: SurveyInfo) -> Rendered:
        """The message inviting a member to answer, with its Start button."""
        ...
