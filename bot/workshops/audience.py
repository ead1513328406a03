"""Who a workshop's announcement reaches by language (pure; the repository's query mirrors it).

A workshop held in one language (Romanian, say) is announced to members whose language is
that one, and to members who chose "Workshops: any language" in /settings; the topic rule
(members with one of its topics, or everyone) applies on top.
"""

from __future__ import annotations


def reaches(*, member_language: str, any_language: bool, workshop_language: str) -> bool:
    """Whether a member hears of a workshop held in ``workshop_language``."""
    return any_language or member_language == workshop_language
