"""Shared data for the golden screens of members' views: translators, a fixed clock, profiles."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bot.config import Settings, parse_settings
from bot.core.i18n import Catalogs, Translator
from bot.core.timing import QuietHours
from bot.members.types import Profile
from bot.views.common import Screen
from tests.snapshots import render_screen

CATALOGS = Catalogs(["en", "ro", "es"], "en")
LANGUAGES = ["en", "ro", "es"]
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
NEXT_DIGEST = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 in Madrid
HOSTILE = '<b>&"'


def settings() -> Settings:
    """The default settings (taxonomy, languages, privacy notice)."""
    return parse_settings({}, environ={}, base_dir=Path.cwd())


def tr(language: str) -> Translator:
    return CATALOGS.get(language)


def newcomer(language: str) -> Profile:
    """A chat that just agreed to the notice and has chosen nothing yet."""
    return Profile(
        chat_id=1000,
        chat_type="private",
        language=language,
        consented=True,
        onboarded=False,
        quiet=QuietHours(21 * 60, 8 * 60),
    )


def member(language: str) -> Profile:
    """An onboarded member whose organisation name and keywords are hostile HTML."""
    return replace(
        newcomer(language),
        onboarded=True,
        org_name=HOSTILE,
        country="ES",
        org_type="ngo",
        topics=frozenset({"vet", "green"}),
        programmes=frozenset({"esf-plus"}),
        include=("robotics", "rural schools"),
        exclude=("tender",),
        digest_weekday=0,
        digest_minute=9 * 60,
        timezone="Europe/Madrid",
    )


def screens(*named: tuple[str, Screen]) -> str:
    """Several variants of one view in one golden, each under its name."""
    return "\n".join(f"## {name}\n{render_screen(screen)}" for name, screen in named)
