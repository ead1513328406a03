"""Golden screens of the onboarding wizard, /topics and /profile, in every language."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core import countries
from bot.views import onboarding as views
from bot.views.common import Screen
from tests.bot.views.member_data import (
    HOSTILE,
    LANGUAGES,
    NEXT_DIGEST,
    NOW,
    member,
    newcomer,
    screens,
    settings,
    tr,
)
from tests.snapshots import assert_text

pytestmark = pytest.mark.parametrize("language", LANGUAGES)


def test_welcome(language: str) -> None:
    t, config = tr(language), settings()
    assert_text(
        f"onboarding/welcome.{language}",
        screens(
            ("private", views.welcome(t, config, first_name=HOSTILE, group=False)),
            ("group", views.welcome(t, config, first_name="", group=True)),
        ),
    )


def test_refused(language: str) -> None:
    assert_text(f"onboarding/refused.{language}", screens(("refused", views.refused(tr(language)))))


def test_ask_org_name(language: str) -> None:
    t = tr(language)
    assert_text(
        f"onboarding/ask_org_name.{language}",
        screens(
            ("onboarding", views.ask_org_name(t, newcomer(language))),
            ("onboarded", views.ask_org_name(t, member(language))),
        ),
    )


def test_ask_country(language: str) -> None:
    t = tr(language)
    assert_text(
        f"onboarding/ask_country.{language}",
        screens(
            ("onboarding", views.ask_country(t, newcomer(language))),
            ("onboarded", views.ask_country(t, member(language))),
        ),
    )


def test_country_page(language: str) -> None:
    t, profile = tr(language), member(language)
    last = -(-len(countries.names(language)) // views.COUNTRY_PAGE_SIZE) - 1
    assert_text(
        f"onboarding/country_page.{language}",
        screens(
            ("first", views.country_page(t, profile, 0)),
            ("last", views.country_page(t, profile, last)),
        ),
    )


def test_country_search(language: str) -> None:
    t, profile = tr(language), member(language)
    assert_text(
        f"onboarding/country_search.{language}",
        screens(
            ("prompt", views.country_search_prompt(t)),
            ("matches", views.country_results(t, profile, "Mol", ["MD"])),
            ("none", views.country_results(t, profile, HOSTILE, [])),
        ),
    )


def test_ask_zone(language: str) -> None:
    t = tr(language)
    zones = countries.zones("ES", NOW.year)
    onboarding = replace(newcomer(language), country="ES")
    moved = replace(member(language), timezone="Europe/Paris")
    assert_text(
        f"onboarding/ask_zone.{language}",
        screens(
            ("onboarding", views.ask_zone(t, onboarding, zones, now=NOW)),
            ("onboarded", views.ask_zone(t, moved, zones, now=NOW)),
        ),
    )


def test_ask_org_type(language: str) -> None:
    t = tr(language)
    assert_text(
        f"onboarding/ask_org_type.{language}",
        screens(
            ("onboarding", views.ask_org_type(t, newcomer(language))),
            ("onboarded", views.ask_org_type(t, member(language))),
        ),
    )


def test_choose_interests(language: str) -> None:
    t, config = tr(language), settings()
    assert_text(
        f"onboarding/choose_interests.{language}",
        screens(
            ("topics, onboarding", views.choose_interests(t, config, newcomer(language), "topic")),
            ("topics", views.choose_interests(t, config, member(language), "topic")),
            ("programmes", views.choose_interests(t, config, member(language), "programme")),
        ),
    )


def test_keywords(language: str) -> None:
    t = tr(language)
    hostile = replace(member(language), include=(HOSTILE,))
    assert_text(
        f"onboarding/keywords.{language}",
        screens(
            ("none yet, onboarding", views.keywords(t, newcomer(language))),
            ("chosen", views.keywords(t, member(language))),
            ("hostile", views.keywords(t, hostile)),
            ("prompt include", views.keywords_prompt(t, "include")),
            ("prompt exclude", views.keywords_prompt(t, "exclude")),
        ),
    )


def test_confirmation_and_profile(language: str) -> None:
    t, config, profile = tr(language), settings(), member(language)
    paused = replace(profile, paused=True)
    assert_text(
        f"onboarding/profile.{language}",
        screens(
            ("confirmation", views.confirmation(t, config, profile, next_digest=NEXT_DIGEST)),
            ("profile", views.profile_view(t, config, profile, next_digest=NEXT_DIGEST)),
            ("paused", views.profile_view(t, config, paused, next_digest=None)),
            ("nothing set", views.profile_view(t, config, newcomer(language), next_digest=None)),
            ("summary", Screen(views.summary(t, config, profile, next_digest=NEXT_DIGEST))),
        ),
    )
