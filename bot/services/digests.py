"""Digest use-cases: what a member's digest holds right now."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.config import Settings
from bot.core.i18n import Catalogs
from bot.core.labels import taxonomy_label
from bot.db.repositories import digests as digests_repo
from bot.db.repositories import opportunities as repo
from bot.db.repositories import outbox
from bot.db.session import Database
from bot.digest.matching import Candidate, MemberPrefs, OpportunityIndex, Sections
from bot.digest.render import ItemCache, Labeler
from bot.members.types import Profile
from bot.services.ingestion import row_to_opportunity
from bot.services.weekly import Composed, compose, due_digests
from bot.services.weekly import DueDigest as DueDigest  # re-exported
from bot.services.weekly import prefs_of as prefs_of  # re-exported
from feeds.deadlines import derive_status, next_deadline


@dataclass(frozen=True, slots=True)
class DigestPlan:
    """The items of one member's digest, ready to render."""

    index: OpportunityIndex
    sections: Sections
    prefs: MemberPrefs


class Digests:
    """Digest use-cases bound to a database and the settings."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    async def index(self, *, now: datetime) -> OpportunityIndex:
        """Every open opportunity, with status and next deadline as of ``now``."""
        async with self.db.transaction() as session:
            rows = await repo.open_rows(session)
            candidates = []
            for row in rows:
                item = row_to_opportunity(row)
                # Stored status is as of the last fetch; a deadline may have passed since.
                status = derive_status(
                    now=now,
                    opening=item.opening_date,
                    deadlines=item.deadlines,
                    continuous=item.deadline_model.value == "continuous",
                    hint=item.status,
                )
                item = replace(
                    item, status=status, next_deadline=next_deadline(item.deadlines, now)
                )
                candidates.append(Candidate(item, row.first_seen_at, row.id))
        return OpportunityIndex.build(candidates, now=now)

    async def preview(self, profile: Profile, *, now: datetime) -> DigestPlan:
        """What the member's digest would hold now (nothing is recorded as sent)."""
        index = await self.index(now=now)
        prefs = prefs_of(profile)
        return DigestPlan(index, index.sections(prefs), prefs)


@dataclass(frozen=True, slots=True)
class QueuedRun:
    """What one weekly run queued."""

    run_id: int | None
    members: int
    messages: int
    empty: int


def taxonomy_labeler(settings: Settings) -> Labeler:
    """Names of topics and programmes in a language, as the digest renderer asks for them."""

    def label(kind: str, item: str, language: str) -> str:
        return taxonomy_label(settings, kind, item, language)

    return label


#: Members committed per transaction: a run that stops half-way resumes after the last chunk.
CHUNK = 1000


class WeeklyDigests:
    """Queue each member's weekly digest when their slot comes; the sender delivers it.

    Set-based: who is due comes from three statements (members, interests, keywords); each
    chunk of :data:`CHUNK` members reads its history in three range statements, is rendered
    outside any transaction, and is written in one transaction of a few statements (the
    members' new slots, the items shown, the outbox rows). A chunk is committed whole or not
    at all, and a member whose ``last_digest_at`` moved is skipped, so a run that crashed is
    resumed by the next tick without a duplicate (the dedupe keys guard the outbox as well).
    """

    def __init__(
        self,
        db: Database,
        settings: Settings,
        catalogs: Catalogs,
        digests: Digests | None = None,
        *,
        chunk: int = CHUNK,
        label: Labeler | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.catalogs = catalogs
        #: The matching index (the runtime's, shared with /digest and /push).
        self.digests = digests or Digests(db, settings)
        self.chunk = chunk
        self.label = label or taxonomy_labeler(settings)

    async def due(self, *, now: datetime) -> list[DueDigest]:
        """Members whose next weekly slot is at or before ``now``, by member id."""
        async with self.db.transaction() as session:
            members = await digests_repo.receiving_members(session)
            interests = await digests_repo.receiving_interests(session)
            keywords = await digests_repo.receiving_keywords(session)
        return due_digests(members, interests, keywords, self.settings, now=now)

    async def queue_due(self, *, now: datetime) -> QueuedRun:
        """Render and queue every due digest; remember what each member received."""
        due = await self.due(now=now)
        if not due:
            return QueuedRun(None, 0, 0, 0)
        index = await self.digests.index(now=now)
        async with self.db.transaction() as session:
            run_id = await digests_repo.open_run(session, now=now)
        cache: ItemCache = {}
        members = messages = empty = 0
        chunks = [due[i : i + self.chunk] for i in range(0, len(due), self.chunk)]
        for number, chunk in enumerate(chunks, 1):
            done = await self._queue_chunk(
                chunk, index, run_id, cache, now=now, last=number == len(chunks)
            )
            members += len(done)
            messages += sum(len(c.messages) for c in done)
            empty += sum(c.empty for c in done)
        return QueuedRun(run_id, members, messages, empty)

    async def _queue_chunk(
        self,
        chunk: list[DueDigest],
        index: OpportunityIndex,
        run_id: int,
        cache: ItemCache,
        *,
        now: datetime,
        last: bool,
    ) -> list[Composed]:
        """Read the chunk's history, render it (no transaction open), then write it at once."""
        async with self.db.transaction() as session:
            history = await digests_repo.history(session, chunk[0].member_id, chunk[-1].member_id)
        composed = [
            compose(
                item,
                index,
                history,
                catalogs=self.catalogs,
                label=self.label,
                now=now,
                cache=cache,
            )
            for item in chunk
        ]
        async with self.db.transaction() as session:
            current = await digests_repo.lock_last_digests(
                session, [c.due.member_id for c in composed], lock=not self.db.is_sqlite
            )
            # Paused, blocked or erased since the run looked, or queued by another run: skip.
            done = [
                c
                for c in composed
                if c.due.member_id in current and current[c.due.member_id] == c.due.last_digest_at
            ]
            await digests_repo.record(
                session,
                slots=[(c.due.member_id, c.due.slot) for c in done],
                items=[(c.due.member_id, uid) for c in done for uid in c.shown],
                now=now,
            )
            await outbox.enqueue(
                session, [m for c in done for m in c.messages], now=now, run_id=run_id
            )
            if last:
                await digests_repo.close_run(session, run_id)
        return done
