"""Typed reads of calendar files for tests: icalendar types a property as a union of some
thirty value classes, so each read here says which one it expects (and checks it)."""

from __future__ import annotations

from datetime import date

from icalendar import Component
from icalendar.prop import vDDDTypes


def moment(component: Component, name: str) -> date:
    """A DTSTART/DTEND-like property: a date, or a datetime (a date too)."""
    value = component[name]
    assert isinstance(value, vDDDTypes), type(value)
    when = value.dt
    assert isinstance(when, date), type(when)
    return when


def number(component: Component, name: str) -> int:
    """An integer property such as SEQUENCE."""
    value = component[name]
    assert isinstance(value, int), type(value)
    return int(value)
