"""Golden screens of /push in every language, with a hostile title, call id and reference."""

from __future__ import annotations

import pytest

from bot.broadcasts.types import PushCandidate
from bot.views import push
from tests.bot.views.coordinator_data import HOSTILE, LANGUAGES, screens, tr
from tests.snapshots import assert_screen, assert_text

CALL = PushCandidate(
    42, f"Skills for the twin transition {HOSTILE}", "ESF-2026-<VET>", "eu-ft:1", "call", "open"
)
CLOSED = PushCandidate(43, "Closed call", None, "eu-ft:<closed>&1", "call", "closed")
EVENT = PushCandidate(44, f"Info Day {HOSTILE}", None, "erasmus-news:2030", "event", "unknown")


@pytest.mark.parametrize("language", LANGUAGES)
def test_push_preview(language: str) -> None:
    screen = push.preview(tr(language), CALL, recipients=3)
    assert "&lt;VET&gt;" in screen.text
    assert_screen(f"push/preview.{language}", screen)


@pytest.mark.parametrize("language", LANGUAGES)
def test_push_messages(language: str) -> None:
    t = tr(language)
    assert_text(
        f"push/messages.{language}",
        screens(
            usage=push.usage(t),
            not_found=push.not_found(t, "<NOPE & 1>"),
            not_funding=push.not_funding(t, EVENT),
            preview_one=push.preview(t, CALL, recipients=1),
            preview_nobody_open=push.preview(t, CALL, recipients=0),
            preview_nobody_closed=push.preview(t, CLOSED, recipients=0),
            heading=push.heading(t),
            refused_not_funding=push.refused(t, "not_funding"),
            refused_not_open=push.refused(t, "not_open"),
            error_stale=push.error_text(t, "stale"),
        ),
    )
