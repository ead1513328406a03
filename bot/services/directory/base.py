"""What every directory use-case shares: the database, the settings, and turning rows into
the :mod:`bot.directory.types` snapshots the views show."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.db.models import DirectoryEntry, Member
from bot.db.models import Organisation as OrganisationRow
from bot.db.repositories import directory as repo
from bot.db.session import Database
from bot.directory.rules import ordered, spoken_languages
from bot.directory.types import ROLES, DirectoryError, Entry, Organisation
from bot.organisations.rules import partner_access


class DirectoryBase:
    """Bound to a database and the settings; each public method of a subclass owns one
    transaction."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    @property
    def _topic_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.settings.taxonomy.topics)

    def _allowed(self, kind: str) -> tuple[str, ...]:
        if kind == "topics":
            return self._topic_ids
        if kind == "languages":
            return spoken_languages(self.settings)
        if kind == "roles":
            return ROLES
        raise ValueError(f"not a list of an entry: {kind!r}")

    def _snapshot(self, row: DirectoryEntry, member: Member | None = None) -> Entry:
        """The entry; with ``member``, its organisation facts as the profile has them now."""
        return Entry(
            member_id=row.member_id,
            org_name=(member.org_name or "") if member is not None else row.org_name,
            country=member.country if member is not None else row.country,
            org_type=member.org_type if member is not None else row.org_type,
            topics=ordered(row.topics, self._topic_ids),
            description=row.description,
            languages=ordered(row.languages, spoken_languages(self.settings)),
            roles=ordered(row.roles, ROLES),
            published_at=row.published_at,
        )

    def _defaults(self, member: Member) -> Entry:
        """What a member's entry holds before they change anything."""
        topics = [i.item_id for i in member.interests if i.kind == "topic"]
        languages = spoken_languages(self.settings)
        return Entry(
            member_id=member.id,
            org_name=member.org_name or "",
            country=member.country,
            org_type=member.org_type,
            topics=ordered(topics, self._topic_ids),
            description="",
            languages=(member.language,) if member.language in languages else (),
            roles=("partner",),
            published_at=None,
            stored=False,
        )

    async def _member(self, session: AsyncSession, chat_id: int, *, lock: bool = False) -> Member:
        """The consented member of a private chat, whose organisation may use the directory.

        Raises:
            DirectoryError: ``not_member`` (unknown or not consented), ``group``, or why their
                organisation may not use it yet (:func:`bot.organisations.rules.partner_access`).
        """
        member = await repo.member_of_chat(session, chat_id, lock=lock)
        if member is None or member.consented_at is None:
            raise DirectoryError("not_member")
        if member.chat_type != "private":
            raise DirectoryError("group")
        await self._check_access(session, member)
        return member

    async def _check_access(self, session: AsyncSession, member: Member) -> None:
        """Refuse a person whose organisation waits for approval (or for confirming them)."""
        status = None
        if member.organisation_id is not None:
            organisation = await session.get(OrganisationRow, member.organisation_id)
            status = organisation.status if organisation is not None else None
        refused = partner_access(
            self.settings.membership.mode, status, member.organisation_confirmed_at is not None
        )
        if refused is not None:
            raise DirectoryError(refused)

    async def _listed(
        self, session: AsyncSession, rows: Sequence[tuple[DirectoryEntry, Member]]
    ) -> list[tuple[DirectoryEntry, Member]]:
        """Published entries whose people may use the directory now (an entry published before
        its organisation changed, or before approval mode, waits with it)."""
        ids = {m.organisation_id for _, m in rows if m.organisation_id is not None}
        statuses: dict[int, str] = {}
        if ids:
            found = await session.execute(
                select(OrganisationRow.id, OrganisationRow.status).where(
                    OrganisationRow.id.in_(ids)
                )
            )
            statuses = {int(i): str(s) for i, s in found.all()}
        mode = self.settings.membership.mode
        return [
            (e, m)
            for e, m in rows
            if partner_access(
                mode,
                statuses.get(m.organisation_id) if m.organisation_id is not None else None,
                m.organisation_confirmed_at is not None,
            )
            is None
        ]

    async def _searcher(self, session: AsyncSession, chat_id: int) -> None:
        """Searching: a known private member must be allowed (others were refused earlier)."""
        member = await repo.member_of_chat(session, chat_id)
        if member is not None and member.chat_type == "private":
            await self._check_access(session, member)

    async def _row(self, session: AsyncSession, member: Member, *, now: datetime) -> DirectoryEntry:
        """The member's entry row, created from the defaults (as a draft) when missing.

        The organisation's name, country and type always follow the profile.
        """
        row = await repo.entry(session, member.id)
        if row is None:
            defaults = self._defaults(member)
            row = repo.add_entry(
                session,
                DirectoryEntry(
                    member_id=member.id,
                    org_name=defaults.org_name,
                    country=defaults.country,
                    org_type=defaults.org_type,
                    topics=list(defaults.topics),
                    description="",
                    languages=list(defaults.languages),
                    roles=list(defaults.roles),
                    published_at=None,
                    updated_at=now,
                ),
            )
        row.org_name = member.org_name or ""
        row.country = member.country
        row.org_type = member.org_type
        return row

    async def _organisation(self, session: AsyncSession, member: Member) -> Organisation:
        """The member's organisation facts: their entry's topics if they have one, else their
        profile's."""
        entry = await repo.entry(session, member.id)
        topics = (
            list(entry.topics)
            if entry is not None
            else [i.item_id for i in member.interests if i.kind == "topic"]
        )
        return Organisation(
            org_name=member.org_name or "",
            country=member.country,
            org_type=member.org_type,
            topics=ordered(topics, self._topic_ids),
        )
