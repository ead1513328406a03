"""A member's own directory entry: read it, change it, publish it, remove it.

A member's entry is off until they publish it: no row, or a row with ``published_at`` NULL
(a draft). The organisation's name, country and type are the member's profile (the entry row
keeps a copy, refreshed whenever it is saved).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.conversation import DIRECTORY
from bot.db.repositories import conversations
from bot.db.repositories import directory as repo
from bot.directory.rules import ordered
from bot.directory.types import DESCRIPTION_MAX, DirectoryError, Entry
from bot.services.directory.base import DirectoryBase


class EntryEditing(DirectoryBase):
    """The member's own entry."""

    async def entry_of(self, chat_id: int) -> Entry:
        """The member's entry, or the defaults they would publish when they have none.

        Raises:
            DirectoryError: ``not_member`` (unknown or not consented) or ``group``.
        """
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            row = await repo.entry(session, member.id)
            return self._defaults(member) if row is None else self._snapshot(row, member)

    async def save(
        self,
        chat_id: int,
        *,
        now: datetime,
        description: str | None = None,
        topics: Iterable[str] | None = None,
        languages: Iterable[str] | None = None,
        roles: Iterable[str] | None = None,
    ) -> Entry:
        """Change the entry (created as an unpublished draft the first time).

        Raises:
            ValueError: a description longer than 500 characters, or an unknown value.
            DirectoryError: ``not_member`` or ``group``.
        """
        if description is not None and len(description) > DESCRIPTION_MAX:
            raise ValueError("description too long")
        lists = {"topics": topics, "languages": languages, "roles": roles}
        checked: dict[str, list[str]] = {}
        for kind, values in lists.items():
            if values is None:
                continue
            chosen = list(dict.fromkeys(values))
            unknown = set(chosen) - set(self._allowed(kind))
            if unknown:
                raise ValueError(f"unknown {kind}: {sorted(unknown)}")
            checked[kind] = list(ordered(chosen, self._allowed(kind)))
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            row = await self._row(session, member, now=now)
            if description is not None:
                row.description = description
                # The description the bot asked for arrived.
                await conversations.clear(session, chat_id, frozenset({DIRECTORY}))
            for kind, values_ in checked.items():
                setattr(row, kind, values_)
            row.updated_at = now
            await session.flush()
            return self._snapshot(row)

    async def set_item(
        self, chat_id: int, kind: str, value: str, on: bool, *, now: datetime
    ) -> Entry:
        """Add (``on``) or remove one topic, language or role; pressing twice changes nothing.

        Raises:
            ValueError: an unknown kind (a programming error).
            DirectoryError: ``stale`` (a value no longer offered, from an old button),
                ``not_member`` or ``group``.
        """
        if value not in self._allowed(kind):
            raise DirectoryError("stale", f"unknown {kind} {value!r}")
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            row = await self._row(session, member, now=now)
            current = [v for v in getattr(row, kind) if v != value]
            if on:
                current.append(value)
            setattr(row, kind, list(ordered(current, self._allowed(kind))))
            row.updated_at = now
            await session.flush()
            return self._snapshot(row)

    async def publish(self, chat_id: int, *, now: datetime) -> Entry:
        """List the entry in searches (idempotent).

        Raises:
            DirectoryError: ``no_org_name`` (the profile has no organisation name), ``not_member``
                or ``group``.
        """
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            if not member.org_name:
                raise DirectoryError("no_org_name")
            row = await self._row(session, member, now=now)
            if row.published_at is None:
                row.published_at = now
            row.updated_at = now
            await session.flush()
            return self._snapshot(row)

    async def unpublish(self, chat_id: int) -> bool:
        """Remove the entry entirely (True when there was one). Pending requests stay answerable.

        Raises:
            DirectoryError: ``not_member`` or ``group``.
        """
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            row = await repo.entry(session, member.id)
            if row is None:
                return False
            await repo.delete_entry(session, row)
            return True
