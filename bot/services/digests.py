"""Digest use-cases: what a member's digest holds right now."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.config import Settings
from bot.db.repositories import opportunities as repo
from bot.db.session import Database
from bot.digest.matching import Candidate, MemberPrefs, OpportunityIndex, Sections
from bot.services.ingestion import row_to_opportunity
from bot.services.members import Profile
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
                candidates.append(Candidate(item, row.first_seen_at))
        return OpportunityIndex.build(candidates, now=now)

    async def preview(self, profile: Profile, *, now: datetime) -> DigestPlan:
        """What the member's digest would hold now (nothing is recorded as sent)."""
        index = await self.index(now=now)
        prefs = prefs_of(profile)
        return DigestPlan(index, index.sections(prefs), prefs)
