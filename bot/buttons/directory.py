"""Buttons of the partner directory: the member's entry, searches, introductions, and the 🤝
button under digest items.

Prefixes and field encodings are those of the former ``Action.DIR_*`` buttons, so buttons
already in members' chats keep working. The only ids they carry are row ids (an entry's
member row, an introduction, a call), never a Telegram identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from bot.callbacks import Button, button
from bot.directory.types import Role

#: What "✏️" opens (``description``, a toggle list), or: remove the description, back to the entry.
EditTarget = Literal["description", "roles", "languages", "topics", "cleardesc", "-"]
CLEAR_DESCRIPTION: Final = "cleardesc"
BACK: Final = "-"
#: What a search is filtered by: a topic, a country, an organisation type, or nothing.
SearchBy = Literal["t", "c", "o", "-"]
TOPIC: Final = "t"
COUNTRY: Final = "c"
ORG_TYPE: Final = "o"
ANY: Final = "-"


@button("de")
@dataclass(frozen=True, slots=True)
class EditEntry(Button):
    """Open one part of the member's entry (or clear the description, or go back to it)."""

    target: EditTarget


@button("dr")
@dataclass(frozen=True, slots=True)
class ToggleRole(Button):
    """Add (``on``) or drop a role the organisation can take."""

    role: Role
    on: bool


@button("dl")
@dataclass(frozen=True, slots=True)
class ToggleLanguage(Button):
    """Add (``on``) or drop a language the team works in."""

    language: str
    on: bool


@button("dt")
@dataclass(frozen=True, slots=True)
class ToggleTopic(Button):
    """Add (``on``) or drop an expertise topic."""

    topic: str
    on: bool


@button("dp")
@dataclass(frozen=True, slots=True)
class PublishEntry(Button):
    """Publish the entry (``on``), or remove it entirely."""

    on: bool


@button("ds")
@dataclass(frozen=True, slots=True)
class SearchPartners(Button):
    """/partners: without a page, the filter screen; with one, that page of the entries
    filtered ``by`` (a topic, country or type) ``value`` (``-`` with ``by`` ``-``: all)."""

    by: SearchBy = ANY
    value: str = ANY
    page: int | None = None


@button("di")
@dataclass(frozen=True, slots=True)
class RequestIntroduction(Button):
    """Ask the owner of an entry (its member row id) for an introduction, maybe about a call."""

    entry: int
    call: int | None = None


@button("da")
@dataclass(frozen=True, slots=True)
class AnswerIntroduction(Button):
    """The target of an introduction accepts or declines it."""

    introduction: int
    accept: bool


@button("dc")
@dataclass(frozen=True, slots=True)
class PartnersForCall(Button):
    """Organisations that fit a call; without a page (the digest's 🤝) as a new message."""

    call: int
    page: int | None = None
