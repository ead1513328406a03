"""Countries (ISO 3166-1 alpha-2) with names in the member's language and their time zones,
from Babel's CLDR data."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location

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


@cache
def _zone_tab_rank() -> dict[str, int]:
    """Zone -> position in the tz database's ``zone.tab`` (the tzdata package ships it), which
    lists each country's most populous zone first. Empty when it cannot be read."""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, OSError):
        return {}
    rank: dict[str, int] = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if not line.startswith("#") and len(fields) >= 3:
            rank.setdefault(fields[2], len(rank))
    return rank


def _behaviour(zone: ZoneInfo, year: int) -> tuple[timedelta | None, ...]:
    """The zone's UTC offset on the 1st and 15th of every month of ``year``."""
    return tuple(
        datetime(year, month, day, 12, tzinfo=UTC).astimezone(zone).utcoffset()
        for month in range(1, 13)
        for day in (1, 15)
    )


@cache
def zones(code: str, year: int) -> tuple[str, ...]:
    """The time zones of a country (CLDR's territory zones), one per distinct local time.

    Zones that keep the same time all ``year`` collapse into the most populous one
    (``zone.tab`` order): Spain is Madrid and the Canaries (Ceuta keeps Madrid's time),
    Portugal is Lisbon and the Azores, Romania is Bucharest alone. Unknown: ``()``.
    """
    if not is_country(code):  # CLDR's "unknown region" ZZ has the Etc/GMT±N zones
        return ()
    candidates = []
    for name in get_global("territory_zones").get(code, ()):
        try:
            candidates.append((name, ZoneInfo(name)))
        except (ZoneInfoNotFoundError, ValueError):
            continue
    rank = _zone_tab_rank()
    candidates.sort(key=lambda pair: (rank.get(pair[0], len(rank)), pair[0]))
    kept: dict[tuple[timedelta | None, ...], str] = {}
    for name, zone in candidates:
        kept.setdefault(_behaviour(zone, year), name)
    return tuple(kept.values())


def zone_label(zone: str, language: str, at: datetime) -> str:
    """A zone as a member recognises it: its city in their language and its offset now,
    e.g. "Canarias · UTC+0", "Bucharest · UTC+2", "Kolkata · UTC+5:30"."""
    city = get_timezone_location(zone, locale=Locale.parse(language), return_city=True)
    offset = at.astimezone(ZoneInfo(zone)).utcoffset() or timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"{city} · UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def keeps_time_of(zone: str, candidates: tuple[str, ...], year: int) -> bool:
    """True when ``zone`` shows the same local time all ``year`` as one of ``candidates``
    (a member in Moldova set to Europe/Bucharest needs no other zone)."""
    try:
        behaviour = _behaviour(ZoneInfo(zone), year)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return any(behaviour == _behaviour(ZoneInfo(other), year) for other in candidates)
