"""Shared data for the coordinator views' golden screens: translators, settings, hostile text."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings, parse_settings
from bot.core.i18n import Catalogs, Translator
from bot.views.common import Screen
from tests.snapshots import render_screen

CATALOGS = Catalogs(["en", "ro", "es"], "en")
LANGUAGES = ["en", "ro", "es"]
#: What a member or a feed could put in a name or a title: must reach Telegram escaped.
HOSTILE = '<b>&"Ana & Co" <i>'


def tr(language: str) -> Translator:
    return CATALOGS.get(language)


def settings() -> Settings:
    return parse_settings({}, environ={}, base_dir=Path(__file__).parent)


def screens(**named: Screen | str) -> str:
    """Several small screens (or plain texts) in one reviewable golden, each under its name."""
    parts = []
    for name, shown in named.items():
        body = render_screen(shown) if isinstance(shown, Screen) else f"{shown}\n"
        parts.append(f"=== {name}\n{body}")
    return "\n".join(parts)
