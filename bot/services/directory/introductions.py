"""Introductions between members: a request to the owner of a published entry, which they
accept (both sides get each other's contact) or decline (the requester learns nothing)."""

from __future__ import annotations

from datetime import datetime

from bot.db.repositories import directory as repo
from bot.directory.types import (
    DAILY_REQUESTS,
    REQUEST_WINDOW,
    DirectoryError,
    IntroAnswer,
    IntroRequest,
)
from bot.services.directory.base import DirectoryBase


class Introductions(DirectoryBase):
    """Asking for and answering introductions."""

    async def request_introduction(
        self,
        chat_id: int,
        target_member_id: int,
        *,
        now: datetime,
        opportunity_id: int | None = None,
    ) -> IntroRequest:
        """Record a pending introduction from the member of ``chat_id`` to an entry's owner.

        Raises:
            DirectoryError: ``not_member``, ``group``, ``no_org_name`` (the requester must say
                who they are), ``self``, ``unavailable`` (no published entry of a reachable
                private chat), ``unknown_call``, ``duplicate`` (a request for this pair is
                pending) or ``limit`` (5 requests in the last 24 hours).
        """
        async with self.db.serialized() as session:
            # Locking the requester's row orders two simultaneous presses (PostgreSQL).
            requester = await self._member(session, chat_id, lock=True)
            if not requester.org_name:
                raise DirectoryError("no_org_name")
            if requester.id == target_member_id:
                raise DirectoryError("self")
            target = await repo.member(session, target_member_id)
            entry = await repo.entry(session, target_member_id)
            if (
                target is None
                or entry is None
                or entry.published_at is None
                or target.chat_type != "private"
                or target.consented_at is None
                or target.blocked_at is not None
            ):
                raise DirectoryError("unavailable")
            title = None
            if opportunity_id is not None:
                call = await repo.call(session, opportunity_id)
                if call is None:
                    raise DirectoryError("unknown_call")
                title = call.title
            if await repo.pending_between(session, requester.id, target.id) is not None:
                raise DirectoryError("duplicate")
            recent = await repo.requests_since(session, requester.id, now - REQUEST_WINDOW)
            if recent >= DAILY_REQUESTS:
                raise DirectoryError("limit")
            introduction = await repo.add_introduction(
                session,
                requester_id=requester.id,
                target_id=target.id,
                opportunity_id=opportunity_id,
                now=now,
            )
            return IntroRequest(
                id=introduction.id,
                target_chat_id=target.chat_id,
                target_language=target.language,
                target_org_name=target.org_name or entry.org_name,
                requester=await self._organisation(session, requester),
                opportunity_title=title,
            )

    async def mark_unreachable(self, introduction_id: int, *, now: datetime) -> None:
        """The target could not be messaged: the pending request ends as declined."""
        async with self.db.transaction() as session:
            introduction = await repo.introduction(session, introduction_id)
            if introduction is not None and introduction.status == "pending":
                introduction.status = "declined"
                introduction.answered_at = now

    async def answer_introduction(
        self, chat_id: int, introduction_id: int, accept: bool, *, now: datetime
    ) -> IntroAnswer:
        """Accept or decline a request addressed to the member of ``chat_id``.

        Answering a request that was already answered changes nothing (``changed`` False).

        Raises:
            DirectoryError: ``unknown`` (no such request, or it is not addressed to this member),
                ``not_member`` or ``group``.
        """
        async with self.db.serialized() as session:
            target = await self._member(session, chat_id)
            introduction = await repo.introduction(session, introduction_id, lock=True)
            if introduction is None or introduction.target_id != target.id:
                raise DirectoryError("unknown")
            changed = introduction.status == "pending"
            if changed:
                introduction.status = "accepted" if accept else "declined"
                introduction.answered_at = now
            requester = await repo.member_with_interests(session, introduction.requester_id)
            title = None
            if introduction.opportunity_id is not None:
                call = await repo.call(session, introduction.opportunity_id)
                title = call.title if call is not None else None
            return IntroAnswer(
                id=introduction.id,
                status=introduction.status,
                changed=changed,
                requester_chat_id=requester.chat_id,
                requester_language=requester.language,
                requester=await self._organisation(session, requester),
                target_chat_id=target.chat_id,
                target_org_name=target.org_name or "",
                opportunity_title=title,
            )
