"""Duplicates and changes (pure).

Within a batch, one record per ``uid`` (the most recently updated wins). Across sources,
records describing the same call (same ``call_id`` and ``topic_id``) collapse into the one
whose deadline we trust most: a structured source field beats text extraction.
A change of deadline, status or budget is a :class:`Change` followers are told about.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from feeds.types import Confidence, Opportunity, Status

_TRUST = {
    Confidence.SOURCE: 4,
    Confidence.HIGH: 3,
    Confidence.APPROX: 2,
    Confidence.LOW: 1,
    None: 0,
}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ChangeKind(StrEnum):
    """What changed about a call."""

    DEADLINE = "deadline"
    OPENED = "opened"
    CLOSED = "closed"
    STATUS = "status"
    BUDGET = "budget"


@dataclass(frozen=True, slots=True)
class Change:
    """One relevant change of an opportunity."""

    uid: str
    kind: ChangeKind
    old: str | None
    new: str | None


def dedupe(items: Iterable[Opportunity]) -> tuple[Opportunity, ...]:
    """One record per uid, then one per (call id, topic id) across sources; order kept."""
    by_uid: dict[str, Opportunity] = {}
    for item in items:
        current = by_uid.get(item.uid)
        if current is None or (item.updated_at or _EPOCH) >= (current.updated_at or _EPOCH):
            by_uid[item.uid] = item
    by_call: dict[tuple[str, str | None], Opportunity] = {}
    kept: list[Opportunity] = []
    for item in by_uid.values():
        if not item.call_id:
            kept.append(item)
            continue
        key = (item.call_id, item.topic_id)
        best = by_call.get(key)
        if best is None:
            by_call[key] = item
            kept.append(item)
        elif _TRUST[item.deadline_confidence] > _TRUST[best.deadline_confidence]:
            kept[kept.index(best)] = item
            by_call[key] = item
    return tuple(kept)


def _iso(values: Iterable[datetime]) -> str:
    return ", ".join(v.astimezone(UTC).isoformat() for v in values)


def diff(old: Opportunity, new: Opportunity) -> tuple[Change, ...]:
    """Relevant changes from ``old`` to ``new`` (empty when nothing a follower cares about)."""
    changes: list[Change] = []
    if tuple(old.deadlines) != tuple(new.deadlines):
        changes.append(
            Change(
                new.uid,
                ChangeKind.DEADLINE,
                _iso(old.deadlines) or None,
                _iso(new.deadlines) or None,
            )
        )
    if old.status != new.status:
        if new.status is Status.OPEN and old.status in {Status.FORTHCOMING, Status.UNKNOWN}:
            kind = ChangeKind.OPENED
        elif new.status is Status.CLOSED:
            kind = ChangeKind.CLOSED
        else:
            kind = ChangeKind.STATUS
        changes.append(Change(new.uid, kind, old.status.value, new.status.value))
    old_budget = (old.budget_total, old.currency)
    new_budget = (new.budget_total, new.currency)
    if old_budget != new_budget:
        changes.append(
            Change(
                new.uid,
                ChangeKind.BUDGET,
                None
                if old.budget_total is None
                else f"{old.budget_total} {old.currency or ''}".strip(),
                None
                if new.budget_total is None
                else f"{new.budget_total} {new.currency or ''}".strip(),
            )
        )
    return tuple(changes)
