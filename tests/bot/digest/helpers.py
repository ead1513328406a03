"""Candidates for the digest tests: an open call first seen a month ago, closing in 60 days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.digest.matching import Candidate
from feeds.types import Opportunity, Status

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def opp(uid: str, **fields: object) -> Candidate:
    first_seen = fields.pop("first_seen", NOW - timedelta(days=30))
    defaults: dict[str, object] = {
        "source": "s",
        "url": f"https://example.eu/{uid}",
        "title": f"Call {uid}",
        "summary": "",
        "language": "en",
        "status": Status.OPEN,
        "next_deadline": NOW + timedelta(days=60),
    }
    defaults.update(fields)
    return Candidate(Opportunity(uid=uid, **defaults), first_seen)  # type: ignore[arg-type]
