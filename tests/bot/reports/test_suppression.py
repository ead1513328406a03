"""Small counts are hidden and cannot be worked out from what is shown."""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.reports.suppression import HIDDEN, SMALL, THRESHOLD, feasible, suppress, suppress_named

groups = st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=4)


def brute_force(shown: list[int | str], total: int) -> list[set[int]]:
    """Every value each cell can take given the marks and the total, by enumeration."""
    options = [
        [v] if isinstance(v, int) else range(THRESHOLD) if v == SMALL else range(total + 1)
        for v in shown
    ]
    possible: list[set[int]] = [set() for _ in shown]
    for combo in product(*options):
        if sum(combo) == total:
            for index, value in enumerate(combo):
                possible[index].add(value)
    return possible


@given(groups)
def test_shown_counts_are_true_and_small_ones_never_shown(counts: list[int]) -> None:
    shown = suppress(counts)
    for count, mark in zip(counts, shown, strict=True):
        if isinstance(mark, int):
            assert mark == count >= THRESHOLD
        else:
            assert mark in (SMALL, HIDDEN)
            if mark == SMALL:
                assert count < THRESHOLD


@given(groups)
def test_no_hidden_count_can_be_recovered_from_the_total(counts: list[int]) -> None:
    shown = suppress(counts)
    total = sum(counts)
    hidden = [c for c, m in zip(counts, shown, strict=True) if not isinstance(m, int)]
    possible = brute_force(shown, total)
    for count, mark, values in zip(counts, shown, possible, strict=True):
        assert count in values  # the truth is always among what a reader can believe
        if not isinstance(mark, int) and sum(hidden) > 0:
            assert len(values) >= 2, (counts, shown)


@given(groups)
def test_the_analytic_reader_agrees_with_enumeration(counts: list[int]) -> None:
    shown = suppress(counts)
    total = sum(counts)
    assert [set(r) for r in feasible(shown, total)] == brute_force(shown, total)


@given(st.lists(st.integers(min_value=THRESHOLD, max_value=1000), min_size=1, max_size=5))
def test_nothing_is_hidden_when_every_count_is_large(counts: list[int]) -> None:
    assert suppress(counts) == counts


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([3, 40, 50], [SMALL, HIDDEN, 50]),  # one small count: the next smallest goes too
        ([1, 1, 40], [SMALL, SMALL, 40]),
        ([4, 4, 4], [HIDDEN, HIDDEN, HIDDEN]),  # "<5" three times out of 12 pins each to 4
        ([0, 0, 50], [SMALL, SMALL, 50]),
        ([10, 20], [10, 20]),
    ],
)
def test_examples(counts: list[int], expected: list[int | str]) -> None:
    assert suppress(counts) == expected


def test_named_groups_and_refusals() -> None:
    assert suppress_named({"yes": 2, "no": 30, "unknown": 8}) == {
        "yes": SMALL,
        "no": 30,
        "unknown": HIDDEN,
    }
    with pytest.raises(ValueError, match="negative"):
        suppress([-1, 5])
    with pytest.raises(ValueError, match="add up"):
        suppress([1, 5], total=7)
