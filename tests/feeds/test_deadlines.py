"""Deadlines from text in eight languages; status from dates; the evaluation set as a gate."""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feeds.deadlines import (
    GRAMMARS,
    add_business_days,
    derive_status,
    extract_deadlines,
    grammar_codes,
    next_deadline,
    zone_for,
)
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
    (
        "Call for proposals on rural youth. 12 June 2026 · 1 March 2027",
        BRU,
        "2027-03-01 23:59",
        "low",
    ),
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
    assert confidence is not None
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
    ("text", "language", "expected"),
    [
        (
            "Termenul de depunere este de 30 de zile calendaristice de la publicare",
            "ro",
            "2026-07-10",
        ),
        ("Termenul limită: 10 zile lucrătoare de la publicare", "ro", "2026-06-24"),
        ("Plazo de presentación: un mes desde la publicación", "es", "2026-07-10"),
        ("Deadline: within 2 weeks of publication", "en", "2026-06-24"),
        # found in issue 11: number words, calendar days, weeks
        (
            "Plazo de presentación: veinte días hábiles desde el día siguiente a la publicación",
            "es",
            "2026-07-08",
        ),
        ("Plazo: Diez días desde la publicación del presente extracto.", "es", "2026-06-20"),
        (
            "Termenul de depunere este de treizeci de zile de la data publicării.",
            "ro",
            "2026-07-10",
        ),
        (
            "Cererile se depun în termen de 45 de zile calendaristice de la data publicării.",
            "ro",
            "2026-07-25",
        ),
        (
            "Applications will be accepted within 8 weeks of publication of this notice.",
            "en",
            "2026-08-05",
        ),
        (
            "Les candidatures sont reçues dans un délai de trente jours "
            "à compter de la publication.",
            "fr",
            "2026-07-10",
        ),
        (
            "Anträge sind innerhalb von vier Wochen nach Veröffentlichung einzureichen.",
            "de",
            "2026-07-08",
        ),
    ],
)
def test_relative_periods(text: str, language: str, expected: str) -> None:
    found = extract_deadlines(
        text, language=language, now=NOW, published=datetime(2026, 6, 10, 8, tzinfo=UTC), tz=BUC
    )
    assert found is not None
    assert found.deadlines[0].date().isoformat() == expected
    assert found.confidence is Confidence.APPROX
    assert found.has_time is False


def test_business_days_skip_national_holidays() -> None:
    # 20 días hábiles from Friday 2 October 2026: 12 October (Fiesta Nacional) is not one.
    text = "Plazo: veinte días hábiles a contar desde el día siguiente al de la publicación."
    published = datetime(2026, 10, 2, 6, tzinfo=UTC)
    found = extract_deadlines(text, language="es", now=published, published=published, tz=MAD)
    assert found is not None
    assert found.deadlines[0].date().isoformat() == "2026-11-02"


PUBLISHED = datetime(2026, 10, 2, 6, tzinfo=UTC)
AFTER = datetime(2026, 10, 5, 9, tzinfo=UTC)


# Found in issue 11; each row: text, language, expected local "YYYY-MM-DD[ HH:MM]" or None.
ISSUE_CASES = [
    # the publication or signature date taken for the deadline
    ("Extracto de la Orden de 25 de septiembre de 2026. Plazo: Diez días desde la publicación "
     "del presente extracto. Sevilla, 3 de octubre de 2026.- El Director General, Juan Ruiz.",
     "es", "2026-10-12"),
    ("Sevilla, 3 de octubre de 2026.- El Director General", "es", None),
    ("Sevilla, 2 de octubre de 2026.- El Director General Fecha límite: 2 de noviembre de 2026.",
     "es", "2026-11-02"),
    ("The deadline is to be announced. Published on 2 October 2026.", "en", None),
    ("Data limită va fi anunțată. Publicat: 2 octombrie 2026; lansare 12 octombrie 2026.",
     "ro", None),
    ("El plazo se anunciará próximamente. Publicado el 2 de octubre de 2026.", "es", None),
    ("Plazo de presentación: pendiente de publicación del extracto. 2 de octubre de 2026",
     "es", None),
    ("Info day on the new calls: 20 October 2026, Brussels.", "en", None),
    ("Webinar pentru solicitanți: 20 octombrie 2026, ora 10:00.", "ro", None),
    ("La convocatoria se abrirá el 15 de octubre de 2026.", "es", None),
    # start and end confused
    ("Opening date: 15 November 2026 | Deadline date: 18 March 2027 17:00:00 Brussels time",
     "en", "2027-03-18 17:00"),
    ("Applications open: 1 October 2026 | Applications close: 15 November 2026",
     "en", "2026-11-15"),
    ("Fecha de inicio: 05/10/2026. Fecha de fin: 04/11/2026", "es", "2026-11-04"),
    ("El plazo comenzará el día 13 de octubre de 2026 y finalizará el 13 de noviembre de 2026 "
     "a las 14:00 horas.", "es", "2026-11-13 14:00"),
    ("Depunerea cererilor începe pe 12 octombrie 2026 și se încheie pe 30 noiembrie 2026.",
     "ro", "2026-11-30"),
    # ISO timestamps keep their offset
    ("Deadline: 2027-05-12T12:00:00+01:00", "en", "2027-05-12 12:00"),
    # dates without a year: the next such date after publication
    ("Closing 20 January. Rural community hubs.", "en", "2027-01-20"),
    ("Las solicitudes podrán presentarse hasta el 20 de enero.", "es", "2027-01-20"),
    # several sessions: the next open one
    ("Round 1: 15 September 2026. Round 2: 15 December 2026.", "en", "2026-12-15"),
    ("Fechas de corte: 1 de septiembre de 2026, 1 de diciembre de 2026 y 1 de marzo de 2027.",
     "es", "2026-12-01"),
    # French, Italian, German, Portuguese
    ("Date limite de dépôt des candidatures : 15 décembre 2026 à 12h00.", "fr", "2026-12-15 12:00"),
    ("Scadenza: 30 novembre 2026, ore 13:00", "it", "2026-11-30 13:00"),
    ("Einreichungsfrist: 15. Januar 2027, 12:00 Uhr", "de", "2027-01-15 12:00"),
    ("Data de encerramento: 11 de dezembro de 2026.", "pt", "2026-12-11"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language", "expected"), ISSUE_CASES)
def test_issue_11_cases(text: str, language: str, expected: str | None) -> None:
    zone = zone_for(language)
    found = extract_deadlines(text, language=language, now=AFTER, published=PUBLISHED, tz=zone)
    if expected is None:
        assert found is None  # not even a "possible deadline"
        return
    assert found is not None
    chosen = next_deadline(found.deadlines, AFTER) or found.deadlines[-1]
    shown = chosen.strftime("%Y-%m-%d %H:%M") if found.has_time else chosen.date().isoformat()
    assert shown == expected
    assert found.confidence in {Confidence.HIGH, Confidence.APPROX}


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Termene limită de depunere\nProiecte de mobilitate (KA121, KA122): 19 februarie 2027, "
            "ora 12:00 (ora Bruxelles-ului);\nParteneriate de cooperare (KA220): 5 martie 2027",
            "ro",
            ["2027-02-19 12:00", "2027-03-05 23:59"],
        ),
        (
            "Main deadlines:\nKA1 mobility: 18 February 2027\nKA2 partnerships: 5 March 2027",
            "en",
            ["2027-02-18 23:59", "2027-03-05 23:59"],
        ),
        # a dated update label is not the deadline it announces
        (
            "Actualizare 18.11.2026: termenul limită a fost prelungit. Data limită de depunere: "
            "20 ianuarie 2027, ora 16:00.",
            "ro",
            ["2027-01-20 16:00"],
        ),
    ],
)
def test_lists_under_a_heading(text: str, language: str, expected: list[str]) -> None:
    zone = zone_for(language)
    found = extract_deadlines(text, language=language, now=AFTER, published=PUBLISHED, tz=zone)
    assert found is not None
    assert found.confidence is Confidence.HIGH
    # each in its own zone: "12:00 (ora Bruxelles-ului)" stays 12:00 Brussels time
    assert [d.strftime("%Y-%m-%d %H:%M") for d in found.deadlines] == expected


def test_iso_timestamp_keeps_its_offset() -> None:
    found = extract_deadlines("Deadline: 2027-05-12T12:00:00+01:00", language="en", now=AFTER)
    assert found is not None
    assert found.has_time
    assert found.deadlines[0].utcoffset() == timedelta(hours=1)
    assert found.deadlines[0].astimezone(UTC).hour == 11


def test_sessions_are_all_kept() -> None:
    text = "Round 1: 15 September 2026. Round 2: 15 December 2026. Round 3: 15 March 2027."
    found = extract_deadlines(text, language="en", now=AFTER, published=PUBLISHED)
    assert found is not None
    assert found.model is DeadlineModel.CUT_OFFS
    assert [d.date().isoformat() for d in found.deadlines] == [
        "2026-09-15", "2026-12-15", "2027-03-15"
    ]  # fmt: skip


def test_language_picks_the_grammars() -> None:
    # the Italian "termine" (deadline) is not a cue in French, where "terminé" means finished
    text = "Le projet est terminé le 15 mars 2027."
    found = extract_deadlines(text, language="fr", now=AFTER)
    assert found is None or found.confidence is Confidence.LOW
    assert grammar_codes("ca") == ("ca", "es", "en")
    assert grammar_codes("xx") == tuple(GRAMMARS)


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


LANGUAGES = ["en", "ro", "es", "fr", "it", "de", "pt", "ca", "xx"]
CUE_SOUP = [
    "deadline", "plazo", "hasta el", "termen limită", "până la", "date limite", "scadenza",
    "frist", "prazo", "até", "termini", "published", "publicado", "2026-10-02", "15.10.2026",
    "1 al 30 de noviembre de 2026", "veinte días hábiles", "from", "between", "entre", "del",
    "al", "—", "–", ":", "|", ";", ".", "17:00", "12h00", "ore", "10", "·",
    "2027-05-12T12:00:00+01:00",
]  # fmt: skip


@given(
    st.one_of(
        st.text(max_size=400), st.lists(st.sampled_from(CUE_SOUP), max_size=60).map(" ".join)
    ),
    st.sampled_from(LANGUAGES),
    st.none() | st.datetimes(timezones=st.just(UTC)),
)
def test_any_text_never_crashes(text: str, language: str, published: datetime | None) -> None:
    found = extract_deadlines(text, language=language, now=NOW, published=published)
    if found is not None:
        assert found.deadlines
        assert all(d.tzinfo is not None for d in found.deadlines)
        assert list(found.deadlines) == sorted(found.deadlines)
        if not found.has_time:  # a date-only deadline is the end of its day
            chosen = next_deadline(found.deadlines, NOW) or found.deadlines[-1]
            assert (chosen.hour, chosen.minute) == (23, 59)


MONTHS = {
    "en": MONTHS_EN,
    "ro": MONTHS_RO,
    "es": MONTHS_ES,
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro", "novembro", "dezembro"],
}  # fmt: skip


def _spoken(day: date, language: str) -> str:
    month = MONTHS[language][day.month - 1]
    if language == "en":
        return f"{day.day} {month} {day.year}"
    if language == "de":
        return f"{day.day}. {month} {day.year}"
    if language in {"es", "pt"}:
        return f"{day.day} de {month} de {day.year}"
    return f"{day.day} {month} {day.year}"


# Texts that state a date which is not a deadline: publication, signature, opening, events.
NOT_A_DEADLINE = {
    "en": ["Published on {d}.", "Posted {d}", "Signed in Brussels, {d}.", "Call opens on {d}.",
           "Info day: {d}.", "Updated {d}", "Webinar on {d} at 10:00."],
    "ro": ["Publicat la {d}.", "Data publicării: {d}", "București, {d}. Ministrul", "Lansare: {d}.",
           "Sesiune de informare pe {d}.", "Apelul se deschide pe {d}."],
    "es": ["Publicado el {d}.", "Sevilla, {d}.- El Director General", "Fecha de inicio: {d}.",
           "Jornada informativa el {d}.", "BOE de {d}.", "Apertura del plazo: {d}."],
    "fr": ["Publié le {d}.", "Ouverture de l'appel : {d}.", "Journée d'information le {d}."],
    "it": ["Pubblicato il {d}.", "Apertura del bando: {d}.", "Giornata informativa il {d}."],
    "de": ["Veröffentlicht am {d}.", "Start der Einreichung: {d}.", "Infotag am {d}."],
    "pt": ["Publicado a {d}.", "Data de abertura: {d}.", "Sessão de esclarecimento a {d}."],
}  # fmt: skip


@given(
    st.sampled_from(sorted(NOT_A_DEADLINE)),
    st.data(),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2029, 12, 31)),
    st.none() | st.dates(min_value=date(2026, 1, 1), max_value=date(2029, 12, 31)),
    st.text(alphabet=st.characters(whitelist_categories=("L", "Zs")), max_size=30),
)
def test_publication_and_start_dates_are_never_deadlines(
    language: str, data: st.DataObject, day: date, deadline: date | None, noise: str
) -> None:
    template = data.draw(st.sampled_from(NOT_A_DEADLINE[language]))
    text = f"{noise} {template.format(d=_spoken(day, language))}"
    if deadline is not None and deadline != day:
        text += {
            "en": " Deadline: {d}.", "ro": " Termen limită: {d}.", "es": " Fecha límite: {d}.",
            "fr": " Date limite : {d}.", "it": " Scadenza: {d}.", "de": " Frist: {d}.",
            "pt": " Prazo: {d}.",
        }[language].format(d=_spoken(deadline, language))  # fmt: skip
    zone = zone_for(language)
    published = datetime.combine(day, time(9), tzinfo=zone)
    found = extract_deadlines(text, language=language, now=NOW, published=published, tz=zone)
    taken = {d.astimezone(zone).date() for d in found.deadlines} if found else set()
    assert day not in taken
    if deadline is not None and deadline != day:
        assert found is not None
        assert taken == {deadline}


@given(
    st.sampled_from(sorted(MONTHS)),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2029, 12, 31)),
    st.none() | st.times(),
)
def test_has_time_only_when_the_text_gives_one(language: str, day: date, at: time | None) -> None:
    label = {
        "en": "Deadline:", "ro": "Data limită:", "es": "Plazo: hasta el", "fr": "Date limite :",
        "it": "Scadenza:", "de": "Einreichungsfrist:", "pt": "Prazo: até",
    }[language]  # fmt: skip
    text = f"{label} {_spoken(day, language)}"
    if at is not None:
        text += f", {at.hour:02d}:{at.minute:02d}"
    zone = zone_for(language)
    found = extract_deadlines(text, language=language, now=NOW, tz=zone)
    assert found is not None
    assert found.has_time is (at is not None)
    local = found.deadlines[0].astimezone(zone)
    assert local.date() == day
    if at is not None:
        assert (local.hour, local.minute) == (at.hour, at.minute)


def _benchmark() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "deadlines.py"
    spec = importlib.util.spec_from_file_location("benchmark_deadlines", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


#: floors, just under what the grammar reaches on tests/data/deadlines (raise them as it improves)
EXACT_FLOOR = 0.99
LANGUAGE_FLOOR = 0.95


def test_evaluation_set_is_a_regression_gate() -> None:
    benchmark = _benchmark()
    scores = benchmark.evaluate()
    overall = scores["all"]
    assert overall.total >= 300
    assert overall.exact_rate >= EXACT_FLOOR, [
        (o.case.language, o.case.text, o.case.expected, o.got) for o in overall.misses
    ]
    assert overall.clean == overall.without_deadline  # every no-deadline text: none or low
    assert overall.traps_taken == 0  # no publication, signature, opening or event date
    for language in benchmark.LANGUAGES:
        assert scores[language].total >= 15
        assert scores[language].exact_rate >= LANGUAGE_FLOOR, language


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


def test_the_end_of_the_funded_project_is_not_the_calls_deadline() -> None:
    """ "Projects must end by …" dates the project, not the submission."""
    text = "Call for proposals: youth participation\nProjects must end by 30 June 2028."
    assert extract_deadlines(text, language="en", now=datetime(2026, 11, 29, tzinfo=UTC)) is None
