"""Typed reading of parsed calendar files for tests (icalendar types every property value as a
wide union, of which only some have ``.dt``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from icalendar.cal import Component


def _value(component: Component, prop: str) -> Any:
    return component[prop]


def moment(component: Component, prop: str) -> date | datetime:
    """A date or date-time property (DTSTART, DTEND) as Python's value."""
    value = _value(component, prop).dt
    assert isinstance(value, date | datetime)
    return value


def number(component: Component, prop: str) -> int:
    """An integer property (SEQUENCE)."""
    return int(_value(component, prop))
