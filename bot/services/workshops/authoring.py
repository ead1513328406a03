"""Coordinators' workshop use-cases: drafts, publishing, imports, edits and cancellation.

Each public method owns one transaction. A draft is a row with a ``draft_step``; the chat's
conversation state points at it, so a restart in the middle of the guided flow loses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import WORKSHOP_DRAFT, WORKSHOP_EDIT, WORKSHOP_KINDS
from bot.core.errors import Stale
from bot.db.models import Workshop
from bot.db.repositories import conversations
from bot.db.repositories import workshops as repo
from bot.participants.form import normalised as form_order
from bot.services import public
from bot.services.workshops import notices, series
from bot.services.workshops.notices import Context
from bot.workshops import draft as machine
from bot.workshops.draft import ANNOUNCED_CHANGES, COPIED, STEPS, changed_fields, missing_fields
from bot.workshops.fields import Problem
from bot.workshops.importing import ImportedWorkshop
from bot.workshops.types import Published, WorkshopError, WorkshopInfo

AUDIENCES = frozenset({"topics", "all"})


class WorkshopAuthoring:
    """Drafts, publishing, edits and cancellation, over one database."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.db = ctx.db

    # ------------------------------------------------------------------ reading

    async def draft_for(self, user_id: int) -> WorkshopInfo | None:
        """The draft ``user_id`` is writing (the newest), if any."""
        async with self.db.transaction() as session:
            row = await repo.newest_draft(session, user_id)
            return repo.snapshot(row) if row is not None else None

    async def audience_counts(self, workshop_id: int) -> tuple[int, int]:
        """How many members publishing would reach: with the workshop's topics, and everyone."""
        async with self.db.transaction() as session:
            row = await repo.get(session, workshop_id)
            if row is None:
                return 0, 0
            return await _reach(session, row, self.ctx.settings.i18n.default_language)

    # ------------------------------------------------------------------- drafts

    async def start_draft(
        self, user_id: int, organiser_name: str, *, language: str, now: datetime
    ) -> WorkshopInfo:
        """A new draft at its first step; an unfinished new draft by the same user is dropped."""
        async with self.db.transaction() as session:
            await repo.delete_new_drafts(session, user_id)
            row = Workshop(
                status="draft",
                title="",
                description="",
                timezone=self.ctx.settings.schedule.timezone,
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
            return repo.snapshot(row)

    async def start_edit(
        self, workshop_id: int, user_id: int, organiser_name: str, *, now: datetime
    ) -> WorkshopInfo:
        """A draft copy of a published workshop; applying it updates the original."""
        async with self.db.transaction() as session:
            original = await repo.get(session, workshop_id)
            if original is None or original.status == "draft":
                raise WorkshopError("unknown")
            if original.status == "cancelled":
                raise WorkshopError("cancelled")
            await repo.delete_edit_drafts(session, user_id, workshop_id)
            copy = Workshop(
                status="draft",
                created_by=user_id,
                organiser_name=original.organiser_name or organiser_name[:120],
                draft_step="preview",
                edits_id=original.id,
                sequence=original.sequence,
                created_at=now,
                updated_at=now,
                **{name: getattr(original, name) for name in COPIED},
            )
            session.add(copy)
            await session.flush()
            await _wait_on(session, copy)
            return repo.snapshot(copy)

    async def update_draft(
        self, draft_id: int, user_id: int, *, step: str | None, **values: Any
    ) -> WorkshopInfo:
        """Set fields of the user's draft and move it to ``step``."""
        async with self.db.transaction() as session:
            row = await self._own_draft(session, draft_id, user_id)
            for name, value in values.items():
                if name not in COPIED:
                    raise ValueError(f"not a workshop field: {name}")
                setattr(row, name, list(value) if isinstance(value, tuple) else value)
            row.draft_step = step
            await _wait_on(session, row)
            return repo.snapshot(row)

    async def set_topic(self, user_id: int, topic: str, on: bool) -> WorkshopInfo:
        """Select (``on``) or drop one topic of the user's draft, in one transaction.

        The draft row is locked (on SQLite, such changes are serialised) while the topic is
        set, so two quick presses on different topics both count: neither rewrites the list
        the other one read.

        Raises:
            WorkshopError: ``no_draft`` when the user has no draft in the guided flow.
        """
        async with self.db.serialized() as session:
            row = await self._flow_draft(session, user_id)
            row.topics = machine.toggled(tuple(row.topics or ()), topic, on)
            await _wait_on(session, row)
            return repo.snapshot(row)

    async def set_form_field(self, user_id: int, field: str, on: bool) -> WorkshopInfo:
        """Ask (``on``) or drop one registration-form field of the user's draft (locked like
        :meth:`set_topic`); the form keeps the order every form asks in.

        Raises:
            WorkshopError: ``no_draft`` when the user has no draft in the guided flow.
        """
        async with self.db.serialized() as session:
            row = await self._flow_draft(session, user_id)
            chosen = machine.toggled(tuple(row.registration_fields or ()), field, on)
            row.registration_fields = [f.value for f in form_order(chosen)]
            await _wait_on(session, row)
            return repo.snapshot(row)

    async def set_link_after_checkin(self, draft_id: int, user_id: int, on: bool) -> WorkshopInfo:
        """Give an online workshop's link only after check-in (``on``) or as before.

        Raises:
            WorkshopError: ``no_draft`` when the user has no draft in the guided flow.
            Stale: the preview is of another draft.
        """
        async with self.db.serialized() as session:
            row = await self._flow_draft(session, user_id)
            if row.id != draft_id:
                raise Stale(f"the preview of {draft_id} is not the current draft")
            row.link_after_checkin = on
            return repo.snapshot(row)

    async def press_step(
        self, user_id: int, given: machine.Input, *, now: datetime
    ) -> WorkshopInfo:
        """Apply a flow button to the user's draft and move it on, in one transaction.

        Raises:
            WorkshopError: ``no_draft`` when the user has no draft in the guided flow.
            Stale: the button does not fit the draft (an unknown language or field).
        """
        async with self.db.serialized() as session:
            row = await self._flow_draft(session, user_id)
            result = self._step(row, given, now=now)
            if not isinstance(result, machine.Advance):
                raise Stale(f"{type(given).__name__} does not fit draft {row.id}")
            return await _advance(session, row, result)

    async def answer_step(
        self, draft_id: int, user_id: int, text: str, *, now: datetime
    ) -> WorkshopInfo | Problem | None:
        """Answer the text step of the user's draft, in one transaction: the draft at its next
        step, why the value was refused, or None when the draft is gone or waits for a button.
        """
        async with self.db.serialized() as session:
            row = await repo.locked(session, draft_id, lock=not self.db.is_sqlite)
            if row is None or row.status != "draft" or row.created_by != user_id:
                return None
            result = self._step(row, machine.Text(text), now=now)
            if not isinstance(result, machine.Advance):
                return result
            return await _advance(session, row, result)

    async def open_field(self, draft_id: int, user_id: int, name: str) -> WorkshopInfo:
        """From the preview, ask for one field again (then back to the preview).

        Raises:
            WorkshopError: ``no_draft`` when the user has no draft in the guided flow.
            Stale: the field cannot change on this draft, or the preview is of another draft.
        """
        async with self.db.serialized() as session:
            row = await self._flow_draft(session, user_id)
            step = machine.edit_step(repo.snapshot(row), name)
            if step is None or row.id != draft_id:
                raise Stale(f"{name} cannot change on draft {row.id}")
            row.draft_step = step
            await _wait_on(session, row)
            return repo.snapshot(row)

    async def _flow_draft(self, session: AsyncSession, user_id: int) -> Workshop:
        """The user's newest draft, locked, if it is in the guided flow."""
        row = await repo.newest_draft(session, user_id, lock=not self.db.is_sqlite)
        if row is None or row.draft_step is None:
            raise WorkshopError("no_draft")
        return row

    def _step(
        self, row: Workshop, given: machine.Input, *, now: datetime
    ) -> machine.Advance | Problem | None:
        languages = self.ctx.settings.i18n.languages
        return machine.step(repo.snapshot(row), given, now=now, languages=languages)

    async def resume_draft(self, user_id: int) -> WorkshopInfo | None:
        """The user's unfinished new draft, which the chat waits on again (None: there is none)."""
        async with self.db.transaction() as session:
            row = await repo.unfinished_new_draft(session, user_id)
            if row is None:
                return None
            await _wait_on(session, row)
            return repo.snapshot(row)

    async def discard_draft(self, draft_id: int, user_id: int) -> bool:
        """Throw a draft away."""
        async with self.db.transaction() as session:
            await conversations.clear(session, user_id, WORKSHOP_KINDS, draft_id=draft_id)
            return await repo.delete_draft(session, draft_id, user_id)

    async def _own_draft(self, session: AsyncSession, draft_id: int, user_id: int) -> Workshop:
        row = await repo.get(session, draft_id)
        if row is None or row.status != "draft" or row.created_by != user_id:
            raise WorkshopError("no_draft")
        return row

    # --------------------------------------------------------------- publishing

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
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}")
        async with self.db.transaction() as session:
            row = await self._own_draft(session, draft_id, user_id)
            if row.edits_id is not None:
                raise WorkshopError("is_edit")
            _check_ready(repo.snapshot(row), now)
            row.status = "published"
            row.audience = audience
            row.draft_step = None
            await conversations.clear(session, user_id, WORKSHOP_KINDS, draft_id=row.id)
            row.published_at = now
            row.updated_at = now
            await session.flush()
            if row.recurrence:
                await series.materialise(session, row, now=now)
            recipients = await notices.announce(
                self.ctx, session, row, now=now, bot_username=bot_username
            )
            if self.ctx.public is not None and bot_username:
                await public.queue_workshop(
                    self.ctx.settings, self.ctx.catalogs, self.ctx.public, session, row,
                    now=now, bot_username=bot_username,
                )  # fmt: skip
            return Published(repo.snapshot(row), recipients)

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
                if await repo.same_published(session, item.title, item.starts_at) is not None:
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
                    kind=item.kind,
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
                recipients = (
                    await notices.announce(self.ctx, session, row, now=now) if announce else 0
                )
                done.append(Published(repo.snapshot(row), recipients))
        return done, skipped

    async def apply_edit(self, draft_id: int, user_id: int, *, now: datetime) -> Published:
        """Copy an edit draft onto its workshop and tell everyone who answered what changed."""
        async with self.db.serialized() as session:
            draft = await self._own_draft(session, draft_id, user_id)
            if draft.edits_id is None:
                raise WorkshopError("not_edit")
            original = await self.ctx.locked(session, draft.edits_id)
            if original.status != "published":
                raise WorkshopError("cancelled")
            before = repo.snapshot(original)
            after = repo.snapshot(draft)
            _check_ready(after, now)
            changes = changed_fields(before, after)
            for name in COPIED:
                setattr(original, name, getattr(draft, name))
            await conversations.clear(session, user_id, WORKSHOP_KINDS, draft_id=draft.id)
            await session.delete(draft)
            if not changes:
                return Published(repo.snapshot(original), 0)
            original.sequence += 1
            original.updated_at = now
            await session.flush()
            promoted = await notices.promote(self.ctx, session, original, now=now)
            notified = 0
            if set(changes) & ANNOUNCED_CHANGES:
                notified = await notices.notify_answered(
                    self.ctx, session, original, kind="changed", changes=changes, now=now
                )
            workshop = await repo.with_counts(session, original)
            return Published(workshop, notified, changes, promoted)

    async def cancel(self, workshop_id: int, *, now: datetime) -> Published:
        """Cancel a published workshop; everyone who answered is told."""
        async with self.db.serialized() as session:
            row = await self.ctx.locked(session, workshop_id)
            if row.status != "published":
                raise WorkshopError("cancelled" if row.status == "cancelled" else "unknown")
            row.status = "cancelled"
            row.cancelled_at = now
            row.sequence += 1
            row.updated_at = now
            await session.flush()
            notified = await notices.notify_answered(
                self.ctx, session, row, kind="cancelled", changes=(), now=now
            )
            return Published(repo.snapshot(row), notified)


def _check_ready(workshop: WorkshopInfo, now: datetime) -> None:
    if missing_fields(workshop):
        raise WorkshopError("incomplete")
    assert workshop.starts_at is not None  # checked by missing_fields
    if workshop.starts_at <= now:
        raise WorkshopError("past")


async def _reach(session: AsyncSession, row: Workshop, common: str) -> tuple[int, int]:
    everyone = len(await repo.audience(session, row, audience="all", common_language=common))
    topics = len(await repo.audience(session, row, audience="topics", common_language=common))
    return topics, everyone


async def _advance(session: AsyncSession, row: Workshop, advance: machine.Advance) -> WorkshopInfo:
    """Save an answer's values and move the draft to its next step."""
    for name, value in advance.values.items():
        if name not in COPIED:
            raise ValueError(f"not a workshop field: {name}")
        setattr(row, name, list(value) if isinstance(value, tuple) else value)
    row.draft_step = advance.step
    await _wait_on(session, row)
    return repo.snapshot(row)


async def _wait_on(session: AsyncSession, row: Workshop) -> None:
    """The coordinator's private chat now waits on this draft's step (or, done, on nothing)."""
    if row.draft_step is None:
        await conversations.clear(session, row.created_by, WORKSHOP_KINDS, draft_id=row.id)
    else:
        kind = WORKSHOP_DRAFT if row.edits_id is None else WORKSHOP_EDIT
        await conversations.expect(session, row.created_by, kind, f"{row.id}:{row.draft_step}")
