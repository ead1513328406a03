"""The language rule of workshop announcements."""

from __future__ import annotations

from bot.workshops.audience import reaches


def test_a_workshop_reaches_its_language_and_the_open_to_any() -> None:
    assert reaches(member_language="ro", any_language=False, workshop_language="ro")
    assert not reaches(member_language="en", any_language=False, workshop_language="ro")
    assert reaches(member_language="es", any_language=True, workshop_language="ro")
