"""Ingestion use-cases: which sources are due, and storing what a fetch produced.

The database is the source of truth for scheduling (``sources.next_check_at``), so a
restart never loses or repeats work. Deciding (backoff, changes, duplicates) is done by
pure functions in ``feeds``; this module only reads and writes rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings, SourceSettings
from bot.db.models import OpportunityChange, OpportunityRow, SourceState
from bot.db.session import Database
from bot.feeds_bridge import source_spec
from feeds.dedupe import diff
from feeds.schedule import next_check_at
from feeds.types import (
    CachingState,
    Confidence,
    DeadlineModel,
    FetchResult,
    Opportunity,
    OpportunityKind,
    Rule,
    SourceSpec,
    Status,
)

#: A failing source is reported to coordinators once it has failed this long.
INCIDENT_ALERT_AFTER = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class DueSource:
    """A source to fetch now, with what we remember about it."""

    spec: SourceSpec
    state: CachingState
    interval: timedelta


@dataclass(frozen=True, slots=True)
class StoreSummary:
    """What storing one fetch did."""

    source_id: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    changes: int = 0
    recovered: bool = False


@dataclass(frozen=True, slots=True)
class FailureSummary:
    """What recording one failure decided."""

    source_id: str
    consecutive_failures: int
    next_check_at: datetime
    #: True exactly once per incident: when coordinators should be told.
    notify: bool
    incident_since: datetime


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """One line of ``inexa-bot sources``."""

    id: str
    kind: str
    enabled: bool
    url: str
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    consecutive_failures: int
    next_check_at: datetime | None
    items: int


def _iso(value: datetime) -> str:
    return value.isoformat()


#: Columns decided by rules rather than read from the source: refreshed on every fetch.
_DERIVED = ("kind", "kind_rule", "themes", "programmes", "rules")


def _row_values(opportunity: Opportunity) -> dict[str, Any]:
    return {
        "source_id": opportunity.source,
        "url": opportunity.url,
        "title": opportunity.title[:1000],
        "summary": opportunity.summary,
        "language": opportunity.language,
        "programme": opportunity.programme,
        "call_id": opportunity.call_id,
        "topic_id": opportunity.topic_id,
        "action_type": opportunity.action_type,
        "status": opportunity.status.value,
        "opening_date": opportunity.opening_date,
        "deadlines": [_iso(d) for d in opportunity.deadlines],
        "next_deadline": opportunity.next_deadline,
        "deadline_model": opportunity.deadline_model.value,
        "deadline_confidence": (
            opportunity.deadline_confidence.value if opportunity.deadline_confidence else None
        ),
        "deadline_has_time": opportunity.deadline_has_time,
        "deadline_zone": opportunity.deadline_zone,
        "kind": opportunity.kind.value,
        "kind_rule": opportunity.kind_rule[:200],
        "related": list(opportunity.related),
        "budget_total": opportunity.budget_total,
        "grant_max": opportunity.grant_max,
        "currency": opportunity.currency,
        "keywords": list(opportunity.keywords),
        "eligible_countries": list(opportunity.eligible_countries),
        "eligible_org_types": list(opportunity.eligible_org_types),
        "themes": list(opportunity.themes),
        "programmes": list(opportunity.programmes),
        "rules": [
            {"target": r.target, "kind": r.kind, "reason": r.reason} for r in opportunity.rules
        ],
        "published_at": opportunity.published_at,
        "updated_at": opportunity.updated_at,
        "content_hash": opportunity.content_hash,
        "raw": json.loads(json.dumps(dict(opportunity.raw), default=str)),
    }


def row_to_opportunity(row: OpportunityRow) -> Opportunity:
    """Rebuild the record from its row (for change detection and digests)."""
    return Opportunity(
        uid=row.uid,
        source=row.source_id,
        url=row.url,
        title=row.title,
        summary=row.summary,
        language=row.language,
        status=Status(row.status),
        programme=row.programme,
        call_id=row.call_id,
        topic_id=row.topic_id,
        action_type=row.action_type,
        opening_date=row.opening_date,
        deadlines=tuple(datetime.fromisoformat(d) for d in row.deadlines),
        next_deadline=row.next_deadline,
        deadline_model=DeadlineModel(row.deadline_model),
        deadline_confidence=(
            Confidence(row.deadline_confidence) if row.deadline_confidence else None
        ),
        deadline_has_time=row.deadline_has_time,
        deadline_zone=row.deadline_zone,
        kind=OpportunityKind(row.kind),
        kind_rule=row.kind_rule,
        related=tuple(row.related),
        budget_total=row.budget_total,
        grant_max=row.grant_max,
        currency=row.currency,
        keywords=tuple(row.keywords),
        eligible_countries=tuple(row.eligible_countries),
        eligible_org_types=tuple(row.eligible_org_types),
        themes=tuple(row.themes),
        programmes=tuple(row.programmes),
        rules=tuple(Rule(r["target"], r["kind"], r["reason"]) for r in row.rules),
        published_at=row.published_at,
        updated_at=row.updated_at,
        content_hash=row.content_hash,
    )


class Ingestion:
    """Ingestion use-cases bound to a database and the settings."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    def _configured(self, source_id: str) -> SourceSettings:
        for source in self.settings.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    async def sync_sources(self) -> None:
        """Make sure every configured source has a state row (a changed URL resets it)."""
        async with self.db.transaction() as session:
            rows = {r.id: r for r in (await session.scalars(select(SourceState))).all()}
            for source in self.settings.sources:
                row = rows.get(source.id)
                if row is None:
                    session.add(
                        SourceState(
                            id=source.id,
                            kind=source.kind.value,
                            url=source.url,
                            configured_url=source.url,
                            cursor={},
                            consecutive_failures=0,
                            incident_notified=False,
                        )
                    )
                elif row.configured_url != source.url or row.kind != source.kind.value:
                    # The operator changed the source: forget the old caching state.
                    row.kind, row.url, row.configured_url = (
                        source.kind.value,
                        source.url,
                        source.url,
                    )
                    row.etag = row.last_modified = None
                    row.cursor = {}
                    row.next_check_at = None

    async def due(
        self, now: datetime, *, limit: int = 20, only: Sequence[str] | None = None
    ) -> list[DueSource]:
        """Enabled sources whose next check has come (or the ``only`` ones, due or not)."""
        enabled = {s.id: s for s in self.settings.sources if s.enabled or (only and s.id in only)}
        async with self.db.transaction() as session:
            query = select(SourceState).where(SourceState.id.in_(list(enabled)))
            if only:
                query = query.where(SourceState.id.in_(list(only)))
            else:
                query = query.where(
                    (SourceState.next_check_at.is_(None)) | (SourceState.next_check_at <= now)
                )
            query = query.order_by(
                SourceState.next_check_at.is_not(None), SourceState.next_check_at
            )
            rows = (await session.scalars(query.limit(limit))).all()
            return [
                DueSource(
                    spec=source_spec(enabled[row.id], url=row.url),
                    state=CachingState(
                        etag=row.etag,
                        last_modified=row.last_modified,
                        url=row.url if row.url != row.configured_url else None,
                        cursor=dict(row.cursor or {}),
                    ),
                    interval=timedelta(minutes=enabled[row.id].interval_minutes),
                )
                for row in rows
            ]

    async def record_success(
        self, source_id: str, result: FetchResult, *, now: datetime, dry_run: bool = False
    ) -> StoreSummary:
        """Store the fetched opportunities, note changes, and schedule the next check."""
        try:
            return await self._record_success(source_id, result, now=now, dry_run=dry_run)
        except _DryRun as done:
            return done.summary

    async def _record_success(
        self, source_id: str, result: FetchResult, *, now: datetime, dry_run: bool
    ) -> StoreSummary:
        interval = timedelta(minutes=self._configured(source_id).interval_minutes)
        async with self.db.transaction() as session:
            state = await session.get(SourceState, source_id)
            if state is None:
                raise KeyError(source_id)
            summary = await _store(session, source_id, result.opportunities, now=now)
            recovered = state.incident_since is not None and state.incident_notified
            state.etag = result.state.etag
            state.last_modified = result.state.last_modified
            if result.state.url:
                state.url = result.state.url
            state.cursor = dict(result.state.cursor)
            state.last_checked_at = state.last_success_at = now
            if not result.not_modified:
                state.last_item_count = len(result.opportunities)
            state.consecutive_failures = 0
            state.incident_since = None
            state.incident_notified = False
            state.incident_escalated = False
            state.next_check_at = next_check_at(
                now=now, interval=interval, consecutive_failures=0, retry_after=result.retry_after
            )
            stored = StoreSummary(
                source_id=source_id,
                new=summary.new,
                changed=summary.changed,
                unchanged=summary.unchanged,
                changes=summary.changes,
                recovered=recovered,
            )
            if dry_run:
                raise _DryRun(stored)  # leaving the block by an exception rolls back
            return stored

    async def record_failure(
        self, source_id: str, reason: str, *, now: datetime, retry_after: float | None = None
    ) -> FailureSummary:
        """Back off exponentially (capped at a day, never stopping); open or extend an incident."""
        interval = timedelta(minutes=self._configured(source_id).interval_minutes)
        async with self.db.transaction() as session:
            state = await session.get(SourceState, source_id)
            if state is None:
                raise KeyError(source_id)
            state.consecutive_failures += 1
            state.last_error = reason[:500]
            state.last_error_at = state.last_checked_at = now
            if state.incident_since is None:
                state.incident_since = now
            state.next_check_at = next_check_at(
                now=now,
                interval=interval,
                consecutive_failures=state.consecutive_failures,
                retry_after=retry_after,
            )
            notify = not state.incident_notified and (
                now - state.incident_since >= INCIDENT_ALERT_AFTER
                or state.consecutive_failures >= 3
            )
            if notify:
                state.incident_notified = True
                # A first notice already a day late says all the escalation would say.
                state.incident_escalated = now - state.incident_since >= INCIDENT_ALERT_AFTER
            return FailureSummary(
                source_id=source_id,
                consecutive_failures=state.consecutive_failures,
                next_check_at=state.next_check_at,
                notify=notify,
                incident_since=state.incident_since,
            )

    async def health(self) -> list[SourceHealth]:
        """Every configured source with its state and stored item count."""
        async with self.db.transaction() as session:
            rows = {r.id: r for r in (await session.scalars(select(SourceState))).all()}
            grouped = await session.execute(
                select(OpportunityRow.source_id, func.count()).group_by(OpportunityRow.source_id)
            )
            counts: dict[str, int] = dict(list(grouped.tuples()))  # Result has .keys()
        report = []
        for source in self.settings.sources:
            row = rows.get(source.id)
            report.append(
                SourceHealth(
                    id=source.id,
                    kind=source.kind.value,
                    enabled=source.enabled,
                    url=row.url if row else source.url,
                    last_success_at=row.last_success_at if row else None,
                    last_error=row.last_error if row else None,
                    last_error_at=row.last_error_at if row else None,
                    consecutive_failures=row.consecutive_failures if row else 0,
                    next_check_at=row.next_check_at if row else None,
                    items=int(counts.get(source.id, 0)),
                )
            )
        return report


class _DryRun(Exception):
    def __init__(self, summary: StoreSummary) -> None:
        super().__init__(summary.source_id)
        self.summary = summary


@dataclass(frozen=True, slots=True)
class _Counts:
    new: int
    changed: int
    unchanged: int
    changes: int


async def _store(
    session: AsyncSession, source_id: str, items: Sequence[Opportunity], *, now: datetime
) -> _Counts:
    if not items:
        return _Counts(0, 0, 0, 0)
    uids = [item.uid for item in items]
    existing = {
        row.uid: row
        for row in (
            await session.scalars(select(OpportunityRow).where(OpportunityRow.uid.in_(uids)))
        ).all()
    }
    call_ids = {item.call_id for item in items if item.call_id}
    canonical: dict[tuple[str, str | None], int] = {}
    if call_ids:
        others = await session.execute(
            select(OpportunityRow.id, OpportunityRow.call_id, OpportunityRow.topic_id)
            .where(OpportunityRow.call_id.in_(call_ids))
            .where(OpportunityRow.source_id != source_id)
            .where(OpportunityRow.duplicate_of.is_(None))
        )
        for row_id, call_id, topic_id in others.all():
            canonical.setdefault((call_id, topic_id), row_id)
    new = changed = unchanged = changes = 0
    for item in items:
        row = existing.get(item.uid)
        values = _row_values(item)
        if row is None:
            row = OpportunityRow(uid=item.uid, first_seen_at=now, last_seen_at=now, **values)
            if item.call_id:
                row.duplicate_of = canonical.get((item.call_id, item.topic_id))
            session.add(row)
            new += 1
            continue
        row.last_seen_at = now
        if row.content_hash == item.content_hash and row.title == item.title:
            # Derived fields follow the current rules even when the source did not change
            # (a better kind or classification after an upgrade); followers are not told.
            for key in _DERIVED:
                setattr(row, key, values[key])
            unchanged += 1
            continue
        events = diff(row_to_opportunity(row), item)
        for key, value in values.items():
            setattr(row, key, value)
        changed += 1
        await session.flush()
        for event in events:
            session.add(
                OpportunityChange(
                    opportunity_id=row.id,
                    kind=str(event.kind),
                    old=None if event.old is None else str(event.old)[:500],
                    new=None if event.new is None else str(event.new)[:500],
                    detected_at=now,
                )
            )
            changes += 1
    await session.flush()
    return _Counts(new, changed, unchanged, changes)
