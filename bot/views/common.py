"""Building blocks for screens: a text plus its inline keyboard, made by pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import Action, encode
from bot.config import Settings, TaxonomyItem
from bot.timing import from_minute

CHECK = "✅"


@dataclass(frozen=True, slots=True)
class Screen:
    """What to show: HTML text and an optional keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def button(text: str, action: Action, *args: str | int) -> InlineKeyboardButton:
    """A callback button whose data goes through the codec (so it is always <= 64 bytes)."""
    return InlineKeyboardButton(text, callback_data=encode(action, *args))


def rows(buttons: list[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    """Lay buttons out ``per_row`` to a row."""
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def keyboard(*groups: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    """Stack groups of rows into one keyboard."""
    return InlineKeyboardMarkup([row for group in groups for row in group])


def label(item: TaxonomyItem, language: str) -> str:
    """A taxonomy entry's label in ``language``, falling back to English."""
    return item.labels.get(language) or item.labels["en"]


def taxonomy_label(settings: Settings, kind: str, item_id: str, language: str) -> str:
    """The label of a topic or programme id (the id itself when it left the taxonomy)."""
    items = settings.taxonomy.topics if kind == "topic" else settings.taxonomy.programmes
    for item in items:
        if item.id == item_id:
            return label(item, language)
    return item_id


def weekday_name(weekday: int, language: str, *, capital: bool = True) -> str:
    """The weekday (0 = Monday) in ``language``; capitalised for buttons and lists."""
    name = str(Locale.parse(language).days["format"]["wide"][weekday])
    return name[:1].upper() + name[1:] if capital else name


def clock(minute: int) -> str:
    """``HH:MM`` for a minute of the day."""
    return from_minute(minute).strftime("%H:%M")


def when(instant: datetime, zone: str, language: str) -> str:
    """A date and time in the member's zone and language, as used inside a sentence.

    e.g. "Monday, November 30, 2026, 09:00" / "luni, 30 noiembrie 2026, 09:00".
    """
    local = instant.astimezone(ZoneInfo(zone))
    locale = Locale.parse(language)
    return f"{format_date(local.date(), format='full', locale=locale)}, {local:%H:%M}"
