"""After a workshop: materials and next steps (action items) with their owners and reminders.

Materials are queued to the workshop's audience through the outbox as one delivery run per
item (the coordinator gets the usual delivery summary). A next step is written in three
answers (what, who, by when); its owner is told when it opens, reminded the day before it is
due, and marks it done with a button. Every change happens in one transaction here.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.conversation import FOLLOWUP
from bot.core.i18n import Catalogs
from bot.db.models.followup import ActionItem
from bot.db.repositories import broadcasts as runs
from bot.db.repositories import conversations, outbox
from bot.db.repositories import followup as repo
from bot.db.repositories import workshops as workshops_repo
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing
from bot.followup import rules
from bot.followup.types import (
    MATERIALS_AUDIENCES,
    ActionInfo,
    ActionNotices,
    Candidate,
    FollowUpError,
    FollowUpInfo,
    MaterialsAudience,
)

#: The longest delay after a workshop's end for its feedback poll (two weeks).
FEEDBACK_HOURS_MAX = 336


class FollowUps:
    """Follow-up use-cases for one database."""

    def __init__(
        self, db: Database, settings: Settings, catalogs: Catalogs, notices: ActionNotices
    ) -> None:
        self.db = db
        self.settings = settings
        self.catalogs = catalogs
        self.notices = notices

    @property
    def zone(self) -> str:
        """The alliance's zone: due days end at midnight there."""
        return self.settings.schedule.timezone

    # ------------------------------------------------------------------ the screen

    async def overview(self, workshop_id: int, *, now: datetime) -> FollowUpInfo:
        """The follow-up screen's numbers.

        Raises:
            FollowUpError: ``unknown`` (no such published workshop), ``not_started``.
        """
        async with self.db.transaction() as session:
            return await self._overview(session, workshop_id, now=now)

    async def _overview(
        self, session: AsyncSession, workshop_id: int, *, now: datetime
    ) -> FollowUpInfo:
        row = await workshops_repo.get(session, workshop_id)
        if row is None or row.status == "draft" or row.starts_at is None:
            raise FollowUpError("unknown")
        if now < row.starts_at:
            raise FollowUpError("not_started")
        open_items, done_items = await repo.counts(session, workshop_id)
        default = self.settings.schedule.feedback_poll_hours
        return FollowUpInfo(
            feedback_hours=default if row.feedback_hours is None else row.feedback_hours,
            feedback_sent=await repo.has_poll(session, row.id),
            workshop_id=row.id,
            title=row.title,
            attended=await repo.workshop_audience_size(session, "attended", row.id),
            registered=await repo.workshop_audience_size(session, "registered", row.id),
            answered=await repo.workshop_audience_size(session, "answered", row.id),
            open_items=open_items,
            done_items=done_items,
        )

    async def set_feedback_hours(
        self, workshop_id: int, hours: int, *, now: datetime
    ) -> FollowUpInfo:
        """When the workshop's feedback poll goes out (0: none); before it went."""
        if not 0 <= hours <= FEEDBACK_HOURS_MAX:
            raise FollowUpError("unknown")
        async with self.db.transaction() as session:
            row = await workshops_repo.get(session, workshop_id)
            if row is None:
                raise FollowUpError("unknown")
            row.feedback_hours = hours
            return await self._overview(session, workshop_id, now=now)

    # ------------------------------------------------------------------ materials

    async def start_materials(
        self, user_id: int, workshop_id: int, audience: MaterialsAudience, *, now: datetime
    ) -> int:
        """The coordinator's chat now passes what it receives on to ``audience``; returns how
        many members that is."""
        async with self.db.transaction() as session:
            await self._overview(session, workshop_id, now=now)
            ref = rules.materials_ref(workshop_id, audience, now)
            await conversations.expect(session, user_id, FOLLOWUP, ref)
            return await repo.workshop_audience_size(session, audience, workshop_id)

    async def stop(self, user_id: int) -> None:
        """The coordinator's chat no longer waits for follow-up input."""
        async with self.db.transaction() as session:
            await conversations.clear(session, user_id, frozenset({FOLLOWUP}))

    async def queue_material(
        self,
        workshop_id: int,
        audience: MaterialsAudience,
        *,
        user_id: int,
        key: str,
        text: str,
        now: datetime,
        media_type: str | None = None,
        media_name: str | None = None,
        media: bytes | None = None,
    ) -> int:
        """Queue one item (a text with links, a photo or a document with ``text`` as its
        caption, HTML) to the audience, headed in each member's language; returns how many
        were queued. ``key`` names the coordinator's message: a repeated update queues nothing.
        Materials mode stays on for ``user_id`` (its idle time starts again).
        """
        if audience not in MATERIALS_AUDIENCES:
            raise ValueError(audience)
        async with self.db.transaction() as session:
            title = await repo.title_of(session, workshop_id)
            members = await repo.workshop_audience(session, audience, workshop_id)
            ref = rules.materials_ref(workshop_id, audience, now)
            await conversations.expect(session, user_id, FOLLOWUP, ref)
            run_id = await runs.new_run(session, "materials", now=now)
            messages = []
            for member in members:
                tr = self.catalogs.get(member.language)
                heading = self.notices.material_heading(tr, workshop_id, title)
                messages.append(
                    Outgoing(
                        chat_id=member.chat_id,
                        member_id=member.id,
                        kind="materials",
                        dedupe_key=f"materials:{key}:{member.id}",
                        text=f"{heading}\n\n{text}" if text else heading,
                        media_type=media_type,
                        media_name=media_name,
                        media=media,
                    )
                )
            return await outbox.enqueue(session, messages, now=now, run_id=run_id)

    # ------------------------------------------------------------------ next steps

    async def new_action(self, user_id: int, workshop_id: int, *, now: datetime) -> ActionInfo:
        """A new item of the workshop, waiting for its text (older unfinished ones go)."""
        async with self.db.transaction() as session:
            await self._overview(session, workshop_id, now=now)
            for old in await repo.drafts_of(session, user_id):
                await session.delete(old)
            row = ActionItem(
                workshop_id=workshop_id,
                status="draft",
                text="",
                created_by=user_id,
                draft_step="text",
                created_at=now,
            )
            session.add(row)
            await session.flush()
            await conversations.expect(session, user_id, FOLLOWUP, f"a:{row.id}:text")
            return await repo.info(session, row)

    async def _draft(self, session: AsyncSession, item_id: int, user_id: int) -> ActionItem:
        row = await repo.item(session, item_id)
        if row is None or row.created_by != user_id or row.status != "draft":
            raise FollowUpError("no_draft")
        return row

    async def draft_of(self, item_id: int, user_id: int) -> ActionInfo | None:
        """The coordinator's unfinished item, if it still is one."""
        async with self.db.transaction() as session:
            row = await repo.item(session, item_id)
            if row is None or row.created_by != user_id or row.status != "draft":
                return None
            return await repo.info(session, row)

    async def set_text(
        self, item_id: int, user_id: int, text: str
    ) -> tuple[ActionInfo, list[Candidate]]:
        """The item's text (already checked); next: its owner, chosen among the attendees."""
        async with self.db.transaction() as session:
            row = await self._draft(session, item_id, user_id)
            row.text = text
            row.draft_step = "owner"
            await conversations.expect(session, user_id, FOLLOWUP, f"a:{row.id}:owner")
            return await repo.info(session, row), await repo.candidates(session, row.workshop_id)

    async def set_owner(self, item_id: int, user_id: int, member_id: int) -> ActionInfo:
        """The item's owner (an attendee of its workshop); next: the due day.

        Raises:
            FollowUpError: ``no_draft``; ``unknown`` when the member is no attendee.
        """
        async with self.db.transaction() as session:
            row = await self._draft(session, item_id, user_id)
            found = next(
                (
                    c
                    for c in await repo.candidates(session, row.workshop_id)
                    if c.member_id == member_id
                ),
                None,
            )
            if found is None:
                raise FollowUpError("unknown")
            row.owner_id = found.member_id
            row.owner_label = " · ".join(p for p in (found.name, found.org_name) if p)[:200]
            row.draft_step = "due"
            await conversations.expect(session, user_id, FOLLOWUP, f"a:{row.id}:due")
            return await repo.info(session, row)

    async def open_action(
        self, item_id: int, user_id: int, due_on_text: str, *, now: datetime
    ) -> ActionInfo | str:
        """The due day (typed): the item opens and its owner is told. Returns the item, or
        a problem code of :func:`bot.followup.rules.parse_due`."""
        today = now.astimezone(_zone(self.zone)).date()
        due = rules.parse_due(due_on_text, today=today)
        if isinstance(due, str):
            return due
        async with self.db.transaction() as session:
            row = await self._draft(session, item_id, user_id)
            if row.owner_id is None:
                raise FollowUpError("no_draft")
            row.due_on = due
            row.due_at = rules.due_moment(due, self.zone)
            row.status = "open"
            row.draft_step = None
            row.opened_at = now
            await conversations.clear(session, user_id, frozenset({FOLLOWUP}))
            item = await repo.info(session, row)
            await self._tell(session, row, item, kind="assigned", now=now)
            return item

    async def discard(self, item_id: int, user_id: int) -> None:
        """Throw an unfinished item away."""
        async with self.db.transaction() as session:
            row = await self._draft(session, item_id, user_id)
            await session.delete(row)
            await conversations.clear(session, user_id, frozenset({FOLLOWUP}))

    async def _tell(
        self, session: AsyncSession, row: ActionItem, item: ActionInfo, *, kind: str, now: datetime
    ) -> int:
        owner = await repo.member(session, row.owner_id) if row.owner_id is not None else None
        if owner is None or owner.blocked_at is not None:
            return 0
        tr = self.catalogs.get(owner.language)
        rendered = (
            self.notices.assigned(tr, item)
            if kind == "assigned"
            else self.notices.reminder(tr, item)
        )
        return await outbox.enqueue(
            session,
            [
                Outgoing(
                    chat_id=owner.chat_id,
                    member_id=owner.id,
                    kind="action",
                    dedupe_key=f"action:{row.id}:{kind}",
                    text=rendered.text,
                    reply_markup=rendered.reply_markup,
                )
            ],
            now=now,
        )

    async def mark_done(
        self, item_id: int, chat_id: int, *, coordinator: bool, now: datetime
    ) -> ActionInfo:
        """The owner (or a coordinator) marks an item done; pressing twice changes nothing.

        Raises:
            FollowUpError: ``unknown``, ``not_owner``.
        """
        async with self.db.transaction() as session:
            row = await repo.item(session, item_id)
            if row is None or row.status == "draft":
                raise FollowUpError("unknown")
            member = await repo.member_by_chat(session, chat_id)
            owner = member is not None and member.id == row.owner_id
            if not owner and not coordinator:
                raise FollowUpError("not_owner")
            if row.status == "open":
                row.status = "done"
                row.done_at = now
            return await repo.info(session, row)

    async def queue_reminders(self, *, now: datetime) -> int:
        """Remind owners of the items due tomorrow (each item once); returns how many."""
        queued = 0
        async with self.db.transaction() as session:
            for row in await repo.reminder_candidates(session, now=now):
                if not rules.reminder_due(
                    status=row.status,
                    due_on=row.due_on,
                    opened_at=row.opened_at,
                    reminded_at=row.reminded_at,
                    now=now,
                    zone=self.zone,
                ):
                    continue
                row.reminded_at = now
                item = await repo.info(session, row)
                queued += await self._tell(session, row, item, kind="reminder", now=now)
        return queued

    # ------------------------------------------------------------------ lists

    async def open_for(self, chat_id: int) -> list[ActionInfo]:
        """A member's open items."""
        async with self.db.transaction() as session:
            member = await repo.member_by_chat(session, chat_id)
            return [] if member is None else await repo.open_of_member(session, member.id)

    async def all_open(self) -> list[ActionInfo]:
        """Every open item, by workshop."""
        async with self.db.transaction() as session:
            return await repo.open_items(session)

    async def of_workshop(self, workshop_id: int) -> list[ActionInfo]:
        """A workshop's items."""
        async with self.db.transaction() as session:
            return await repo.of_workshop(session, workshop_id)

    async def overdue(self, *, now: datetime) -> list[ActionInfo]:
        """Open items past their due day (for the coordinators' weekly summary)."""
        async with self.db.transaction() as session:
            return await repo.overdue(session, now=now)


def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
