"""The public face: linked channel and forum topics, the weekly public digest, public
workshop announcements and the members' showcase. Every post goes through the outbox, so a
group's pacing (20 messages a minute) and retries apply, and dedupe keys make each post once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import WEEKDAYS, Settings
from bot.core.i18n import Catalogs
from bot.db.models import DirectoryEntry, Workshop
from bot.db.models.public import ShowcaseEntry
from bot.db.repositories import outbox
from bot.db.repositories import public as repo
from bot.db.repositories import workshops as workshop_repo
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing
from bot.directory.types import Entry
from bot.public.rules import (
    PublicRenderer,
    Target,
    calls_for,
    calls_of_week,
    week_key,
    weekly_slot,
)

#: The outbox kind of every public post.
KIND = "public"


@dataclass(frozen=True, slots=True)
class ShowcaseState:
    """A member's showcase choice: a published directory entry is required to join."""

    published: bool
    joined: bool
    #: A post to the channel was queued (joining with a channel linked).
    posted: bool = False


def entry(row: DirectoryEntry) -> Entry:
    """A directory entry as views read it."""
    return Entry(
        member_id=row.member_id,
        org_name=row.org_name,
        country=row.country,
        org_type=row.org_type,
        topics=tuple(row.topics or ()),
        description=row.description,
        languages=tuple(row.languages or ()),
        roles=tuple(row.roles or ()),
        published_at=row.published_at,
    )


def _post(target: Target, text: str, key: str, markup: dict[str, object] | None = None) -> Outgoing:
    return Outgoing(
        chat_id=target.chat_id,
        thread_id=target.thread_id,
        kind=KIND,
        dedupe_key=key,
        text=text,
        reply_markup=markup,
    )


async def queue_workshop(
    settings: Settings,
    catalogs: Catalogs,
    renderer: PublicRenderer,
    session: AsyncSession,
    row: Workshop,
    *,
    now: datetime,
    bot_username: str,
) -> int:
    """Queue a published activity's public announcement, in the caller's transaction: to
    the channel, and to the forum topics of its topics (every topic when it has none)."""
    targets = await repo.targets(session)
    chosen = [t for t in targets if t.kind == "channel" or not row.topics or t.topic in row.topics]
    if not chosen:
        return 0
    tr = catalogs.get(settings.i18n.default_language)
    rendered = renderer.workshop(
        tr, settings, workshop_repo.snapshot(row), bot_username=bot_username
    )
    posts = [
        _post(t, rendered.text, f"pub:ws:{row.id}:{t.id}", rendered.reply_markup) for t in chosen
    ]
    await outbox.enqueue(session, posts, now=now)
    return len(posts)


class PublicFace:
    """Links public targets, queues public posts, keeps the showcase (one transaction each)."""

    def __init__(
        self, db: Database, settings: Settings, catalogs: Catalogs, renderer: PublicRenderer
    ) -> None:
        self.db = db
        self.settings = settings
        self.catalogs = catalogs
        self.renderer = renderer

    # ------------------------------------------------------------------ targets

    async def targets(self) -> list[Target]:
        """Every linked target."""
        async with self.db.transaction() as session:
            return await repo.targets(session)

    async def link_channel(self, chat_id: int, title: str, *, by: int, now: datetime) -> None:
        """Link the alliance's channel (replacing the one before)."""
        async with self.db.transaction() as session:
            await repo.set_channel(session, chat_id, title, by=by, now=now)

    async def unlink_channel(self) -> bool:
        """Unlink the channel; False when none was linked."""
        async with self.db.transaction() as session:
            return await repo.remove_channel(session)

    async def link_topic(
        self, topic: str, chat_id: int, thread_id: int, title: str, *, by: int, now: datetime
    ) -> None:
        """Post ``topic``'s calls and workshops in this forum thread."""
        if topic not in {item.id for item in self.settings.taxonomy.topics}:
            raise ValueError(f"unknown topic {topic!r}")
        async with self.db.transaction() as session:
            await repo.set_topic(session, topic, chat_id, thread_id, title, by=by, now=now)

    async def unlink_topic(self, chat_id: int, thread_id: int) -> bool:
        """Stop posting in this forum thread; False when it was not linked."""
        async with self.db.transaction() as session:
            return bool(await repo.remove_topic_at(session, chat_id, thread_id))

    # -------------------------------------------------------------------- posts

    async def queue_weekly(self, *, now: datetime) -> int:
        """Queue this week's public digest to every target that has calls, once a week: at
        the alliance's digest day and time (``[schedule]``), calls first seen in the week
        before. Returns how many posts were queued (0 when they already were)."""
        schedule = self.settings.schedule
        weekday = WEEKDAYS.index(schedule.digest_weekday)
        slot = weekly_slot(now, weekday=weekday, at=schedule.digest_time, zone=schedule.zone)
        tr = self.catalogs.get(self.settings.i18n.default_language)
        async with self.db.transaction() as session:
            targets = await repo.targets(session)
            if not targets:
                return 0
            since = slot - timedelta(days=7)
            calls = calls_of_week(await repo.calls_since(session, since), slot=slot)
            posts = []
            for target in targets:
                chosen = calls_for(target, calls)
                if chosen:
                    text = self.renderer.digest(tr, self.settings, chosen, topic=target.topic)
                    posts.append(_post(target, text, f"pub:digest:{week_key(slot)}:{target.id}"))
            return await outbox.enqueue(session, posts, now=now)

    # ----------------------------------------------------------------- showcase

    async def showcase_state(self, chat_id: int) -> ShowcaseState:
        """Whether the member may join (a published entry) and has joined."""
        async with self.db.transaction() as session:
            member = await workshop_repo.member_by_chat(session, chat_id)
            if member is None:
                return ShowcaseState(False, False)
            row = await session.get(DirectoryEntry, member.id)
            joined = await repo.showcase_entry(session, member.id) is not None
            return ShowcaseState(row is not None and row.published_at is not None, joined)

    async def join_showcase(self, chat_id: int, *, now: datetime) -> ShowcaseState:
        """Join the showcase; a post presenting the entry is queued for the channel."""
        async with self.db.transaction() as session:
            member = await workshop_repo.member_by_chat(session, chat_id)
            row = await session.get(DirectoryEntry, member.id) if member else None
            if member is None or row is None or row.published_at is None:
                return ShowcaseState(False, False)
            if await repo.showcase_entry(session, member.id) is not None:
                return ShowcaseState(True, True)
            session.add(ShowcaseEntry(member_id=member.id, joined_at=now))
            channel = next((t for t in await repo.targets(session) if t.kind == "channel"), None)
            if channel is None:
                return ShowcaseState(True, True)
            tr = self.catalogs.get(self.settings.i18n.default_language)
            text = self.renderer.showcase(tr, self.settings, entry(row))
            key = repo.showcase_key(member.id, now)
            await outbox.enqueue(session, [_post(channel, text, key)], now=now)
            return ShowcaseState(True, True, posted=True)

    async def leave_showcase(self, chat_id: int) -> list[tuple[int, int]]:
        """Leave the showcase: a post not sent yet is dropped; returns the posts already in
        the channel, as (chat id, message id), for the caller to delete from Telegram."""
        async with self.db.transaction() as session:
            member = await workshop_repo.member_by_chat(session, chat_id)
            found = await repo.showcase_entry(session, member.id) if member else None
            if member is None or found is None:
                return []
            await session.delete(found)
            posted = []
            for row in await repo.showcase_posts(session, member.id):
                if row.status == "sent" and row.message_id is not None:
                    posted.append((row.chat_id, row.message_id))
                elif row.status in {"pending", "sending"}:
                    row.status = "failed"
                    row.last_error = "withdrawn: the member left the showcase"
            return posted

    async def showcase(self) -> list[Entry]:
        """Every showcase member's published entry, by organisation."""
        async with self.db.transaction() as session:
            return [entry(row) for row in await repo.showcase(session)]
