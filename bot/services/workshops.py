"""Workshop use-cases: drafts, publishing, RSVPs with a waitlist, edits, reminders, attendance.

Each public method owns one transaction. Messages to members (announcements, change
notices, promotions, reminders) are written to the outbox in the same transaction as the
change they report, so a crash can never leave a change untold or a notice without a change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.conversation import WORKSHOP_DRAFT, WORKSHOP_EDIT, WORKSHOP_KINDS
from bot.core.i18n import Catalogs
from bot.db.models import (
    DeliveryRun,
    Follow,
    Member,
    MemberInterest,
    OpportunityRow,
    OutboxMessage,
    Workshop,
    WorkshopRsvp,
)
from bot.db.repositories import conversations
from bot.db.session import Database
from bot.views import workshops as views
from bot.workshops import ics
from bot.workshops.importing import ImportedWorkshop
from bot.workshops.seats import Answer, decide, due_reminder, promotable, rsvp_open

#: The guided steps of a new workshop, in order ("preview" ends the flow).
STEPS = (
    "title",
    "description",
    "start",
    "end",
    "place",
    "language",
    "capacity",
    "topics",
    "rsvp_close",
    "related",
    "preview",
)
#: Fields a coordinator may change on a published workshop.
EDITABLE = ("title", "description", "start", "end", "place", "capacity", "rsvp_close")
#: Fields whose change members are told about.
NOTIFY_FIELDS = frozenset({"starts_at", "ends_at", "place", "url", "title"})
_COPIED = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "timezone",
    "place",
    "url",
    "language",
    "capacity",
    "topics",
    "audience",
    "rsvp_closes_at",
    "related_calls",
)


class WorkshopError(Exception):
    """A request that cannot be done in the workshop's state; ``code`` names why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class Counts:
    """Answers to a workshop."""

    going: int = 0
    maybe: int = 0
    no: int = 0
    waitlist: int = 0
    attended: int = 0


@dataclass(frozen=True, slots=True)
class WorkshopInfo:
    """A workshop as views show it (a frozen snapshot, not an ORM row)."""

    id: int
    status: str
    title: str
    description: str
    starts_at: datetime | None
    ends_at: datetime | None
    timezone: str
    place: str | None
    url: str | None
    language: str
    capacity: int | None
    topics: tuple[str, ...]
    audience: str
    rsvp_closes_at: datetime | None
    related_calls: tuple[str, ...]
    created_by: int
    organiser_name: str
    draft_step: str | None
    edits_id: int | None
    sequence: int
    created_at: datetime
    counts: Counts = field(default_factory=Counts)

    @property
    def zone(self) -> ZoneInfo:
        """The workshop's time zone."""
        return ZoneInfo(self.timezone)

    @property
    def seats_left(self) -> int | None:
        """Free seats, None when unlimited."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.counts.going)

    def open_at(self, now: datetime) -> bool:
        """Taking answers at ``now``."""
        return (
            self.status == "published"
            and self.starts_at is not None
            and rsvp_open(now=now, starts_at=self.starts_at, closes_at=self.rsvp_closes_at)
        )


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """What one RSVP press did."""

    workshop: WorkshopInfo
    status: Answer
    changed: bool
    promoted: int = 0


@dataclass(frozen=True, slots=True)
class Attendee:
    """One answer, for ``/attendees`` and the CSV export."""

    member_id: int
    display_name: str
    org_name: str
    country: str
    org_type: str
    status: str
    answered_at: datetime
    attended: bool | None


@dataclass(frozen=True, slots=True)
class Published:
    """The result of publishing or applying an edit."""

    workshop: WorkshopInfo
    recipients: int
    changes: tuple[str, ...] = ()
    promoted: int = 0


def info(row: Workshop, counts: Counts | None = None) -> WorkshopInfo:
    """Snapshot a row."""
    return WorkshopInfo(
        id=row.id,
        status=row.status,
        title=row.title,
        description=row.description,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        timezone=row.timezone,
        place=row.place,
        url=row.url,
        language=row.language,
        capacity=row.capacity,
        topics=tuple(row.topics or ()),
        audience=row.audience,
        rsvp_closes_at=row.rsvp_closes_at,
        related_calls=tuple(row.related_calls or ()),
        created_by=row.created_by,
        organiser_name=row.organiser_name,
        draft_step=row.draft_step,
        edits_id=row.edits_id,
        sequence=row.sequence,
        created_at=row.created_at,
        counts=counts or Counts(),
    )


def missing_fields(workshop: WorkshopInfo) -> list[str]:
    """Required fields a draft still lacks (publishing refuses until there are none)."""
    missing = []
    if not workshop.title:
        missing.append("title")
    if workshop.starts_at is None:
        missing.append("start")
    if workshop.ends_at is None:
        missing.append("end")
    if not workshop.place and not workshop.url:
        missing.append("place")
    return missing


def changed_fields(before: WorkshopInfo, after: WorkshopInfo) -> tuple[str, ...]:
    """Which of the fields members care about differ (for the change notice)."""
    names = []
    if before.starts_at != after.starts_at or before.ends_at != after.ends_at:
        names.append("time")
    if before.place != after.place or before.url != after.url:
        names.append("place")
    if before.title != after.title:
        names.append("title")
    if before.description != after.description:
        names.append("description")
    if before.capacity != after.capacity:
        names.append("capacity")
    if before.rsvp_closes_at != after.rsvp_closes_at:
        names.append("rsvp_close")
    return tuple(names)


async def _counts(session: AsyncSession, workshop_ids: Sequence[int]) -> dict[int, Counts]:
    if not workshop_ids:
        return {}
    rows = await session.execute(
        select(
            WorkshopRsvp.workshop_id,
            WorkshopRsvp.status,
            func.count(),
            func.count().filter(WorkshopRsvp.attended.is_(True)),
        )
        .where(WorkshopRsvp.workshop_id.in_(list(workshop_ids)))
        .group_by(WorkshopRsvp.workshop_id, WorkshopRsvp.status)
    )
    found: dict[int, dict[str, int]] = {}
    for workshop_id, status, count, attended in rows.all():
        bucket = found.setdefault(workshop_id, {})
        bucket[status] = int(count)
        bucket["attended"] = bucket.get("attended", 0) + int(attended)
    return {
        workshop_id: Counts(
            going=b.get("going", 0),
            maybe=b.get("maybe", 0),
            no=b.get("no", 0),
            waitlist=b.get("waitlist", 0),
            attended=b.get("attended", 0),
        )
        for workshop_id, b in found.items()
    }


def _markup(screen: views.Screen) -> dict[str, Any] | None:
    return screen.keyboard.to_dict() if screen.keyboard else None


class Workshops:
    """Workshop use-cases over one database."""

    def __init__(self, db: Database, settings: Settings, catalogs: Catalogs) -> None:
        self.db = db
        self.settings = settings
        self.catalogs = catalogs

    # ----------------------------------------------------------------- reading

    async def get(self, workshop_id: int) -> WorkshopInfo | None:
        """A workshop with its counts (drafts included)."""
        async with self.db.transaction() as session:
            row = await session.get(Workshop, workshop_id)
            if row is None:
                return None
            counts = await _counts(session, [row.id])
            return info(row, counts.get(row.id))

    async def draft_for(self, user_id: int) -> WorkshopInfo | None:
        """The draft ``user_id`` is writing (the newest), if any."""
        async with self.db.transaction() as session:
            row = await session.scalar(
                select(Workshop)
                .where(Workshop.status == "draft", Workshop.created_by == user_id)
                .order_by(Workshop.updated_at.desc(), Workshop.id.desc())
                .limit(1)
            )
            return info(row) if row is not None else None

    async def listing(self, *, now: datetime, include_past: bool = False) -> list[WorkshopInfo]:
        """Published and cancelled workshops, soonest first (upcoming only by default)."""
        async with self.db.transaction() as session:
            query = select(Workshop).where(Workshop.status.in_(("published", "cancelled")))
            if not include_past:
                query = query.where(Workshop.ends_at > now)
            rows = list((await session.scalars(query.order_by(Workshop.starts_at))).all())
            counts = await _counts(session, [r.id for r in rows])
            return [info(r, counts.get(r.id)) for r in rows]

    async def upcoming_for(
        self, chat_id: int, *, now: datetime
    ) -> list[tuple[WorkshopInfo, Answer | None]]:
        """Upcoming published workshops the member was invited to or answered, with the answer."""
        async with self.db.transaction() as session:
            member = await session.scalar(select(Member).where(Member.chat_id == chat_id))
            if member is None:
                return []
            topics = set(
                (
                    await session.scalars(
                        select(MemberInterest.item_id).where(
                            MemberInterest.member_id == member.id, MemberInterest.kind == "topic"
                        )
                    )
                ).all()
            )
            answers = {
                r.workshop_id: Answer(r.status)
                for r in (
                    await session.scalars(
                        select(WorkshopRsvp).where(WorkshopRsvp.member_id == member.id)
                    )
                ).all()
            }
            rows = list(
                (
                    await session.scalars(
                        select(Workshop)
                        .where(Workshop.status == "published", Workshop.ends_at > now)
                        .order_by(Workshop.starts_at)
                    )
                ).all()
            )
            rows = [
                r
                for r in rows
                if r.id in answers
                or r.audience == "all"
                or not r.topics
                or topics.intersection(r.topics)
            ]
            counts = await _counts(session, [r.id for r in rows])
            return [(info(r, counts.get(r.id)), answers.get(r.id)) for r in rows]

    async def audience_counts(self, workshop_id: int) -> tuple[int, int]:
        """How many members publishing would reach: with the workshop's topics, and everyone."""
        async with self.db.transaction() as session:
            row = await session.get(Workshop, workshop_id)
            if row is None:
                return 0, 0
            everyone = len(await self._audience(session, row, audience="all"))
            topics = len(await self._audience(session, row, audience="topics"))
            return topics, everyone

    async def answer_of(self, workshop_id: int, chat_id: int) -> Answer | None:
        """The member's current answer."""
        async with self.db.transaction() as session:
            status = await session.scalar(
                select(WorkshopRsvp.status)
                .join(Member, Member.id == WorkshopRsvp.member_id)
                .where(WorkshopRsvp.workshop_id == workshop_id, Member.chat_id == chat_id)
            )
            return Answer(status) if status else None

    async def attendees(self, workshop_id: int) -> list[Attendee]:
        """Every answer, grouped by status (going, waitlist in order, maybe, no)."""
        order = {"going": 0, "waitlist": 1, "maybe": 2, "no": 3}
        async with self.db.transaction() as session:
            rows = (
                await session.execute(
                    select(WorkshopRsvp, Member)
                    .join(Member, Member.id == WorkshopRsvp.member_id)
                    .where(WorkshopRsvp.workshop_id == workshop_id)
                )
            ).all()
        found = [
            Attendee(
                member_id=member.id,
                display_name=rsvp.display_name,
                org_name=member.org_name or "",
                country=member.country or "",
                org_type=member.org_type or "",
                status=rsvp.status,
                answered_at=rsvp.queued_at or rsvp.answered_at,
                attended=rsvp.attended,
            )
            for rsvp, member in rows
        ]
        return sorted(found, key=lambda a: (order[a.status], a.answered_at, a.member_id))

    # ------------------------------------------------------------------ drafts

    async def start_draft(
        self, user_id: int, organiser_name: str, *, language: str, now: datetime
    ) -> WorkshopInfo:
        """A new draft at its first step; an unfinished new draft by the same user is dropped."""
        async with self.db.transaction() as session:
            await session.execute(
                delete(Workshop).where(
                    Workshop.status == "draft",
                    Workshop.created_by == user_id,
                    Workshop.edits_id.is_(None),
                )
            )
            row = Workshop(
                status="draft",
                title="",
                description="",
                timezone=self.settings.schedule.timezone,
                language=language,
                topics=[],
                audience="topics",
                related_calls=[],
                created_by=user_id,
                organiser_name=organiser_name[:120],
                draft_step=STEPS[0],
                sequence=0,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            await session.flush()
            await _wait_on(session, row)
            return info(row)

    async def start_edit(
        self, workshop_id: int, user_id: int, organiser_name: str, *, now: datetime
    ) -> WorkshopInfo:
        """A draft copy of a published workshop; applying it updates the original."""
        async with self.db.transaction() as session:
            original = await session.get(Workshop, workshop_id)
            if original is None or original.status == "draft":
                raise WorkshopError("unknown")
            if original.status == "cancelled":
                raise WorkshopError("cancelled")
            await session.execute(
                delete(Workshop).where(
                    Workshop.status == "draft",
                    Workshop.created_by == user_id,
                    Workshop.edits_id == workshop_id,
                )
            )
            copy = Workshop(
                status="draft",
                created_by=user_id,
                organiser_name=original.organiser_name or organiser_name[:120],
                draft_step="preview",
                edits_id=original.id,
                sequence=original.sequence,
                created_at=now,
                updated_at=now,
                **{name: getattr(original, name) for name in _COPIED},
            )
            session.add(copy)
            await session.flush()
            await _wait_on(session, copy)
            return info(copy)

    async def update_draft(
        self, draft_id: int, user_id: int, *, step: str | None, **values: Any
    ) -> WorkshopInfo:
        """Set fields of the user's draft and move it to ``step``."""
        async with self.db.transaction() as session:
            row = await self._own_draft(session, draft_id, user_id)
            for name, value in values.items():
                if name not in _COPIED:
                    raise ValueError(f"not a workshop field: {name}")
                setattr(row, name, list(value) if isinstance(value, tuple) else value)
            row.draft_step = step
            await _wait_on(session, row)
            return info(row)

    async def own_draft(self, draft_id: int, user_id: int) -> WorkshopInfo | None:
        """Draft ``draft_id`` if ``user_id`` is writing it."""
        async with self.db.transaction() as session:
            row = await session.get(Workshop, draft_id)
            if row is None or row.status != "draft" or row.created_by != user_id:
                return None
            return info(row)

    async def resume_draft(self, user_id: int) -> WorkshopInfo | None:
        """The user's unfinished new draft, which the chat waits on again (None: there is none)."""
        async with self.db.transaction() as session:
            row = await session.scalar(
                select(Workshop)
                .where(
                    Workshop.status == "draft",
                    Workshop.created_by == user_id,
                    Workshop.edits_id.is_(None),
                    Workshop.draft_step.is_not(None),
                )
                .order_by(Workshop.id.desc())
                .limit(1)
            )
            if row is None:
                return None
            await _wait_on(session, row)
            return info(row)

    async def discard_draft(self, draft_id: int, user_id: int) -> bool:
        """Throw a draft away."""
        async with self.db.transaction() as session:
            await conversations.clear(session, user_id, WORKSHOP_KINDS, draft_id=draft_id)
            result = await session.execute(
                delete(Workshop).where(
                    Workshop.id == draft_id,
                    Workshop.status == "draft",
                    Workshop.created_by == user_id,
                )
            )
            return bool(getattr(result, "rowcount", 0))

    async def _own_draft(self, session: AsyncSession, draft_id: int, user_id: int) -> Workshop:
        row = await session.get(Workshop, draft_id)
        if row is None or row.status != "draft" or row.created_by != user_id:
            raise WorkshopError("no_draft")
        return row

    # -------------------------------------------------------------- publishing

    async def publish(
        self,
        draft_id: int,
        user_id: int,
        *,
        audience: str,
        now: datetime,
        bot_username: str | None = None,
    ) -> Published:
        """Publish a new workshop and queue its announcement to the audience."""
        if audience not in {"topics", "all"}:
            raise ValueError(f"unknown audience {audience!r}")
        async with self.db.transaction() as session:
            row = await self._own_draft(session, draft_id, user_id)
            if row.edits_id is not None:
                raise WorkshopError("is_edit")
            self._check_ready(info(row), now)
            row.status = "published"
            row.audience = audience
            row.draft_step = None
            await conversations.clear(session, user_id, WORKSHOP_KINDS, draft_id=row.id)
            row.published_at = now
            row.updated_at = now
            await session.flush()
            recipients = await self._announce(session, row, now=now, bot_username=bot_username)
            return Published(info(row), recipients)

    async def _announce(
        self,
        session: AsyncSession,
        row: Workshop,
        *,
        now: datetime,
        bot_username: str | None = None,
    ) -> int:
        """Queue the announcement to the workshop's audience, as one delivery run."""
        members = await self._audience(session, row)
        run = DeliveryRun(kind="workshop", started_at=now)
        session.add(run)
        await session.flush()
        workshop = info(row)
        for member in members:
            tr = self.catalogs.get(member.language)
            screen = views.announcement(
                tr,
                workshop,
                answer=None,
                zone=self._zone(member),
                private=_private(member),
                bot_username=bot_username,
            )
            session.add(
                self._message(
                    member,
                    screen,
                    kind="workshop",
                    key=f"ws:{row.id}:announce:{member.id}",
                    now=now,
                    run_id=run.id,
                )
            )
        return len(members)

    async def import_many(
        self,
        items: Sequence[ImportedWorkshop],
        *,
        created_by: int,
        organiser_name: str,
        now: datetime,
        announce: bool = True,
    ) -> tuple[list[Published], list[ImportedWorkshop]]:
        """Publish every imported workshop in one transaction (all or none).

        A workshop with the same title and start as a stored one is skipped, so importing a
        file twice does not announce anything twice. Returns what was published and skipped.
        """
        done: list[Published] = []
        skipped: list[ImportedWorkshop] = []
        async with self.db.transaction() as session:
            for item in items:
                exists = await session.scalar(
                    select(Workshop.id).where(
                        Workshop.status.in_(("published", "cancelled")),
                        Workshop.title == item.title,
                        Workshop.starts_at == item.starts_at,
                    )
                )
                if exists is not None:
                    skipped.append(item)
                    continue
                row = Workshop(
                    status="published",
                    title=item.title,
                    description=item.description,
                    starts_at=item.starts_at,
                    ends_at=item.ends_at,
                    timezone=item.timezone,
                    place=item.place,
                    url=item.url,
                    language=item.language,
                    capacity=item.capacity,
                    topics=list(item.topics),
                    audience=item.audience,
                    rsvp_closes_at=item.rsvp_closes_at,
                    related_calls=list(item.related_calls),
                    created_by=created_by,
                    organiser_name=organiser_name[:120],
                    sequence=0,
                    created_at=now,
                    updated_at=now,
                    published_at=now,
                )
                session.add(row)
                await session.flush()
                recipients = await self._announce(session, row, now=now) if announce else 0
                done.append(Published(info(row), recipients))
        return done, skipped

    def _check_ready(self, workshop: WorkshopInfo, now: datetime) -> None:
        if missing_fields(workshop):
            raise WorkshopError("incomplete")
        assert workshop.starts_at is not None  # checked by missing_fields
        if workshop.starts_at <= now:
            raise WorkshopError("past")

    async def apply_edit(self, draft_id: int, user_id: int, *, now: datetime) -> Published:
        """Copy an edit draft onto its workshop and tell everyone who answered what changed."""
        async with self.db.serialized() as session:
            draft = await self._own_draft(session, draft_id, user_id)
            if draft.edits_id is None:
                raise WorkshopError("not_edit")
            original = await self._locked(session, draft.edits_id)
            if original.status != "published":
                raise WorkshopError("cancelled")
            before = info(original)
            after = info(draft)
            self._check_ready(after, now)
            changes = changed_fields(before, after)
            for name in _COPIED:
                setattr(original, name, getattr(draft, name))
            await conversations.clear(session, user_id, WORKSHOP_KINDS, draft_id=draft.id)
            await session.delete(draft)
            if not changes:
                return Published(info(original), 0)
            original.sequence += 1
            original.updated_at = now
            await session.flush()
            promoted = await self._promote(session, original, now=now)
            notified = 0
            if set(changes) & {"time", "place", "title"}:
                notified = await self._notify_answered(
                    session, original, kind="changed", changes=changes, now=now
                )
            counts = await _counts(session, [original.id])
            return Published(info(original, counts.get(original.id)), notified, changes, promoted)

    async def cancel(self, workshop_id: int, *, now: datetime) -> Published:
        """Cancel a published workshop; everyone who answered is told."""
        async with self.db.serialized() as session:
            row = await self._locked(session, workshop_id)
            if row.status != "published":
                raise WorkshopError("cancelled" if row.status == "cancelled" else "unknown")
            row.status = "cancelled"
            row.cancelled_at = now
            row.sequence += 1
            row.updated_at = now
            await session.flush()
            notified = await self._notify_answered(
                session, row, kind="cancelled", changes=(), now=now
            )
            return Published(info(row), notified)

    async def _locked(self, session: AsyncSession, workshop_id: int) -> Workshop:
        query = select(Workshop).where(Workshop.id == workshop_id)
        if not self.db.is_sqlite:
            query = query.with_for_update()
        row = await session.scalar(query)
        if row is None:
            raise WorkshopError("unknown")
        return row

    async def _audience(
        self, session: AsyncSession, row: Workshop, *, audience: str | None = None
    ) -> list[Member]:
        query = select(Member).where(
            Member.consented_at.is_not(None),
            Member.paused_at.is_(None),
            Member.blocked_at.is_(None),
        )
        if (audience or row.audience) == "topics" and row.topics:
            query = query.where(
                Member.id.in_(
                    select(MemberInterest.member_id).where(
                        MemberInterest.kind == "topic", MemberInterest.item_id.in_(row.topics)
                    )
                )
            )
        return list((await session.scalars(query.order_by(Member.id))).all())

    async def _notify_answered(
        self,
        session: AsyncSession,
        row: Workshop,
        *,
        kind: str,
        changes: Iterable[str],
        now: datetime,
    ) -> int:
        rows = (
            await session.execute(
                select(Member, WorkshopRsvp.status)
                .join(WorkshopRsvp, WorkshopRsvp.member_id == Member.id)
                .where(WorkshopRsvp.workshop_id == row.id, Member.blocked_at.is_(None))
            )
        ).all()
        workshop = info(row)
        change_list = tuple(changes)
        for member, status in rows:
            tr = self.catalogs.get(member.language)
            screen = views.change_notice(
                tr, workshop, kind=kind, changes=change_list, answer=Answer(status),
                zone=self._zone(member),
            )  # fmt: skip
            session.add(
                self._message(
                    member,
                    screen,
                    kind="ws_notice",
                    key=f"ws:{row.id}:{kind}:{row.sequence}:{member.id}",
                    now=now,
                )
            )
        return len(rows)

    # -------------------------------------------------------------------- RSVP

    async def answer(
        self,
        workshop_id: int,
        chat_id: int,
        requested: Answer,
        *,
        display_name: str,
        now: datetime,
    ) -> AnswerOutcome:
        """Record a member's answer; the last seats go to the first presses, never more.

        The workshop row is locked (or, on SQLite, answers are serialised) while seats are
        counted and the answer written, so fifty simultaneous presses for the last seat
        give one seat and forty-nine places on the waitlist.
        """
        async with self.db.serialized() as session:
            row = await self._locked(session, workshop_id)
            member = await session.scalar(select(Member).where(Member.chat_id == chat_id))
            if member is None or member.consented_at is None:
                raise WorkshopError("not_member")
            if row.status == "cancelled":
                raise WorkshopError("cancelled")
            if row.status != "published" or row.starts_at is None:
                raise WorkshopError("unknown")
            if not rsvp_open(now=now, starts_at=row.starts_at, closes_at=row.rsvp_closes_at):
                raise WorkshopError("closed")
            rsvp = await session.get(WorkshopRsvp, (row.id, member.id))
            current = Answer(rsvp.status) if rsvp else None
            going = await self._going(session, row.id)
            decision = decide(
                capacity=row.capacity, going=going, current=current, requested=requested
            )
            if rsvp is None:
                rsvp = WorkshopRsvp(
                    workshop_id=row.id,
                    member_id=member.id,
                    status=decision.status.value,
                    display_name=display_name[:160],
                    answered_at=now,
                    reminders=[],
                )
                session.add(rsvp)
            elif decision.changed:
                rsvp.status = decision.status.value
                rsvp.answered_at = now
                rsvp.display_name = display_name[:160] or rsvp.display_name
            if decision.changed:
                rsvp.queued_at = now if decision.status is Answer.WAITLIST else None
            await session.flush()
            promoted = 0
            if decision.frees_seats:
                promoted = await self._promote(session, row, now=now)
            counts = await _counts(session, [row.id])
            return AnswerOutcome(
                info(row, counts.get(row.id)), decision.status, decision.changed, promoted
            )

    async def _going(self, session: AsyncSession, workshop_id: int) -> int:
        count = await session.scalar(
            select(func.count()).where(
                WorkshopRsvp.workshop_id == workshop_id, WorkshopRsvp.status == "going"
            )
        )
        return int(count or 0)

    async def _promote(self, session: AsyncSession, row: Workshop, *, now: datetime) -> int:
        """Give free seats to the waitlist in order and queue the good news."""
        going = await self._going(session, row.id)
        waiting = list(
            (
                await session.execute(
                    select(WorkshopRsvp, Member)
                    .join(Member, Member.id == WorkshopRsvp.member_id)
                    .where(WorkshopRsvp.workshop_id == row.id, WorkshopRsvp.status == "waitlist")
                    .order_by(WorkshopRsvp.queued_at, WorkshopRsvp.member_id)
                )
            ).all()
        )
        count = promotable(row.capacity, going, len(waiting))
        workshop = info(row)
        for rsvp, member in waiting[:count]:
            rsvp.status = Answer.GOING.value
            rsvp.queued_at = None
            rsvp.answered_at = now
            tr = self.catalogs.get(member.language)
            screen = views.promoted_notice(tr, workshop, zone=self._zone(member))
            session.add(
                self._message(
                    member,
                    screen,
                    kind="ws_notice",
                    key=f"ws:{row.id}:promoted:{member.id}:{now.timestamp():.0f}",
                    now=now,
                )
            )
        await session.flush()
        return count

    # ------------------------------------------------------------- attendance

    async def set_attended(self, workshop_id: int, member_id: int, attended: bool | None) -> bool:
        """Mark whether a member came; False when they never answered."""
        async with self.db.transaction() as session:
            rsvp = await session.get(WorkshopRsvp, (workshop_id, member_id))
            if rsvp is None:
                return False
            rsvp.attended = attended
            return True

    # --------------------------------------------------------------- reminders

    async def queue_reminders(self, *, now: datetime, hours: tuple[float, ...]) -> int:
        """Queue the reminders that are due for members going to upcoming workshops.

        The database decides: each answer records which reminders it got, so a restart
        neither loses nor repeats one, and a reminder expires at the start of the event.
        """
        if not hours:
            return 0
        horizon = max(hours)
        queued = 0
        async with self.db.transaction() as session:
            rows = (
                await session.execute(
                    select(Workshop, WorkshopRsvp, Member)
                    .join(WorkshopRsvp, WorkshopRsvp.workshop_id == Workshop.id)
                    .join(Member, Member.id == WorkshopRsvp.member_id)
                    .where(
                        Workshop.status == "published",
                        Workshop.starts_at > now,
                        WorkshopRsvp.status == "going",
                        Member.blocked_at.is_(None),
                    )
                )
            ).all()
            for workshop_row, rsvp, member in rows:
                assert workshop_row.starts_at is not None
                if (workshop_row.starts_at - now).total_seconds() > horizon * 3600:
                    continue
                due = due_reminder(
                    now=now,
                    starts_at=workshop_row.starts_at,
                    hours=hours,
                    sent=frozenset(rsvp.reminders or ()),
                )
                if due is None:
                    continue
                rsvp.reminders = sorted(set(rsvp.reminders or ()) | due.done)
                tr = self.catalogs.get(member.language)
                screen = views.reminder(tr, info(workshop_row), zone=self._zone(member), now=now)
                message = self._message(
                    member,
                    screen,
                    kind="ws_reminder",
                    key=f"ws:{workshop_row.id}:remind:{due.label}:{member.id}",
                    now=now,
                )
                message.expires_at = workshop_row.starts_at
                session.add(message)
                queued += 1
        return queued

    # ---------------------------------------------------------------- calendar

    def calendar_event(self, workshop: WorkshopInfo, *, now: datetime) -> ics.CalendarEvent:
        """A workshop as a calendar entry."""
        assert workshop.starts_at is not None
        assert workshop.ends_at is not None
        contact = self.settings.privacy.contact
        return ics.CalendarEvent(
            uid=ics.workshop_uid(workshop.id, workshop.created_at),
            title=workshop.title,
            description=workshop.description,
            starts_at=workshop.starts_at.astimezone(workshop.zone),
            ends_at=workshop.ends_at.astimezone(workshop.zone),
            location=workshop.place,
            url=workshop.url,
            organiser_name=workshop.organiser_name or self.settings.privacy.controller,
            organiser_email=contact if "@" in contact else None,
            sequence=workshop.sequence,
            cancelled=workshop.status == "cancelled",
            stamp=now,
        )

    async def workshop_ics(self, workshop_id: int, *, now: datetime) -> bytes | None:
        """The calendar file of one workshop (a cancellation notice once cancelled)."""
        workshop = await self.get(workshop_id)
        if workshop is None or workshop.status == "draft" or workshop.starts_at is None:
            return None
        return ics.build_calendar(
            [self.calendar_event(workshop, now=now)],
            name=workshop.title,
            cancel=workshop.status == "cancelled",
        )

    async def member_calendar(self, chat_id: int, *, now: datetime, name: str) -> tuple[bytes, int]:
        """Every upcoming workshop the member goes to and the deadlines of calls they follow.

        Returns the file and how many entries it holds.
        """
        async with self.db.transaction() as session:
            member = await session.scalar(select(Member).where(Member.chat_id == chat_id))
            if member is None:
                return ics.build_calendar([], name=name), 0
            workshops = list(
                (
                    await session.scalars(
                        select(Workshop)
                        .join(WorkshopRsvp, WorkshopRsvp.workshop_id == Workshop.id)
                        .where(
                            WorkshopRsvp.member_id == member.id,
                            WorkshopRsvp.status == "going",
                            Workshop.status == "published",
                            Workshop.ends_at > now,
                        )
                        .order_by(Workshop.starts_at)
                    )
                ).all()
            )
            calls = list(
                (
                    await session.scalars(
                        select(OpportunityRow)
                        .join(Follow, Follow.opportunity_id == OpportunityRow.id)
                        .where(Follow.member_id == member.id)
                    )
                ).all()
            )
        events = [self.calendar_event(info(w), now=now) for w in workshops]
        deadlines = []
        for call in calls:
            for value in call.deadlines or ():
                deadline = datetime.fromisoformat(value)
                if deadline > now:
                    deadlines.append(
                        ics.CalendarDeadline(
                            uid=ics.deadline_uid(call.uid, deadline),
                            title=call.title[:200],
                            deadline=deadline,
                            url=call.url,
                            stamp=now,
                            has_time=call.deadline_has_time,
                            zone=call.deadline_zone,
                        )
                    )
        return ics.build_calendar(events, deadlines, name=name), len(events) + len(deadlines)

    # ------------------------------------------------------------------ helpers

    def _zone(self, member: Member) -> ZoneInfo:
        return ZoneInfo(member.timezone or self.settings.schedule.timezone)

    def _message(
        self,
        member: Member,
        screen: views.Screen,
        *,
        kind: str,
        key: str,
        now: datetime,
        run_id: int | None = None,
    ) -> OutboxMessage:
        return OutboxMessage(
            chat_id=member.chat_id,
            member_id=member.id,
            run_id=run_id,
            kind=kind,
            dedupe_key=key[:160],
            text=screen.text,
            reply_markup=_markup(screen),
            status="pending",
            attempts=0,
            created_at=now,
        )


def _private(member: Member) -> bool:
    return member.chat_type == "private"


def with_counts(workshop: WorkshopInfo, counts: Counts) -> WorkshopInfo:
    """The same workshop with other counts (for previews)."""
    return replace(workshop, counts=counts)


async def _wait_on(session: AsyncSession, row: Workshop) -> None:
    """The coordinator's private chat now waits on this draft's step (or, done, on nothing)."""
    if row.draft_step is None:
        await conversations.clear(session, row.created_by, WORKSHOP_KINDS, draft_id=row.id)
    else:
        kind = WORKSHOP_DRAFT if row.edits_id is None else WORKSHOP_EDIT
        await conversations.expect(session, row.created_by, kind, f"{row.id}:{row.draft_step}")
