"""The seam between the pipeline and "the organisation".

Until organisations are first-class, an organisation is a member's chat: the name, country and
type of its profile, with the topics, roles and description of its directory entry (public only
once published). Only this function and :func:`bot.db.repositories.pipeline.organisations`
change when an ``organisations`` table arrives.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.pipeline.types import OrgFacts


def organisation_of(
    member_id: int,
    *,
    org_name: str | None,
    country: str | None,
    org_type: str | None,
    entry_topics: Sequence[str] | None = None,
    entry_roles: Sequence[str] | None = None,
    entry_description: str = "",
    published_at: datetime | None = None,
    profile_topics: Sequence[str] = (),
) -> OrgFacts:
    """The organisation behind a member: its entry's topics when it has an entry, else the
    profile's topics; roles and description only from a published entry."""
    published = published_at is not None
    return OrgFacts(
        member_id=member_id,
        org_name=org_name or "",
        country=country,
        org_type=org_type,
        topics=tuple(entry_topics if entry_topics is not None else profile_topics),
        roles=tuple(entry_roles or ()) if published else (),
        description=entry_description if published else "",
        published=published,
    )
