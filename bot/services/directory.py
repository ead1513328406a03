"""The opt-in partner directory and introductions. Each public method owns one transaction.

A member's entry is off until they publish it: no row, or a row with ``published_at`` NULL
(a draft). The organisation's name, country and type are the member's profile, searched and
shown as the profile has them now (the entry row keeps a copy, refreshed whenever it is
saved). Searches never return a Telegram identity: results are :class:`Entry` snapshots
keyed by the member's row id, and contacts are exchanged only when the target of an
introduction accepts it (see :meth:`Directory.answer_introduction`).

The directory of an alliance holds at most a few thousand entries, so topic filters (a JSON
list) are applied in Python after the SQL filters; that keeps one code path for SQLite and
PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.config import Settings
from bot.conversation import DIRECTORY
from bot.core import countries
from bot.core.orgtypes import ORG_TYPES
from bot.db.models import DirectoryEntry, Introduction, Member, OpportunityRow
from bot.db.repositories import conversations
from bot.db.session import Database

#: Spoken languages an entry can list, besides the bot's own interface languages.
EXTRA_LANGUAGES = ("en", "ro", "es", "fr", "de", "it", "pt")
#: Roles an organisation can take in a consortium.
ROLES = ("coordinator", "partner")
DESCRIPTION_MAX = 500
PAGE_SIZE = 5
#: Introduction requests one member may make in any 24 hours.
DAILY_REQUESTS = 5
REQUEST_WINDOW = timedelta(days=1)
ITEM_KINDS = ("topics", "languages", "roles")


class DirectoryError(Exception):
    """A request that cannot be done now; ``code`` names why (the handler words it)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class Entry:
    """A directory entry as views show it. Carries no Telegram identity."""

    member_id: int
    org_name: str
    country: str | None
    org_type: str | None
    topics: tuple[str, ...]
    description: str
    languages: tuple[str, ...]
    roles: tuple[str, ...]
    published_at: datetime | None
    #: False for the defaults of a member who has no row yet.
    stored: bool = True

    @property
    def published(self) -> bool:
        """Listed in searches."""
        return self.published_at is not None


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of published entries."""

    entries: tuple[Entry, ...]
    total: int
    page: int

    @property
    def pages(self) -> int:
        """How many pages the whole result has (at least 1)."""
        return max(1, -(-self.total // PAGE_SIZE))


@dataclass(frozen=True, slots=True)
class Filters:
    """What the directory holds, for the filter buttons: value -> number of entries."""

    total: int
    topics: dict[str, int]
    countries: dict[str, int]
    org_types: dict[str, int]
    #: The asking member's own entry is published (it is never counted above).
    own_published: bool = False


@dataclass(frozen=True, slots=True)
class CallPartners:
    """Published entries that fit one call (its topics, and its countries when it lists any)."""

    opportunity_id: int
    title: str
    result: SearchResult


@dataclass(frozen=True, slots=True)
class Organisation:
    """Who asks for an introduction: organisation facts only, no Telegram identity."""

    org_name: str
    country: str | None
    org_type: str | None
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IntroRequest:
    """A new pending introduction, and what the handler needs to tell its target."""

    id: int
    target_chat_id: int
    target_language: str
    target_org_name: str
    requester: Organisation
    opportunity_title: str | None


@dataclass(frozen=True, slots=True)
class IntroAnswer:
    """What an Accept or Decline press did (``changed`` False: it was answered already)."""

    id: int
    status: str
    changed: bool
    requester_chat_id: int
    requester_language: str
    requester: Organisation
    target_chat_id: int
    target_org_name: str
    opportunity_title: str | None


def spoken_languages(settings: Settings) -> tuple[str, ...]:
    """Languages an entry can list: the bot's languages, then other common ones."""
    return tuple(dict.fromkeys([*settings.i18n.languages, *EXTRA_LANGUAGES]))


def clean_description(text: str) -> str | None:
    """A usable description (lines trimmed, spaces collapsed), or None when empty or too long."""
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    cleaned = "\n".join(line for line in lines if line)
    if not cleaned or len(cleaned) > DESCRIPTION_MAX:
        return None
    return cleaned


def _ordered(values: Iterable[str], order: Sequence[str]) -> tuple[str, ...]:
    """``values`` in the order of ``order`` (unknown values last, sorted)."""
    wanted = set(values)
    known = [v for v in order if v in wanted]
    return (*known, *sorted(wanted - set(order)))


def _country_code(code: str) -> str:
    """``ES-AN`` (a region) -> ``ES``, as the digest's matching does."""
    return code[:2].upper()


class Directory:
    """Directory and introduction use-cases, bound to a database and the settings."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    # ------------------------------------------------------------------ helpers

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
            topics=_ordered(row.topics, self._topic_ids),
            description=row.description,
            languages=_ordered(row.languages, spoken_languages(self.settings)),
            roles=_ordered(row.roles, ROLES),
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
            topics=_ordered(topics, self._topic_ids),
            description="",
            languages=(member.language,) if member.language in languages else (),
            roles=("partner",),
            published_at=None,
            stored=False,
        )

    @staticmethod
    async def _member(session: AsyncSession, chat_id: int, *, lock: bool = False) -> Member:
        """The consented member of a private chat."""
        query = (
            select(Member).where(Member.chat_id == chat_id).options(selectinload(Member.interests))
        )
        if lock:
            query = query.with_for_update()
        member = (await session.scalars(query)).one_or_none()
        if member is None or member.consented_at is None:
            raise DirectoryError("not_member")
        if member.chat_type != "private":
            raise DirectoryError("group")
        return member

    async def _row(self, session: AsyncSession, member: Member, *, now: datetime) -> DirectoryEntry:
        """The member's entry row, created from the defaults (as a draft) when missing.

        The organisation's name, country and type always follow the profile.
        """
        row = await session.get(DirectoryEntry, member.id)
        if row is None:
            defaults = self._defaults(member)
            row = DirectoryEntry(
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
            )
            session.add(row)
        row.org_name = member.org_name or ""
        row.country = member.country
        row.org_type = member.org_type
        return row

    async def _published(
        self,
        session: AsyncSession,
        *,
        exclude_chat_id: int,
        country: str | None = None,
        org_type: str | None = None,
    ) -> list[tuple[DirectoryEntry, Member]]:
        """Published entries of reachable private chats, except the asking member's own.

        Country and type are the profile's (the source of truth; the entry's copies are
        refreshed whenever the entry is saved).
        """
        query = (
            select(DirectoryEntry, Member)
            .join(Member, Member.id == DirectoryEntry.member_id)
            .where(DirectoryEntry.published_at.is_not(None))
            .where(Member.chat_id != exclude_chat_id)
            .where(Member.chat_type == "private")
            .where(Member.consented_at.is_not(None))
            .where(Member.blocked_at.is_(None))
        )
        if country is not None:
            query = query.where(Member.country == country)
        if org_type is not None:
            query = query.where(Member.org_type == org_type)
        rows = [(entry, member) for entry, member in (await session.execute(query)).tuples()]
        return sorted(rows, key=lambda r: ((r[1].org_name or "").casefold(), r[0].member_id))

    def _page(self, rows: Sequence[tuple[DirectoryEntry, Member]], page: int) -> SearchResult:
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        page = min(max(page, 0), pages - 1)
        chosen = rows[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        return SearchResult(tuple(self._snapshot(e, m) for e, m in chosen), len(rows), page)

    # -------------------------------------------------------------- own entry

    async def entry_of(self, chat_id: int) -> Entry:
        """The member's entry, or the defaults they would publish when they have none.

        Raises:
            DirectoryError: ``not_member`` (unknown or not consented) or ``group``.
        """
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            row = await session.get(DirectoryEntry, member.id)
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
            checked[kind] = list(_ordered(chosen, self._allowed(kind)))
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
            ValueError: an unknown kind or value.
            DirectoryError: ``not_member`` or ``group``.
        """
        if value not in self._allowed(kind):
            raise ValueError(f"unknown {kind} {value!r}")
        async with self.db.transaction() as session:
            member = await self._member(session, chat_id)
            row = await self._row(session, member, now=now)
            current = [v for v in getattr(row, kind) if v != value]
            if on:
                current.append(value)
            setattr(row, kind, list(_ordered(current, self._allowed(kind))))
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
            row = await session.get(DirectoryEntry, member.id)
            if row is None:
                return False
            await session.delete(row)
            return True

    # ----------------------------------------------------------------- search

    async def filters(self, exclude_chat_id: int) -> Filters:
        """How many published entries (other than the member's own) per topic, country, type."""
        async with self.db.transaction() as session:
            rows = await self._published(session, exclude_chat_id=exclude_chat_id)
            own = await session.scalar(
                select(DirectoryEntry.member_id)
                .join(Member, Member.id == DirectoryEntry.member_id)
                .where(Member.chat_id == exclude_chat_id)
                .where(DirectoryEntry.published_at.is_not(None))
            )
        topics: Counter[str] = Counter(t for e, _ in rows for t in set(e.topics))
        found_countries: Counter[str] = Counter(m.country for _, m in rows if m.country)
        org_types: Counter[str] = Counter(m.org_type for _, m in rows if m.org_type)
        by_name = countries.names("en")
        return Filters(
            total=len(rows),
            topics={t: topics[t] for t in self._topic_ids if topics[t]},
            countries={
                c: found_countries[c]
                for c in sorted(found_countries, key=lambda c: by_name.get(c, c))
            },
            org_types={o: org_types[o] for o in ORG_TYPES if org_types[o]},
            own_published=own is not None,
        )

    async def search(
        self,
        *,
        exclude_chat_id: int,
        topic: str | None = None,
        country: str | None = None,
        org_type: str | None = None,
        page: int = 0,
    ) -> SearchResult:
        """Published entries with the topic, in the country, of the type (each optional).

        The asking member's own entry is never listed. Raises ``ValueError`` for an unknown
        topic, country or type.
        """
        if topic is not None and topic not in self._topic_ids:
            raise ValueError(f"unknown topic {topic!r}")
        if country is not None and not countries.is_country(country):
            raise ValueError(f"unknown country {country!r}")
        if org_type is not None and org_type not in ORG_TYPES:
            raise ValueError(f"unknown organisation type {org_type!r}")
        async with self.db.transaction() as session:
            rows = await self._published(
                session, exclude_chat_id=exclude_chat_id, country=country, org_type=org_type
            )
            if topic is not None:
                rows = [(e, m) for e, m in rows if topic in e.topics]
            return self._page(rows, page)

    async def for_call(
        self, opportunity_id: int, exclude_chat_id: int, *, page: int = 0
    ) -> CallPartners:
        """Published entries fitting a call: a topic in common with the call's themes and, when
        the call lists eligible countries, a country among them.

        Raises:
            DirectoryError: ``unknown_call``.
        """
        async with self.db.transaction() as session:
            call = await session.get(OpportunityRow, opportunity_id)
            if call is None:
                raise DirectoryError("unknown_call")
            themes = set(call.themes)
            eligible = {_country_code(c) for c in call.eligible_countries}
            rows = await self._published(session, exclude_chat_id=exclude_chat_id)
            rows = [
                (e, m)
                for e, m in rows
                if themes.intersection(e.topics)
                and (not eligible or (m.country is not None and m.country in eligible))
            ]
            return CallPartners(call.id, call.title, self._page(rows, page))

    # ---------------------------------------------------------- introductions

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
            target = await session.get(Member, target_member_id)
            entry = await session.get(DirectoryEntry, target_member_id)
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
                call = await session.get(OpportunityRow, opportunity_id)
                if call is None:
                    raise DirectoryError("unknown_call")
                title = call.title
            pending = await session.scalar(
                select(Introduction.id)
                .where(Introduction.requester_id == requester.id)
                .where(Introduction.target_id == target.id)
                .where(Introduction.status == "pending")
            )
            if pending is not None:
                raise DirectoryError("duplicate")
            recent = await session.scalar(
                select(func.count())
                .select_from(Introduction)
                .where(Introduction.requester_id == requester.id)
                .where(Introduction.created_at > now - REQUEST_WINDOW)
            )
            if (recent or 0) >= DAILY_REQUESTS:
                raise DirectoryError("limit")
            introduction = Introduction(
                requester_id=requester.id,
                target_id=target.id,
                opportunity_id=opportunity_id,
                status="pending",
                created_at=now,
            )
            session.add(introduction)
            await session.flush()
            return IntroRequest(
                id=introduction.id,
                target_chat_id=target.chat_id,
                target_language=target.language,
                target_org_name=target.org_name or entry.org_name,
                requester=await self._organisation(session, requester),
                opportunity_title=title,
            )

    async def _organisation(self, session: AsyncSession, member: Member) -> Organisation:
        """The member's organisation facts: their entry's topics if they have one, else their
        profile's."""
        entry = await session.get(DirectoryEntry, member.id)
        topics = (
            list(entry.topics)
            if entry is not None
            else [i.item_id for i in member.interests if i.kind == "topic"]
        )
        return Organisation(
            org_name=member.org_name or "",
            country=member.country,
            org_type=member.org_type,
            topics=_ordered(topics, self._topic_ids),
        )

    async def mark_unreachable(self, introduction_id: int, *, now: datetime) -> None:
        """The target could not be messaged: the pending request ends as declined."""
        async with self.db.transaction() as session:
            introduction = await session.get(Introduction, introduction_id)
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
            introduction = (
                await session.scalars(
                    select(Introduction).where(Introduction.id == introduction_id).with_for_update()
                )
            ).one_or_none()
            if introduction is None or introduction.target_id != target.id:
                raise DirectoryError("unknown")
            changed = introduction.status == "pending"
            if changed:
                introduction.status = "accepted" if accept else "declined"
                introduction.answered_at = now
            requester = (
                await session.scalars(
                    select(Member)
                    .where(Member.id == introduction.requester_id)
                    .options(selectinload(Member.interests))
                )
            ).one()
            title = None
            if introduction.opportunity_id is not None:
                call = await session.get(OpportunityRow, introduction.opportunity_id)
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
