"""Who a workshop's announcement reaches by language (pure; the repository's query mirrors it).

A workshop held in one language (Romanian, say) is announced to members whose language is
that one, and to members who chose "Workshops: any language" in /settings. A workshop held in
the alliance's common language (``[i18n] default_language``, English unless configured) reaches
everyone: it is the language the alliance's members share across countries, whatever language
they read the bot in. The topic rule (members with one of its topics, or everyone) applies on
top.
"""

from __future__ import annotations


def reaches(
    *, member_language: str, any_language: bool, workshop_language: str, common_language: str
) -> bool:
    """Whether a member hears of a workshop held in ``workshop_language``."""
    return any_language or workshop_language in {member_language, common_language}
