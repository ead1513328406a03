"""Countries (ISO 3166-1 alpha-2) with names in the member's language, from Babel's CLDR data."""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale

#: Offered first as buttons: where the alliance's members are.
COMMON: tuple[str, ...] = (
    "RO", "ES", "MD", "BG", "IT", "PT", "GR", "HU", "PL", "FR", "DE", "BE",
)  # fmt: skip
# CLDR lists some non-country territories with two-letter codes.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "XK"})


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def names(language: str) -> dict[str, str]:
    """Code -> country name in ``language``, sorted by name."""
    territories = Locale.parse(language).territories
    english = Locale("en").territories
    pairs: dict[str, str] = {}
    for code in english:
        if (
            isinstance(code, str)
            and len(code) == 2
            and code.isalpha()
            and code not in _NOT_COUNTRIES
        ):
            pairs[code] = str(territories.get(code) or english.get(code) or code)
    return dict(sorted(pairs.items(), key=lambda item: _fold(item[1])))


def is_country(code: str) -> bool:
    """True for a known ISO 3166-1 alpha-2 code."""
    return code in names("en")


def name(code: str, language: str) -> str:
    """The country's name in ``language`` (the code itself when unknown)."""
    return names(language).get(code, code)


def search(query: str, language: str, *, limit: int = 12) -> list[str]:
    """Codes whose name (in ``language`` or English) or code matches ``query``, best first."""
    wanted = _fold(query.strip())
    if not wanted:
        return []
    local, english = names(language), names("en")
    scored: list[tuple[int, str, str]] = []
    for code, local_name in local.items():
        candidates = (_fold(local_name), _fold(english[code]))
        if wanted == code.casefold():
            rank = 0
        elif any(c.startswith(wanted) for c in candidates):
            rank = 1
        elif any(wanted in c for c in candidates):
            rank = 2
        else:
            continue
        scored.append((rank, _fold(local_name), code))
    return [code for _, _, code in sorted(scored)[:limit]]
