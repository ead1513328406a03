"""Calendar files parse back with what calendar apps need."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.workshops.ics import CalendarEvent, build_calendar, workshop_uid

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
    assert item["DTSTART"].dt == datetime(2026, 12, 3, 10, 0, tzinfo=MADRID)
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
    assert (int(first["SEQUENCE"]), int(second["SEQUENCE"])) == (2, 3)
    assert str(second["STATUS"]) == "CANCELLED"
    assert str(cancelled["METHOD"]) == "CANCEL"
