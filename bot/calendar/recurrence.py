"""Recurring activities as pure functions: read a repeat rule, expand it into occurrences.

A rule is RFC 5545 ``RRULE`` text (``FREQ=MONTHLY;BYDAY=1TU``) over the activity's local
wall-clock time, expanded with :mod:`dateutil.rrule` on naive local datetimes and only then
placed in the zone, so "every first Tuesday at 10:00 Bucharest" stays at 10:00 across a
daylight-saving change. Each occurrence keeps the first one's local length.

Coordinators write a rule in words (``weekly``, ``every 2 weeks``, ``monthly``, ``first
tuesday``, ``last friday``), optionally ``until 2027-06-30`` or ``8 times``, and ``except
2026-12-29, 2027-01-05``; or a raw ``RRULE:…``. Without an end the series runs for
:data:`DEFAULT_HORIZON`; never more than :data:`MAX_OCCURRENCES` dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from bot.workshops.fields import Problem, local_datetime

MAX_OCCURRENCES = 52
#: A series without an end runs this long.
DEFAULT_HORIZON = timedelta(days=183)
#: The furthest ``until`` a coordinator may give.
LONGEST = timedelta(days=366)

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY_WORDS = {
    **dict.fromkeys(("monday", "mon", "luni", "lunes"), 0),
    **dict.fromkeys(("tuesday", "tue", "marți", "marti", "martes"), 1),
    **dict.fromkeys(("wednesday", "wed", "miercuri", "miércoles", "miercoles"), 2),
    **dict.fromkeys(("thursday", "thu", "joi", "jueves"), 3),
    **dict.fromkeys(("friday", "fri", "vineri", "viernes"), 4),
    **dict.fromkeys(("saturday", "sat", "sâmbătă", "sambata", "sábado", "sabado"), 5),
    **dict.fromkeys(("sunday", "sun", "duminică", "duminica", "domingo"), 6),
}
_ORDINALS = {
    **dict.fromkeys(("first", "1st", "primul", "prima", "primer", "primero"), 1),
    **dict.fromkeys(("second", "2nd", "al doilea", "a doua", "segundo"), 2),
    **dict.fromkeys(("third", "3rd", "al treilea", "a treia", "tercer", "tercero"), 3),
    **dict.fromkeys(("fourth", "4th", "al patrulea", "a patra", "cuarto"), 4),
    **dict.fromkeys(("last", "ultimul", "ultima", "último", "ultimo"), -1),
}
_WEEKLY = {"weekly", "every week", "săptămânal", "saptamanal", "semanal", "cada semana"}
_MONTHLY = {"monthly", "every month", "lunar", "mensual", "cada mes"}
_DAILY = {"daily", "every day", "zilnic", "diario", "cada día", "cada dia"}
_EVERY_N_WEEKS = re.compile(
    r"^(?:every|la fiecare|cada)\s+(\d{1,2})\s+(?:weeks|săptămâni|saptamani|semanas)$"
)
_UNTIL = re.compile(r"\b(?:until|până la|pana la|hasta)\s+(\S+)")
_TIMES = re.compile(r"\b(\d{1,3})\s*(?:times|x|ori|veces)\b|\bx\s*(\d{1,3})\b")
_EXCEPT = re.compile(r"\b(?:except|excepting|fără|fara|excepto|salvo)\b(.*)$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4}")

#: The repeat buttons of the draft: once, every week, every 2 weeks, monthly on the start's
#: n-th weekday, monthly on the start's day of the month.
Preset = Literal["o", "w", "2w", "mn", "md"]


@dataclass(frozen=True, slots=True)
class Recurrence:
    """A rule (``RRULE`` value, without the ``RRULE:`` name) and the local dates left out."""

    rule: str
    exceptions: tuple[date, ...] = ()

    def text(self) -> str:
        """Stored form: the rule, then ``;EXCEPT=`` dates (read back by :func:`stored`)."""
        if not self.exceptions:
            return self.rule
        return self.rule + ";X-EXCEPT=" + ",".join(d.isoformat() for d in self.exceptions)


def stored(text: str) -> Recurrence:
    """A rule saved with :meth:`Recurrence.text`."""
    parts = [p for p in text.split(";") if p]
    exceptions: tuple[date, ...] = ()
    kept = []
    for part in parts:
        if part.startswith("X-EXCEPT="):
            exceptions = tuple(date.fromisoformat(d) for d in part[9:].split(",") if d)
        else:
            kept.append(part)
    return Recurrence(";".join(kept), exceptions)


def nth_weekday(day: date) -> tuple[int, int]:
    """Which weekday of its month ``day`` is: (1-4, or -1 for the last), weekday (0 = Monday)."""
    n = (day.day - 1) // 7 + 1
    return (-1 if n == 5 else n), day.weekday()


def preset(code: Preset, start: datetime) -> Recurrence | None:
    """The rule a repeat button stands for, for a series starting at local ``start``."""
    if code == "o":
        return None
    if code == "w":
        return Recurrence("FREQ=WEEKLY")
    if code == "2w":
        return Recurrence("FREQ=WEEKLY;INTERVAL=2")
    if code == "md":
        return Recurrence(f"FREQ=MONTHLY;BYMONTHDAY={start.day}")
    n, weekday = nth_weekday(start.date())
    return Recurrence(f"FREQ=MONTHLY;BYDAY={n}{_WEEKDAYS[weekday]}")


def _parse_day(text: str) -> date | None:
    text = text.strip().rstrip(",")
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar day only
        except ValueError:
            continue
    return None


def _frequency(words: str, start: datetime) -> str | None:
    words = " ".join(words.replace(",", " ").split())
    for prefix in ("every ", "monthly ", "monthly on the ", "monthly on ", "on the ", "each "):
        if words.startswith(prefix) and words[len(prefix) :].split(" ")[0] in _ORDINALS:
            words = words[len(prefix) :]
    if words in _WEEKLY:
        return "FREQ=WEEKLY"
    if words in _DAILY:
        return "FREQ=DAILY"
    if words in _MONTHLY:
        return f"FREQ=MONTHLY;BYMONTHDAY={start.day}"
    match = _EVERY_N_WEEKS.match(words)
    if match:
        interval = int(match[1])
        return "FREQ=WEEKLY" if interval == 1 else f"FREQ=WEEKLY;INTERVAL={interval}"
    for ordinal, n in sorted(_ORDINALS.items(), key=lambda item: -len(item[0])):
        if words.startswith(ordinal + " "):
            rest = words[len(ordinal) + 1 :].split(" ")
            weekday = _WEEKDAY_WORDS.get(rest[0])
            if weekday is not None and all(
                w in {"of", "the", "month", "each", "every"} for w in rest[1:]
            ):
                return f"FREQ=MONTHLY;BYDAY={n}{_WEEKDAYS[weekday]}"
    return None


def parse(text: str, *, start: datetime) -> Recurrence | Problem:
    """A repeat rule in words (see the module docstring) for a series starting at ``start``
    (aware, in the activity's zone); refused with a :class:`Problem` it cannot be read."""
    value = " ".join(text.strip().lower().split())
    if not value:
        return Problem("repeat_format")
    exceptions: list[date] = []
    found = _EXCEPT.search(value)
    if found:
        for token in _DATE.findall(found[1]):
            day = _parse_day(token)
            if day is None:
                return Problem("repeat_date", token)
            exceptions.append(day)
        if not exceptions:
            return Problem("repeat_date", found[1].strip()[:40])
        value = value[: found.start()].strip()
    if value.upper().startswith(("RRULE:", "FREQ=")):
        rule = value.upper().removeprefix("RRULE:")
    else:
        end = ""
        until = _UNTIL.search(value)
        if until:
            day = _parse_day(until[1])
            if day is None:
                return Problem("repeat_date", until[1][:40])
            end = ";UNTIL=" + day.strftime("%Y%m%d") + "T235959"
            value = (value[: until.start()] + value[until.end() :]).strip()
        times = _TIMES.search(value)
        if times:
            end = f";COUNT={int(times[1] or times[2])}"
            value = (value[: times.start()] + value[times.end() :]).strip()
        frequency = _frequency(value, start)
        if frequency is None:
            return Problem("repeat_format")
        rule = frequency + end
    recurrence = Recurrence(rule, tuple(sorted(set(exceptions))))
    expanded = expand(recurrence, start=start, end=start + timedelta(hours=1))
    return expanded if isinstance(expanded, Problem) else recurrence


def expand(
    recurrence: Recurrence, *, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]] | Problem:
    """Every occurrence (start, end) of a series whose first one is ``start``-``end`` (aware,
    in the activity's zone), exceptions left out; at most :data:`MAX_OCCURRENCES`.

    The first occurrence must be ``start`` itself (RFC 5545: DTSTART is the first instance):
    a "first Tuesday" series cannot start on a Wednesday.
    """
    zone = start.tzinfo
    if not isinstance(zone, ZoneInfo):
        raise ValueError("the start must carry an IANA zone")
    local_start = start.replace(tzinfo=None)
    length = end.astimezone(zone).replace(tzinfo=None) - local_start
    try:
        rule = rrulestr("RRULE:" + recurrence.rule, dtstart=local_start, ignoretz=True)
    except (ValueError, TypeError):
        return Problem("repeat_format")
    horizon = local_start + (
        LONGEST if "UNTIL" in recurrence.rule or "COUNT" in recurrence.rule else DEFAULT_HORIZON
    )
    found: list[tuple[datetime, datetime]] = []
    skipped = set(recurrence.exceptions)
    first = True
    for index, moment in enumerate(rule):
        if index > 400 or moment > horizon:
            break
        if first:
            if moment != local_start:
                return Problem("repeat_start")
            first = False
        if moment.date() in skipped:
            continue
        if len(found) >= MAX_OCCURRENCES:
            return Problem("repeat_many")
        at = local_datetime(moment.date(), moment.time(), zone)
        finish = local_datetime((moment + length).date(), (moment + length).time(), zone)
        found.append((at, finish))
    if first:
        return Problem("repeat_start")
    if len(found) < 2:
        return Problem("repeat_once")
    return found
