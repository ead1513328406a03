"""Pure rules of next steps: reading a due day, its deadline, when to remind."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: The longest next step text.
TEXT_MIN, TEXT_MAX = 3, 500
#: A due day further away than this is almost certainly a typo.
FURTHEST = timedelta(days=366)
#: Owners are reminded at this local hour of the day before the due day.
REMIND_HOUR = 9
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
#: Materials mode ends by itself after this long without an item, so a message typed much
#: later (meant for something else) never reaches a workshop's attendees by surprise.
MATERIALS_IDLE = timedelta(minutes=30)
_AUDIENCES = ("attended", "answered")


def materials_ref(workshop_id: int, audience: str, now: datetime) -> str:
    """The conversation reference of materials mode: workshop, audience, minute of the last
    activity (``m:12:attended:29433600``)."""
    return f"m:{workshop_id}:{audience}:{int(now.timestamp() // 60)}"


def parse_materials_ref(ref: str | None) -> tuple[int, str, datetime] | None:
    """(workshop id, audience, last activity) of a materials-mode reference, or None."""
    parts = (ref or "").split(":")
    if len(parts) != 4 or parts[0] != "m" or parts[2] not in _AUDIENCES:
        return None
    if not parts[1].isdigit() or not parts[3].isdigit():
        return None
    return int(parts[1]), parts[2], datetime.fromtimestamp(int(parts[3]) * 60, tz=ZoneInfo("UTC"))


def materials_open(last: datetime, now: datetime) -> bool:
    """Materials mode is still on at ``now`` (less than :data:`MATERIALS_IDLE` since the last
    item or the start)."""
    return now - last < MATERIALS_IDLE


def parse_due(text: str, *, today: date) -> date | str:
    """The due day typed by a coordinator, or a problem code (``unreadable``, ``past``, ``far``)."""
    cleaned = text.strip()
    for pattern in _DATE_FORMATS:
        try:
            found = datetime.strptime(cleaned, pattern).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
        if found < today:
            return "past"
        if found - today > FURTHEST:
            return "far"
        return found
    return "unreadable"


def due_moment(due_on: date, zone: str) -> datetime:
    """The end of the due day in ``zone`` (the next local midnight), as aware UTC."""
    local = datetime.combine(due_on + timedelta(days=1), time(0), tzinfo=ZoneInfo(zone))
    return local.astimezone(ZoneInfo("UTC"))


def remind_moment(due_on: date, zone: str) -> datetime:
    """When the owner is reminded: :data:`REMIND_HOUR` local time the day before the due day."""
    local = datetime.combine(due_on - timedelta(days=1), time(REMIND_HOUR), tzinfo=ZoneInfo(zone))
    return local.astimezone(ZoneInfo("UTC"))


def reminder_due(
    *,
    status: str,
    due_on: date | None,
    opened_at: datetime | None,
    reminded_at: datetime | None,
    now: datetime,
    zone: str,
) -> bool:
    """An open item gets one reminder from its remind moment until its due day ends, unless it
    was opened after the remind moment (the owner was just told)."""
    if status != "open" or due_on is None or opened_at is None or reminded_at is not None:
        return False
    remind = remind_moment(due_on, zone)
    return opened_at < remind <= now < due_moment(due_on, zone)


def clean_text(text: str) -> str | None:
    """The item's text with spaces tidied, or None when it is too short or too long."""
    cleaned = " ".join(text.split())
    return cleaned if TEXT_MIN <= len(cleaned) <= TEXT_MAX else None
