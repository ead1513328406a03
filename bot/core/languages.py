"""Names of languages from Babel's CLDR data, in the language of the person reading them.

A sentence in Spanish names English as "inglés", one in Romanian as "engleză": a name is
always given in the reader's language (``language_name(code, reader)``). The one exception
is the list a member picks their own language from, where each language is named in itself
(``endonym``), so that someone who cannot read the current language still finds theirs.

Romanian and Spanish write language names in lower case inside a sentence; ``capital=True``
is for a name that stands alone, on a button.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError


@cache
def _display_name(code: str, reader: str) -> str | None:
    try:
        return Locale.parse(code).get_display_name(reader) or None
    except (ValueError, LookupError, UnknownLocaleError):
        return None


def language_name(code: str, reader: str, *, capital: bool = False) -> str:
    """The name of language ``code`` in language ``reader`` (the code itself when unknown)."""
    name = _display_name(code, reader) or _display_name(code, "en") or code
    return name[:1].upper() + name[1:] if capital else name


def endonym(code: str) -> str:
    """The language's name in itself, capitalised for a button: "English", "Română"."""
    return language_name(code, code, capital=True)
