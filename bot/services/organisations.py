"""Organisation use-cases: naming one's organisation, joining, confirmations, approvals, invites.

Each public method owns one transaction. Methods take the chat id of the person who acted (a
member can only act as themselves); row ids from buttons are checked against that person.
Messages to other people (confirmation requests, approvals, decisions) are queued in the outbox
in the same transaction, each in its reader's language.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.conversation import MEMBER_KINDS
from bot.core.i18n import Catalogs
from bot.db.models import Member, Organisation, OrganisationInvite
from bot.db.repositories import conversations, outbox
from bot.db.repositories import coordinators as coordinators_repo
from bot.db.repositories import members as members_repo
from bot.db.repositories import organisations as repo
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing
from bot.organisations import rules
from bot.organisations.names import Candidate, matches
from bot.organisations.types import (
    Choice,
    InviteInfo,
    Membership,
    Mode,
    OrganisationError,
    OrgInfo,
    OrgNotices,
    Placed,
    Rendered,
)


class Organisations:
    """Bound to a database, the settings, the catalogs and the notices' renderer."""

    def __init__(
        self, db: Database, settings: Settings, catalogs: Catalogs, notices: OrgNotices
    ) -> None:
        self.db = db
        self.settings = settings
        self.catalogs = catalogs
        self.notices = notices

    @property
    def mode(self) -> Mode:
        """How new organisations and people get in (``[membership] mode``)."""
        mode = self.settings.membership.mode
        assert mode in ("open", "approval", "invite")
        return mode

    # ----- reading --------------------------------------------------------------------------
    async def membership(self, chat_id: int) -> Membership:
        """The person's organisation and whether its people confirmed them."""
        async with self.db.transaction() as session:
            member = await members_repo.by_chat_id(session, chat_id)
            if member is None:
                return Membership(None, False)
            return await self._membership(session, member)

    async def _membership(self, session: AsyncSession, member: Member) -> Membership:
        code = None
        arrival = await repo.arrival(session, member.id)
        if arrival is not None:
            invite = await repo.invite(session, arrival.invite_id)
            code = invite.code if invite is not None and invite.revoked_at is None else None
        if member.organisation_id is None:
            return Membership(None, False, code)
        row = await repo.get(session, member.organisation_id)
        if row is None:
            return Membership(None, False, code)
        (org,) = await repo.infos(session, [row])
        return Membership(org, member.organisation_confirmed_at is not None, code)

    async def partner_access(self, chat_id: int) -> str | None:
        """Why the person may not use the partner directory now (None: they may)."""
        found = await self.membership(chat_id)
        status = found.organisation.status if found.organisation else None
        return rules.partner_access(self.mode, status, found.confirmed)

    # ----- invites on arrival -----------------------------------------------------------------
    async def arrive(self, chat_id: int, code: str, *, now: datetime) -> InviteInfo | None:
        """A person opened ``/start inv<CODE>``: remember a valid invite until it places them."""
        async with self.db.transaction() as session:
            member = await members_repo.by_chat_id(session, chat_id)
            invite = await repo.invite_by_code(session, code)
            if member is None or invite is None or invite.revoked_at is not None:
                return None
            await repo.arrive(session, member.id, invite.id, now)
            return await self._invite_info(session, invite)

    async def may_start(self, chat_id: int) -> bool:
        """In ``invite`` mode, a newcomer needs a valid invite (or an organisation) to begin."""
        if self.mode != "invite":
            return True
        found = await self.membership(chat_id)
        return found.organisation is not None or found.invite_code is not None

    # ----- naming, joining, creating ---------------------------------------------------------
    async def name_given(self, chat_id: int, name: str, *, now: datetime) -> Choice | Placed:
        """The person typed their organisation's name: matches to choose from, or placed in a
        new organisation (in ``invite`` mode only with a valid invite: else an empty choice)."""
        async with self.db.transaction() as session:
            member = await _consented(session, chat_id)
            member.org_name = name
            await conversations.clear(session, chat_id, MEMBER_KINDS)
            found = matches(
                name,
                member.country,
                [Candidate(r.id, r.name, r.country) for r in await repo.candidates(session)],
            )
            if found and found[0].id == member.organisation_id:
                # Their own organisation, written again: nothing changes but the spelling.
                return Placed(await self._membership(session, member), created=False)
            found = [m for m in found if m.id != member.organisation_id]
            if found:
                return Choice(name, tuple(found))
            if self.mode == "invite" and await self._valid_arrival(session, member) is None:
                return Choice(name, ())
            return await self._create(session, member, now)

    async def create(self, chat_id: int, *, now: datetime) -> Placed:
        """ "No, a different one": a new organisation named as the person typed it."""
        async with self.db.transaction() as session:
            member = await _consented(session, chat_id)
            if not member.org_name:
                raise OrganisationError("invalid", "no name typed")
            return await self._create(session, member, now)

    async def join(self, chat_id: int, organisation_id: int, *, now: datetime) -> Placed:
        """Join an existing organisation: its confirmed people (or the coordinators) confirm."""
        async with self.db.transaction() as session:
            member = await _consented(session, chat_id)
            row = await repo.get(session, organisation_id)
            if row is None or row.status == "rejected":
                raise OrganisationError("unknown", f"organisation {organisation_id}")
            if member.organisation_id == row.id:
                return Placed(await self._membership(session, member), created=False)
            await self._use_arrival(session, member)
            member.organisation_id = row.id
            member.organisation_confirmed_at = None
            await session.flush()
            (org,) = await repo.infos(session, [row])
            readers: list[tuple[int, str | None]] = [
                (p.chat_id, p.language)
                for p in await repo.people(session, row.id, confirmed=True)
                if p.blocked_at is None and p.id != member.id
            ]
            asked = "people"
            if not readers:
                readers = list((await self._coordinators(session)).items())
                asked = "coordinators"
            messages = [
                self._outgoing(
                    chat,
                    f"org-join:{member.id}:{row.id}:{now.isoformat()}:{chat}",
                    self.notices.join_request(
                        self.catalogs.get(language),
                        org,
                        member_id=member.id,
                        typed=member.org_name or "",
                        coordinator=asked == "coordinators",
                    ),
                )
                for chat, language in readers
            ]
            await outbox.enqueue(session, messages, now=now)
            return Placed(await self._membership(session, member), created=False, asked=asked)

    async def _create(self, session: AsyncSession, member: Member, now: datetime) -> Placed:
        invite = await self._valid_arrival(session, member)
        if self.mode == "invite" and invite is None:
            raise OrganisationError("needs_invite")
        row = repo.add(
            session,
            Organisation(
                name=(member.org_name or "")[: rules.NAME_MAX],
                country=member.country,
                org_type=member.org_type,
                status=rules.new_status(self.mode),
                created_at=now,
                updated_at=now,
                invited_by_id=invite.organisation_id if invite is not None else None,
            ),
        )
        await session.flush()
        await self._use_arrival(session, member)
        member.organisation_id = row.id
        member.organisation_confirmed_at = now
        await session.flush()
        (org,) = await repo.infos(session, [row])
        if row.status == "pending":
            waiting = len(await repo.pending(session))
            await outbox.enqueue(
                session,
                [
                    self._outgoing(
                        chat,
                        f"org-approval:{row.id}:{chat}",
                        self.notices.approval_request(
                            self.catalogs.get(language), org, pending=waiting
                        ),
                    )
                    for chat, language in (await self._coordinators(session)).items()
                ],
                now=now,
            )
        return Placed(await self._membership(session, member), created=True)

    async def _valid_arrival(
        self, session: AsyncSession, member: Member
    ) -> OrganisationInvite | None:
        arrival = await repo.arrival(session, member.id)
        if arrival is None:
            return None
        invite = await repo.invite(session, arrival.invite_id)
        return invite if invite is not None and invite.revoked_at is None else None

    async def _use_arrival(self, session: AsyncSession, member: Member) -> None:
        """The invite placed the person: count one use, forget the arrival."""
        arrival = await repo.arrival(session, member.id)
        if arrival is None:
            return
        invite = await repo.invite(session, arrival.invite_id)
        if invite is not None and invite.revoked_at is None:
            invite.uses += 1
        await session.delete(arrival)

    # ----- confirmations and approvals --------------------------------------------------------
    async def answer_join(
        self, by_chat_id: int, member_id: int, accept: bool, *, coordinator: bool, now: datetime
    ) -> tuple[OrgInfo, bool]:
        """One of the organisation's confirmed people (or a coordinator) answers a request.

        Refused when the presser is neither, and when the request was answered already.
        """
        async with self.db.transaction() as session:
            person = await session.get(Member, member_id, with_for_update=True)
            if person is None or person.organisation_id is None:
                raise OrganisationError("decided", f"member {member_id}")
            if not coordinator:
                presser = await members_repo.by_chat_id(session, by_chat_id)
                if (
                    presser is None
                    or presser.organisation_id != person.organisation_id
                    or presser.organisation_confirmed_at is None
                ):
                    raise OrganisationError("not_allowed", f"chat {by_chat_id}")
            if person.organisation_confirmed_at is not None:
                raise OrganisationError("decided", f"member {member_id}")
            row = await repo.get(session, person.organisation_id)
            assert row is not None
            if accept:
                person.organisation_confirmed_at = now
            else:
                person.organisation_id = None
            await session.flush()
            (org,) = await repo.infos(session, [row])
            notice = self.notices.join_answer(
                self.catalogs.get(person.language), org, accepted=accept
            )
            await outbox.enqueue(
                session,
                [self._outgoing(person.chat_id, f"org-joined:{person.id}:{row.id}:{now}", notice)],
                now=now,
            )
            return org, accept

    async def decide(
        self, organisation_id: int, approve: bool, *, by: int, now: datetime
    ) -> OrgInfo:
        """A coordinator approves or rejects a pending organisation; its people are told."""
        async with self.db.transaction() as session:
            row = await repo.get(session, organisation_id, lock=True)
            if row is None:
                raise OrganisationError("unknown", f"organisation {organisation_id}")
            if row.status != "pending":
                raise OrganisationError("decided", f"organisation {organisation_id}")
            row.status = "approved" if approve else "rejected"
            row.decided_at = now
            row.decided_by = by
            row.updated_at = now
            (org,) = await repo.infos(session, [row])
            people = await repo.people(session, row.id, confirmed=True)
            await outbox.enqueue(
                session,
                [
                    self._outgoing(
                        p.chat_id,
                        f"org-decision:{row.id}:{p.chat_id}",
                        self.notices.decision(self.catalogs.get(p.language), org, approved=approve),
                    )
                    for p in people
                    if p.blocked_at is None
                ],
                now=now,
            )
            return org

    # ----- the organisation's own screen -----------------------------------------------------
    async def set_field(self, chat_id: int, field: str, text: str, *, now: datetime) -> OrgInfo:
        """One of the organisation's confirmed people changes a field (``-`` clears it)."""
        value = rules.clean_field(field, text)
        if value is None:
            raise OrganisationError("invalid", field)
        async with self.db.transaction() as session:
            _, row = await self._own(session, chat_id)
            setattr(row, field, value or None)
            row.updated_at = now
            await conversations.clear(session, chat_id, MEMBER_KINDS)
            (org,) = await repo.infos(session, [row])
            return org

    async def _own(self, session: AsyncSession, chat_id: int) -> tuple[Member, Organisation]:
        """The person and their organisation, when they are one of its confirmed people."""
        member = await _consented(session, chat_id)
        if member.organisation_id is None:
            raise OrganisationError("no_organisation")
        if member.organisation_confirmed_at is None:
            raise OrganisationError("not_confirmed")
        row = await repo.get(session, member.organisation_id)
        if row is None:
            raise OrganisationError("no_organisation")
        return member, row

    async def invites(self, chat_id: int, *, coordinator: bool) -> list[InviteInfo]:
        """The invite links of the person's organisation (a coordinator without one: theirs)."""
        async with self.db.transaction() as session:
            owner = await self._inviter(session, chat_id, coordinator=coordinator)
            rows = await repo.invites_of(session, owner)
            return [await self._invite_info(session, r) for r in rows]

    async def new_invite(self, chat_id: int, *, coordinator: bool, now: datetime) -> InviteInfo:
        """A new invite link for the person's organisation (or the coordinators' own)."""
        async with self.db.transaction() as session:
            owner = await self._inviter(session, chat_id, coordinator=coordinator)
            member = await _consented(session, chat_id)
            row = OrganisationInvite(
                code=rules.new_invite_code(),
                organisation_id=owner,
                created_by=member.id,
                created_at=now,
                uses=0,
            )
            session.add(row)
            await session.flush()
            return await self._invite_info(session, row)

    async def revoke_invite(
        self, chat_id: int, invite_id: int, *, coordinator: bool, now: datetime
    ) -> InviteInfo:
        """Revoke one of the organisation's invite links (a second press changes nothing)."""
        async with self.db.transaction() as session:
            owner = await self._inviter(session, chat_id, coordinator=coordinator)
            row = await repo.invite(session, invite_id)
            if row is None or (row.organisation_id != owner and not coordinator):
                raise OrganisationError("not_allowed", f"invite {invite_id}")
            if row.revoked_at is None:
                row.revoked_at = now
            return await self._invite_info(session, row)

    async def _inviter(
        self, session: AsyncSession, chat_id: int, *, coordinator: bool
    ) -> int | None:
        """Whose invite links the person manages: their approved organisation's, or (for a
        coordinator without one) the coordinators' own (None)."""
        member = await _consented(session, chat_id)
        if member.organisation_id is None or member.organisation_confirmed_at is None:
            if coordinator:
                return None
            raise OrganisationError(
                "no_organisation" if member.organisation_id is None else "not_confirmed"
            )
        row = await repo.get(session, member.organisation_id)
        if row is None or row.status != "approved":
            if coordinator:
                return None
            raise OrganisationError("pending" if row and row.status == "pending" else "rejected")
        return row.id

    # ----- helpers ----------------------------------------------------------------------------
    async def _coordinators(self, session: AsyncSession) -> dict[int, str | None]:
        ids = list(
            dict.fromkeys(
                [
                    *self.settings.telegram.admin_ids,
                    *(c.user_id for c in await coordinators_repo.promoted(session)),
                ]
            )
        )
        known = await coordinators_repo.chat_languages(session, ids)
        return {user_id: known.get(user_id) for user_id in ids}

    @staticmethod
    def _outgoing(chat_id: int, key: str, rendered: Rendered) -> Outgoing:
        return Outgoing(
            chat_id=chat_id,
            kind="notice",
            text=rendered.text,
            dedupe_key=key,
            reply_markup=rendered.reply_markup,
        )

    async def _invite_info(self, session: AsyncSession, row: OrganisationInvite) -> InviteInfo:
        name = None
        if row.organisation_id is not None:
            owner = await repo.get(session, row.organisation_id)
            name = owner.name if owner is not None else None
        return repo.invite_info(row, name)


async def _consented(session: AsyncSession, chat_id: int) -> Member:
    member = await members_repo.by_chat_id(session, chat_id)
    if member is None or member.consented_at is None or member.chat_type != "private":
        raise OrganisationError("not_member", f"chat {chat_id}")
    return member
