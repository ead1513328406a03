"""Data classes and limits of the partner directory, shared by its service, views and handlers.

Nothing here carries a Telegram identity except the chat ids an introduction needs to reach
both sides (:class:`IntroRequest`, :class:`IntroAnswer`); views show them only as the contact
link of an accepted introduction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.core.errors import BotError

#: Spoken languages an entry can list, besides the bot's own interface languages.
EXTRA_LANGUAGES = ("en", "ro", "es", "fr", "de", "it", "pt")
#: A role an organisation can take in a consortium.
Role = Literal["coordinator", "partner"]
ROLES: tuple[Role, ...] = ("coordinator", "partner")
DESCRIPTION_MAX = 500
PAGE_SIZE = 5
#: Introduction requests one member may make in any 24 hours.
DAILY_REQUESTS = 5
REQUEST_WINDOW = timedelta(days=1)
#: The lists of an entry a member toggles item by item.
ITEM_KINDS = ("topics", "languages", "roles")


class DirectoryError(BotError):
    """A directory request that cannot be done now; ``code`` names why (the views word it).

    Codes: ``not_member``, ``group``, ``no_org_name``, ``self``, ``unavailable``,
    ``unknown_call``, ``duplicate``, ``limit``, ``unknown``, ``stale`` (a button whose
    topic, language, country or type is no longer offered), and the membership refusals
    ``no_organisation``, ``pending``, ``rejected``, ``not_confirmed``.
    """


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
