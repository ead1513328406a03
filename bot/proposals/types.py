"""Proposal data that crosses layers, the error, the notice renderer and the ranking rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from bot.core.errors import BotError
from bot.core.i18n import Translator
from bot.workshops.types import Rendered

ProposalKind = Literal["present", "learn"]
TOPIC_MIN, TOPIC_MAX = 3, 120
DETAILS_MAX = 500
#: Proposals a list shows.
SHOWN = 10


class ProposalError(BotError):
    """A proposal request that does not fit; codes: ``unknown``, ``own`` (upvoting one's own),
    ``drafted`` (already turned into a workshop), ``no_draft`` (no longer being written)."""

    default_code = "unknown"


@dataclass(frozen=True, slots=True)
class ProposalInfo:
    """A proposal as views show it (``credit`` only reaches coordinators' screens)."""

    id: int
    kind: str
    status: str
    topic: str
    details: str
    credit: str
    votes: int
    created_at: datetime
    #: The reader proposed it / upvoted it.
    mine: bool = False
    voted: bool = False
    workshop_id: int | None = None


def ranked(items: Sequence[ProposalInfo]) -> list[ProposalInfo]:
    """Most votes first; among equals the oldest first (it waited longest)."""
    return sorted(items, key=lambda p: (-p.votes, p.created_at, p.id))


def clean_topic(text: str) -> str | None:
    """A topic with spaces tidied, or None when too short or long."""
    cleaned = " ".join(text.split())
    return cleaned if TOPIC_MIN <= len(cleaned) <= TOPIC_MAX else None


def clean_details(text: str) -> str | None:
    """Details with spaces at the ends trimmed, or None when empty or too long."""
    cleaned = text.strip()
    return cleaned if 0 < len(cleaned) <= DETAILS_MAX else None


class ProposalNotices(Protocol):
    """Renders what the proposals service queues (views implement it)."""

    def drafted(self, tr: Translator, proposal: ProposalInfo) -> Rendered:
        """The proposer is told their proposal is becoming a workshop."""
        ...
