"""Deadlines from text in eight languages; status from dates; the evaluation set as a gate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feeds.deadlines import add_business_days, derive_status, extract_deadlines, next_deadline
from feeds.types import Confidence, DeadlineModel, Status

NOW = datetime(2026, 6, 1, tzinfo=UTC)
BUC = ZoneInfo("Europe/Bucharest")
MAD = ZoneInfo("Europe/Madrid")
BRU = ZoneInfo("Europe/Brussels")

# (text, zone, expected local deadline "YYYY-MM-DD HH:MM" or None, confidence)
TABLE = [
    # --- the sources.md table
    ("Termen limită de depunere: 31 decembrie 2026, ora 16:00", BUC, "2026-12-31 16:00", "high"),
    (
        "Depunerea este programată între 17 august și 16 octombrie 2026",
        BUC,
        "2026-10-16 23:59",
        "high",
    ),
    (
        "El plazo de presentación de solicitudes finaliza el 15 de octubre de 2026",
        MAD,
        "2026-10-15 23:59",
        "high",
    ),
    ("Cut-off dates: 2026-09-03 and 2027-01-14", BRU, "2026-09-03 23:59", "high"),
    # --- Romanian
    ("Termenul limita de depunere: 31 decembrie 2026", BUC, "2026-12-31 23:59", "high"),
    ("Termenul limită este 15.09.2026, ora 12:00", BUC, "2026-09-15 12:00", "high"),
    ("Data închiderii: 30 noiembrie 2026 23:59", BUC, "2026-11-30 23:59", "high"),
    ("Data inchiderii apelului: 01.10.2026", BUC, "2026-10-01 23:59", "high"),
    ("Cererile se depun până la data de 20 iulie 2026 inclusiv.", BUC, "2026-07-20 23:59", "high"),
    ("Perioada de depunere: 1 iulie 2026 - 30 septembrie 2026", BUC, "2026-09-30 23:59", "high"),
    ("Închiderea apelului: 5 sept. 2026", BUC, "2026-09-05 23:59", "high"),
    (
        "Termenul de depunere a proiectelor este 3 noi. 2026, ora 10.00",
        BUC,
        "2026-11-03 10:00",
        "high",
    ),
    (
        "Depunerea se face între 2 iunie 2026 și 2 iulie 2026, ora 14:00",
        BUC,
        "2026-07-02 14:00",
        "high",
    ),
    # --- Spanish
    ("Fecha límite: 30/09/2026", MAD, "2026-09-30 23:59", "high"),
    ("Plazo: hasta el 3 de dic. de 2026 a las 14:00 horas", MAD, "2026-12-03 14:00", "high"),
    ("Fin del plazo: 12 de setiembre de 2026", MAD, "2026-09-12 23:59", "high"),
    ("El plazo finalizará el 1 de diciembre de 2026.", MAD, "2026-12-01 23:59", "high"),
    ("Plazo de presentación: del 1 al 31 de julio de 2026", MAD, "2026-07-31 23:59", "high"),
    ("Fecha de fin: 2026-11-20", MAD, "2026-11-20 23:59", "high"),
    (
        "Las solicitudes podrán presentarse hasta el día 15 de enero de 2027",
        MAD,
        "2027-01-15 23:59",
        "high",
    ),
    # --- English
    ("Deadline: October 15, 2026 17:00 CET", BRU, "2026-10-15 17:00", "high"),
    ("Apply by 15th of October 2026", BRU, "2026-10-15 23:59", "high"),
    (
        "The closing date is 8 December 2026 at 17:00 (Brussels time).",
        BRU,
        "2026-12-08 17:00",
        "high",
    ),
    ("Submissions until 30 Sept 2026.", BRU, "2026-09-30 23:59", "high"),
    (
        "Applications open between 1 July 2026 and 30 September 2026",
        BRU,
        "2026-09-30 23:59",
        "high",
    ),
    ("Deadline for applications: 2026-10-01", BRU, "2026-10-01 23:59", "high"),
    ("The call is open until 12/11/2026.", BRU, "2026-11-12 23:59", "high"),
    # --- Catalan
    ("Termini: fins al 30 de setembre de 2026", MAD, "2026-09-30 23:59", "high"),
    # --- an info day, a project start, an event: never a deadline, not even a guess
    ("Info day on 12 June 2026; projects start on 1 March 2027.", BRU, None, None),
    ("Publicat la 2026-05-01. Eveniment: 12.12.2026", BUC, None, None),
    # --- no cue at all in a call's text: the latest future date, low
    ("Call for proposals on rural youth. 12 June 2026 · 1 March 2027", BRU, "2027-03-01 23:59", "low"),
    # --- nothing usable
    ("Published 2025-05-01, results announced 2025-12-01", BRU, None, None),
    ("Termenul limită: 31.02.2026", BUC, None, None),
    ("No dates at all here.", BRU, None, None),
    ("", BRU, None, None),
]


@pytest.mark.parametrize(("text", "zone", "expected", "confidence"), TABLE)
def test_deadline_table(
    text: str, zone: ZoneInfo, expected: str | None, confidence: str | None
) -> None:
    found = extract_deadlines(text, language="xx", now=NOW, tz=zone)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert found.deadlines[0].astimezone(zone).strftime("%Y-%m-%d %H:%M") == expected
    assert found.confidence == Confidence(confidence)
    assert all(d.tzinfo is not None for d in found.deadlines)


def test_cut_off_lists_keep_every_date() -> None:
    found = extract_deadlines("Cut-off dates: 2026-09-03 and 2027-01-14", language="en", now=NOW)
    assert found is not None
    assert found.model is DeadlineModel.CUT_OFFS
    assert len(found.deadlines) == 2
    assert next_deadline(found.deadlines, datetime(2026, 10, 1, tzinfo=UTC)) == found.deadlines[1]


def test_relative_business_days_are_approximate() -> None:
    text = (
        "El plazo de presentación será de 20 días hábiles a contar desde el día siguiente "
        "al de la publicación de este extracto."
    )
    found = extract_deadlines(
        text, language="es", now=NOW, published=datetime(2026, 6, 10, 8, tzinfo=UTC), tz=MAD
    )
    assert found is not None
    assert found.confidence is Confidence.APPROX
    assert found.deadlines[0].date().isoformat() == "2026-07-08"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Termenul de depunere este de 30 de zile calendaristice de la publicare", "2026-07-10"),
        ("Termenul limită: 10 zile lucrătoare de la publicare", "2026-06-24"),
        ("Plazo de presentación: un mes desde la publicación", "2026-07-10"),
        ("Deadline: within 2 weeks of publication", "2026-06-24"),
    ],
)
def test_relative_periods(text: str, expected: str) -> None:
    found = extract_deadlines(
        text, language="ro", now=NOW, published=datetime(2026, 6, 10, 8, tzinfo=UTC), tz=BUC
    )
    assert found is not None
    assert found.deadlines[0].date().isoformat() == expected
    assert found.confidence is Confidence.APPROX


def test_publication_date_is_never_a_deadline() -> None:
    published = datetime(2026, 9, 1, tzinfo=UTC)
    text = "Published on 1 September 2026."
    assert extract_deadlines(text, language="en", now=NOW, published=published) is None


def test_business_days_skip_weekends() -> None:
    friday = datetime(2026, 6, 12).date()  # noqa: DTZ001 - a calendar date
    assert add_business_days(friday, 1).isoformat() == "2026-06-15"


MONTHS_RO = ["ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august",
             "septembrie", "octombrie", "noiembrie", "decembrie"]  # fmt: skip
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
             "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip


@given(
    st.dates(min_value=datetime(2026, 6, 2).date(), max_value=datetime(2030, 12, 31).date()),  # noqa: DTZ001
    st.sampled_from(["ro", "es", "en", "iso", "dmy"]),
    st.text(alphabet=st.characters(whitelist_categories=("L", "Zs")), max_size=40),
)
def test_dates_in_any_grammar_after_a_trigger_are_found(
    day: object, grammar: str, noise: str
) -> None:
    from datetime import date

    assert isinstance(day, date)
    rendered = {
        "ro": f"Termen limită: {day.day} {MONTHS_RO[day.month - 1]} {day.year}",
        "es": f"Fecha límite: {day.day} de {MONTHS_ES[day.month - 1]} de {day.year}",
        "en": f"Deadline: {MONTHS_EN[day.month - 1]} {day.day}, {day.year}",
        "iso": f"Deadline: {day.isoformat()}",
        "dmy": f"Data limită: {day.day:02d}.{day.month:02d}.{day.year}",
    }[grammar]
    found = extract_deadlines(f"{noise}. {rendered}", language="xx", now=NOW, tz=BUC)
    assert found is not None
    assert found.deadlines[0].astimezone(BUC).date() == day


@given(st.text(max_size=400), st.none() | st.datetimes(timezones=st.just(UTC)))
def test_any_text_never_crashes(text: str, published: datetime | None) -> None:
    found = extract_deadlines(text, language="ro", now=NOW, published=published)
    if found is not None:
        assert found.deadlines
        assert all(d.tzinfo is not None for d in found.deadlines)
        assert list(found.deadlines) == sorted(found.deadlines)


@given(
    st.lists(st.datetimes(timezones=st.just(UTC)), max_size=5),
    st.none() | st.datetimes(timezones=st.just(UTC)),
    st.datetimes(timezones=st.just(UTC)),
)
def test_status_agrees_with_next_deadline(
    deadlines: list[datetime], opening: datetime | None, now: datetime
) -> None:
    status = derive_status(now=now, opening=opening, deadlines=deadlines)
    if opening is not None and opening > now:
        assert status is Status.FORTHCOMING
    elif deadlines:
        assert (status is Status.OPEN) == (next_deadline(deadlines, now) is not None)
        assert (status is Status.CLOSED) == (next_deadline(deadlines, now) is None)


def test_status_rules() -> None:
    later = NOW + timedelta(days=5)
    earlier = NOW - timedelta(days=5)
    assert derive_status(now=NOW, opening=later, deadlines=[]) is Status.FORTHCOMING
    assert derive_status(now=NOW, opening=None, deadlines=[earlier]) is Status.CLOSED
    assert derive_status(now=NOW, opening=earlier, deadlines=[later]) is Status.OPEN
    assert derive_status(now=NOW, opening=None, deadlines=[], continuous=True) is Status.OPEN
    assert derive_status(now=NOW, opening=None, deadlines=[], hint=Status.OPEN) is Status.OPEN
    assert derive_status(now=NOW, opening=None, deadlines=[]) is Status.UNKNOWN
