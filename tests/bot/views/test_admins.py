"""Golden screens of /admins in every language, with a hostile display name."""

from __future__ import annotations

import pytest

from bot.coordinators.types import CoordinatorEntry
from bot.views import admins
from tests.bot.views.coordinator_data import HOSTILE, LANGUAGES, screens, tr
from tests.snapshots import assert_screen, assert_text

ENTRIES = [
    CoordinatorEntry(9000, "", True),
    CoordinatorEntry(1000, HOSTILE, False),
    CoordinatorEntry(2000, "Bogdan Ionescu", False),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_admins_list_for_a_config_admin(language: str) -> None:
    screen = admins.admins_screen(tr(language), ENTRIES, can_change=True)
    assert '&lt;b&gt;&amp;"Ana &amp; Co" &lt;i&gt; (1000)' in screen.text
    assert_screen(f"admins/list_admin.{language}", screen)


@pytest.mark.parametrize("language", LANGUAGES)
def test_admins_list_for_a_promoted_coordinator(language: str) -> None:
    screen = admins.admins_screen(tr(language), ENTRIES, can_change=False)
    assert screen.keyboard is None
    assert_screen(f"admins/list_coordinator.{language}", screen)


@pytest.mark.parametrize("language", LANGUAGES)
def test_admins_messages(language: str) -> None:
    t = tr(language)
    assert_text(
        f"admins/messages.{language}",
        screens(
            coordinators_only=admins.coordinators_only(t),
            admins_only=admins.admins_only(t),
            usage=admins.usage(t),
            removed=admins.removed(t),
            not_promoted=admins.removed(t, was_promoted=False),
            unknown_user=admins.unknown_user(t, 424242),
            people_only=admins.people_only(t),
            promoted=admins.promoted(t, HOSTILE, added=True),
            already=admins.promoted(t, HOSTILE, added=False),
            welcome_coordinator=admins.welcome_coordinator(t),
            error_not_allowed=admins.error_text(t, "not_allowed"),
            error_stale=admins.error_text(t, "stale"),
        ),
    )
