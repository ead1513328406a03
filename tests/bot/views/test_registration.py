"""Golden screens of registration forms and self check-in, in English, Romanian and Spanish."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.i18n import Catalogs, Translator
from bot.participants.fields import PREFER_NOT, SENSITIVE, Field
from bot.participants.form import ORDER, Answers, Ask, AskConsent
from bot.views.workshops import forms
from bot.views.workshops.checkin import checkin_caption, checkin_result
from bot.workshops.checkin import Window
from bot.workshops.types import WorkshopInfo
from tests.snapshots import assert_screen, assert_text

CATALOGS = Catalogs(["en", "ro", "es"], "en")
LANGUAGES = ("en", "ro", "es")
START = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
HOSTILE = '<b>&"'


def tr(language: str) -> Translator:
    return CATALOGS.get(language)


WORKSHOP = WorkshopInfo(
    id=12, status="published", title=f"ESF+ clinic {HOSTILE}", description="",
    starts_at=START, ends_at=START + timedelta(hours=3), timezone="Europe/Bucharest",
    place="Online", url="https://meet.example.org/esf", language="ro", capacity=None,
    topics=(), audience="all", rsvp_closes_at=None, related_calls=(), created_by=9000,
    organiser_name="Carmen", draft_step="form!", edits_id=None, sequence=0,
    created_at=START - timedelta(days=9),
    registration_fields=("job_title", "gender", "disability"), link_after_checkin=True,
)  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_coordinator_form_step(language: str) -> None:
    assert_screen(f"registration/form_step.{language}", forms.form_step(tr(language), WORKSHOP))


@pytest.mark.parametrize("language", LANGUAGES)
def test_questions_and_consent(language: str) -> None:
    t = tr(language)
    for field in (Field.JOB_TITLE, Field.EMPLOYMENT_STATUS, Field.MINORITY):
        screen = forms.question_screen(t, Ask(field), workshop_id=12, left=3)
        assert_screen(f"registration/question_{field.value}.{language}", screen)
    consent = forms.question_screen(
        t, AskConsent((Field.DISABILITY, Field.RURAL_AREA)), workshop_id=12
    )
    assert_screen(f"registration/consent.{language}", consent)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_review(language: str) -> None:
    values: dict[Field, str | None] = dict.fromkeys(ORDER, PREFER_NOT)
    values[Field.JOB_TITLE] = f"Director {HOSTILE}"
    values[Field.GENDER] = "female"
    consented = forms.review_screen(tr(language), Answers(values, consented=True))
    assert_screen(f"registration/review_consented.{language}", consented)
    assert HOSTILE not in consented.text
    without = {f: v for f, v in values.items() if f not in SENSITIVE}
    declined = forms.review_screen(tr(language), Answers(without, declined=True))
    assert_screen(f"registration/review_declined.{language}", declined)


@pytest.mark.parametrize("language", LANGUAGES)
def test_check_in(language: str) -> None:
    t = tr(language)
    zone = ZoneInfo("Europe/Bucharest")
    link = "https://t.me/inexa_bot?start=ciK7M2QX"
    lines = [
        checkin_caption(t, WORKSHOP, "K7M2QX", link),
        checkin_result(t, WORKSHOP, Window.EARLY, already=False, zone=zone).text,
        checkin_result(t, WORKSHOP, Window.OPEN, already=False, zone=zone).text,
        checkin_result(t, WORKSHOP, Window.OPEN, already=True, zone=zone).text,
        checkin_result(t, WORKSHOP, Window.OVER, already=False, zone=zone).text,
        checkin_result(t, replace(WORKSHOP, url=None), Window.OPEN, already=False, zone=zone).text,
    ]
    text = "\n\n---\n\n".join(lines)
    assert HOSTILE not in text
    assert_text(f"registration/checkin.{language}", text + "\n")
