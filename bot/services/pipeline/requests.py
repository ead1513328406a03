"""Partner requests: drafted by a project's lead, sent once to every fitting member through the
outbox, answered "I'm interested" / "Not for us", accepted or refused by the requester.
Contacts are exchanged only when the requester accepts (as introductions are)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core import countries
from bot.core.orgtypes import ORG_TYPES
from bot.db.models import Member
from bot.db.models.pipeline import PartnerAnswer, PartnerRequest
from bot.db.repositories import outbox
from bot.db.repositories import pipeline as repo
from bot.delivery.outgoing import Outgoing
from bot.pipeline.rules import (
    closing_choices,
    fits_request,
    joining_role,
    request_closes,
    valid_closing,
)
from bot.pipeline.types import (
    ROLES,
    Acceptance,
    Delivery,
    Interest,
    Listing,
    OrgFacts,
    PipelineError,
    RequestCard,
)
from bot.services.pipeline.base import (
    PipelineBase,
    add_to_consortium,
    after_quiet_hours,
    solo,
    spec_of,
)

#: What a draft's toggles change: roles, countries, organisation types, topics.
KINDS = {"r": "roles", "c": "countries", "o": "org_types", "t": "topics"}


def _delivery(member: Member) -> Delivery:
    return Delivery(chat_id=member.chat_id, member_id=member.id, language=member.language)


class Requests(PipelineBase):
    """Partner requests and their answers."""

    async def _own_draft(
        self, session: AsyncSession, chat_id: int, request_id: int
    ) -> tuple[Member, PartnerRequest]:
        member = await self._member(session, chat_id)
        row = await repo.request(session, request_id, lock=True)
        if row is None or row.member_id != member.id:
            raise PipelineError("unknown", f"request {request_id}")
        return member, row

    async def _draft_card(self, session: AsyncSession, row: PartnerRequest) -> RequestCard:
        card = await self._request_card(session, row, with_answers=row.status != "draft")
        found = await repo.candidates(session, [row.member_id])
        listed = sorted({m.country for m in found if m.country})
        return replace(card, country_choices=tuple(sorted({*listed, *row.countries})))

    async def new_request(self, chat_id: int, project_id: int, *, now: datetime) -> RequestCard:
        """The project's draft request (a new one when there is none), for its lead.

        Raises:
            PipelineError: ``unknown``, ``not_lead``, ``no_org_name`` or ``closing`` (the
                call's deadline is too near for a request).
        """
        async with self.db.serialized() as session:
            member, project, place = await self._steerable(session, chat_id, project_id)
            if not place.lead:
                raise PipelineError("not_lead")
            if not member.org_name:
                raise PipelineError("no_org_name")
            for row in await repo.requests_of_project(session, project.id):
                if row.status == "draft":
                    return await self._draft_card(session, row)
            call = await repo.call(session, project.opportunity_id)
            deadline = call.next_deadline if call is not None else None
            choices = closing_choices(now, deadline)
            if not choices:
                raise PipelineError("closing")
            row = PartnerRequest(
                project_id=project.id,
                member_id=member.id,
                status="draft",
                roles=["partner"] if place.role == "coordinator" else ["coordinator"],
                countries=[],
                org_types=[],
                topics=[t for t in (call.themes if call is not None else []) if t][:3],
                expertise="",
                closes_at=choices[-1],
                created_at=now,
            )
            session.add(row)
            await session.flush()
            return await self._draft_card(session, row)

    async def draft(self, chat_id: int, request_id: int) -> RequestCard:
        """The author's view of their request (draft, open or closed)."""
        async with self.db.transaction() as session:
            _, row = await self._own_draft(session, chat_id, request_id)
            return await self._draft_card(session, row)

    async def toggle(
        self, chat_id: int, request_id: int, kind: str, value: str, on: bool
    ) -> RequestCard:
        """Add or drop a wanted role, country, organisation type or topic of a draft.

        Raises:
            PipelineError: ``unknown``, ``closed`` (not a draft) or ``stale`` (an unknown value).
        """
        column = KINDS.get(kind)
        allowed: dict[str, set[str]] = {
            "roles": set(ROLES),
            "org_types": set(ORG_TYPES),
            "topics": {t.id for t in self.settings.taxonomy.topics},
        }
        if column is None or (column in allowed and value not in allowed[column]):
            raise PipelineError("stale", f"{kind}={value!r}")
        if column == "countries" and not countries.is_country(value):
            raise PipelineError("stale", f"country {value!r}")
        async with self.db.transaction() as session:
            _, row = await self._own_draft(session, chat_id, request_id)
            if row.status != "draft":
                raise PipelineError("closed")
            values = list(getattr(row, column) or [])
            if on and value not in values:
                values.append(value)
            elif not on and value in values:
                values.remove(value)
            setattr(row, column, values)
            return await self._draft_card(session, row)

    async def set_closing(
        self, chat_id: int, request_id: int, days: int, *, now: datetime
    ) -> RequestCard:
        """Close the draft's request ``days`` from now (or the day before the call's deadline
        when ``days`` is 0).

        Raises:
            PipelineError: ``unknown``, ``closed`` or ``closing`` (not before the deadline).
        """
        async with self.db.transaction() as session:
            _, row = await self._own_draft(session, chat_id, request_id)
            if row.status != "draft":
                raise PipelineError("closed")
            card = await self._request_card(session, row)
            deadline = card.call.deadline
            if days <= 0:
                if deadline is None:
                    raise PipelineError("closing")
                closes = deadline - timedelta(days=1)
            else:
                closes = now + timedelta(days=days)
            if not valid_closing(closes, now=now, deadline=deadline):
                raise PipelineError("closing")
            row.closes_at = closes
            return await self._draft_card(session, row)

    async def set_expertise(self, chat_id: int, request_id: int, text: str) -> RequestCard:
        """The draft's expertise text (already cleaned, at most 500 characters)."""
        async with self.db.transaction() as session:
            _, row = await self._own_draft(session, chat_id, request_id)
            if row.status != "draft":
                raise PipelineError("closed")
            row.expertise = text
            return await self._draft_card(session, row)

    async def open_request(
        self, chat_id: int, request_id: int, *, now: datetime
    ) -> tuple[RequestCard, int]:
        """Open the draft: queue it once to every fitting member; returns the card and how many
        members it was sent to.

        Raises:
            PipelineError: ``unknown``, ``closed``, ``limit`` (too many open requests) or
                ``closing`` (the closing date passed or is not before the deadline).
        """
        limit = self.settings.pipeline.open_requests
        async with self.db.serialized() as session:
            member, row = await self._own_draft(session, chat_id, request_id)
            if row.status != "draft":
                raise PipelineError("closed")
            if await repo.open_requests(session, member.id) >= limit:
                raise PipelineError("limit")
            card = await self._request_card(session, row)
            if row.closes_at is None or not valid_closing(
                row.closes_at, now=now, deadline=card.call.deadline
            ):
                raise PipelineError("closing")
            row.status = "open"
            row.opened_at = now
            sent = await self._send(session, row, card, now=now)
            return await self._draft_card(session, row), sent

    async def _send(
        self, session: AsyncSession, row: PartnerRequest, card: RequestCard, *, now: datetime
    ) -> int:
        """Queue the request to fitting members it was not sent to yet (at most once each)."""
        busy = {
            p.member_id
            for p in await repo.plans_for_call(session, card.call.id)
            if p.project_id == row.project_id or not await solo(session, p)
        }
        already = await repo.sent_to(session, row.id)
        found = await repo.candidates(session, busy | already | {row.member_id})
        orgs = await repo.organisations(session, [m.id for m in found])
        spec = spec_of(row)
        expires = request_closes(row.closes_at, card.call.deadline)
        messages = []
        for member in found:
            org = orgs.get(member.id)
            if org is None or not fits_request(
                spec, org, card.call, requester_role=card.requester_role
            ):
                continue
            session.add(PartnerAnswer(request_id=row.id, member_id=member.id, sent_at=now))
            text, markup = self.texts.request(
                self.catalogs.get(member.language), self.settings, card
            )
            messages.append(
                Outgoing(
                    chat_id=member.chat_id,
                    member_id=member.id,
                    kind="partners",
                    dedupe_key=f"partners:{row.id}:{member.id}",
                    text=text,
                    reply_markup=markup,
                    not_before=after_quiet_hours(member, self.settings, now),
                    expires_at=expires,
                )
            )
        await outbox.enqueue(session, messages, now=now)
        return len(messages)

    async def answer(
        self, chat_id: int, request_id: int, interested: bool, *, now: datetime
    ) -> Interest | None:
        """A recipient's answer; "interested" returns what to tell the requester (once).

        Raises:
            PipelineError: ``unknown`` (not sent to this member) or ``closed``.
        """
        async with self.db.serialized() as session:
            member = await self._member(session, chat_id)
            row = await repo.request(session, request_id, lock=True)
            place = await repo.answer(session, request_id, member.id) if row else None
            if row is None or place is None:
                raise PipelineError("unknown", f"request {request_id}")
            if row.status != "open":
                raise PipelineError("closed")
            if place.status not in ("sent", "interested", "declined"):
                return None  # the requester decided already
            before = place.status
            place.status = "interested" if interested else "declined"
            place.answered_at = now
            if not interested or before == "interested":
                return None
            project = await repo.project(session, row.project_id)
            others = [
                a
                for a in await repo.answers(session, [row.id])
                if a.member_id != member.id and a.status in ("interested", "accepted", "refused")
            ]
            if project is not None and not others:
                project.requests_answered += 1  # the request found its first interested answer
            requester = (await repo.members(session, [row.member_id])).get(row.member_id)
            orgs = await repo.organisations(session, [member.id])
            if requester is None or member.id not in orgs:
                return None
            card = await self._request_card(session, row)
            return Interest(card, orgs[member.id], _delivery(requester))

    async def decide(
        self, chat_id: int, request_id: int, member_id: int, accept: bool, *, now: datetime
    ) -> Acceptance:
        """The requester accepts (contacts are exchanged, the organisation joins the
        consortium) or refuses an interested organisation. Deciding again changes nothing.

        Raises:
            PipelineError: ``unknown`` (not the requester's, or not an interested answer).
        """
        async with self.db.serialized() as session:
            requester, row = await self._own_draft(session, chat_id, request_id)
            place = await repo.answer(session, request_id, member_id)
            if place is None or place.status not in ("interested", "accepted", "refused"):
                raise PipelineError("unknown", f"answer {request_id}/{member_id}")
            changed = place.status == "interested"
            joined = False
            if changed:
                place.status = "accepted" if accept else "refused"
                if accept:
                    joined = await self._join(session, row, member_id, now=now)
            others = await repo.members(session, [member_id])
            joiner = others.get(member_id)
            orgs = await repo.organisations(session, [requester.id, member_id])
            if joiner is None:
                raise PipelineError("unknown")
            card = await self._request_card(session, row)
            return Acceptance(
                request=card,
                requester=orgs.get(requester.id) or card.requester,
                joiner=orgs.get(member_id) or OrgFacts(member_id, "", None, None),
                requester_to=_delivery(requester),
                joiner_to=_delivery(joiner),
                joined=joined and place.status == "accepted",
                changed=changed and place.status == "accepted",
            )

    async def _join(
        self, session: AsyncSession, row: PartnerRequest, member_id: int, *, now: datetime
    ) -> bool:
        """The accepted organisation joins the project's consortium in the role the request
        wanted; False when it is in another consortium for the call."""
        project = await repo.project(session, row.project_id, lock=True)
        if project is None:
            return False
        orgs = await repo.organisations(session, [member_id])
        lead = await repo.member_in(session, project.id, row.member_id)
        role = joining_role(
            spec_of(row),
            orgs.get(member_id) or OrgFacts(member_id, "", None, None),
            requester_role=lead.role if lead is not None else "partner",
        )
        return await add_to_consortium(
            session, project, member_id, role, now=now, other=row.member_id
        )

    async def listing(self, chat_id: int) -> Listing:
        """/partnerrequests: open requests the member was sent, and their own requests."""
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            to_answer = [
                await self._request_card(session, r, my_answer=a.status)
                for r, a in await repo.requests_to_answer(session, member.id)
            ]
            own = [
                await self._request_card(session, r, with_answers=True)
                for r in await repo.own_requests(session, member.id)
            ]
            return Listing(tuple(to_answer), tuple(own))

    async def close_request(self, chat_id: int, request_id: int, *, now: datetime) -> RequestCard:
        """The author closes their request (a draft is simply discarded)."""
        async with self.db.transaction() as session:
            _, row = await self._own_draft(session, chat_id, request_id)
            card = await self._request_card(session, row)
            if row.status == "draft":
                await session.delete(row)
                return card
            if row.status == "open":
                row.status = "closed"
                row.closed_at = now
            return await self._draft_card(session, row)

    async def close_due(self, *, now: datetime) -> int:
        """Close open requests past their closing date or their call's deadline, telling each
        author once; returns how many closed."""
        async with self.db.transaction() as session:
            due = await repo.due_to_close(session, now)
            authors = await repo.members(session, [r.member_id for r in due])
            messages = []
            for row in due:
                row.status = "closed"
                row.closed_at = now
                author = authors.get(row.member_id)
                if author is None:
                    continue
                card = await self._request_card(session, row, with_answers=True)
                text, markup = self.texts.request_closed(self.catalogs.get(author.language), card)
                messages.append(
                    Outgoing(
                        chat_id=author.chat_id,
                        member_id=author.id,
                        kind="partners",
                        dedupe_key=f"partners-closed:{row.id}",
                        text=text,
                        reply_markup=markup,
                    )
                )
            await outbox.enqueue(session, messages, now=now)
            return len(due)
