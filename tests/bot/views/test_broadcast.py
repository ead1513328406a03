"""Golden screens of a /broadcast draft in every language, with hostile text and link."""

from __future__ import annotations

import pytest

from bot.broadcasts.types import BroadcastInfo
from bot.views import broadcast
from tests.bot.views.coordinator_data import LANGUAGES, screens, settings, tr
from tests.snapshots import assert_screen, assert_text

#: The coordinator's text as entities_html made it (their formatting kept, their text escaped).
TEXT = "<b>Call for partners</b> &amp; a webinar on Thursday &lt;17:00&gt;"
LINK = 'https://inexa.example/form?topic="vet"&lang=<ro>'
DRAFT = BroadcastInfo(7, "draft", TEXT, LINK, "topic", "vet", "preview", None)
NO_LINK = BroadcastInfo(8, "draft", TEXT, None, "all", None, "preview", None)


@pytest.mark.parametrize("language", LANGUAGES)
def test_broadcast_preview(language: str) -> None:
    screen = broadcast.preview(tr(language), settings(), DRAFT, count=2)
    assert (
        'href="https://inexa.example/form?topic=&quot;vet&quot;&amp;lang=&lt;ro&gt;"' in screen.text
    )
    assert_screen(f"broadcast/preview.{language}", screen)


@pytest.mark.parametrize("language", LANGUAGES)
def test_broadcast_preview_without_recipients(language: str) -> None:
    screen = broadcast.preview(tr(language), settings(), NO_LINK, count=0)
    assert_screen(f"broadcast/preview_nobody.{language}", screen)


@pytest.mark.parametrize("language", LANGUAGES)
def test_broadcast_audience_menu(language: str) -> None:
    assert_screen(
        f"broadcast/audience_menu.{language}",
        broadcast.audience_menu(tr(language), 7, everyone=12),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_broadcast_audience_choices(language: str) -> None:
    t, s = tr(language), settings()
    countries = ["ES", "RO", "MD"]
    assert_text(
        f"broadcast/audience_choices.{language}",
        screens(
            topic=broadcast.audience_choices(t, s, 7, "topic", member_countries=countries),
            country=broadcast.audience_choices(t, s, 7, "country", member_countries=countries),
            org_type=broadcast.audience_choices(t, s, 7, "org_type", member_countries=countries),
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_broadcast_messages(language: str) -> None:
    t, s = tr(language), settings()
    assert_text(
        f"broadcast/messages.{language}",
        screens(
            private_only=broadcast.private_only(t),
            ask_text=broadcast.ask_text(t, 7),
            too_long=broadcast.too_long(t),
            ask_link=broadcast.ask_link(t, 7),
            bad_link=broadcast.bad_link(t),
            message_with_link=broadcast.message(t, TEXT, LINK),
            message_without_link=broadcast.message(t, TEXT, None),
            audience_all=broadcast.audience_name(t, s, "all", None),
            audience_topic=broadcast.audience_name(t, s, "topic", "vet"),
            audience_unknown_topic=broadcast.audience_name(t, s, "topic", "gone-topic"),
            audience_country=broadcast.audience_name(t, s, "country", "RO"),
            audience_org_type=broadcast.audience_name(t, s, "org_type", "ngo"),
            audience_unknown_org_type=broadcast.audience_name(t, s, "org_type", "guild"),
            queued_one=broadcast.queued(t, 1),
            queued_many=broadcast.queued(t, 5),
            discarded=broadcast.discarded(t),
            error_stale=broadcast.error_text(t, "stale"),
            error_queued=broadcast.error_text(t, "queued"),
        ),
    )
