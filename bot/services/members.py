"""Member use-cases: onboarding, preferences, privacy. Each public function owns one transaction.

Functions take the chat id of the chat where the member acted, never an id from a
button, so a member can only ever read or change their own data.
They return a :class:`Profile` snapshot (a frozen record, not an ORM row) for rendering.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import WEEKDAYS, Settings
from bot.conversation import KEYWORDS, MEMBER_KINDS, Waiting
from bot.core.errors import Stale
from bot.core.timing import QuietHours, to_minute
from bot.db.models import Member, MemberInterest, MemberKeyword, Organisation
from bot.db.repositories import conversations
from bot.db.repositories import members as repo
from bot.db.session import Database
from bot.members.types import MemberColumns, NotConsented
from bot.members.types import Profile as Profile  # re-exported while other features move

#: Days a chat that never agreed to the privacy notice is remembered (chat id and language only).
UNCONSENTED_DAYS = 30
#: The member-level questions :meth:`Members.await_input` may ask (see :mod:`bot.conversation`).
AWAITING = frozenset(
    {
        "org_name",
        "country_search",
        "keywords:include",
        "keywords:exclude",
        "directory:description",
    }
)


def pick_language(language_code: str | None, *, enabled: Sequence[str], default: str) -> str:
    """Guess the interface language from Telegram's ``language_code`` (``ro-RO`` -> ``ro``)."""
    if language_code:
        primary = language_code.split("-", 1)[0].lower()
        if primary in enabled:
            return primary
    return default


def snapshot(member: Member, settings: Settings, waiting: Waiting | None = None) -> Profile:
    """A member row as the frozen record handlers and views use."""
    return profile_of(
        columns_of(member),
        settings,
        interests=[(i.kind, i.item_id) for i in member.interests],
        keywords=[(k.kind, k.word) for k in member.keywords],
        waiting=waiting,
    )


def columns_of(member: Member) -> MemberColumns:
    """The member's own columns as a frozen record."""
    return MemberColumns(**{name: getattr(member, name) for name in MemberColumns.__slots__})


def profile_of(
    member: MemberColumns,
    settings: Settings,
    *,
    interests: Iterable[tuple[str, str]],
    keywords: Iterable[tuple[str, str]],
    waiting: Waiting | None = None,
) -> Profile:
    """The profile of a member's columns plus their ``(kind, item)`` interests and
    ``(kind, word)`` keywords (the weekly run loads these in bulk, not per member)."""
    defaults = settings.schedule
    interests, keywords = list(interests), list(keywords)
    quiet: QuietHours | None
    if member.quiet_start_minute is None or member.quiet_end_minute is None:
        quiet = (
            None
            if member.consented_at
            else QuietHours(
                to_minute(defaults.quiet_hours_start), to_minute(defaults.quiet_hours_end)
            )
        )
    else:
        quiet = QuietHours(member.quiet_start_minute, member.quiet_end_minute)
    return Profile(
        chat_id=member.chat_id,
        chat_type=member.chat_type,
        language=member.language,
        consented=member.consented_at is not None,
        onboarded=member.onboarded_at is not None,
        org_name=member.org_name,
        country=member.country,
        org_type=member.org_type,
        topics=frozenset(item for kind, item in interests if kind == "topic"),
        programmes=frozenset(item for kind, item in interests if kind == "programme"),
        include=tuple(sorted(word for kind, word in keywords if kind == "include")),
        exclude=tuple(sorted(word for kind, word in keywords if kind == "exclude")),
        digest_weekday=(
            member.digest_weekday
            if member.digest_weekday is not None
            else WEEKDAYS.index(defaults.digest_weekday)
        ),
        digest_minute=(
            member.digest_minute
            if member.digest_minute is not None
            else to_minute(defaults.digest_time)
        ),
        timezone=member.timezone or defaults.timezone,
        quiet=quiet,
        paused=member.paused_at is not None,
        blocked=member.blocked_at is not None,
        empty_digest_note=member.empty_digest_note,
        also_this_week=member.also_this_week,
        workshops_any_language=member.workshops_any_language,
        awaiting=str(waiting) if waiting is not None and waiting.kind in MEMBER_KINDS else None,
        created_at=member.created_at,
        consented_at=member.consented_at,
        consent_version=member.consent_version,
    )


async def _consented(session: AsyncSession, chat_id: int) -> Member:
    member = await repo.by_chat_id(session, chat_id, with_preferences=True)
    if member is None or member.consented_at is None:
        raise NotConsented(detail=f"chat {chat_id}")
    return member


async def _fill_organisation(
    session: AsyncSession, member: Member, changes: dict[str, Any]
) -> None:
    """A confirmed person's country and type are their organisation's (onboarding asks them
    after the name, which creates the organisation; /organisation says they follow /profile)."""
    if member.organisation_id is None or member.organisation_confirmed_at is None:
        return
    organisation = await session.get(Organisation, member.organisation_id)
    if organisation is None:
        return
    for key in ("country", "org_type"):
        if changes.get(key) and getattr(organisation, key) != changes[key]:
            setattr(organisation, key, changes[key])


class Members:
    """The member use-cases, bound to a database and the settings."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    async def seen(
        self, *, chat_id: int, chat_type: str, language_code: str | None, now: datetime
    ) -> Profile:
        """Record that a chat talked to us; create it (chat id and language only) the first time.

        A member who had blocked the bot and talks again is active again.
        """
        async with self.db.transaction() as session:
            member = await repo.by_chat_id(session, chat_id, with_preferences=True)
            if member is None:
                language = pick_language(
                    language_code,
                    enabled=self.settings.i18n.languages,
                    default=self.settings.i18n.default_language,
                )
                member = repo.add(
                    session,
                    Member(
                        chat_id=chat_id,
                        chat_type=chat_type,
                        language=language,
                        created_at=now,
                        last_seen_at=now,
                        interests=[],
                        keywords=[],
                    ),
                )
            else:
                member.last_seen_at = now
                member.blocked_at = None
                if member.chat_type != chat_type:
                    member.chat_type = chat_type
            await session.flush()
            return snapshot(member, self.settings)

    async def profile(self, chat_id: int) -> Profile | None:
        """The member's current profile, or None when the chat is unknown."""
        async with self.db.transaction() as session:
            member = await repo.by_chat_id(session, chat_id, with_preferences=True)
            if member is None:
                return None
            return snapshot(member, self.settings, await conversations.current(session, chat_id))

    async def set_language(self, chat_id: int, language: str) -> Profile:
        """Change the interface language (allowed before consent: it is needed to ask)."""
        if language not in self.settings.i18n.languages:
            raise Stale(detail=f"{language!r} is not enabled")
        async with self.db.transaction() as session:
            member = await repo.by_chat_id(session, chat_id, with_preferences=True)
            if member is None:
                raise NotConsented(detail=f"chat {chat_id}")
            member.language = language
            return snapshot(member, self.settings)

    async def consent(self, chat_id: int, *, now: datetime) -> Profile:
        """Record consent (time and notice version) and give the member the default schedule."""
        defaults = self.settings.schedule
        async with self.db.transaction() as session:
            member = await repo.by_chat_id(session, chat_id, with_preferences=True)
            if member is None:
                raise NotConsented(detail=f"chat {chat_id}")
            if member.consented_at is None:
                member.consented_at = now
                member.consent_version = self.settings.privacy.notice_version
                member.digest_weekday = WEEKDAYS.index(defaults.digest_weekday)
                member.digest_minute = to_minute(defaults.digest_time)
                member.timezone = defaults.timezone
                member.quiet_start_minute = to_minute(defaults.quiet_hours_start)
                member.quiet_end_minute = to_minute(defaults.quiet_hours_end)
            return snapshot(member, self.settings)

    async def refuse(self, chat_id: int) -> None:
        """ "No thanks": erase the chat entirely, as if it had never written."""
        await self.forget(chat_id)

    async def forget(self, chat_id: int) -> bool:
        """Erase everything about the chat. True when there was something to erase."""
        async with self.db.transaction() as session:
            member = await repo.by_chat_id(session, chat_id)
            if member is None:
                return False
            await repo.delete(session, member)
            return True

    async def export(self, chat_id: int) -> dict[str, Any]:
        """Every piece of personal data the bot holds about the member, as plain JSON values."""
        async with self.db.transaction() as session:
            member = await repo.by_chat_id(session, chat_id, with_preferences=True)
            if member is None:
                return {}
            data = await repo.personal_data(session, member)
            if member.organisation_id is not None:
                # Not personal data, but what the person sees as "their organisation".
                organisation = await session.get(Organisation, member.organisation_id)
                if organisation is not None:
                    data["organisation"] = {
                        "name": organisation.name,
                        "country": organisation.country,
                        "org_type": organisation.org_type,
                        "status": organisation.status,
                        "you_are_confirmed": member.organisation_confirmed_at is not None,
                    }
            return data

    async def await_input(self, chat_id: int, what: str | None) -> Profile:
        """Wait for a member-level answer (replacing any other flow), or stop waiting for one."""
        if what is not None and what not in AWAITING:
            raise ValueError(what)
        async with self.db.transaction() as session:
            member = await _consented(session, chat_id)
            if what is None:
                await conversations.clear(session, chat_id, MEMBER_KINDS)
                return snapshot(member, self.settings)
            waiting = Waiting.parse(what)
            await conversations.expect(session, chat_id, waiting.kind, waiting.ref)
            return snapshot(member, self.settings, waiting)

    async def update_profile(self, chat_id: int, **changes: Any) -> Profile:
        """Set organisation name, country, org type or schedule fields (validated by callers)."""
        allowed = {
            "org_name",
            "country",
            "org_type",
            "digest_weekday",
            "digest_minute",
            "timezone",
            "quiet_start_minute",
            "quiet_end_minute",
            "empty_digest_note",
            "also_this_week",
            "workshops_any_language",
        }
        stop_waiting = changes.pop("awaiting", "") is None
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"not a profile field: {sorted(unknown)}")
        async with self.db.transaction() as session:
            member = await _consented(session, chat_id)
            for key, value in changes.items():
                setattr(member, key, value)
            await _fill_organisation(session, member, changes)
            if stop_waiting:  # the answer the bot asked for arrived
                await conversations.clear(session, chat_id, MEMBER_KINDS)
            return snapshot(member, self.settings)

    async def set_paused(self, chat_id: int, paused: bool, *, now: datetime) -> Profile:
        """Pause or resume the member's digests."""
        async with self.db.transaction() as session:
            member = await _consented(session, chat_id)
            if paused and member.paused_at is None:
                member.paused_at = now
            elif not paused:
                member.paused_at = None
            return snapshot(member, self.settings)

    async def mark_onboarded(self, chat_id: int, *, now: datetime) -> Profile:
        """Onboarding finished (idempotent)."""
        async with self.db.transaction() as session:
            member = await _consented(session, chat_id)
            await conversations.clear(session, chat_id, MEMBER_KINDS)
            if member.onboarded_at is None:
                member.onboarded_at = now
            return snapshot(member, self.settings)

    async def set_interest(self, chat_id: int, kind: str, item_id: str, on: bool) -> Profile:
        """Follow (``on``) or unfollow one topic or programme; pressing twice changes nothing."""
        valid = self._ids(kind)
        if item_id not in valid:
            raise Stale(detail=f"unknown {kind} {item_id!r}")
        return await self._set_interests(
            chat_id, kind, add=[item_id] if on else [], remove=[] if on else [item_id]
        )

    async def set_all_interests(self, chat_id: int, kind: str, on: bool) -> Profile:
        """Follow every topic (or programme), or none."""
        ids = sorted(self._ids(kind))
        return await self._set_interests(
            chat_id, kind, add=ids if on else [], remove=[] if on else ids
        )

    def _ids(self, kind: str) -> set[str]:
        taxonomy = self.settings.taxonomy
        if kind == "topic":
            return {t.id for t in taxonomy.topics}
        if kind == "programme":
            return {p.id for p in taxonomy.programmes}
        raise ValueError(kind)

    async def _set_interests(
        self, chat_id: int, kind: str, *, add: Iterable[str], remove: Iterable[str]
    ) -> Profile:
        async with self.db.transaction() as session:
            member = await _consented(session, chat_id)
            current = {(i.kind, i.item_id): i for i in member.interests}
            for item in add:
                if (kind, item) not in current:
                    member.interests.append(MemberInterest(kind=kind, item_id=item))
            for item in remove:
                existing = current.get((kind, item))
                if existing is not None:
                    member.interests.remove(existing)
            await session.flush()
            return snapshot(member, self.settings)

    async def set_keywords(self, chat_id: int, kind: str, words: Sequence[str]) -> Profile:
        """Replace the member's include or exclude words (validated by :func:`parse_keywords`)."""
        if kind not in {"include", "exclude"}:
            raise ValueError(kind)
        async with self.db.transaction() as session:
            member = await _consented(session, chat_id)
            for keyword in [k for k in member.keywords if k.kind == kind]:
                member.keywords.remove(keyword)
            await session.flush()
            for word in dict.fromkeys(words):
                member.keywords.append(MemberKeyword(kind=kind, word=word))
            await conversations.clear(session, chat_id, frozenset({KEYWORDS}))
            await session.flush()
            return snapshot(member, self.settings)

    async def purge_inactive(self, *, now: datetime) -> int:
        """Erase what the privacy notice promises to erase; returns how many chats.

        * a chat that never agreed to the notice, after ``UNCONSENTED_DAYS`` of silence;
        * a member who stopped using the bot (paused, blocked, or left) and has not written for
          ``privacy.retention_months``.
        """
        retention = timedelta(days=30 * self.settings.privacy.retention_months)
        async with self.db.transaction() as session:
            stale = await repo.stale_members(
                session,
                unconsented_before=now - timedelta(days=UNCONSENTED_DAYS),
                inactive_before=now - retention,
            )
            for member in stale:
                await repo.delete(session, member)
            return len(stale)

    async def mark_blocked(self, chat_id: int, *, now: datetime) -> bool:
        """Telegram says the member blocked the bot (or left the group): stop sending."""
        async with self.db.transaction() as session:
            member = await repo.by_chat_id(session, chat_id)
            if member is None:
                return False
            member.blocked_at = now
            return True
