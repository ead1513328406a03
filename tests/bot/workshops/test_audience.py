"""The language rule of workshop announcements."""

from __future__ import annotations

from bot.workshops.audience import reaches


def test_a_workshop_reaches_its_language_and_the_open_to_any() -> None:
    def hears(member: str, workshop: str, *, any_language: bool = False) -> bool:
        return reaches(
            member_language=member,
            any_language=any_language,
            workshop_language=workshop,
            common_language="en",
        )

    assert hears("ro", "ro")
    assert not hears("en", "ro")
    assert not hears("es", "ro")
    assert hears("es", "ro", any_language=True)
    # The alliance's common language reaches everyone, whatever language they read the bot in.
    assert hears("ro", "en")
    assert hears("es", "en")
