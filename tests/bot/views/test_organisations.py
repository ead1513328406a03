"""Organisation screens in every language: golden snapshots, hostile names escaped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.i18n import Catalogs
from bot.organisations.names import Match
from bot.organisations.types import Choice, InviteInfo, Membership, OrgInfo, Placed, RosterPage
from bot.views import organisations as views
from bot.views import roster
from tests.snapshots import assert_screen

CATALOGS = Catalogs(("en", "ro", "es"), "en")
LANGUAGES = ("en", "ro", "es")
WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
HOSTILE = 'Asociația <b>"Vest"</b> & Co'


def org(id_: int = 7, name: str = HOSTILE, **fields: object) -> OrgInfo:
    values: dict[str, object] = {
        "country": "RO",
        "nuts_region": "RO42",
        "org_type": "ngo",
        "registration_number": "RO12345678",
        "website": "https://vest.example",
        "status": "approved",
        "created_at": WHEN,
        "people": 3,
        "waiting": 1,
        **fields,
    }
    return OrgInfo(id_, name, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", LANGUAGES)
def test_choice(language: str) -> None:
    found = Choice(
        "asociatia vest & co",
        (Match(7, HOSTILE, "exact", 0), Match(9, "Vest Digital SRL", "near", 2)),
    )
    screen = views.choice(CATALOGS.get(language), found, contact="privacy@inexa.example")
    assert "<b>" not in screen.text
    assert_screen(f"organisations/choice.{language}", screen)


@pytest.mark.parametrize("language", LANGUAGES)
def test_organisation_screen(language: str) -> None:
    screen = views.organisation_screen(CATALOGS.get(language), Membership(org(), True))
    assert_screen(f"organisations/organisation.{language}", screen)


@pytest.mark.parametrize("language", LANGUAGES)
def test_waiting_person_sees_no_edit_buttons(language: str) -> None:
    screen = views.organisation_screen(
        CATALOGS.get(language), Membership(org(status="pending"), False)
    )
    assert screen.keyboard is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_invites(language: str) -> None:
    invites = [
        InviteInfo(2, "AbCdEfGhIjKl", 7, HOSTILE, WHEN, None, 1),
        InviteInfo(1, "ZyXwVuTsRqPo", 7, HOSTILE, WHEN, WHEN, 12),
    ]
    screen = views.invites_screen(
        CATALOGS.get(language), invites, bot_username="inexa_bot", coordinators=False
    )
    assert_screen(f"organisations/invites.{language}", screen)


@pytest.mark.parametrize("language", LANGUAGES)
def test_roster(language: str) -> None:
    page = RosterPage(
        query="vest",
        page=1,
        pages=3,
        total=17,
        entries=(org(), org(8, "Fundación Lucero", country="ES", people=1, waiting=0)),
        pending=(org(9, "Formación Sur, S.L.", country="ES", status="pending", people=1),),
        waiting_people=2,
    )
    assert_screen(
        f"organisations/roster.{language}", roster.roster_screen(CATALOGS.get(language), page)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_placed_texts_escape_names(language: str) -> None:
    tr = CATALOGS.get(language)
    for result in (
        Placed(Membership(org(status="pending"), True), created=True),
        Placed(Membership(org(), False), created=False, asked="people"),
        Placed(Membership(org(), False), created=False, asked="coordinators"),
    ):
        text = views.placed(tr, result)
        assert "&lt;b&gt;" in text
        assert "<b>" not in text
