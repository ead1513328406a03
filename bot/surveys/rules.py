"""Pure rules of surveys: reading a typed question, moving between questions, the feedback poll."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.i18n import N_
from bot.surveys.types import AnswerValue, QuestionKind, SurveyInfo

QUESTIONS_MAX = 10
TITLE_MIN, TITLE_MAX = 3, 200
QUESTION_MAX = 300
OPTION_MAX = 60
OPTIONS_MIN, OPTIONS_MAX = 2, 8
ANSWER_MAX = 1000
RATINGS = (1, 2, 3, 4, 5)
#: A feedback poll is sent within this long of its due time, never later.
FEEDBACK_WINDOW = timedelta(days=7)

#: The ready-made feedback poll: (kind, question, options), catalog ids shown translated.
FEEDBACK: tuple[tuple[QuestionKind, str, tuple[str, ...]], ...] = (
    ("rating", N_("Overall, how was the workshop?"), ()),
    ("rating", N_("How useful was it for your work?"), ()),
    (
        "multiple",
        N_("What should come next?"),
        (
            N_("A follow-up session on the same topic"),
            N_("Help with a concrete application"),
            N_("Meeting possible partners"),
            N_("A workshop on another topic"),
        ),
    ),
    ("text", N_("Anything else you would like to tell us?"), ()),
)


def parse_question(kind: QuestionKind, text: str) -> tuple[str, tuple[str, ...]] | str:
    """A question typed by a coordinator: the first line is the question, each further line an
    option (choice questions only). Returns (question, options) or a problem code:
    ``length`` (question), ``options`` (2-8 needed), ``option_length``, ``duplicate``."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines or not 3 <= len(lines[0]) <= QUESTION_MAX:
        return "length"
    question, options = lines[0], tuple(lines[1:])
    if kind not in {"single", "multiple"}:
        return question, ()
    if not OPTIONS_MIN <= len(options) <= OPTIONS_MAX:
        return "options"
    if any(len(option) > OPTION_MAX for option in options):
        return "option_length"
    if len({option.casefold() for option in options}) != len(options):
        return "duplicate"
    return question, options


def clean_title(text: str) -> str | None:
    """A survey title with spaces tidied, or None when too short or long."""
    cleaned = " ".join(text.split())
    return cleaned if TITLE_MIN <= len(cleaned) <= TITLE_MAX else None


def clean_answer(text: str) -> str | None:
    """A free-text answer, or None when empty or too long."""
    cleaned = text.strip()
    return cleaned if 0 < len(cleaned) <= ANSWER_MAX else None


def next_question(
    survey: SurveyInfo, answered: dict[int, AnswerValue], after: int | None
) -> int | None:
    """The question to show after question ``after`` (None: from the start): the next one in
    order not yet answered or skipped; None when every question has been seen."""
    order = [q.id for q in sorted(survey.questions, key=lambda q: q.position)]
    start = 0 if after is None or after not in order else order.index(after) + 1
    for question_id in order[start:]:
        if question_id not in answered:
            return question_id
    return None


def toggled(choices: tuple[int, ...], choice: int, on: bool) -> tuple[int, ...]:
    """A multiple-choice answer with ``choice`` set or cleared (the target state: a repeated
    press changes nothing)."""
    chosen = set(choices)
    if on:
        chosen.add(choice)
    else:
        chosen.discard(choice)
    return tuple(sorted(chosen))


def feedback_due(*, ends_at: datetime | None, hours: int, now: datetime) -> bool:
    """A workshop's feedback poll is due ``hours`` after its end (0: never), for a week."""
    if ends_at is None or hours <= 0:
        return False
    due = ends_at + timedelta(hours=hours)
    return due <= now < due + FEEDBACK_WINDOW
