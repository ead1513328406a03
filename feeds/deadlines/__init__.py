"""Deadlines and status, decided by pure functions.

Deadlines are read from free text by one grammar per language (en, ro, es, fr, it, de, pt,
ca; ``feeds/deadlines/<code>.py``) and a shared engine (``engine.py``, which explains the
steps). Confidence: ``high`` a deadline cue and an explicit date; ``approx`` a relative
period counted from publication; ``low`` a conservative guess. A publication, signature,
launch, opening, info-day or event date is never a deadline; "to be announced" gives none.

A date without a time means the end of that day (23:59) in the source's time zone, and
``has_time`` is False; an ISO timestamp keeps its own offset.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from feeds.deadlines.calendar import add_business_days, add_months, derive_status, next_deadline
from feeds.deadlines.engine import GRAMMARS, DeadlineFinding, every_date, extract, grammar_codes

BRUSSELS = ZoneInfo("Europe/Brussels")

__all__ = [
    "BRUSSELS",
    "GRAMMARS",
    "DeadlineFinding",
    "add_business_days",
    "add_months",
    "derive_status",
    "extract_deadlines",
    "grammar_codes",
    "iter_dates",
    "next_deadline",
    "zone_for",
]


def zone_for(language: str) -> ZoneInfo:
    """The usual time zone of sources written in ``language`` (Brussels when unknown)."""
    grammar = GRAMMARS.get((language or "").lower())
    return ZoneInfo(grammar.zone) if grammar is not None else BRUSSELS


def extract_deadlines(
    text: str,
    *,
    language: str,
    now: datetime,
    published: datetime | None = None,
    tz: tzinfo = BRUSSELS,
) -> DeadlineFinding | None:
    """The deadlines stated in ``text``, or None. Never raises on odd input.

    ``language`` picks the grammars: the text's own, its companions (Spanish with Catalan),
    and English, which EU pages mix in; every grammar when the language is unknown.
    ``published`` is when the text was published: relative periods count from it, dates
    without a year are the next such date after it, and it is never taken for a deadline.
    """
    return extract(text, language=language, now=now, published=published, tz=tz)


def iter_dates(text: str, tz: tzinfo = BRUSSELS, *, language: str = "") -> Iterator[datetime]:
    """Every explicit date in ``text`` that has a year (for tests and diagnostics)."""
    yield from every_date(text, tz, language)
