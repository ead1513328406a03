"""Reach and impact numbers as plain data: what the stats service collects and views show.

Everything here is counts (no names, no chat ids), so a report can leave the bot safely.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Count:
    """How many members (or items) share one value."""

    #: The value (a country code, topic id, ...); None where it was not given.
    key: str | None
    count: int


@dataclass(frozen=True, slots=True)
class ReachCount:
    """Members reached in one country with one organisation type."""

    country: str | None
    org_type: str | None
    count: int


@dataclass(frozen=True, slots=True)
class WeekReach:
    """Members reached in one ISO week (the first and last week may be cut by the period)."""

    #: ISO 8601 week, e.g. ``"2026-W48"``.
    week: str
    #: The Monday the week starts on.
    starts_on: date
    members: int


@dataclass(frozen=True, slots=True)
class KindCount:
    """Messages of one outbox kind (digest, alert, reminder, ...) sent and failed."""

    kind: str
    sent: int
    failed: int


@dataclass(frozen=True, slots=True)
class FailureCount:
    """Failed messages of one kind for one reason (blocked, deactivated, timeout, ...)."""

    kind: str
    reason: str
    count: int


@dataclass(frozen=True, slots=True)
class MemberStats:
    """Members who had consented by the end of the period.

    ``active + paused + blocked == consented``; the breakdowns count every consented member.
    """

    consented: int
    #: Neither paused nor blocked: they get digests.
    active: int
    #: Paused their digests themselves.
    paused: int
    #: Blocked the bot or deleted their account (wins over paused).
    blocked: int
    by_country: tuple[Count, ...]
    by_org_type: tuple[Count, ...]
    by_topic: tuple[Count, ...]
    by_language: tuple[Count, ...]


@dataclass(frozen=True, slots=True)
class ReachStats:
    """Members (organisations) sent at least one message in the period."""

    members: int
    by_country: tuple[Count, ...]
    by_org_type: tuple[Count, ...]
    by_country_and_org_type: tuple[ReachCount, ...]
    #: Every ISO week the period touches, in order, zeros included.
    weekly: tuple[WeekReach, ...]


@dataclass(frozen=True, slots=True)
class MessageStats:
    """Outbox messages sent (by ``sent_at``) and failed for good in the period."""

    sent: int
    failed: int
    #: Weekly digests delivered: one per member and run, however many parts it had.
    digests_sent: int
    by_kind: tuple[KindCount, ...]
    failures: tuple[FailureCount, ...]
    failed_by_reason: tuple[Count, ...]


@dataclass(frozen=True, slots=True)
class OpportunityStats:
    """Funding opportunities found and passed on in the period."""

    #: First seen by ingestion in the period.
    ingested: int
    by_source: tuple[Count, ...]
    #: By classified programme; an opportunity in two programmes counts in both, None is
    #: "no programme".
    by_programme: tuple[Count, ...]
    #: Distinct opportunities put in at least one member's digest.
    disseminated: int
    #: Calls members started following.
    follows: int
    #: By kind: call, tender, cascade, news, event, result.
    by_kind: tuple[Count, ...] = ()


@dataclass(frozen=True, slots=True)
class WorkshopStats:
    """One workshop starting in the period, with its answers and attendance."""

    id: int
    title: str
    #: ``published`` or ``cancelled``.
    status: str
    starts_at: datetime
    #: Seats; None is unlimited.
    capacity: int | None
    going: int
    maybe: int
    no: int
    waitlist: int
    #: Members a coordinator marked as attended.
    attended: int
    #: Whether a coordinator marked attendance for anyone (either way).
    attendance_marked: bool
    #: Who took part: the people marked attended (never those only "going"); 0 when cancelled.
    participants: int


@dataclass(frozen=True, slots=True)
class Stats:
    """Every number of one report."""

    start: datetime
    #: Exclusive.
    end: datetime
    members: MemberStats
    reach: ReachStats
    messages: MessageStats
    opportunities: OpportunityStats
    workshops: tuple[WorkshopStats, ...]
    #: People marked attended at a published workshop of the period, each counted once.
    participants: int
