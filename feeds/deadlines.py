"""Deadlines and status, decided by pure functions.

Finding a deadline in free text (English, Romanian, Spanish, some Catalan):

1. fold the text (lower case, no diacritics: Romanian sites mix ș/ş and often drop them);
2. look for a trigger phrase ("termen limită", "plazo de presentación", "deadline", ...) and
   parse dates only in the ~160 characters after it, so a publication or event date
   elsewhere is never taken for a deadline;
3. a range ("între 17 august și 16 octombrie 2026") gives its end; a cut-off list gives all
   its dates; a relative period ("20 días hábiles") is counted from the publication date
   (business days skip weekends; without a holiday calendar the result is ``approx``);
4. without any trigger, the latest future date in the text is a ``low``-confidence guess.

A date without a time means the end of that day (23:59) in the source's time zone.
Publication dates are never used as deadlines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from feeds.text import fold
from feeds.types import Confidence, DeadlineModel, Status

BRUSSELS = ZoneInfo("Europe/Brussels")
WINDOW = 160
END_OF_DAY = time(23, 59)

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan enero ene ianuarie ian gener",
        "february feb febrero februarie febrer",
        "march mar marzo martie marc",
        "april apr abril aprilie abr",
        "may mayo mai maig",
        "june jun junio iunie iun juny",
        "july jul julio iulie iul juliol",
        "august aug agosto ago agost",
        "september sept sep septiembre setiembre set septembrie setembre",
        "october oct octubre octombrie",
        "november nov noviembre noiembrie noi novembre",
        "december dec diciembre dic decembrie desembre",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th|º|o)?"
_DATE_PATTERNS = [
    # 2026-10-15
    ("ymd", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")),
    # 15.10.2026, 15/10/2026, 15-10-2026 (day first, as in every language here)
    ("dmy", re.compile(r"\b(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})\b")),
    # 15 octombrie 2026, 15 de octubre de 2026, 15th of October 2026, 15 oct. 2026
    (
        "d_month_y",
        re.compile(
            rf"\b(?P<d>\d{{1,2}}){_ORD}\s*(?:of\s+|de\s+|d')?(?P<month>{_MONTH})\.?,?\s*"
            rf"(?:de\s+|del\s+)?(?P<y>\d{{4}})\b"
        ),
    ),
    # October 15, 2026
    (
        "month_d_y",
        re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>\d{{4}})\b"),
    ),
]
_TIME = re.compile(
    r"[\s,]*(?:(?:la\s+)?ora|a\s+las|at|hasta\s+las|,)?\s*(?P<h>[01]?\d|2[0-3])[:.h](?P<min>[0-5]\d)"
    r"(?:\s*(?:horas|hrs|h|cet|cest|ora romaniei|\(?ora romaniei\)?))?"
)
_TRIGGERS = [
    # English
    r"deadline", r"closing date", r"closes? on", r"submissions? (?:by|until|deadline)",
    r"apply by", r"applications? (?:by|until|close|open)", r"due date",
    r"open (?:until|between|from)",
    # Romanian
    r"termen(?:ul)? limita", r"data limita", r"data (?:de )?inchiderii?",
    r"termen(?:ul)? de depunere", r"pana la data de", r"perioada de depunere",
    r"depunerea (?:este programata|se face|se realizeaza)", r"inchiderea apelului",
    r"data de inchidere",
    # Spanish
    r"plazo(?: de presentacion)?(?: de (?:las )?solicitudes)?", r"fecha limite",
    r"fecha (?:de )?fin", r"hasta el(?: dia)?", r"finaliza(?:ra)? el", r"fin del plazo",
    # Catalan
    r"termini", r"fins al",
]  # fmt: skip
_TRIGGER = re.compile(r"\b(?:" + "|".join(_TRIGGERS) + r")\b")
_CUTOFF = re.compile(r"\b(?:cut-?off(?: dates?)?|fechas? de corte|termene(?:le)? intermediare)\b")
_RANGE_START = re.compile(r"\b(?:between|intre|entre|from|desde|del|de la)\s*$")
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|and|si|y|al|a|pana la|hasta(?: el)?|until)\s*$")
_RELATIVE = re.compile(
    r"\b(?P<n>\d{1,3}|un|una|o|one|a)\s+(?:de\s+)?(?P<unit>dias?|zile|days?|meses|mes|luni|luna|months?|"
    r"semanas?|saptamani|saptamana|weeks?)(?:\s+(?:de\s+)?(?P<kind>habiles|naturales|"
    r"lucratoare|calendaristice|working|business|calendar))?"
)
_WORD_NUMBERS = {"un": 1, "una": 1, "o": 1, "one": 1, "a": 1}


@dataclass(frozen=True, slots=True)
class DeadlineFinding:
    """Deadlines found in a text, how sure we are, and how they are organised."""

    deadlines: tuple[datetime, ...]
    confidence: Confidence
    model: DeadlineModel
    #: The text gave a time of day; False means each deadline is the end of its calendar day.
    has_time: bool = False


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    value: datetime
    timed: bool = False


def _dates(window: str, tz: ZoneInfo) -> list[_Found]:
    """Every date in ``window`` (folded text), with its time when one follows."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(window):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            month = (
                _MONTHS[match.group("month")]
                if kind in {"d_month_y", "month_d_y"}
                else int(match.group("m"))
            )
            try:
                day = date(int(match.group("y")), month, int(match.group("d")))
            except ValueError:
                continue  # 31 February and friends are not dates
            at = END_OF_DAY
            end = match.end()
            clock = _TIME.match(window, end)
            if clock:
                at = time(int(clock.group("h")), int(clock.group("min")))
                end = clock.end()
            found.append(
                _Found(match.start(), end, datetime.combine(day, at, tzinfo=tz), clock is not None)
            )
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def _after_trigger(folded: str, tz: ZoneInfo) -> DeadlineFinding | None:
    for trigger in _TRIGGER.finditer(folded):
        window = folded[trigger.end() : trigger.end() + WINDOW]
        dates = _dates(window, tz)
        if not dates:
            continue
        context = folded[max(0, trigger.start() - 40) : trigger.end() + WINDOW]
        if _CUTOFF.search(context):
            values = tuple(sorted({d.value for d in dates}))
            model = DeadlineModel.CUT_OFFS if len(values) > 1 else DeadlineModel.SINGLE
            return DeadlineFinding(values, Confidence.HIGH, model, any(d.timed for d in dates))
        first = dates[0]
        if len(dates) > 1 and (
            _RANGE_START.search(window[: first.start])
            or _RANGE_JOIN.match(window[first.end : dates[1].start])
        ):
            second = dates[1]
            return DeadlineFinding(
                (second.value,), Confidence.HIGH, DeadlineModel.SINGLE, second.timed
            )
        return DeadlineFinding((first.value,), Confidence.HIGH, DeadlineModel.SINGLE, first.timed)
    cutoff = _CUTOFF.search(folded)
    if cutoff:
        dates = _dates(folded[cutoff.end() : cutoff.end() + WINDOW], tz)
        if dates:
            values = tuple(sorted({d.value for d in dates}))
            model = DeadlineModel.CUT_OFFS if len(values) > 1 else DeadlineModel.SINGLE
            return DeadlineFinding(values, Confidence.HIGH, model, any(d.timed for d in dates))
    return None


def add_business_days(start: date, days: int) -> date:
    """``days`` working days after ``start`` (weekends skipped; no holiday calendar)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def _add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: day 28 exists in every month")


def _relative(folded: str, published: datetime, tz: ZoneInfo) -> DeadlineFinding | None:
    for trigger in _TRIGGER.finditer(folded):
        window = folded[trigger.end() : trigger.end() + WINDOW]
        match = _RELATIVE.search(window)
        if match is None:
            continue
        raw = match.group("n")
        count = _WORD_NUMBERS.get(raw) or int(raw)
        unit = match.group("unit")
        business = match.group("kind") in {"habiles", "lucratoare", "working", "business"}
        start = published.astimezone(tz).date()
        if unit.startswith(("dia", "zile", "day")):
            end = add_business_days(start, count) if business else start + timedelta(days=count)
        elif unit.startswith(("sem", "sapt", "week")):
            end = start + timedelta(weeks=count)
        else:
            end = _add_months(start, count)
        deadline = datetime.combine(end, END_OF_DAY, tzinfo=tz)
        return DeadlineFinding((deadline,), Confidence.APPROX, DeadlineModel.SINGLE)
    return None


_PUBLISHED = re.compile(r"(?:published|publicat\w*|publicad\w*|publicacion|posted)\W{0,20}$")


def _latest_future(
    folded: str, now: datetime, tz: ZoneInfo, published: datetime | None
) -> DeadlineFinding | None:
    published_day = published.astimezone(tz).date() if published else None
    future = [
        d
        for d in _dates(folded, tz)
        if d.value >= now
        and d.value.date() != published_day
        and not _PUBLISHED.search(folded[max(0, d.start - 40) : d.start])
    ]
    if not future:
        return None
    latest = max(future, key=lambda d: d.value)
    return DeadlineFinding((latest.value,), Confidence.LOW, DeadlineModel.SINGLE, latest.timed)


def extract_deadlines(
    text: str,
    *,
    language: str,
    now: datetime,
    published: datetime | None = None,
    tz: ZoneInfo = BRUSSELS,
) -> DeadlineFinding | None:
    """The deadlines stated in ``text``, or None. Never raises on odd input.

    ``language`` is informational: trigger phrases of every supported language are tried,
    because EU pages mix English titles with national-language bodies.
    """
    del language  # every grammar is tried; kept in the signature for callers and future rules
    if not text:
        return None
    folded = fold(text)
    found = _after_trigger(folded, tz)
    if found is not None:
        return found
    if published is not None:
        relative = _relative(folded, published, tz)
        if relative is not None:
            return relative
    return _latest_future(folded, now, tz, published)


def next_deadline(deadlines: Sequence[datetime], now: datetime) -> datetime | None:
    """The first deadline at or after ``now``."""
    upcoming = [d for d in deadlines if d >= now]
    return min(upcoming) if upcoming else None


def derive_status(
    *,
    now: datetime,
    opening: datetime | None,
    deadlines: Sequence[datetime],
    continuous: bool = False,
    hint: Status | None = None,
) -> Status:
    """Where a call stands, from its dates (a source's own status field stays open too long)."""
    if opening is not None and opening > now:
        return Status.FORTHCOMING
    if deadlines:
        return Status.OPEN if next_deadline(deadlines, now) is not None else Status.CLOSED
    if continuous:
        return Status.OPEN
    if hint is not None:
        return hint
    if opening is not None:
        return Status.OPEN
    return Status.UNKNOWN


def iter_dates(text: str, tz: ZoneInfo = BRUSSELS) -> Iterator[datetime]:
    """Every explicit date in ``text`` (for tests and diagnostics)."""
    for found in _dates(fold(text), tz):
        yield found.value
