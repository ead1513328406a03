"""Every date and time a person sees, in their language, with Babel's (CLDR) patterns.

Nothing outside this module formats a date for people: digests, alerts, countdown reminders,
/following, workshop messages, settings, onboarding and the coordinators' screens all come
here, so one screen cannot say "11 December 2026" while another says "December 11, 2026".
Machine formats (CSV and JSON exports, calendar files, log lines, command-line tables) stay
ISO 8601 and are not made here.

English uses CLDR's European English (``en_150``): day before month and a 24-hour clock, as
the alliance's members write them. Romanian and Spanish use their own locales.

Deadlines (:class:`Deadline`) come in two kinds. A **date-only** deadline ("10 December 2026")
is stored as 23:59 in the zone the source states its deadlines in; it is a calendar day there
and is always shown as that day ("10 December 2026, end of day"), whatever the reader's zone.
A **timed** deadline ("31 March 2027, 17:00") is an instant: shown in its own zone, with the
reader's own time added when the two zones' clocks differ at that moment. Days left are
calendar days in the deadline's zone for both kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_timezone_gmt,
    get_timezone_location,
)

from bot.core.i18n import Translator
from feeds.types import Opportunity

#: The CLDR locale used for each of the bot's languages (others are parsed as they are).
LOCALES = {"en": "en_150", "ro": "ro", "es": "es"}
#: Where a deadline is read when its stored zone is unknown (the EU's own zone).
FALLBACK_ZONE = "Europe/Brussels"


@cache
def locale(language: str) -> Locale:
    """The Babel locale for a member's language (English falls back for unknown codes)."""
    try:
        return Locale.parse(LOCALES.get(language, language).replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(LOCALES["en"])


@cache
def zone(name: str | None) -> ZoneInfo:
    """The zone called ``name``; the fallback zone for an empty or unknown name."""
    try:
        return ZoneInfo(name or FALLBACK_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(FALLBACK_ZONE)


def _tz(where: str | tzinfo) -> tzinfo:
    return zone(where) if isinstance(where, str) else where


def _join(language: str, day_text: str, time_text: str) -> str:
    """A date and a time together, with the locale's own glue ("{1}, {0}")."""
    pattern = str(locale(language).datetime_formats["long"])
    return pattern.replace("{1}", day_text).replace("{0}", time_text)


# ---------------------------------------------------------------------------- plain values


def day(value: date, language: str, *, weekday: bool = False) -> str:
    """``11 December 2026`` / ``11 decembrie 2026`` / ``11 de diciembre de 2026``.

    With ``weekday``: ``Friday, 11 December 2026``.
    """
    return str(format_date(value, "full" if weekday else "long", locale=locale(language)))


def day_month(value: date, language: str) -> str:
    """A day without its year: ``11 December`` / ``11 decembrie`` / ``11 de diciembre``."""
    return str(format_skeleton("MMMMd", value, locale=locale(language)))


def short_day(value: date, language: str) -> str:
    """A compact day for chart labels: ``11 Dec`` / ``11 dec.`` / ``11 dic``."""
    return str(format_skeleton("MMMd", value, locale=locale(language)))


def clock(value: time | datetime, language: str) -> str:
    """A time of day in the locale's short pattern: ``09:00`` / ``9:00``."""
    at = value.time() if isinstance(value, datetime) else value
    return str(format_time(at.replace(tzinfo=None), "short", locale=locale(language)))


def weekday_name(weekday: int, language: str, *, capital: bool = True) -> str:
    """The weekday (0 = Monday) in ``language``; capitalised for buttons and lists."""
    name = str(locale(language).days["format"]["wide"][weekday])
    return name[:1].upper() + name[1:] if capital else name


def moment(instant: datetime, where: str | tzinfo, language: str, *, weekday: bool = False) -> str:
    """An instant as a date and time in a zone: ``11 December 2026, 17:00``.

    With ``weekday``: ``Friday, 11 December 2026, 17:00``.
    """
    local = instant.astimezone(_tz(where))
    return _join(language, day(local.date(), language, weekday=weekday), clock(local, language))


def period(first: date, last: date, language: str) -> str:
    """Inclusive days as one range: ``1–30 Nov 2026`` / ``25 de noviembre – 3 de diciembre
    de 2026`` (the locale's interval pattern drops what both ends share)."""
    if first == last:
        return day(first, language)
    return str(format_interval(first, last, "yMMMd", locale=locale(language)))


def zone_name(tr: Translator, where: str | tzinfo, at: datetime | None = None) -> str:
    """A zone as people say it: ``Brussels time`` / ``ora din Bruxelles`` / ``hora de
    Bruselas``; zones without a city (UTC, Etc/GMT+1) as their offset at ``at``, ``GMT+01:00``
    (their fixed offset when ``at`` is not given)."""
    tz = _tz(where)
    if at is None:
        at = datetime(2026, 1, 1, tzinfo=UTC)
    key = getattr(tz, "key", None)
    if not key or "/" not in key or key.startswith("Etc/"):
        if at.astimezone(tz).utcoffset() == timedelta(0):
            return "UTC"
        return str(get_timezone_gmt(at.astimezone(tz), "long", locale=locale(tr.language)))
    city = str(get_timezone_location(tz, locale=locale(tr.language), return_city=True))
    return tr.gettext("%(city)s time", city=city)


def moment_in_zone(tr: Translator, instant: datetime, where: str | tzinfo) -> str:
    """An instant with its zone named: ``29 November 2026, 22:54 (Bucharest time)``."""
    return tr.gettext(
        "%(moment)s (%(zone)s)",
        moment=moment(instant, where, tr.language),
        zone=zone_name(tr, where, instant),
    )


def time_range(start: datetime, end: datetime, where: str | tzinfo, language: str) -> str:
    """Start and end: ``Thursday, 3 December 2026, 14:00–16:00``, or both in full when
    they fall on different days."""
    tz = _tz(where)
    first, last = start.astimezone(tz), end.astimezone(tz)
    loc = locale(language)
    if first.date() == last.date():
        hours = str(format_interval(first, last, "Hm", tzinfo=tz, locale=loc))
        return _join(language, day(first.date(), language, weekday=True), hours)
    fallback = str(loc.interval_formats.get(None, "{0} – {1}"))
    return fallback.replace("{0}", moment(first, tz, language, weekday=True)).replace(
        "{1}", moment(last, tz, language, weekday=True)
    )


# --------------------------------------------------------------------------------- deadlines


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline as the source stated it.

    ``at`` is the stored instant (23:59 in ``zone`` for a date-only deadline); ``zone`` is
    the IANA zone the source states its deadlines in.
    """

    at: datetime
    has_time: bool = False
    zone: str = FALLBACK_ZONE

    @property
    def tz(self) -> ZoneInfo:
        """The deadline's zone (the fallback zone when the stored name is unknown)."""
        return zone(self.zone)

    @property
    def local(self) -> datetime:
        """The deadline in its own zone."""
        return self.at.astimezone(self.tz)

    @property
    def day(self) -> date:
        """The calendar day of the deadline, in its own zone: the day the source stated."""
        return self.local.date()


def deadline_of(item: Opportunity) -> Deadline | None:
    """An opportunity's next deadline, with how the source stated it."""
    if item.next_deadline is None:
        return None
    return Deadline(item.next_deadline, item.deadline_has_time, item.deadline_zone)


def days_left(deadline: Deadline, now: datetime) -> int:
    """Calendar days from ``now``'s day to the deadline's day, both in the deadline's zone
    (0: it closes today; negative: its day has passed)."""
    return (deadline.day - now.astimezone(deadline.tz).date()).days


def day_start(deadline: Deadline, days_before: int) -> datetime:
    """The start (00:00, in the deadline's zone) of the day ``days_before`` days before the
    deadline's day: when "N days left" becomes true."""
    start = datetime.combine(
        deadline.day - timedelta(days=days_before), time(0), tzinfo=deadline.tz
    )
    # Round trip through UTC: a zone that skips midnight (a DST change at 00:00) gives the
    # first real instant of that day instead of a time that does not exist.
    return start.astimezone(ZoneInfo("UTC")).astimezone(deadline.tz)


def deadline_day(deadline: Deadline, language: str) -> str:
    """Only the deadline's calendar day, in its own zone: ``10 December 2026``."""
    return day(deadline.day, language)


def deadline_text(tr: Translator, deadline: Deadline, *, reader_zone: str | tzinfo) -> str:
    """A deadline for a reader in ``reader_zone``, in ``tr``'s language.

    - date-only: ``10 December 2026, end of day`` (the source's day, in every zone);
    - timed, the reader's clock agrees: ``31 March 2027, 17:00``;
    - timed, it does not: ``31 March 2027, 17:00 Brussels time (18:00 yours)``, the reader's
      day added when it differs (``(1 April, 00:30 yours)``).
    """
    language = tr.language
    if not deadline.has_time:
        return tr.gettext("%(date)s, end of day", date=deadline_day(deadline, language))
    own_zone = _tz(reader_zone)
    there, here = deadline.local, deadline.at.astimezone(own_zone)
    stated = moment(there, deadline.tz, language)
    if there.utcoffset() == here.utcoffset():
        return stated
    own = (
        clock(here, language)
        if here.date() == there.date()
        else _join(language, day_month(here.date(), language), clock(here, language))
    )
    return tr.gettext(
        "%(moment)s %(zone)s (%(own)s yours)",
        moment=stated,
        zone=zone_name(tr, deadline.tz, deadline.at),
        own=own,
    )
