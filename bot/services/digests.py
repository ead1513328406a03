"""Digest use-cases: what a member's digest holds right now."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.core.i18n import Catalogs
from bot.core.labels import taxonomy_label
from bot.core.timing import next_weekly
from bot.db.models import DeliveryRun, DigestItem, Member
from bot.db.repositories import members as members_repo
from bot.db.repositories import opportunities as repo
from bot.db.repositories import outbox
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing
from bot.digest.matching import Candidate, MemberPrefs, OpportunityIndex, Sections
from bot.digest.render import MAX_ITEMS, Labeler, follow_markup, render_digest_parts
from bot.members.types import Profile
from bot.services.ingestion import row_to_opportunity
from bot.services.members import snapshot
from feeds.deadlines import derive_status, next_deadline


@dataclass(frozen=True, slots=True)
class DigestPlan:
    """The items of one member's digest, ready to render."""

    index: OpportunityIndex
    sections: Sections
    prefs: MemberPrefs


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


class Digests:
    """Digest use-cases bound to a database and the settings."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    async def index(self, *, now: datetime) -> OpportunityIndex:
        """Every open opportunity, with status and next deadline as of ``now``."""
        async with self.db.transaction() as session:
            rows = await repo.open_rows(session)
            candidates = []
            for row in rows:
                item = row_to_opportunity(row)
                # Stored status is as of the last fetch; a deadline may have passed since.
                status = derive_status(
                    now=now,
                    opening=item.opening_date,
                    deadlines=item.deadlines,
                    continuous=item.deadline_model.value == "continuous",
                    hint=item.status,
                )
                item = replace(
                    item, status=status, next_deadline=next_deadline(item.deadlines, now)
                )
                candidates.append(Candidate(item, row.first_seen_at, row.id))
        return OpportunityIndex.build(candidates, now=now)

    async def preview(self, profile: Profile, *, now: datetime) -> DigestPlan:
        """What the member's digest would hold now (nothing is recorded as sent)."""
        index = await self.index(now=now)
        prefs = prefs_of(profile)
        return DigestPlan(index, index.sections(prefs), prefs)


@dataclass(frozen=True, slots=True)
class DueDigest:
    """A member whose weekly digest slot has come."""

    member_id: int
    profile: Profile
    slot: datetime


@dataclass(frozen=True, slots=True)
class QueuedRun:
    """What one weekly run queued."""

    run_id: int | None
    members: int
    messages: int
    empty: int


def taxonomy_labeler(settings: Settings) -> Labeler:
    """Names of topics and programmes in a language, as the digest renderer asks for them."""

    def label(kind: str, item: str, language: str) -> str:
        return taxonomy_label(settings, kind, item, language)

    return label


class WeeklyDigests:
    """Queue each member's weekly digest when their slot comes; the sender delivers it."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        catalogs: Catalogs,
        digests: Digests | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.catalogs = catalogs
        #: The matching index (the runtime's, shared with /digest and /push).
        self.digests = digests or Digests(db, settings)

    async def due(self, *, now: datetime) -> list[DueDigest]:
        """Members whose next weekly slot is at or before ``now``."""
        found: list[DueDigest] = []
        async with self.db.transaction() as session:
            for member in await members_repo.digest_candidates(session):
                profile = snapshot(member, self.settings)
                anchor = member.last_digest_at or member.onboarded_at or member.consented_at
                if anchor is None:
                    continue
                slot = next_weekly(
                    now=anchor,
                    weekday=profile.digest_weekday,
                    minute=profile.digest_minute,
                    zone=ZoneInfo(profile.timezone),
                    quiet=profile.quiet,
                )
                if slot <= now:
                    found.append(DueDigest(member.id, profile, slot))
        return found

    async def queue_due(self, *, now: datetime) -> QueuedRun:
        """Render and queue every due digest; remember what each member received."""
        due = await self.due(now=now)
        if not due:
            return QueuedRun(None, 0, 0, 0)
        index = await self.digests.index(now=now)
        label = taxonomy_labeler(self.settings)
        empty = 0
        messages: list[Outgoing] = []
        async with self.db.transaction() as session:
            run = DeliveryRun(kind="digest", started_at=now, reported=False)
            session.add(run)
            await session.flush()
            for item in due:
                profile = item.profile
                sent = set(await members_repo.sent_uids(session, item.member_id))
                # A followed call that changed since the last digest is shown again.
                member_row = await session.get(Member, item.member_id)
                since = member_row.last_digest_at if member_row else None
                sent -= await members_repo.changed_followed_uids(session, item.member_id, since)
                prefs = prefs_of(profile)
                sections = index.sections(prefs, exclude=index.uids_mask(sent))
                already = set(await members_repo.sent_uids(session, item.member_id))
                week = item.slot.date().isoformat()
                member = await session.get(Member, item.member_id)
                if member is None:
                    continue
                member.last_digest_at = item.slot
                if sections.total == 0 and not profile.empty_digest_note:
                    empty += 1
                    continue
                parts = render_digest_parts(
                    self.catalogs.get(profile.language),
                    index,
                    sections,
                    prefs,
                    language=profile.language,
                    zone=ZoneInfo(profile.timezone),
                    label=label,
                    now=now,
                )
                empty += sections.total == 0
                followed = await members_repo.followed_ids(session, item.member_id)
                messages += (
                    Outgoing(
                        chat_id=profile.chat_id,
                        member_id=item.member_id,
                        kind="digest",
                        dedupe_key=f"digest:{item.member_id}:{week}:{number}",
                        text=part.text,
                        reply_markup=follow_markup(
                            part.items, followed, partners=profile.chat_type == "private"
                        ),
                    )
                    for number, part in enumerate(parts, 1)
                )
                shown = [
                    *sections.closing_soon,
                    *sections.new,
                    *sections.opening_soon,
                    *sections.other,
                ]
                for position in [*shown[:MAX_ITEMS], *sections.also]:
                    uid = index.items[position].opportunity.uid
                    if uid in already:
                        continue  # shown again because it changed; already recorded
                    session.add(
                        DigestItem(member_id=item.member_id, opportunity_uid=uid, sent_at=now)
                    )
            queued = await outbox.enqueue(session, messages, now=now, run_id=run.id)
            return QueuedRun(run.id, len(due), queued, empty)
