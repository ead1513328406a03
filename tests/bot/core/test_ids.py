"""Ids from deep links, command arguments and button data: bounded to 64 bits, in one place."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.ids import ID_MAX, parse_id, require_id


@given(st.integers(min_value=0, max_value=ID_MAX))
def test_every_64_bit_id_round_trips(value: int) -> None:
    assert parse_id(str(value)) == value
    assert require_id(str(value)) == value


@given(st.integers(min_value=ID_MAX + 1, max_value=10**4000))
def test_anything_larger_is_not_an_id(value: int) -> None:
    assert parse_id(str(value)) is None
    with pytest.raises(ValueError, match="not an id"):
        require_id(str(value))


@pytest.mark.parametrize(
    "text", ["", "-1", "+1", " 7", "7 ", "1e3", "0x10", "٣", "１２", "9" * 5000, "12a", None]
)
def test_only_plain_ascii_digits_count(text: str | None) -> None:
    assert parse_id(text) is None


def test_a_maximum_bounds_indexes_and_counts() -> None:
    assert parse_id("3", maximum=3) == 3
    assert parse_id("4", maximum=3) is None
    assert parse_id("0", maximum=-1) is None  # an empty list has no index
