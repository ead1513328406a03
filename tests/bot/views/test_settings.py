"""Golden screens of /settings and /forget, in every language."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core.timing import QuietHours
from bot.views import settings as views
from tests.bot.views.member_data import LANGUAGES, NEXT_DIGEST, NOW, member, screens, settings, tr
from tests.snapshots import assert_text

pytestmark = pytest.mark.parametrize("language", LANGUAGES)


def test_main_menu(language: str) -> None:
    t, config, profile = tr(language), settings(), member(language)
    paused = replace(
        profile, paused=True, empty_digest_note=False, also_this_week=False, quiet=None
    )
    assert_text(
        f"settings/main_menu.{language}",
        screens(
            ("active", views.main_menu(t, config, profile, next_digest=NEXT_DIGEST)),
            (
                "paused, no quiet hours, no extras",
                views.main_menu(t, config, paused, next_digest=None),
            ),
        ),
    )


def test_pages(language: str) -> None:
    t, config, profile = tr(language), settings(), member(language)
    no_quiet = replace(profile, quiet=QuietHours(0, 0))
    assert_text(
        f"settings/pages.{language}",
        screens(
            ("language", views.language_page(t, config, profile)),
            ("weekday", views.weekday_page(t, profile)),
            ("hour", views.hour_page(t, profile)),
            ("time zone", views.timezone_page(t, profile, now=NOW)),
            ("quiet hours", views.quiet_page(t, profile)),
            ("no quiet hours", views.quiet_page(t, no_quiet)),
        ),
    )


def test_forget(language: str) -> None:
    t = tr(language)
    assert_text(
        f"settings/forget.{language}",
        screens(("confirm", views.forget_confirm(t)), ("forgotten", views.forgotten(t))),
    )
