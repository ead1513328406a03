"""Golden screens of the Follow buttons and /following, in every language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.members.types import Followed
from bot.views import digest as views
from bot.views.common import Screen
from tests.bot.views.member_data import HOSTILE, LANGUAGES, screens, tr
from tests.snapshots import assert_text

FOLLOWED = [
    Followed(
        12,
        f"Call {HOSTILE} for schools",
        'https://example.org/call?a=1&b="2"',
        datetime(2027, 1, 14, 16, 0, tzinfo=UTC),
        "open",
        deadline_has_time=True,
    ),
    Followed(13, "Erasmus+ KA2", "https://example.org/ka2", None, "forthcoming"),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_following(language: str) -> None:
    t = tr(language)
    assert_text(
        f"digest/following.{language}",
        screens(
            ("none", views.following_view(t, [], zone="Europe/Madrid", language=language)),
            ("two", views.following_view(t, FOLLOWED, zone="Europe/Madrid", language=language)),
        ),
    )


def test_follow_keyboard_and_its_flip() -> None:
    items = ((1, 12), (2, None), (3, 13))  # item 2 is no call: no buttons
    partners = views.follow_keyboard(items, {13}, partners=True)
    group = views.follow_keyboard(items, set(), partners=False)
    assert partners is not None
    assert views.follow_keyboard(((1, None),), set()) is None
    assert_text(
        "digest/follow_keyboard",
        screens(
            ("private chat", Screen("", partners)),
            ("group", Screen("", group)),
            ("12 followed", Screen("", views.flip_follow(partners, 12, True))),
            ("13 unfollowed", Screen("", views.flip_follow(partners, 13, False))),
        ),
    )
