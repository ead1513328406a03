"""Survey results as pure functions: tallies per question and rows for a CSV or a report sheet.

Results never name members: choices and ratings are counted, free-text answers are listed
without who wrote them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.surveys.rules import RATINGS
from bot.surveys.types import AnswerValue, Question, SurveyInfo


@dataclass(frozen=True, slots=True)
class Tally:
    """One question's results: counts per option (ratings 1-5 as options), who answered,
    who skipped, the mean rating and the free texts."""

    question: Question
    labels: tuple[str, ...]
    counts: tuple[int, ...]
    answered: int
    skipped: int
    mean: float | None
    texts: tuple[str, ...]

    def percent(self, index: int) -> int:
        """The share of those who answered who chose option ``index``, rounded."""
        return round(100 * self.counts[index] / self.answered) if self.answered else 0


def tally(
    survey: SurveyInfo,
    answers: Sequence[AnswerValue],
    translate: Callable[[str], str] = str,
) -> list[Tally]:
    """Every question's results; ``translate`` shows built-in texts in the reader's language."""
    found = []
    for question in sorted(survey.questions, key=lambda q: q.position):
        mine = [a for a in answers if a.question_id == question.id]
        given = [a for a in mine if a.given]
        skipped = len(mine) - len(given)
        labels: tuple[str, ...] = ()
        counts: tuple[int, ...] = ()
        mean = None
        texts: tuple[str, ...] = ()
        if question.kind in {"single", "multiple"}:
            labels = tuple(translate(o) if question.builtin else o for o in question.options)
            counts = tuple(sum(1 for a in given if i in a.choices) for i in range(len(labels)))
        elif question.kind == "rating":
            labels = tuple(str(r) for r in RATINGS)
            counts = tuple(sum(1 for a in given if a.rating == r) for r in RATINGS)
            ratings = [a.rating for a in given if a.rating is not None]
            mean = sum(ratings) / len(ratings) if ratings else None
        else:
            texts = tuple(a.text for a in given if a.text)
        found.append(Tally(question, labels, counts, len(given), skipped, mean, texts))
    return found


HEADER = (
    "survey_id",
    "survey",
    "question_no",
    "question",
    "kind",
    "option",
    "count",
    "percent",
    "answered",
    "skipped",
    "text_answer",
)


def rows(
    survey: SurveyInfo, answers: Sequence[AnswerValue], translate: Callable[[str], str] = str
) -> list[list[str]]:
    """The results as table rows (header first): one row per option of a choice or rating
    question, one per free-text answer. For the CSV export and the funder's report."""
    table = [list(HEADER)]
    for result in tally(survey, answers, translate):
        question = result.question
        text = translate(question.text) if question.builtin else question.text
        base = [str(survey.id), survey.title, str(question.position + 1), text, question.kind]
        common = [str(result.answered), str(result.skipped)]
        for index, label in enumerate(result.labels):
            count = str(result.counts[index])
            table.append([*base, label, count, str(result.percent(index)), *common, ""])
        for answer in result.texts:
            table.append([*base, "", "", "", *common, answer])
        if not result.labels and not result.texts:
            table.append([*base, "", "", "", *common, ""])
    return table
