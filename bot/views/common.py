"""Building blocks for screens: a text plus its inline keyboard, made by pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import Button
from bot.conversation import BROADCAST, WORKSHOP_EDIT, Waiting, abandoned
from bot.core import dates
from bot.core.i18n import Translator
from bot.core.labels import label as label  # re-exported: views label taxonomy items
from bot.core.labels import taxonomy_label as taxonomy_label
from bot.core.timing import from_minute

CHECK = "✅"


@dataclass(frozen=True, slots=True)
class Screen:
    """What to show: HTML text and an optional keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def button(text: str, press: Button) -> InlineKeyboardButton:
    """A callback button whose data goes through the codec (so it is always <= 64 bytes)."""
    return InlineKeyboardButton(text, callback_data=press.data)


def rows(buttons: list[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    """Lay buttons out ``per_row`` to a row."""
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def keyboard(*groups: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    """Stack groups of rows into one keyboard."""
    return InlineKeyboardMarkup([row for group in groups for row in group])


def weekday_name(weekday: int, language: str, *, capital: bool = True) -> str:
    """The weekday (0 = Monday) in ``language``; capitalised for buttons and lists."""
    return dates.weekday_name(weekday, language, capital=capital)


def clock(minute: int, language: str) -> str:
    """A minute of the day in the locale's time pattern (``09:00``, ``9:00``)."""
    return dates.clock(from_minute(minute), language)


def when(instant: datetime, zone: str, language: str) -> str:
    """A date and time in the member's zone and language, as used inside a sentence.

    e.g. "Monday, 30 November 2026, 09:00" / "luni, 30 noiembrie 2026, 09:00".
    """
    return dates.moment(instant, zone, language, weekday=True)


def abandoned_note(tr: Translator, kept: Waiting) -> str:
    """One short line: the unfinished draft a new flow turned away from is kept (not lost)."""
    draft_id = kept.draft_id
    if kept.kind == WORKSHOP_EDIT:
        return tr.gettext(
            "(Your unfinished changes to a workshop, draft #%(id)s, are kept; "
            "its preview buttons still work.)",
            id=draft_id,
        )
    if kept.kind == BROADCAST:
        return tr.gettext(
            "(Your unfinished broadcast #%(id)s is set aside; /broadcast starts a new one.)",
            id=draft_id,
        )
    return tr.gettext(
        "(Your unfinished workshop draft #%(id)s is kept; /newworkshop resumes it.)", id=draft_id
    )


def noted(tr: Translator, screen: Screen, before: Waiting | None, now: Waiting | None) -> Screen:
    """``screen`` with the note about a draft the chat no longer waits on, when there is one."""
    kept = abandoned(before, now)
    if kept is None:
        return screen
    return Screen(f"{screen.text}\n\n<i>{abandoned_note(tr, kept)}</i>", screen.keyboard)
