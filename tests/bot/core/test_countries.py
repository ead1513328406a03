"""Country names and search in the member's language."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.core import get_global

from bot.core import countries


def test_names_in_each_language() -> None:
    assert countries.name("RO", "ro") == "România"
    assert countries.name("ES", "es") == "España"
    assert countries.name("MD", "en") == "Moldova"
    assert len(countries.names("en")) > 240
    assert all(countries.is_country(code) for code in countries.COMMON)
    assert not countries.is_country("EU")


def test_search_is_accent_and_case_insensitive_and_bilingual() -> None:
    assert countries.search("rom", "ro")[0] == "RO"
    assert countries.search("ROMANIA", "ro") == ["RO"]
    assert countries.search("alemania", "es") == ["DE"]
    assert countries.search("germany", "es") == ["DE"]  # English names work too
    assert countries.search("md", "en")[0] == "MD"
    assert countries.search("   ", "en") == []
    assert countries.search("zzzz", "en") == []


def test_a_country_proposes_its_own_time_zones() -> None:
    # One zone per distinct local time, the most populous first.
    assert countries.zones("ES", 2026) == ("Europe/Madrid", "Atlantic/Canary")  # Ceuta = Madrid
    assert countries.zones("PT", 2026) == ("Europe/Lisbon", "Atlantic/Azores")  # Madeira = Lisbon
    assert countries.zones("RO", 2026) == ("Europe/Bucharest",)
    assert countries.zones("DE", 2026) == ("Europe/Berlin",)
    assert countries.zones("MD", 2026) == ("Europe/Chisinau",)
    assert countries.zones("ZZ", 2026) == ()  # CLDR's "unknown region", not a country
    assert countries.zones("XX", 2026) == ()
    assert countries.keeps_time_of("Europe/Bucharest", countries.zones("MD", 2026), 2026)
    assert not countries.keeps_time_of("Europe/Bucharest", countries.zones("ES", 2026), 2026)
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert countries.zone_label("Atlantic/Canary", "es", now) == "Canarias · UTC+0"
    assert countries.zone_label("Asia/Kolkata", "en", now) == "Kolkata · UTC+5:30"
    assert countries.zone_label("Atlantic/Azores", "ro", now) == "Azore · UTC−1"


@pytest.mark.parametrize("code", sorted(countries.names("en")))
def test_every_country_s_zones_are_real_and_distinct(code: str) -> None:
    """Derived for every ISO country from CLDR, never a hand list: real zones of that
    country, no two keeping the same time."""
    found = countries.zones(code, 2026)
    assert set(found) <= set(get_global("territory_zones").get(code, ()))
    for zone in found:
        ZoneInfo(zone)
    assert len(
        {
            tuple(
                datetime(2026, m, 1, tzinfo=UTC).astimezone(ZoneInfo(z)).utcoffset()
                for m in range(1, 13)
            )
            for z in found
        }
    ) == len(found)
    for other in get_global("territory_zones").get(code, ()):
        assert countries.keeps_time_of(other, found, 2026)  # every zone has a stand-in
