"""Reading and checking what a coordinator types for a workshop, as pure functions.

Every parser returns either the value or a :class:`Problem` whose ``code`` the view turns
into a translated sentence, so the same rules serve the chat flow and file imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.ids import parse_id

TITLE_MIN, TITLE_MAX = 3, 200
DESCRIPTION_MAX = 2000
PLACE_MAX = 300
CAPACITY_MAX = 100_000
RELATED_MAX = 10
#: A workshop longer than this is almost certainly a typo in the end date.
LONGEST = timedelta(days=14)

_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_DURATION = re.compile(r"^(?:(\d{1,3})\s*h)?\s*(?:(\d{1,4})\s*(?:m|min))?$", re.IGNORECASE)
_CALL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-./:]{1,199}$")
UNLIMITED_WORDS = frozenset({"0", "-", "unlimited", "nelimitat", "ilimitado", "none", "no limit"})


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a value was refused: a code for the view, and the offending text if any."""

    code: str
    detail: str = ""


def clean_text(text: str) -> str:
    """Trim and collapse runs of blank space inside lines; keep line breaks."""
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    return "\n".join(lines).strip()


def parse_title(text: str) -> str | Problem:
    """A title of 3 to 200 characters on one line."""
    title = " ".join(text.split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        return Problem("title_length")
    return title


def parse_description(text: str) -> str | Problem:
    """A description up to 2000 characters (``-`` for none)."""
    description = clean_text(text)
    if description == "-":
        return ""
    if len(description) > DESCRIPTION_MAX:
        return Problem("description_length")
    return description


def parse_zone(name: str) -> ZoneInfo | Problem:
    """An IANA time zone such as ``Europe/Madrid``."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return Problem("zone", name.strip()[:64])


def _split_zone(text: str, default: ZoneInfo) -> tuple[str, ZoneInfo] | Problem:
    parts = text.split()
    if parts and "/" in parts[-1] and not parts[-1][0].isdigit():
        zone = parse_zone(parts[-1])
        if isinstance(zone, Problem):
            return zone
        return " ".join(parts[:-1]), zone
    if parts and parts[-1].upper() == "UTC":
        return " ".join(parts[:-1]), ZoneInfo("UTC")
    return text, default


def _parse_date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - only the date part is used
        except ValueError:
            continue
    return None


def _parse_time(text: str) -> time | None:
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def local_datetime(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time in ``zone``; a time skipped by a DST change moves forward an hour."""
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=zone)
    # Round-trip through UTC: a non-existent local time (spring forward) comes back shifted.
    back = aware.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if back.replace(tzinfo=None) != naive:
        aware = (naive + timedelta(hours=1)).replace(tzinfo=zone)
    return aware


def parse_start(text: str, *, zone: ZoneInfo, now: datetime) -> datetime | Problem:
    """``2026-12-03 14:00`` (or 03.12.2026 14:00, 03/12/2026 14:00), optionally with a zone.

    The result is aware, in the given zone; it must be in the future.
    """
    split = _split_zone(text.strip(), zone)
    if isinstance(split, Problem):
        return split
    rest, zone = split
    parts = rest.split()
    if len(parts) != 2:
        return Problem("datetime_format")
    day, at = _parse_date(parts[0]), _parse_time(parts[1])
    if day is None or at is None:
        return Problem("datetime_format")
    start = local_datetime(day, at, zone)
    if start <= now:
        return Problem("past")
    return start


def parse_end(text: str, *, start: datetime) -> datetime | Problem:
    """The end: a time on the start's day (``16:00``), a full date and time, or a duration
    (``90m``, ``2h``, ``1h30``).

    It must come after the start and within 14 days of it.
    """
    value = text.strip()
    zone = start.tzinfo if isinstance(start.tzinfo, ZoneInfo) else ZoneInfo("UTC")
    end: datetime | None = None
    at = _parse_time(value)
    if at is not None:
        end = local_datetime(start.date(), at, zone)
    elif (duration := _duration(value)) is not None:
        end = start + duration
    else:
        split = _split_zone(value, zone)
        if isinstance(split, Problem):
            return split
        rest, end_zone = split
        parts = rest.split()
        if len(parts) == 2:
            day, clock = _parse_date(parts[0]), _parse_time(parts[1])
            if day is not None and clock is not None:
                end = local_datetime(day, clock, end_zone)
    if end is None:
        return Problem("end_format")
    if end <= start:
        return Problem("end_before_start")
    if end - start > LONGEST:
        return Problem("too_long")
    return end


def _duration(text: str) -> timedelta | None:
    compact = text.replace(" ", "").lower()
    if re.fullmatch(r"\d{1,2}h\d{2}", compact):
        hours, minutes = compact.split("h")
        return timedelta(hours=int(hours), minutes=int(minutes))
    match = _DURATION.match(compact)
    if not match or not (match[1] or match[2]):
        return None
    total = timedelta(hours=int(match[1] or 0), minutes=int(match[2] or 0))
    return total if total > timedelta(0) else None


def parse_link(text: str) -> str | Problem:
    """An ``https://`` or ``http://`` link with a host and no spaces."""
    link = text.strip()
    parts = urlsplit(link)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or "." not in parts.hostname
        or any(c.isspace() for c in link)
        or len(link) > 2048
    ):
        return Problem("link")
    return link


def looks_like_link(text: str) -> bool:
    """True when the coordinator meant a link rather than a place."""
    value = text.strip().lower()
    return value.startswith(("http://", "https://", "www."))


def parse_place(text: str) -> tuple[str | None, str | None] | Problem:
    """A place (address, room) or an online link, or both: ``Room 4, Iași | https://…``.

    Returns ``(place, url)``.
    """
    place: str | None = None
    url: str | None = None
    for piece in (p.strip() for p in text.split("|")):
        if not piece:
            continue
        if looks_like_link(piece):
            link = parse_link(piece if "://" in piece else f"https://{piece}")
            if isinstance(link, Problem):
                return link
            url = link
        else:
            place = " ".join(piece.split())
    if place is None and url is None:
        return Problem("place_empty")
    if place is not None and len(place) > PLACE_MAX:
        return Problem("place_length")
    return place, url


def parse_capacity(text: str) -> int | Problem | None:
    """A number of seats, or None for unlimited (``0``, ``-``, "unlimited")."""
    value = text.strip().lower()
    if value in UNLIMITED_WORDS:
        return None
    seats = parse_id(value, maximum=CAPACITY_MAX)
    if seats is None or seats == 0:
        return Problem("capacity")
    return seats


def parse_rsvp_close(
    text: str, *, zone: ZoneInfo, now: datetime, start: datetime
) -> datetime | Problem:
    """When RSVPs close: a date and time before the start (and after now)."""
    closes = parse_start(text, zone=zone, now=now)
    if isinstance(closes, Problem):
        return closes
    if closes > start:
        return Problem("rsvp_after_start")
    return closes


def parse_related(text: str) -> list[str] | Problem:
    """Call identifiers separated by commas or spaces (``-`` for none), at most ten."""
    value = text.strip()
    if value in {"", "-"}:
        return []
    ids = [part for part in re.split(r"[,\s]+", value) if part]
    if len(ids) > RELATED_MAX:
        return Problem("related_many")
    for call_id in ids:
        if not _CALL_ID.match(call_id):
            return Problem("related_id", call_id[:60])
    return list(dict.fromkeys(ids))
