"""Buttons of the onboarding wizard and of /topics and /profile.

The prefixes and field orders are the legacy ``Action`` ones, so buttons already in members'
chats keep working (``1c:RO``, ``1t:vet:1``, ``1cz:ES:-``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.callbacks import Button, button

#: Which list a select-all / clear / done button acts on: ``t`` topics, ``p`` programmes.
InterestList = Literal["t", "p"]
#: Which keywords: ``i`` the words a call must mention, ``e`` the words it must not.
KeywordList = Literal["i", "e"]


@button("cy")
@dataclass(frozen=True, slots=True)
class ConsentYes(Button):
    """Agree to the privacy notice."""


@button("cn")
@dataclass(frozen=True, slots=True)
class ConsentNo(Button):
    """Refuse the privacy notice: erase the chat (strict decoding: no field may be added)."""


@button("l")
@dataclass(frozen=True, slots=True)
class Language(Button):
    """Write to this chat in ``language`` (before consent too)."""

    language: str


@button("c")
@dataclass(frozen=True, slots=True)
class Country(Button):
    """The organisation's country (ISO 3166 alpha-2), or None to skip the step."""

    country: str | None


@button("cp")
@dataclass(frozen=True, slots=True)
class CountryPage(Button):
    """A page of the full country list (from 0)."""

    page: int


@button("cs")
@dataclass(frozen=True, slots=True)
class CountrySearch(Button):
    """Ask for the first letters of a country's name."""


@button("cz")
@dataclass(frozen=True, slots=True)
class CountryZone(Button):
    """One of ``country``'s time zones by index, or None to keep the member's zone."""

    country: str
    zone: int | None


@button("o")
@dataclass(frozen=True, slots=True)
class OrgType(Button):
    """The kind of organisation (a key of ``ORG_TYPES``), or None to skip the step."""

    org_type: str | None


@button("on")
@dataclass(frozen=True, slots=True)
class OrgName(Button):
    """Ask for the organisation's name as a message."""


@button("os")
@dataclass(frozen=True, slots=True)
class OrgNameSkip(Button):
    """Keep the organisation's name as it is and go on."""


@button("t")
@dataclass(frozen=True, slots=True)
class Topic(Button):
    """Select (``on``) or drop one topic; a replayed press changes nothing."""

    topic: str
    on: bool


@button("p")
@dataclass(frozen=True, slots=True)
class Programme(Button):
    """Select (``on``) or drop one programme."""

    programme: str
    on: bool


@button("ta")
@dataclass(frozen=True, slots=True)
class SelectAll(Button):
    """Select every topic or programme."""

    which: InterestList


@button("tn")
@dataclass(frozen=True, slots=True)
class SelectNone(Button):
    """Drop every topic or programme."""

    which: InterestList


@button("td")
@dataclass(frozen=True, slots=True)
class InterestsDone(Button):
    """Topics chosen (programmes next) or programmes chosen (keywords next)."""

    which: InterestList


@button("k")
@dataclass(frozen=True, slots=True)
class Keywords(Button):
    """Ask for the words to include or exclude."""

    which: KeywordList


@button("kc")
@dataclass(frozen=True, slots=True)
class KeywordsClear(Button):
    """Remove every include (or exclude) word."""

    which: KeywordList


@button("kd")
@dataclass(frozen=True, slots=True)
class KeywordsDone(Button):
    """Finish onboarding (or go back to the profile)."""
