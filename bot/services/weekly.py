"""The weekly run's decisions, pure: who is due, and each due member's digest messages.

The run (``WeeklyDigests.queue_due``) loads what it needs in bulk, calls these functions
outside any transaction, and writes their results a chunk of members at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.core.i18n import Catalogs
from bot.core.timing import next_weekly
from bot.db.repositories.digests import History
from bot.delivery.outgoing import Outgoing
from bot.digest.matching import MemberPrefs, OpportunityIndex
from bot.digest.render import MAX_ITEMS, ItemCache, Labeler, follow_markup, render_digest_parts
from bot.members.types import MemberColumns, Profile
from bot.services.members import profile_of


@dataclass(frozen=True, slots=True)
class DueDigest:
    """A member whose weekly digest slot has come."""

    member_id: int
    profile: Profile
    slot: datetime
    #: The member's ``last_digest_at`` when the run looked: the run queues the digest only
    #: while it is unchanged (another run that got there first has moved it to this slot).
    last_digest_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Composed:
    """One due member's digest: the messages to queue and the uids to remember as shown."""

    due: DueDigest
    messages: tuple[Outgoing, ...]
    shown: tuple[str, ...]
    #: Nothing matched (the member got the short note, or nothing at all).
    empty: bool


def prefs_of(profile: Profile) -> MemberPrefs:
    """A member's matching preferences."""
    return MemberPrefs(
        topics=profile.topics,
        programmes=profile.programmes,
        country=profile.country,
        org_type=profile.org_type,
        include=profile.include,
        exclude=profile.exclude,
        also_this_week=profile.also_this_week,
    )


def _grouped(rows: Iterable[tuple[int, str, str]]) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for member_id, kind, value in rows:
        found.setdefault(member_id, []).append((kind, value))
    return found


def due_digests(
    members: Sequence[MemberColumns],
    interests: Iterable[tuple[int, str, str]],
    keywords: Iterable[tuple[int, str, str]],
    settings: Settings,
    *,
    now: datetime,
) -> list[DueDigest]:
    """Members whose next weekly slot (after their last digest, else after they joined) has
    come by ``now``, in member id order."""
    by_interest, by_keyword = _grouped(interests), _grouped(keywords)
    found: list[DueDigest] = []
    for member in members:
        anchor = member.last_digest_at or member.onboarded_at or member.consented_at
        if anchor is None:
            continue
        profile = profile_of(
            member,
            settings,
            interests=by_interest.get(member.id, ()),
            keywords=by_keyword.get(member.id, ()),
        )
        slot = next_weekly(
            now=anchor,
            weekday=profile.digest_weekday,
            minute=profile.digest_minute,
            zone=ZoneInfo(profile.timezone),
            quiet=profile.quiet,
        )
        if slot <= now:
            found.append(DueDigest(member.id, profile, slot, member.last_digest_at))
    return found


def compose(
    due: DueDigest,
    index: OpportunityIndex,
    history: History,
    *,
    catalogs: Catalogs,
    label: Labeler,
    now: datetime,
    cache: ItemCache,
) -> Composed:
    """The member's digest for this week: what they have not received yet (a followed call
    that changed since their last digest comes again), closing soon first."""
    profile, member_id = due.profile, due.member_id
    already = history.sent.get(member_id, set())
    sent = already - history.changed.get(member_id, set())
    prefs = prefs_of(profile)
    sections = index.sections(prefs, exclude=index.uids_mask(sent), limit=MAX_ITEMS)
    if sections.total == 0 and not profile.empty_digest_note:
        return Composed(due, (), (), empty=True)
    parts = render_digest_parts(
        catalogs.get(profile.language),
        index,
        sections,
        prefs,
        language=profile.language,
        zone=ZoneInfo(profile.timezone),
        label=label,
        now=now,
        cache=cache,
    )
    week = due.slot.date().isoformat()
    followed = history.followed.get(member_id, set())
    messages = tuple(
        Outgoing(
            chat_id=profile.chat_id,
            member_id=member_id,
            kind="digest",
            dedupe_key=f"digest:{member_id}:{week}:{number}",
            text=part.text,
            reply_markup=follow_markup(
                part.items, followed, partners=profile.chat_type == "private"
            ),
        )
        for number, part in enumerate(parts, 1)
    )
    shown = [*sections.closing_soon, *sections.new, *sections.opening_soon, *sections.other]
    # A call shown again because it changed is already remembered as shown.
    uids = (index.items[p].opportunity.uid for p in [*shown[:MAX_ITEMS], *sections.also])
    return Composed(
        due, messages, tuple(uid for uid in uids if uid not in already), sections.total == 0
    )
