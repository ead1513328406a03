"""Typed buttons: every registered kind round-trips, fits 64 bytes, and decodes strictly."""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import StrEnum
from typing import Any, Literal, get_args, get_origin, get_type_hints

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bot.handlers  # noqa: F401  (imports every feature, so every button kind is registered)
from bot.callbacks import (
    MAX_BYTES,
    VERSION,
    Button,
    CallbackTooLong,
    Invalid,
    button,
    button_kinds,
    decode,
)
from bot.core.ids import ID_MAX

TOKEN = st.from_regex(r"[A-Za-z0-9_+.][A-Za-z0-9_+\-.]{0,11}", fullmatch=True)
KINDS = sorted(button_kinds().values(), key=lambda kind: kind.PREFIX)  # before the samples below


def _values(hint: Any) -> st.SearchStrategy[Any]:
    """Values a field of this type may hold."""
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in get_args(hint) if arg is not type(None)]
        return st.none() | _values(inner)
    if origin is Literal:
        return st.sampled_from(get_args(hint))
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return st.sampled_from(list(hint))
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(min_value=0, max_value=10**12)
    if hint is str:
        return TOKEN
    raise AssertionError(f"no strategy for {hint!r}")


def _buttons(kind: type[Button]) -> st.SearchStrategy[Button]:
    hints = get_type_hints(kind)
    fields = {field.name: _values(hints[field.name]) for field in dataclasses.fields(kind)}  # type: ignore[arg-type]
    return st.fixed_dictionaries(fields).map(lambda values: kind(**values))


ANY_BUTTON = st.sampled_from(KINDS).flatmap(_buttons)


def test_every_feature_registered_buttons() -> None:
    assert len(KINDS) >= 3
    assert len({kind.PREFIX for kind in KINDS}) == len(KINDS)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(ANY_BUTTON)
def test_round_trip_within_64_bytes(press: Button) -> None:
    try:
        data = press.data
    except CallbackTooLong:
        return  # refused when built: a programming error caught here, never sent
    assert len(data.encode()) <= MAX_BYTES
    assert decode(data) == press


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=80))
def test_any_string_is_invalid_or_the_canonical_data_of_a_button(data: str) -> None:
    result = decode(data)
    if isinstance(result, Button):
        assert result.data == data


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(ANY_BUTTON, st.lists(TOKEN, min_size=1, max_size=3))
def test_extra_fields_never_decode(press: Button, extra: list[str]) -> None:
    try:
        data = press.data
    except CallbackTooLong:
        return
    head, *parts = data.split(":")
    filler = ["0"] * (len(dataclasses.fields(press)) - len(parts))  # type: ignore[arg-type]
    assert isinstance(decode(":".join([head, *parts, *filler, *extra])), Invalid)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(ANY_BUTTON)
def test_missing_required_fields_never_decode(press: Button) -> None:
    try:
        data = press.data
    except CallbackTooLong:
        return
    required = [f for f in dataclasses.fields(press) if f.default is dataclasses.MISSING]  # type: ignore[arg-type]
    if not required:
        return
    head, *parts = data.split(":")
    shorter = ":".join([head, *parts[: len(required) - 1]])
    assert isinstance(decode(shorter), Invalid)


@button("zzq")
@dataclasses.dataclass(frozen=True, slots=True)
class _Sample(Button):
    row: int
    on: bool
    mode: Literal["a", "b"]
    note: str | None = None


def test_field_types_are_strict() -> None:
    assert decode(f"{VERSION}zzq:12:1:a") == _Sample(12, True, "a")
    assert _Sample(12, True, "a").data == f"{VERSION}zzq:12:1:a"  # a trailing default is left out
    assert decode(f"{VERSION}zzq:12:1:b:hi") == _Sample(12, True, "b", "hi")
    for data in (
        "zzq:12:1:a",  # no version
        f"{VERSION}zzq:x:1:a",  # not a number
        f"{VERSION}zzq:12:2:a",  # not a switch
        f"{VERSION}zzq:12:1:c",  # not one of the choices
        f"{VERSION}zzq:{ID_MAX + 1}:1:a",  # beyond 64 bits
        f"{VERSION}zzq:12:1",  # a required field missing
        f"{VERSION}zzq:12:1:a:hi:more",  # one field too many
        f"{VERSION}zzq:12:1:a:-",  # a trailing default written out (not the canonical data)
        f"{VERSION}zzq:12:1:a:h i",  # a character the codec does not carry
    ):
        assert isinstance(decode(data), Invalid), data


@button("zzl")
@dataclasses.dataclass(frozen=True, slots=True)
class _Pair(Button):
    first: str
    second: str


def test_building_refuses_what_would_not_fit_or_cannot_be_carried() -> None:
    assert len(_Pair("x" * 25, "y" * 25).data) <= MAX_BYTES
    with pytest.raises(CallbackTooLong):
        _ = _Pair("x" * 40, "y" * 40).data
    with pytest.raises(ValueError, match="not allowed"):
        _ = _Sample(1, True, "a", "two words").data


def test_registration_refuses_what_the_codec_cannot_carry() -> None:
    with pytest.raises(ValueError, match="already taken"):
        button("zzq")(_Sample)

    @dataclasses.dataclass(frozen=True)
    class Floaty(Button):
        amount: float

    with pytest.raises(TypeError, match="unsupported"):
        button("zzf")(Floaty)

    @dataclasses.dataclass
    class Mutable(Button):
        row: int

    with pytest.raises(TypeError, match="frozen"):
        button("zzm")(Mutable)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("", "empty"),
        (None, "empty"),
        ("0t:green:1", "old or unknown version"),
        ("1zz:1", "unknown button 'zz'"),
        ("1t:gr een:1", "malformed argument"),
        ("1t:" + "x" * 70, "too long"),
        ("r:7:y", "old or unknown version"),
    ],
)
def test_forged_or_stale_data_is_invalid(data: str | None, reason: str) -> None:
    assert decode(data) == Invalid(reason)


def test_every_button_kind_has_exactly_one_route() -> None:
    from telegram.ext import ApplicationBuilder, CallbackQueryHandler

    from bot.handlers import register
    from bot.handlers.presses import Dispatcher

    app = ApplicationBuilder().token("123456:TEST-routes").build()
    register(app)
    (dispatcher,) = [
        h.callback
        for handlers in app.handlers.values()
        for h in handlers
        if isinstance(h, CallbackQueryHandler)
    ]
    assert isinstance(dispatcher, Dispatcher)
    product = {k for k in button_kinds().values() if not k.__module__.startswith("tests.")}
    assert set(dispatcher.table) == product
