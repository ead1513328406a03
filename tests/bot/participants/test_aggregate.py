"""Participant counts: cells add up, small counts never show, a hidden cell cannot be recovered."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.participants.aggregate import (
    NOT_ASKED,
    aggregate,
    codes_of,
    count_field,
    suppress,
)
from bot.participants.fields import CHOICES, ESF_FIELDS, PREFER_NOT, Field

ROWS = st.lists(st.integers(0, 40), min_size=2, max_size=8)
THRESHOLDS = st.integers(1, 12)


def _recoverable(counts: list[int], hidden: tuple[bool, ...]) -> bool:
    """Whether subtracting the visible cells from the total yields one hidden cell exactly."""
    return sum(hidden) == 1


@given(counts=ROWS, threshold=THRESHOLDS)
def test_no_visible_cell_is_small(counts: list[int], threshold: int) -> None:
    hidden = suppress(counts, threshold)
    for count, hide in zip(counts, hidden, strict=True):
        if not hide:
            assert count == 0 or count >= threshold


@given(counts=ROWS, threshold=THRESHOLDS)
def test_a_hidden_cell_cannot_be_recovered_from_the_total(
    counts: list[int], threshold: int
) -> None:
    hidden = suppress(counts, threshold)
    if any(hidden):
        assert not _recoverable(counts, hidden)
        hidden_sum = sum(c for c, h in zip(counts, hidden, strict=True) if h)
        # What the total minus the visible cells reveals is never a small number of people,
        # unless the whole row (the total too) is small.
        assert hidden_sum >= threshold or all(hidden)


@given(counts=ROWS, threshold=THRESHOLDS)
def test_nothing_is_hidden_without_a_small_cell(counts: list[int], threshold: int) -> None:
    hidden = suppress(counts, threshold)
    if all(c == 0 or c >= threshold for c in counts) and not 0 < sum(counts) < threshold:
        assert not any(hidden)


def test_a_worked_example() -> None:
    # 12 women, 3 men, 0 non-binary, 6 declined, 0 never asked: the 3 is hidden, and so is
    # the 6, the smallest cell that makes the hidden ones hold at least 5 people.
    assert suppress([12, 3, 0, 6, 0], 5) == (False, True, False, True, False)
    # Two small cells hide each other once they reach the threshold together.
    assert suppress([20, 2, 3, 0], 5) == (False, True, True, False)
    # Two small cells summing below the threshold take a third.
    assert suppress([20, 1, 2, 9], 5) == (False, True, True, True)
    # A row whose total is small hides everything.
    assert suppress([3, 0, 1], 5) == (True, True, True)
    assert suppress([0, 0, 0], 5) == (False, False, False)


def test_a_threshold_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        suppress([1, 2], 0)


ANSWERS = st.lists(
    st.one_of(st.none(), st.sampled_from([*CHOICES[Field.GENDER], PREFER_NOT, "bogus"])),
    max_size=60,
)


@given(answers=ANSWERS, threshold=THRESHOLDS)
def test_count_field_counts_every_person_once(answers: list[str | None], threshold: int) -> None:
    counts = count_field(answers, Field.GENDER, threshold)
    assert counts.total == len(answers)
    assert [cell.code for cell in counts.cells] == list(codes_of(Field.GENDER))
    visible = [cell for cell in counts.cells if not cell.suppressed]
    for cell in visible:
        expected = sum(
            1
            for a in answers
            if (a if a in (*CHOICES[Field.GENDER], PREFER_NOT) else NOT_ASKED) == cell.code
        )
        assert cell.count == expected
        assert cell.text == str(expected)
    for cell in counts.cells:
        if cell.suppressed:
            assert cell.text == f"<{threshold}"


def test_aggregate_by_field_for_a_set_of_people() -> None:
    people: list[dict[Field, str | None]] = [
        {Field.GENDER: "female", Field.AGE_BAND: "30_54"} for _ in range(7)
    ]
    people += [{Field.GENDER: "male", Field.AGE_BAND: PREFER_NOT} for _ in range(6)]
    people += [{Field.GENDER: "non_binary"}]
    result = aggregate(people, [Field.GENDER, Field.AGE_BAND])
    gender = result[Field.GENDER]
    assert gender.total == 14
    assert [cell.text for cell in gender.cells] == ["7", "<5", "<5", "0", "0"]
    assert gender.cell("non_binary").count is None  # the hidden count is not kept at all
    age = result[Field.AGE_BAND]
    # The one person never asked their age is hidden, with the 6 who declined.
    assert [cell.text for cell in age.cells] == ["0", "0", "7", "0", "<5", "<5"]
    assert [cell.code for cell in age.cells][-2:] == [PREFER_NOT, NOT_ASKED]


def test_every_esf_button_field_can_be_counted() -> None:
    result = aggregate([], ESF_FIELDS)
    assert set(result) == set(ESF_FIELDS)
    assert all(not cell.suppressed for counts in result.values() for cell in counts.cells)


def test_free_text_fields_are_not_counted() -> None:
    with pytest.raises(ValueError, match="not counted"):
        count_field(["Director"], Field.JOB_TITLE)
