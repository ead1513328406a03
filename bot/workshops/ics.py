"""Calendar files (RFC 5545) with the icalendar library: workshops and call deadlines.

UIDs are stable (the workshop id and its creation instant), and ``SEQUENCE`` is the
workshop's revision, so calendar clients replace an event when it changes and mark it
cancelled when it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText

from bot.core import dates

PRODID = "-//INEXA Alliance//inexa-bot//EN"
UID_DOMAIN = "inexa-bot"


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One workshop as a calendar entry."""

    uid: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    location: str | None
    url: str | None
    organiser_name: str
    organiser_email: str | None
    sequence: int
    cancelled: bool
    stamp: datetime


@dataclass(frozen=True, slots=True)
class CalendarDeadline:
    """A followed call's deadline.

    A date-only deadline (``has_time`` False) is an all-day event on its calendar day in
    ``zone``; a timed one is a short block ending at the deadline, in ``zone`` (an IANA
    name, written with its ``VTIMEZONE``).
    """

    uid: str
    title: str
    deadline: datetime
    url: str | None
    stamp: datetime
    has_time: bool = False
    zone: str = "Europe/Brussels"


def workshop_uid(workshop_id: int, created_at: datetime) -> str:
    """A globally unique, stable UID for a workshop."""
    return f"workshop-{workshop_id}-{created_at:%Y%m%dT%H%M%S}@{UID_DOMAIN}"


def deadline_uid(opportunity_uid: str, deadline: datetime) -> str:
    """A stable UID for one deadline of a call (a moved deadline is a new entry)."""
    safe = "".join(c if c.isalnum() or c in "-._" else "-" for c in opportunity_uid)[:150]
    return f"deadline-{safe}-{deadline:%Y%m%dT%H%M}@{UID_DOMAIN}"


def _event(item: CalendarEvent) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", item.stamp)
    event.add("summary", item.title)
    event.add("dtstart", item.starts_at)
    event.add("dtend", item.ends_at)
    description = item.description
    if item.url:
        description = f"{description}\n\n{item.url}".strip()
    if description:
        event.add("description", description)
    location = item.location or item.url
    if location:
        event.add("location", location)
    if item.url:
        event.add("url", item.url)
    if item.organiser_email:
        organiser = vCalAddress(f"mailto:{item.organiser_email}")
        organiser.params["cn"] = vText(item.organiser_name)
        event.add("organizer", organiser)
    event.add("sequence", item.sequence)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    return event


def _deadline(item: CalendarDeadline) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", item.stamp)
    event.add("summary", item.title)
    where = dates.zone(item.zone)
    if item.has_time:
        # An instant in the source's own zone; a short block before it shows in every view.
        at = item.deadline.astimezone(where)
        event.add("dtstart", at - timedelta(minutes=30))
        event.add("dtend", at)
    else:
        # RFC 5545 3.6.1: an all-day event is DTSTART;VALUE=DATE with DTEND the next day.
        day = item.deadline.astimezone(where).date()
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    if item.url:
        event.add("url", item.url)
        event.add("description", item.url)
    event.add("transp", "TRANSPARENT")
    return event


def _duration(text: str) -> timedelta:
    """``PT1H``-style durations of hours and minutes (the ones feeds use)."""
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?", text)
    if match is None or not (match[1] or match[2]):
        raise ValueError(f"unsupported duration {text!r}")
    return timedelta(hours=int(match[1] or 0), minutes=int(match[2] or 0))


def build_calendar(
    events: Iterable[CalendarEvent],
    deadlines: Iterable[CalendarDeadline] = (),
    *,
    name: str,
    cancel: bool = False,
    refresh: str | None = None,
) -> bytes:
    """An ``.ics`` file; ``cancel`` makes it a METHOD:CANCEL notice instead of a PUBLISH.

    ``refresh`` (an ISO 8601 duration such as ``PT1H``) tells apps subscribed to a feed how
    often to fetch it again (RFC 7986 ``REFRESH-INTERVAL``, and Outlook's ``X-PUBLISHED-TTL``).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancel else "PUBLISH")
    calendar.add("x-wr-calname", name)
    if refresh is not None:
        calendar.add("refresh-interval", _duration(refresh), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", refresh)
    for item in events:
        calendar.add_component(_event(item))
    for deadline in deadlines:
        calendar.add_component(_deadline(deadline))
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical
