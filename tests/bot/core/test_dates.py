"""Dates people see (bot/core/dates.py): Babel patterns in en/ro/es, deadlines in their own zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from hypothesis import given
from hypothesis import strategies as st

from bot.core import dates
from bot.core.dates import Deadline
from bot.core.i18n import Catalogs

CATALOGS = Catalogs(["en", "ro", "es"], "en")
BRUSSELS = ZoneInfo("Europe/Brussels")
BUCHAREST = ZoneInfo("Europe/Bucharest")
MADRID = ZoneInfo("Europe/Madrid")
LANGUAGES = ("en", "ro", "es")
#: Zones members and sources are in, plus far ones (date line, half hours, no DST, UTC).
ZONES = (
    "Europe/Brussels", "Europe/Bucharest", "Europe/Madrid", "Atlantic/Canary", "Europe/Lisbon",
    "Europe/Chisinau", "Europe/Kyiv", "Europe/London", "UTC", "America/New_York",
    "Asia/Kolkata", "Pacific/Auckland", "Pacific/Kiritimati", "Pacific/Pago_Pago",
    "America/St_Johns", "Asia/Kathmandu", "America/Santiago",
)  # fmt: skip


def date_only(day: date, zone: str) -> Deadline:
    """A date-only deadline as ingestion stores it: 23:59 of that day in the source's zone."""
    return Deadline(datetime.combine(day, time(23, 59), tzinfo=ZoneInfo(zone)), False, zone)


# ------------------------------------------------------------------- one pattern per language


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "11 December 2026"), ("ro", "11 decembrie 2026"), ("es", "11 de diciembre de 2026")],
)
def test_a_day_in_each_language(language: str, expected: str) -> None:
    assert dates.day(date(2026, 12, 11), language) == expected


def test_english_has_one_pattern_day_before_month() -> None:
    """Issue 12: "11 December 2026" and "December 11, 2026" on different screens."""
    instant = datetime(2026, 12, 11, 16, 0, tzinfo=UTC)
    assert dates.day(instant.date(), "en") == "11 December 2026"
    assert dates.day(instant.date(), "en", weekday=True) == "Friday, 11 December 2026"
    assert dates.moment(instant, "Europe/Bucharest", "en") == "11 December 2026, 18:00"
    assert dates.moment(instant, BRUSSELS, "en", weekday=True) == "Friday, 11 December 2026, 17:00"
    assert dates.day_month(instant.date(), "en") == "11 December"
    assert "December 11" not in dates.period(date(2026, 12, 1), date(2026, 12, 11), "en")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Thursday, 3 December 2026, 14:00–16:00"),
        ("ro", "joi, 3 decembrie 2026, 14:00–16:00"),
        ("es", "jueves, 3 de diciembre de 2026, 14:00–16:00"),
    ],
)
def test_a_workshop_span_on_one_day(language: str, expected: str) -> None:
    start = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    assert dates.time_range(start, start + timedelta(hours=2), BUCHAREST, language) == expected


def test_a_span_over_two_days_names_both() -> None:
    start = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    text = dates.time_range(start, start + timedelta(days=1), BUCHAREST, "en")
    # CLDR's interval fallback "{0} – {1}" (with thin spaces).
    assert text == "Thursday, 3 December 2026, 14:00\u2009–\u2009Friday, 4 December 2026, 14:00"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1–30 Nov 2026"),
        ("ro", "1–30 nov. 2026"),
        ("es", "1–30 nov 2026"),
    ],
)
def test_a_period(language: str, expected: str) -> None:
    assert dates.period(date(2026, 11, 1), date(2026, 11, 30), language) == expected


def test_zone_names_come_from_cldr_in_the_readers_language() -> None:
    at = datetime(2027, 3, 31, 15, 0, tzinfo=UTC)
    assert dates.zone_name(CATALOGS.get("en"), "Europe/Brussels", at) == "Brussels time"
    assert dates.zone_name(CATALOGS.get("ro"), "Europe/Brussels", at) == "ora din Bruxelles"
    assert dates.zone_name(CATALOGS.get("es"), "Europe/Brussels", at) == "hora de Bruselas"
    assert dates.zone_name(CATALOGS.get("en"), "UTC", at) == "UTC"
    assert dates.zone_name(CATALOGS.get("en"), "Etc/GMT-3", at) == "GMT+03:00"


def test_unknown_languages_and_zones_fall_back() -> None:
    assert dates.day(date(2026, 12, 11), "xx-nope") == "11 December 2026"
    assert dates.zone("No/Such_Zone").key == "Europe/Brussels"
    assert dates.zone(None).key == "Europe/Brussels"


# --------------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "10 December 2026, end of day"),
        ("ro", "10 decembrie 2026, până la sfârșitul zilei"),
        ("es", "10 de diciembre de 2026, hasta el final del día"),
    ],
)
def test_a_date_only_deadline_is_its_day_in_bucharest_too(language: str, expected: str) -> None:
    """Issue 11: stored as 23:59 Brussels, it was shown in Bucharest as "December 11, 00:59"."""
    deadline = date_only(date(2026, 12, 10), "Europe/Brussels")
    tr = CATALOGS.get(language)
    for reader in ("Europe/Bucharest", "Europe/Madrid", "Pacific/Auckland", "America/New_York"):
        assert dates.deadline_text(tr, deadline, reader_zone=reader) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "31 March 2027, 17:00 Brussels time (18:00 yours)"),
        ("ro", "31 martie 2027, 17:00, ora din Bruxelles (la tine 18:00)"),
        ("es", "31 de marzo de 2027, 17:00, hora de Bruselas (18:00 en tu zona horaria)"),
    ],
)
def test_a_timed_deadline_in_its_zone_with_the_readers_time(language: str, expected: str) -> None:
    deadline = Deadline(datetime(2027, 3, 31, 17, 0, tzinfo=BRUSSELS), True, "Europe/Brussels")
    tr = CATALOGS.get(language)
    assert dates.deadline_text(tr, deadline, reader_zone="Europe/Bucharest") == expected


def test_a_timed_deadline_shows_the_time_alone_when_the_clocks_agree() -> None:
    deadline = Deadline(datetime(2027, 3, 31, 17, 0, tzinfo=BRUSSELS), True, "Europe/Brussels")
    tr = CATALOGS.get("en")
    assert (
        dates.deadline_text(tr, deadline, reader_zone="Europe/Brussels") == "31 March 2027, 17:00"
    )
    # Madrid's clock is Brussels' clock: nothing to convert.
    assert dates.deadline_text(tr, deadline, reader_zone=MADRID) == "31 March 2027, 17:00"


def test_the_readers_day_is_named_when_it_differs() -> None:
    deadline = Deadline(datetime(2027, 3, 31, 23, 30, tzinfo=BRUSSELS), True, "Europe/Brussels")
    text = dates.deadline_text(CATALOGS.get("en"), deadline, reader_zone="Europe/Bucharest")
    assert text == "31 March 2027, 23:30 Brussels time (1 April, 00:30 yours)"


def test_days_left_are_calendar_days_in_the_deadlines_zone() -> None:
    deadline = date_only(date(2026, 12, 10), "Europe/Madrid")
    # 22:30 UTC on 9 December is 23:30 in Madrid: one day left, though 0.98 days remain.
    assert dates.days_left(deadline, datetime(2026, 12, 9, 22, 30, tzinfo=UTC)) == 1
    # 23:30 UTC on 9 December is already 10 December in Madrid: its last day.
    assert dates.days_left(deadline, datetime(2026, 12, 9, 23, 30, tzinfo=UTC)) == 0
    assert dates.days_left(deadline, datetime(2026, 11, 26, 9, 0, tzinfo=UTC)) == 14
    assert dates.days_left(deadline, datetime(2026, 12, 11, 9, 0, tzinfo=UTC)) == -1


def test_a_day_start_skips_a_missing_midnight() -> None:
    # Santiago moved its clocks from 00:00 to 01:00 on 6 September 2026.
    deadline = date_only(date(2026, 9, 7), "America/Santiago")
    start = dates.day_start(deadline, 1)
    assert start.date() == date(2026, 9, 6)
    assert dates.days_left(deadline, start) == 1
    assert dates.days_left(deadline, start.astimezone(UTC) - timedelta(minutes=1)) == 2


# ---------------------------------------------------------------------------------- Hypothesis

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
zones = st.sampled_from(ZONES)
languages = st.sampled_from(LANGUAGES)
# Hypothesis takes naive bounds and attaches the zone itself.
instants = st.datetimes(
    min_value=datetime(2000, 1, 2),  # noqa: DTZ001
    max_value=datetime(2099, 12, 30),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@given(day=days, source=zones, reader=zones, language=languages)
def test_a_date_only_deadline_shows_the_sources_day_to_every_reader(
    day: date, source: str, reader: str, language: str
) -> None:
    deadline = date_only(day, source)
    tr = CATALOGS.get(language)
    text = dates.deadline_text(tr, deadline, reader_zone=reader)
    assert deadline.day == day
    assert text == tr.gettext("%(date)s, end of day", date=dates.day(day, language))
    assert dates.day(day, language) in text


@given(day=days, language=languages)
def test_a_day_is_cldrs_long_date_with_its_year_and_day_number(day: date, language: str) -> None:
    text = dates.day(day, language)
    assert text == format_date(day, "long", locale=dates.locale(language))
    assert str(day.year) in text
    assert re.search(rf"(?<!\d){day.day}(?!\d)", text)


@given(instant=instants, source=zones, reader=zones, language=languages)
def test_a_timed_deadline_shows_its_own_day_and_time_and_the_readers_when_they_differ(
    instant: datetime, source: str, reader: str, language: str
) -> None:
    deadline = Deadline(instant, True, source)
    tr = CATALOGS.get(language)
    text = dates.deadline_text(tr, deadline, reader_zone=reader)
    there = instant.astimezone(ZoneInfo(source))
    here = instant.astimezone(ZoneInfo(reader))
    assert text.startswith(dates.moment(instant, source, language))
    if there.utcoffset() == here.utcoffset():
        assert text == dates.moment(instant, source, language)
    else:
        assert dates.clock(here, language) in text
        assert dates.zone_name(tr, source, instant) in text


@given(day=days, source=zones, now=instants)
def test_days_left_counts_calendar_days_where_the_deadline_is(
    day: date, source: str, now: datetime
) -> None:
    deadline = date_only(day, source)
    left = dates.days_left(deadline, now)
    assert left == (day - now.astimezone(ZoneInfo(source)).date()).days
    # At the start of the day N days before, exactly N days are left; a moment earlier, N + 1.
    n = min(max(left, 0), 30)
    start = dates.day_start(deadline, n)
    assert dates.days_left(deadline, start) == n
    assert dates.days_left(deadline, start.astimezone(UTC) - timedelta(seconds=1)) == n + 1


# ------------------------------------------------------------------------- no hand-written dates

#: Where a date is written for machines, not people: ISO in CSV/JSON exports, calendar UIDs,
#: command-line tables, the workshop input parser's accepted formats, the demo's typed input.
MACHINE_FORMATS = {
    "bot/cli/__init__.py",
    "bot/jobs/fetch.py",  # render_table: the command line's fetch table
    "bot/workshops/ics.py",
    "bot/workshops/fields.py",
    "bot/sandbox/demo.py",
    "bot/core/dates.py",
    "bot/config/loading.py",  # operator messages of check-config, in the config file's own notation
    "bot/config/settings.py",  # the same: validation messages name times as the file writes them
    "bot/db/backup.py",  # backup file names
    "bot/cli/db.py",
    "bot/cli/common.py",
    "bot/cli/run.py",  # check-config's summary, in the config file's own notation
    "bot/followup/rules.py",  # the due-day notations a coordinator may type (parsing, not display)
    "bot/calendar/recurrence.py",  # dates a coordinator types, and RFC 5545 UNTIL values
    "bot/web/app.py",  # HTTP Last-Modified headers (RFC 9110)
}
HAND_WRITTEN = re.compile(
    r"strftime\(|:%[YmdHMSbBaAZ]|format_date\(|format_datetime\(|format_time\(|\"%d\b|'%d\b"
)


def test_no_screen_writes_a_date_by_hand() -> None:
    root = Path(__file__).resolve().parents[3]
    offenders = []
    for path in sorted((root / "bot").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name in MACHINE_FORMATS or name.startswith("bot/sandbox/localapi/"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HAND_WRITTEN.search(line):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == [], "format dates for people with bot.core.dates:\n" + "\n".join(offenders)
