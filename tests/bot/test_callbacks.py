"""The callback-data codec: round trips, the 64-byte limit, and forged data rejected."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.callbacks import (
    DESTRUCTIVE_ARITY,
    MAX_BYTES,
    Action,
    Button,
    Callback,
    CallbackTooLong,
    Invalid,
    decode,
    encode,
)

ARGS = st.from_regex(r"[A-Za-z0-9_+\-.]{1,12}", fullmatch=True)


@given(st.sampled_from(list(Action)), st.lists(ARGS, max_size=3))
def test_round_trip(action: Action, args: list[str]) -> None:
    arity = DESTRUCTIVE_ARITY.get(action)
    if arity is not None and len(args) != arity:
        with pytest.raises(ValueError, match="exactly"):
            encode(action, *args)
        return
    data = encode(action, *args)
    assert len(data.encode()) <= MAX_BYTES
    assert decode(data) == Callback(action, tuple(args))


@given(st.text(max_size=80))
def test_any_string_decodes_or_is_invalid(data: str) -> None:
    result = decode(data)
    assert isinstance(result, Button | Callback | Invalid)
    if isinstance(result, Callback):
        assert encode(result.action, *result.args) == data


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("", "empty"),
        (None, "empty"),
        ("0t:green:1", "old or unknown version"),
        ("1zz:1", "unknown action 'zz'"),
        ("1t:gr een:1", "malformed argument"),
        ("1t:" + "x" * 70, "too long"),
        ("r:7:y", "old or unknown version"),
    ],
)
def test_forged_or_stale_data_is_invalid(data: str | None, reason: str) -> None:
    assert decode(data) == Invalid(reason)


def test_encoding_refuses_what_would_not_fit() -> None:
    with pytest.raises(CallbackTooLong):
        encode(Action.BROADCAST_AUDIENCE, "a" * 40, "b" * 30)
    with pytest.raises(ValueError, match="not allowed"):
        encode(Action.BROADCAST_AUDIENCE, "has space")
