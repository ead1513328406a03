"""Golden screens of the alliance calendar and the public posts, in English, Romanian and
Spanish, with hostile text (``<b>&"``) in titles to show it is escaped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.calendar.agenda import ActivityEntry, DeadlineEntry, merged, page_of
from bot.config import Settings, parse_settings
from bot.core.dates import Deadline
from bot.core.i18n import Catalogs
from bot.public.rules import PublicCall
from bot.views import calendar as views
from bot.views import public as public_views
from bot.views.activity import repeat_text
from bot.views.common import Screen
from bot.workshops.seats import Answer
from bot.workshops.types import WorkshopInfo
from tests.snapshots import assert_screen

CATALOGS = Catalogs(["en", "ro", "es"], "en")
LANGUAGES = ("en", "ro", "es")
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
BUCHAREST = ZoneInfo("Europe/Bucharest")
HOSTILE = '<b>&"'


def settings() -> Settings:
    return parse_settings(
        {"project": {"acknowledgement": {"en": "Co-financed by the EU", "ro": "Cofinanțat de UE"},
                     "reference": "MySMIS 123456"}},
        environ={},
    )  # fmt: skip


def workshop(workshop_id: int, kind: str, start: datetime, **extra: object) -> WorkshopInfo:
    values: dict[str, object] = {
        "id": workshop_id,
        "status": "published",
        "title": f"Activity {workshop_id} {HOSTILE}",
        "description": "",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "timezone": "Europe/Bucharest",
        "place": "INEXA hub",
        "url": None,
        "language": "en",
        "capacity": None,
        "topics": ("green",),
        "audience": "topics",
        "rsvp_closes_at": None,
        "related_calls": (),
        "created_by": 9000,
        "organiser_name": "Carmen",
        "draft_step": None,
        "edits_id": None,
        "sequence": 0,
        "created_at": NOW,
        "kind": kind,
    }
    values.update(extra)
    return WorkshopInfo(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", LANGUAGES)
def test_agenda_page(language: str) -> None:
    tr = CATALOGS.get(language)
    entries = merged(
        [
            ActivityEntry(workshop(1, "workshop", NOW + timedelta(days=2)), Answer.GOING),
            ActivityEntry(
                workshop(
                    2,
                    "meeting",
                    NOW + timedelta(days=6),
                    series_id=4,
                    recurrence="FREQ=MONTHLY;BYDAY=1TU;COUNT=6",
                ),
            ),
            ActivityEntry(workshop(3, "conference", NOW + timedelta(days=40))),
        ],
        [
            DeadlineEntry(
                7,
                "u7",
                f"ESF+ call {HOSTILE}",
                "https://example.eu/7",
                "ESF-7",
                NOW + timedelta(days=10),
                False,
                "Europe/Brussels",
            ),
        ],
    )
    screen = views.agenda_page(tr, page_of(entries, 0, size=3), zone=BUCHAREST, feeds=True)
    assert_screen(f"calendar/agenda.{language}", screen)


@pytest.mark.parametrize("language", LANGUAGES)
def test_repeat_rules_in_words(language: str) -> None:
    tr = CATALOGS.get(language)
    rules = [
        "FREQ=WEEKLY",
        "FREQ=WEEKLY;INTERVAL=2;COUNT=8",
        "FREQ=MONTHLY;BYDAY=1TU;X-EXCEPT=2027-01-05",
        "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270630T235959",
        "FREQ=MONTHLY;BYMONTHDAY=15",
        "FREQ=YEARLY;BYMONTH=3",
    ]
    assert_screen(
        f"calendar/repeat_rules.{language}", Screen("\n".join(repeat_text(tr, r) for r in rules))
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_posts(language: str) -> None:
    tr = CATALOGS.get(language)
    config = settings()
    calls = [
        PublicCall(1, f"Green skills {HOSTILE}", "https://example.eu/1", "G-1",
                   Deadline(NOW + timedelta(days=20), False, "Europe/Brussels"), ("green",), NOW),
        PublicCall(2, "Apprenticeships", "https://example.eu/2", None, None, ("vet",), NOW),
    ]  # fmt: skip
    digest = public_views.public_digest(tr, config, calls, topic="green")
    item = workshop(5, "session", NOW + timedelta(days=3), series_id=2,
                    recurrence="FREQ=WEEKLY;COUNT=4")  # fmt: skip
    rendered = public_views.public_workshop(tr, config, item, bot_username="inexa_test_bot")
    announcement = Screen(rendered.text, None)
    assert_screen(f"calendar/public_digest.{language}", Screen(digest))
    assert_screen(f"calendar/public_workshop.{language}", announcement)
    assert rendered.reply_markup is not None
    assert "https://t.me/inexa_test_bot?start=ws5" in str(rendered.reply_markup)
