"""Golden screens of the partner directory in English, Romanian and Spanish, with hostile text
(``<b>&"`` in organisation names, descriptions and call titles) to show it is escaped."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.config import Settings, parse_settings
from bot.core.i18n import Catalogs, Translator
from bot.directory.types import (
    CallPartners,
    Entry,
    Filters,
    IntroAnswer,
    IntroRequest,
    Organisation,
    SearchResult,
)
from bot.views.common import Screen
from bot.views.directory import cards, entry, errors, introductions, search
from tests.snapshots import assert_text, render_screen

CATALOGS = Catalogs(["en", "ro", "es"], "en")
LANGUAGES = ("en", "ro", "es")
SETTINGS: Settings = parse_settings({}, environ={})
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
HOSTILE_ORG = 'Asociația <b>Verde</b> & "Co"'
HOSTILE_DESCRIPTION = 'Green skills for <rural> youth & "NEETs"; we lead ESF+ projects.'
HOSTILE_CALL = 'Green <i>skills</i> & "alliances" 2027'

ENTRY = Entry(
    member_id=12,
    org_name=HOSTILE_ORG,
    country="RO",
    org_type="ngo",
    topics=("green", "youth"),
    description=HOSTILE_DESCRIPTION,
    languages=("en", "ro", "fr"),
    roles=("coordinator", "partner"),
    published_at=NOW,
)
BARE = Entry(
    member_id=13,
    org_name="",
    country=None,
    org_type=None,
    topics=(),
    description="",
    languages=(),
    roles=(),
    published_at=None,
    stored=False,
)
REQUESTER = Organisation(
    org_name='Formación <Sur> & "Co"', country="ES", org_type="vet_provider", topics=("vet",)
)
REQUEST = IntroRequest(
    id=7,
    target_chat_id=1000,
    target_language="ro",
    target_org_name=HOSTILE_ORG,
    requester=REQUESTER,
    opportunity_title=None,
)
ANSWER = IntroAnswer(
    id=7,
    status="accepted",
    changed=True,
    requester_chat_id=2000,
    requester_language="es",
    requester=REQUESTER,
    target_chat_id=1000,
    target_org_name=HOSTILE_ORG,
    opportunity_title=None,
)


def tr(language: str) -> Translator:
    return CATALOGS.get(language)


def sections(*named: tuple[str, Screen | str]) -> str:
    """Several variants in one golden, each under a header naming it."""
    parts = []
    for name, shown in named:
        body = render_screen(shown) if isinstance(shown, Screen) else f"{shown}\n"
        parts.append(f"=== {name} ===\n{body}")
    return "\n".join(parts)


def partner(
    member_id: int,
    name: str,
    country: str,
    org_type: str,
    topics: tuple[str, ...],
    description: str,
    languages: tuple[str, ...],
    roles: tuple[str, ...] = ("partner",),
) -> Entry:
    return Entry(member_id, name, country, org_type, topics, description, languages, roles, NOW)


#: Seven published entries working on the green transition, in the order searches list them.
PARTNERS = (
    replace(ENTRY, member_id=20),
    partner(21, "Centrul de Formare Nord", "RO", "vet_provider", ("green", "vet"),
            "Accredited courses in solar panel installation.", ("en", "ro")),
    partner(22, "Digital Green SME", "ES", "sme", ("digital", "green"), "", ("en", "es")),
    partner(23, "Formación Sur", "ES", "vet_provider", ("green", "vet"),
            "VET for green jobs in Andalusia.", ("en", "es"), ("coordinator", "partner")),
    partner(24, "Fundación Lucero", "ES", "ngo", ("green", "youth"),
            "Youth work in rural Andalusia.", ("es",)),
    partner(25, "Grün Berlin e.V.", "DE", "ngo", ("green",), "Climate education for adults.",
            ("en", "de")),
    partner(26, "Universitatea Verde", "RO", "school", ("green", "research"),
            "Research on the circular economy.", ("en", "ro", "fr"), ("coordinator",)),
)  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_cards(language: str) -> None:
    t = tr(language)
    assert_text(
        f"directory/cards.{language}",
        sections(
            ("card: everything, hostile text escaped", cards.card(t, SETTINGS, ENTRY)),
            ("card: numbered in a list", cards.card(t, SETTINGS, ENTRY, number=3)),
            ("card: nothing given yet", cards.card(t, SETTINGS, BARE)),
            ("organisation", cards.organisation(t, SETTINGS, REQUESTER)),
            (
                "organisation: no place, type or topics",
                cards.organisation(t, SETTINGS, Organisation("<Solo>", None, None, ())),
            ),
            ("role_name", ", ".join(cards.role_name(t, r) for r in ("coordinator", "partner"))),
            ("mention", cards.mention(2000, HOSTILE_ORG)),
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_own_entry(language: str) -> None:
    t = tr(language)
    draft = replace(ENTRY, published_at=None)
    assert_text(
        f"directory/own_entry.{language}",
        sections(
            ("no entry yet: the defaults", entry.own_entry(t, SETTINGS, BARE)),
            ("a stored draft", entry.own_entry(t, SETTINGS, draft)),
            ("published", entry.own_entry(t, SETTINGS, ENTRY)),
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_choose(language: str) -> None:
    t = tr(language)
    assert_text(
        f"directory/choose.{language}",
        sections(
            *((kind, entry.choose(t, SETTINGS, ENTRY, kind)) for kind in ("topics", "languages")),
            ("roles", entry.choose(t, SETTINGS, replace(ENTRY, roles=("partner",)), "roles")),
        ),
    )
    with pytest.raises(ValueError, match="description"):
        entry.choose(t, SETTINGS, ENTRY, "description")


@pytest.mark.parametrize("language", LANGUAGES)
def test_description_screens(language: str) -> None:
    t = tr(language)
    assert_text(
        f"directory/description.{language}",
        sections(
            ("ask_description: none yet", entry.ask_description(t, BARE)),
            ("ask_description: replacing one", entry.ask_description(t, ENTRY)),
            ("description_problem: empty", entry.description_problem(t, 0)),
            ("description_problem: too long", entry.description_problem(t, 501)),
            ("removed", entry.removed(t)),
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_filters(language: str) -> None:
    t = tr(language)
    full = Filters(
        total=8,
        topics={"green": 7, "vet": 1, "digital": 1},
        countries={"RO": 6, "ES": 2},
        org_types={"ngo": 6, "vet_provider": 1, "sme": 1},
        own_published=True,
    )
    one = Filters(total=1, topics={"green": 1}, countries={"RO": 1}, org_types={"ngo": 1})
    assert_text(
        f"directory/filters.{language}",
        sections(
            (
                "filters_view: empty directory",
                search.filters_view(t, SETTINGS, Filters(0, {}, {}, {})),
            ),
            (
                "filters_view: only the own entry",
                search.filters_view(t, SETTINGS, Filters(0, {}, {}, {}, own_published=True)),
            ),
            ("filters_view: one organisation", search.filters_view(t, SETTINGS, one)),
            ("filters_view: eight organisations", search.filters_view(t, SETTINGS, full)),
            ("filter_label: topic", search.filter_label(t, SETTINGS, "t", "green")),
            ("filter_label: country", search.filter_label(t, SETTINGS, "c", "ES")),
            ("filter_label: type", search.filter_label(t, SETTINGS, "o", "vet_provider")),
            ("filter_label: all", search.filter_label(t, SETTINGS, "-", "-")),
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_results(language: str) -> None:
    t = tr(language)
    first = SearchResult(PARTNERS[:5], total=7, page=0)
    last = SearchResult(PARTNERS[5:], total=7, page=1)
    spain = SearchResult(tuple(p for p in PARTNERS if p.country == "ES"), total=3, page=0)
    school = SearchResult(PARTNERS[6:], total=1, page=0)
    assert_text(
        f"directory/results.{language}",
        sections(
            (
                "results_view: first of two pages, by topic",
                search.results_view(t, SETTINGS, first, kind="t", value="green"),
            ),
            (
                "results_view: last page, by topic",
                search.results_view(t, SETTINGS, last, kind="t", value="green"),
            ),
            (
                "results_view: by country",
                search.results_view(t, SETTINGS, spain, kind="c", value="ES"),
            ),
            (
                "results_view: one, by type",
                search.results_view(t, SETTINGS, school, kind="o", value="school"),
            ),
            (
                "results_view: nothing, all organisations",
                search.results_view(t, SETTINGS, SearchResult((), 0, 0), kind="-", value="-"),
            ),
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_call_partners(language: str) -> None:
    t = tr(language)
    # Six fit (the German NGO is not in an eligible country).
    fitting = tuple(p for p in PARTNERS if p.country != "DE")
    some = CallPartners(42, HOSTILE_CALL, SearchResult(fitting[:5], total=6, page=0))
    second = CallPartners(42, HOSTILE_CALL, SearchResult(fitting[5:], total=6, page=1))
    none = CallPartners(42, HOSTILE_CALL, SearchResult((), 0, 0))
    assert_text(
        f"directory/call_partners.{language}",
        sections(
            ("call_partners_view: first page", search.call_partners_view(t, SETTINGS, some)),
            ("call_partners_view: second page", search.call_partners_view(t, SETTINGS, second)),
            ("call_partners_view: nobody fits", search.call_partners_view(t, SETTINGS, none)),
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_introductions(language: str) -> None:
    t = tr(language)
    about = replace(REQUEST, opportunity_title=HOSTILE_CALL)
    declined = replace(ANSWER, status="declined")
    assert_text(
        f"directory/introductions.{language}",
        sections(
            ("request_sent", introductions.request_sent(t, REQUEST)),
            ("unreachable", introductions.unreachable(t)),
            ("request_to_target", introductions.request_to_target(t, SETTINGS, REQUEST)),
            (
                "request_to_target: about a call",
                introductions.request_to_target(t, SETTINGS, about),
            ),
            ("accepted_for_target", introductions.accepted_for_target(t, SETTINGS, ANSWER)),
            ("accepted_for_requester", introductions.accepted_for_requester(t, ANSWER)),
            (
                "accepted_for_requester: about a call",
                introductions.accepted_for_requester(
                    t, replace(ANSWER, opportunity_title=HOSTILE_CALL)
                ),
            ),
            ("declined_for_target", introductions.declined_for_target(t, SETTINGS, declined)),
            ("declined_for_requester", introductions.declined_for_requester(t, declined)),
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_error_texts(language: str) -> None:
    t = tr(language)
    codes = (
        "not_member", "group", "no_org_name", "self", "unavailable", "unknown_call",
        "duplicate", "limit", "unknown", "stale", "anything else",
    )  # fmt: skip
    assert_text(
        f"directory/errors.{language}",
        sections(*((code, errors.error_text(t, code)) for code in codes)),
    )
