"""Translations: gettext catalogs (``bot/locales/<lang>/LC_MESSAGES/messages.po``).

English is the source language: message ids are the English text. Catalogs are compiled in
memory at start-up with Babel, so there is no build step and no binary file in the repository.
Use ``%(name)s`` placeholders so translators can reorder them.

To add or change a text: write it in the code as ``tr.gettext("...")`` (or ``N_("...")`` for a
constant), run ``scripts/i18n``, translate the new entries in every ``.po`` file.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

SOURCE_LANGUAGE = "en"
DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark a constant for extraction; translate it later with ``tr.gettext(constant)``."""
    return message


def _load_catalog(language: str) -> NullTranslations:
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    po_file = resources.files("bot").joinpath(f"locales/{language}/LC_MESSAGES/{DOMAIN}.po")
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    # Fuzzy entries are not trusted translations; the catalog test fails on them anyway.
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@dataclass(frozen=True, slots=True)
class Translator:
    """Translates texts into one language."""

    language: str
    _catalog: NullTranslations

    def gettext(self, message: str, **params: Any) -> str:
        """The translated ``message``, with ``%(name)s`` placeholders filled from ``params``."""
        text = self._catalog.gettext(message)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params: Any) -> str:
        """The plural form for ``n``; ``%(n)s`` is always available."""
        text = self._catalog.ngettext(singular, plural, n)
        return text % {"n": n, **params}


class Catalogs:
    """Every enabled language's translator, loaded once."""

    def __init__(self, languages: Iterable[str], default: str) -> None:
        self.default = default
        self._translators: Mapping[str, Translator] = {
            lang: Translator(lang, _load_catalog(lang)) for lang in dict.fromkeys(languages)
        }
        if default not in self._translators:
            raise ValueError(f"default language {default!r} is not enabled")

    @property
    def languages(self) -> tuple[str, ...]:
        """Enabled language codes, in configuration order."""
        return tuple(self._translators)

    def get(self, language: str | None) -> Translator:
        """The translator for ``language``, or the default one when it is not enabled."""
        if language and language in self._translators:
            return self._translators[language]
        return self._translators[self.default]
