"""Buttons of surveys: the coordinator's draft and results, members' answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.callbacks import Button, button
from bot.surveys.types import QuestionKind

#: ``all``/``topic``/``country``/``org_type``/``attended`` choose that audience (with
#: ``value``); ``menu`` opens one kind's list (``value`` names it); ``back`` the kinds.
SurveyAudienceStep = Literal["all", "topic", "country", "org_type", "attended", "menu", "back"]
#: What a draft's button does: add a question of a kind (``kind``), drop the last one, go on
#: to the audience, send, discard.
DraftAction = Literal["drop", "audience", "send", "discard", "questions"]

# --- the coordinator's draft -----------------------------------------------------------------


@button("uq")
@dataclass(frozen=True, slots=True)
class SurveyAdd(Button):
    """Add a question of ``kind`` to the draft."""

    survey_id: int
    kind: QuestionKind


@button("uj")
@dataclass(frozen=True, slots=True)
class SurveyDraft(Button):
    """A draft's other actions (drop the last question, audience, send, discard, back)."""

    survey_id: int
    action: DraftAction


@button("uv")
@dataclass(frozen=True, slots=True)
class SurveyAudience(Button):
    """Choose (or open the list of) the draft's audience."""

    survey_id: int
    step: SurveyAudienceStep
    value: str | None


# --- members' answers ------------------------------------------------------------------------


@button("ue")
@dataclass(frozen=True, slots=True)
class SurveyStart(Button):
    """Show the first unanswered question (or the summary when all were seen)."""

    survey_id: int


@button("uc")
@dataclass(frozen=True, slots=True)
class SurveyChoose(Button):
    """Answer a single-choice (option index) or rating (1-5) question; ``review``: the member
    came from their summary and goes back to it."""

    survey_id: int
    question_id: int
    value: int
    review: bool


@button("ut")
@dataclass(frozen=True, slots=True)
class SurveyToggle(Button):
    """Tick (``on``) or untick an option of a multiple-choice question."""

    survey_id: int
    question_id: int
    value: int
    on: bool
    review: bool


@button("un")
@dataclass(frozen=True, slots=True)
class SurveyNext(Button):
    """Done with a multiple-choice question (or skip a question: ``skip``)."""

    survey_id: int
    question_id: int
    skip: bool
    review: bool


@button("ui")
@dataclass(frozen=True, slots=True)
class SurveyChange(Button):
    """Show one question again to change the answer (from the summary)."""

    survey_id: int
    question_id: int


# --- results (coordinators) -------------------------------------------------------------------

#: ``show`` the results, draw the ``chart``, ``csv`` export, ``close`` answers.
ResultAction = Literal["show", "chart", "csv", "close"]


@button("ur")
@dataclass(frozen=True, slots=True)
class SurveyResults(Button):
    """Results of a sent survey."""

    survey_id: int
    action: ResultAction
