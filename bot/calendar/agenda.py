"""The alliance calendar as pure functions: activities and highlighted deadlines, merged in
time order and cut into pages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.workshops.seats import Answer
from bot.workshops.types import WorkshopInfo

#: Entries on one page of the alliance calendar.
PAGE_SIZE = 8


@dataclass(frozen=True, slots=True)
class ActivityEntry:
    """An upcoming activity, with the reader's answer to it."""

    workshop: WorkshopInfo
    answer: Answer | None = None

    @property
    def at(self) -> datetime:
        """When it starts."""
        assert self.workshop.starts_at is not None
        return self.workshop.starts_at


@dataclass(frozen=True, slots=True)
class DeadlineEntry:
    """A deadline of a call the coordinators highlight."""

    opportunity_id: int
    uid: str
    title: str
    url: str
    call_id: str | None
    deadline: datetime
    has_time: bool
    zone: str

    @property
    def at(self) -> datetime:
        """The deadline."""
        return self.deadline


Entry = ActivityEntry | DeadlineEntry


@dataclass(frozen=True, slots=True)
class CallDeadlines:
    """A highlighted call with all its deadlines (ISO 8601 UTC strings, as stored)."""

    opportunity_id: int
    uid: str
    title: str
    url: str
    call_id: str | None
    deadlines: tuple[str, ...]
    has_time: bool
    zone: str


def upcoming_deadlines(calls: Iterable[CallDeadlines], *, now: datetime) -> list[DeadlineEntry]:
    """Every deadline still ahead of ``now``, one entry each."""
    return [
        DeadlineEntry(
            call.opportunity_id,
            call.uid,
            call.title,
            call.url,
            call.call_id,
            deadline,
            call.has_time,
            call.zone,
        )
        for call in calls
        for deadline in (datetime.fromisoformat(value) for value in call.deadlines)
        if deadline > now
    ]


def merged(activities: Iterable[ActivityEntry], deadlines: Iterable[DeadlineEntry]) -> list[Entry]:
    """Activities and deadlines in time order (an activity first when they coincide)."""
    entries: list[Entry] = [*activities, *deadlines]
    return sorted(entries, key=lambda e: (e.at, isinstance(e, DeadlineEntry), _key(e)))


def _key(entry: Entry) -> str:
    if isinstance(entry, ActivityEntry):
        return f"{entry.workshop.id:012d}"
    return entry.uid


@dataclass(frozen=True, slots=True)
class Page:
    """One page of entries; ``number`` counts from 0, ``first`` is the first entry's position."""

    entries: tuple[Entry, ...]
    number: int
    pages: int
    first: int

    @property
    def has_previous(self) -> bool:
        """There is a page before this one."""
        return self.number > 0

    @property
    def has_next(self) -> bool:
        """There is a page after this one."""
        return self.number + 1 < self.pages


def page_of(entries: Sequence[Entry], number: int, size: int = PAGE_SIZE) -> Page:
    """Page ``number`` (clamped to the pages there are) of ``entries``."""
    pages = max(1, -(-len(entries) // size))
    number = min(max(0, number), pages - 1)
    first = number * size
    return Page(tuple(entries[first : first + size]), number, pages, first)
