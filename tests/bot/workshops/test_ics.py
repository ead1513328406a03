"""Calendar files parse back with what calendar apps need."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.workshops.ics import CalendarDeadline, CalendarEvent, build_calendar, workshop_uid
from tests.ics import moment, number

MADRID = ZoneInfo("Europe/Madrid")
STAMP = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def event(**changes: object) -> CalendarEvent:
    values: dict[str, object] = {
        "uid": workshop_uid(7, STAMP),
        "title": 'Taller; FSE+, "Interreg"\nnueva línea',
        "description": "Línea 1\nLínea 2",
        "starts_at": datetime(2026, 12, 3, 10, 0, tzinfo=MADRID),
        "ends_at": datetime(2026, 12, 3, 12, 0, tzinfo=MADRID),
        "location": "Sala 2, Valencia",
        "url": "https://meet.example.org/x",
        "organiser_name": "Carmen",
        "organiser_email": "privacy@inexa.example",
        "sequence": 0,
        "cancelled": False,
        "stamp": STAMP,
    }
    values.update(changes)
    return CalendarEvent(**values)  # type: ignore[arg-type]


def test_round_trip_keeps_text_zone_and_identity() -> None:
    parsed = Calendar.from_ical(build_calendar([event()], name="INEXA"))
    (item,) = parsed.walk("VEVENT")
    assert str(item["SUMMARY"]) == 'Taller; FSE+, "Interreg"\nnueva línea'
    assert moment(item, "DTSTART") == datetime(2026, 12, 3, 10, 0, tzinfo=MADRID)
    assert item["DTSTART"].params["TZID"] == "Europe/Madrid"
    assert [str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")] == ["Europe/Madrid"]
    assert str(item["UID"]) == "workshop-7-20261125T090000@inexa-bot"
    assert str(item["ORGANIZER"]) == "mailto:privacy@inexa.example"
    assert item["ORGANIZER"].params["CN"] == "Carmen"
    assert str(parsed["METHOD"]) == "PUBLISH"


def test_an_update_and_a_cancellation_keep_the_uid() -> None:
    updated = Calendar.from_ical(build_calendar([event(sequence=2)], name="INEXA"))
    cancelled = Calendar.from_ical(
        build_calendar([event(sequence=3, cancelled=True)], name="INEXA", cancel=True)
    )
    first, second = updated.walk("VEVENT")[0], cancelled.walk("VEVENT")[0]
    assert str(first["UID"]) == str(second["UID"])
    assert (number(first, "SEQUENCE"), number(second, "SEQUENCE")) == (2, 3)
    assert str(second["STATUS"]) == "CANCELLED"
    assert str(cancelled["METHOD"]) == "CANCEL"


def deadline(**changes: object) -> CalendarDeadline:
    values: dict[str, object] = {
        "uid": "deadline-x@inexa-bot",
        "title": "Ayudas para la transición verde",
        "deadline": datetime(2026, 12, 10, 23, 59, tzinfo=MADRID),
        "url": "https://bdns.example/905627",
        "stamp": STAMP,
        "has_time": False,
        "zone": "Europe/Madrid",
    }
    values.update(changes)
    return CalendarDeadline(**values)  # type: ignore[arg-type]


def tzids(calendar: Calendar) -> tuple[set[str], set[str]]:
    """The TZIDs the events use and the VTIMEZONEs the file declares."""
    used = {
        str(event[prop].params["TZID"])
        for event in calendar.walk("VEVENT")
        for prop in ("DTSTART", "DTEND")
        if prop in event and "TZID" in event[prop].params
    }
    return used, {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}


def test_a_date_only_deadline_is_an_all_day_event_on_its_day() -> None:
    # Stored with a fixed offset, as the database's ISO text gives it back.
    stored = datetime.fromisoformat("2026-12-10T23:59:00+01:00")
    parsed = Calendar.from_ical(build_calendar([], [deadline(deadline=stored)], name="INEXA"))
    (item,) = parsed.walk("VEVENT")
    assert moment(item, "DTSTART") == date(2026, 12, 10)
    assert item["DTSTART"].params["VALUE"] == "DATE"
    assert moment(item, "DTEND") == date(2026, 12, 11)  # RFC 5545: the day after
    assert b"DTSTART;VALUE=DATE:20261210" in build_calendar([], [deadline()], name="INEXA")
    assert tzids(parsed) == (set(), set())


def test_a_timed_deadline_uses_its_iana_zone_with_a_vtimezone() -> None:
    stored = datetime.fromisoformat("2027-03-31T17:00:00+02:00")  # 17:00 Brussels (summer)
    payload = build_calendar(
        [event()],
        [deadline(deadline=stored, has_time=True, zone="Europe/Brussels")],
        name="INEXA",
    )
    parsed = Calendar.from_ical(payload)
    item = parsed.walk("VEVENT")[1]
    assert moment(item, "DTEND") == datetime(2027, 3, 31, 17, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    assert item["DTEND"].params["TZID"] == "Europe/Brussels"
    used, declared = tzids(parsed)
    assert used == {"Europe/Madrid", "Europe/Brussels"}
    assert used <= declared
    assert b"UTC+" not in payload
