"""The callback-data codec: typed buttons as compact, versioned strings of at most 64 bytes.

Every button kind is one frozen dataclass registered with :func:`button` under a short prefix,
for example::

    @button("t")
    @dataclass(frozen=True, slots=True)
    class Topic(Button):
        topic: str
        on: bool

``Topic("green", True).data`` is ``"1t:green:1"``; :func:`decode` turns it back into
``Topic("green", True)``. Fields are encoded in order, by type: ``str`` (a short token),
``int`` (a 64-bit id or number), ``bool`` (``1``/``0``), a ``Literal`` of strings, a
``StrEnum``; ``X | None`` is ``-`` when empty. A field with a default may be missing from
older data. Decoding is strict: the exact number of fields, each of its declared type,
or the data is :class:`Invalid`, so a forged or stale press can never act.

Buttons never carry a member id: the bot acts on the chat where the button was pressed,
so forged data can at worst press a button the member could press anyway.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Literal, TypeVar, get_args, get_origin, get_type_hints

from bot.core.ids import ID_MAX

VERSION = "1"
MAX_BYTES = 64
_ARG = re.compile(r"^[A-Za-z0-9_+\-.]{1,40}$")


@dataclass(frozen=True, slots=True)
class Invalid:
    """Data that does not decode: forged, stale (old version) or malformed."""

    reason: str


class CallbackTooLong(ValueError):
    """Encoding would exceed Telegram's 64-byte limit (a programming error, caught in tests)."""


def decode(data: str | None) -> Button | Invalid:
    """The typed press behind ``data``, or why it cannot be trusted."""
    if not data:
        return Invalid("empty")
    if len(data.encode()) > MAX_BYTES:
        return Invalid("too long")
    if not data.startswith(VERSION):
        return Invalid("old or unknown version")
    head, *args = data[len(VERSION) :].split(":")
    kind = _BUTTONS.get(head)
    if kind is None:
        return Invalid(f"unknown button {head!r}")
    if any(not _ARG.match(arg) for arg in args):
        return Invalid("malformed argument")
    return _decode_button(kind, args)


# --- Typed buttons ---------------------------------------------------------------------------

_NONE = "-"


class Button:
    """Base of every typed button: a frozen dataclass registered with :func:`button`."""

    #: The short code in the data that names this kind of button (set by :func:`button`).
    PREFIX: ClassVar[str] = ""

    @property
    def data(self) -> str:
        """The callback data for this button (at most 64 bytes)."""
        return encode_button(self)


_NO_DEFAULT = object()


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    parse: Callable[[str], Any]
    render: Callable[[Any], str]
    default: Any

    @property
    def required(self) -> bool:
        return self.default is _NO_DEFAULT


B = TypeVar("B", bound=Button)
_BUTTONS: dict[str, type[Button]] = {}
_FIELDS: dict[type[Button], tuple[_Field, ...]] = {}


def _parse_str(text: str) -> str:
    if not _ARG.match(text):
        raise ValueError(text)
    return text


def _parse_int(text: str) -> int:
    digits = text[1:] if text.startswith("-") else text
    if not digits.isdigit() or len(digits) > len(str(ID_MAX)) or int(digits) > ID_MAX:
        raise ValueError(text)
    return int(text)


def _parse_bool(text: str) -> bool:
    if text not in {"0", "1"}:
        raise ValueError(text)
    return text == "1"


def _render_bool(value: Any) -> str:
    if not isinstance(value, bool):
        raise TypeError(value)
    return "1" if value else "0"


def _render_int(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(value)
    return str(value)


def _render_str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _codec(hint: Any) -> tuple[Callable[[str], Any], Callable[[Any], str]]:
    """How one field type reads and writes its text."""
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in get_args(hint) if arg is not type(None)]
        if len(options) != 1 or len(get_args(hint)) != 2:
            raise TypeError(f"unsupported button field type {hint!r}")
        parse, render = _codec(options[0])

        def parse_optional(text: str) -> Any:
            return None if text == _NONE else parse(text)

        def render_optional(value: Any) -> str:
            return _NONE if value is None else render(value)

        return parse_optional, render_optional
    if origin is Literal:
        allowed = get_args(hint)
        if not all(isinstance(value, str) and _ARG.match(value) for value in allowed):
            raise TypeError(f"button literals must be short tokens: {hint!r}")

        def parse_literal(text: str) -> str:
            if text not in allowed:
                raise ValueError(text)
            return text

        def render_literal(value: Any) -> str:
            if value not in allowed:
                raise ValueError(value)
            return str(value)

        return parse_literal, render_literal
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        enum = hint

        def render_enum(value: Any) -> str:
            return enum(value).value

        return enum, render_enum
    if hint is bool:
        return _parse_bool, _render_bool
    if hint is int:
        return _parse_int, _render_int
    if hint is str:
        return _parse_str, _render_str
    raise TypeError(f"unsupported button field type {hint!r}")


def button(prefix: str) -> Callable[[type[B]], type[B]]:
    """Register a frozen dataclass as the button kind behind ``prefix``.

    Raises:
        TypeError: the class is not a frozen dataclass, or a field has a type the codec
            cannot carry (a programming error, found when the module is imported).
        ValueError: the prefix is taken or malformed.
    """
    if not re.fullmatch(r"[a-z]{1,4}", prefix):
        raise ValueError(f"button prefix {prefix!r} must be 1-4 lowercase letters")

    def register(cls: type[B]) -> type[B]:
        if prefix in _BUTTONS:
            raise ValueError(f"button prefix {prefix!r} is already taken")
        params = getattr(cls, "__dataclass_params__", None)
        if params is None or not params.frozen:
            raise TypeError(f"{cls.__name__} must be a frozen dataclass")
        hints = get_type_hints(cls)
        fields = []
        seen_default = False
        for field in dataclasses.fields(cls):  # type: ignore[arg-type]
            parse, render = _codec(hints[field.name])
            if field.default_factory is not dataclasses.MISSING:
                raise TypeError(f"{cls.__name__}.{field.name}: give a plain default")
            default = _NO_DEFAULT if field.default is dataclasses.MISSING else field.default
            if seen_default and default is _NO_DEFAULT:
                raise TypeError(f"{cls.__name__}: fields with defaults must come last")
            seen_default = seen_default or default is not _NO_DEFAULT
            fields.append(_Field(field.name, parse, render, default))
        cls.PREFIX = prefix
        _BUTTONS[prefix] = cls
        _FIELDS[cls] = tuple(fields)
        return cls

    return register


def encode_button(press: Button) -> str:
    """The callback data for ``press``.

    Raises:
        CallbackTooLong: the data would not fit in 64 bytes.
        ValueError: a field's value cannot be carried (a programming error).
    """
    fields = _FIELDS.get(type(press))
    if fields is None:
        raise TypeError(f"{type(press).__name__} is not a registered button")
    parts = []
    for field in fields:
        text = field.render(getattr(press, field.name))
        if text != _NONE and not _ARG.match(text):
            raise ValueError(f"{type(press).__name__}.{field.name}: {text!r} is not allowed")
        parts.append(text)
    # Trailing fields at their default are left out: shorter data, and the same data as
    # before the field existed, so buttons already in members' chats keep working.
    while len(parts) > len(_required(fields)) and (
        getattr(press, fields[len(parts) - 1].name) == fields[len(parts) - 1].default
    ):
        parts.pop()
    data = ":".join([f"{VERSION}{press.PREFIX}", *parts])
    if len(data.encode()) > MAX_BYTES:
        raise CallbackTooLong(data)
    return data


def _decode_button(cls: type[Button], args: list[str]) -> Button | Invalid:
    fields = _FIELDS[cls]
    required = sum(1 for field in fields if field.required)
    if not required <= len(args) <= len(fields):
        return Invalid(f"{cls.__name__} takes {required}-{len(fields)} fields, not {len(args)}")
    values: dict[str, Any] = {}
    for field, text in zip(fields, args, strict=False):
        try:
            values[field.name] = field.parse(text)
        except ValueError:
            return Invalid(f"{cls.__name__}.{field.name}: malformed")
    if len(args) > required and values[fields[len(args) - 1].name] == fields[len(args) - 1].default:
        return Invalid(f"{cls.__name__}: a trailing default is written out")  # not canonical
    return cls(**values)


def _required(fields: tuple[_Field, ...]) -> list[_Field]:
    return [field for field in fields if field.required]


def button_kinds() -> dict[str, type[Button]]:
    """Every registered button kind by prefix (for routing checks and tests)."""
    return dict(_BUTTONS)
