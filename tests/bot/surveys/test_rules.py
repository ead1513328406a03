"""Survey rules: typed questions, the order of questions, toggles, the feedback poll's moment,
and results that count without naming anyone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.surveys.results import HEADER, rows, tally
from bot.surveys.rules import feedback_due, next_question, parse_question, toggled
from bot.surveys.types import AnswerValue, Question, SurveyInfo

SURVEY = SurveyInfo(
    1, "survey", "open", "Needs", "all", None, None, None,
    (
        Question(10, 0, "single", "Which?", ("A", "B")),
        Question(11, 1, "multiple", "What?", ("X", "Y", "Z")),
        Question(12, 2, "rating", "How?"),
        Question(13, 3, "text", "Else?"),
    ),
)  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("single", "Which?\nA\nB", ("Which?", ("A", "B"))),
        ("multiple", "  What   now? \n\n X \nY\n", ("What now?", ("X", "Y"))),
        ("rating", "How good?\nignored", ("How good?", ())),
        ("text", "Anything else?", ("Anything else?", ())),
        ("single", "Which?\nA", "options"),
        ("single", "Which?\n" + "\n".join(str(i) for i in range(9)), "options"),
        ("single", "Which?\nA\na", "duplicate"),
        ("single", "Which?\nA\n" + "b" * 61, "option_length"),
        ("text", "?", "length"),
        ("text", "", "length"),
    ],
)
def test_typed_questions(kind: str, text: str, expected: object) -> None:
    assert parse_question(kind, text) == expected  # type: ignore[arg-type]


def test_the_next_question_is_the_first_not_yet_seen_after_this_one() -> None:
    assert next_question(SURVEY, {}, None) == 10
    seen = {10: AnswerValue(10, choices=(0,)), 12: AnswerValue(12, skipped=True)}
    assert next_question(SURVEY, seen, 10) == 11
    assert next_question(SURVEY, seen, 11) == 13
    assert next_question(SURVEY, {**seen, 13: AnswerValue(13, text="x")}, 11) is None


@given(st.lists(st.tuples(st.integers(0, 5), st.booleans()), max_size=20))
def test_toggles_reach_their_target_state_whatever_the_order(
    presses: list[tuple[int, bool]],
) -> None:
    choices: tuple[int, ...] = ()
    for choice, on in presses:
        choices = toggled(choices, choice, on)
        assert (choice in choices) is on
        assert list(choices) == sorted(set(choices))


def test_the_feedback_poll_is_due_after_its_delay_for_a_week() -> None:
    end = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    assert not feedback_due(ends_at=end, hours=2, now=end + timedelta(hours=1, minutes=59))
    assert feedback_due(ends_at=end, hours=2, now=end + timedelta(hours=2))
    assert not feedback_due(ends_at=end, hours=2, now=end + timedelta(days=7, hours=2))
    assert not feedback_due(ends_at=end, hours=0, now=end + timedelta(hours=5))
    assert not feedback_due(ends_at=None, hours=2, now=end)


ANSWERS = [
    AnswerValue(10, choices=(1,)),
    AnswerValue(10, choices=(1,)),
    AnswerValue(10, choices=(0,)),
    AnswerValue(10, skipped=True),
    AnswerValue(11, choices=(0, 2)),
    AnswerValue(11, choices=(2,)),
    AnswerValue(12, rating=3),
    AnswerValue(12, rating=4),
    AnswerValue(13, text="More =SUM(A1)"),
]


def test_tallies_count_percentages_means_and_texts() -> None:
    single, multiple, rating, text = tally(SURVEY, ANSWERS)
    assert (single.counts, single.answered, single.skipped) == ((1, 2), 3, 1)
    assert [single.percent(i) for i in range(2)] == [33, 67]
    assert multiple.counts == (1, 0, 2)
    assert [multiple.percent(i) for i in range(3)] == [50, 0, 100]  # several choices each
    assert rating.counts == (0, 0, 1, 1, 0)
    assert rating.mean == 3.5
    assert text.texts == ("More =SUM(A1)",)


def test_rows_for_the_report_have_one_row_per_option_and_text() -> None:
    table = rows(SURVEY, ANSWERS)
    assert table[0] == list(HEADER)
    assert table[1] == ["1", "Needs", "1", "Which?", "single", "A", "1", "33", "3", "1", ""]
    assert len(table) == 1 + 2 + 3 + 5 + 1
    assert table[-1][-1] == "More =SUM(A1)"
    assert all(len(row) == len(HEADER) for row in table)


def test_an_empty_survey_has_rows_for_its_questions() -> None:
    table = rows(SURVEY, [])
    assert [row[3] for row in table[1:]].count("Else?") == 1
    assert all(row[8] == "0" for row in table[1:])
