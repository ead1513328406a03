"""Country names and search in the member's language."""

from __future__ import annotations

from bot import countries


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
