"""Who gets a seat: the RSVP rules as pure functions (the service applies them under a lock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Answer(StrEnum):
    """What a member can answer, and where they can end up."""

    GOING = "going"
    MAYBE = "maybe"
    NO = "no"
    WAITLIST = "waitlist"


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of one press: the member's new answer and how many waitlisted move up."""

    status: Answer
    #: How many seats this press frees for the waitlist (0 or 1).
    frees_seats: int = 0
    #: False when nothing changes (a double tap).
    changed: bool = True


def decide(
    *, capacity: int | None, going: int, current: Answer | None, requested: Answer
) -> Decision:
    """Apply one answer.

    ``going`` counts the members with a seat now, the presser included if they have one.
    Asking for a seat when none is left joins the waitlist; a seat given up goes to the
    first on the waitlist.
    """
    if requested is Answer.WAITLIST:
        raise ValueError("members ask for a seat (going), never for the waitlist")
    if requested is Answer.GOING:
        if current in {Answer.GOING, Answer.WAITLIST}:
            return Decision(current, changed=False)
        if capacity is None or going < capacity:
            return Decision(Answer.GOING)
        return Decision(Answer.WAITLIST)
    if current is requested:
        return Decision(requested, changed=False)
    freed = 1 if current is Answer.GOING and capacity is not None else 0
    return Decision(requested, frees_seats=freed)


def seats_left(capacity: int | None, going: int) -> int | None:
    """Free seats (never negative), or None when unlimited."""
    return None if capacity is None else max(0, capacity - going)


def promotable(capacity: int | None, going: int, waiting: int) -> int:
    """How many of the waitlist get a seat now (after a cancellation or a larger capacity)."""
    if waiting <= 0:
        return 0
    if capacity is None:
        return waiting
    return max(0, min(waiting, capacity - going))


def rsvp_open(*, now: datetime, starts_at: datetime, closes_at: datetime | None) -> bool:
    """Answers are taken until the closing time (the start when none was set)."""
    return now < min(closes_at or starts_at, starts_at)


@dataclass(frozen=True, slots=True)
class ReminderDue:
    """A reminder to send now, and every label to record as done (including skipped ones)."""

    label: str
    hours: float
    done: frozenset[str]


def due_reminder(
    *, now: datetime, starts_at: datetime, hours: tuple[float, ...], sent: frozenset[str]
) -> ReminderDue | None:
    """The reminder whose time has come and that was not sent; never at or after the start.

    When several are due at once (the bot was down), only the nearest one is sent and the
    earlier ones are recorded as done, so a member never gets "in 24 hours" an hour before.
    """
    if now >= starts_at:
        return None
    left = (starts_at - now).total_seconds()
    reached = [h for h in sorted(hours) if left <= h * 3600]
    if not reached or label(reached[0]) in sent:
        return None
    return ReminderDue(label(reached[0]), reached[0], frozenset(label(h) for h in reached))


def label(hours: float) -> str:
    """A stable label for a reminder offset: ``24h``, ``1h``, ``90m``."""
    minutes = round(hours * 60)
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"
