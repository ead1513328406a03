"""Buttons of the alliance calendar: pages, the member's file and feed link, a series' dates,
the activity type and repeat rule of a draft, highlighted calls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.callbacks import Button, button


@button("ga")
@dataclass(frozen=True, slots=True)
class AgendaPage(Button):
    """A page of the alliance calendar (0 is the first)."""

    page: int


@button("gf")
@dataclass(frozen=True, slots=True)
class MyCalendarFile(Button):
    """The member's own calendar as a file (their activities and followed deadlines)."""


@button("gl")
@dataclass(frozen=True, slots=True)
class FeedLink(Button):
    """The private feed link: show its state, make a new one, or turn it off."""

    action: Literal["show", "new", "off"]


@button("gd")
@dataclass(frozen=True, slots=True)
class SeriesDates(Button):
    """Every date of a recurring series, each with its own answer."""

    series_id: int


@button("gk")
@dataclass(frozen=True, slots=True)
class DraftKind(Button):
    """The activity type of a draft."""

    code: Literal["workshop", "session", "meeting", "conference"]


@button("gr")
@dataclass(frozen=True, slots=True)
class DraftRepeat(Button):
    """A repeat preset of a draft: once, weekly, every 2 weeks, monthly (n-th weekday, day)."""

    code: Literal["o", "w", "2w", "mn", "md"]


@button("gu")
@dataclass(frozen=True, slots=True)
class Unhighlight(Button):
    """Stop highlighting a call (its deadlines leave the alliance calendar)."""

    opportunity_id: int


@button("gs")
@dataclass(frozen=True, slots=True)
class ShowcaseToggle(Button):
    """Join (``on``) or leave the public showcase."""

    on: bool
