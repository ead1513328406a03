"""The records that cross layers for organisations (plain data), and their errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from bot.core.errors import BotError
from bot.core.i18n import Translator
from bot.organisations.names import Match

#: How people join: ``open`` (as before), ``approval`` (a coordinator approves each new
#: organisation), ``invite`` (a new organisation needs a partner's invite link).
Mode = Literal["open", "approval", "invite"]
Status = Literal["pending", "approved", "rejected"]
#: The organisation fields its people edit from ``/organisation``.
EDITABLE = ("name", "nuts_region", "registration_number", "website")


class OrganisationError(BotError):
    """An organisation request that cannot be done now; ``code`` names why (the views word it).

    Codes: ``not_member``, ``no_organisation``, ``not_confirmed`` (the person's place in their
    organisation waits for confirmation), ``pending`` (the organisation waits for a coordinator),
    ``rejected``, ``needs_invite``, ``not_allowed`` (not one of its people, nor a coordinator),
    ``decided`` (someone already answered), ``unknown``, ``invalid`` (a value that does not fit).
    """


@dataclass(frozen=True, slots=True)
class OrgInfo:
    """One organisation as screens show it."""

    id: int
    name: str
    country: str | None
    nuts_region: str | None
    org_type: str | None
    registration_number: str | None
    website: str | None
    status: str
    created_at: datetime
    decided_at: datetime | None = None
    invited_by: str | None = None
    #: Confirmed people, and people waiting for confirmation.
    people: int = 0
    waiting: int = 0


@dataclass(frozen=True, slots=True)
class Membership:
    """A person's place: their organisation (if any) and whether its people confirmed them."""

    organisation: OrgInfo | None
    confirmed: bool
    #: The invite link the person came with (still valid), if any.
    invite_code: str | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """The name a person typed matches known organisations: they choose (join one, or new)."""

    typed: str
    matches: tuple[Match, ...]


@dataclass(frozen=True, slots=True)
class Placed:
    """The person is now in an organisation (a new one, or waiting to be confirmed in one)."""

    membership: Membership
    created: bool
    #: Who was asked to confirm: "people", "coordinators", or "" (nobody: a new organisation).
    asked: str = ""


@dataclass(frozen=True, slots=True)
class InviteInfo:
    """An invite link as its organisation's people see it."""

    id: int
    code: str
    organisation_id: int | None
    organisation_name: str | None
    created_at: datetime
    revoked_at: datetime | None
    uses: int

    @property
    def valid(self) -> bool:
        """Not revoked."""
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class RosterPerson:
    """One person in the coordinators' roster (no Telegram identity beyond the chat id)."""

    member_id: int
    chat_id: int
    language: str
    confirmed: bool
    onboarded_at: datetime | None
    last_seen_at: datetime


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One organisation and its people."""

    organisation: OrgInfo
    people: tuple[RosterPerson, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class RosterPage:
    """A page of the roster for ``/members``."""

    query: str
    page: int
    pages: int
    total: int
    entries: tuple[OrgInfo, ...]
    pending: tuple[OrgInfo, ...]
    waiting_people: int


@dataclass(frozen=True, slots=True)
class Rendered:
    """A message ready for the outbox: Telegram HTML and the keyboard as Telegram's JSON."""

    text: str
    reply_markup: dict[str, Any] | None = None


class OrgNotices(Protocol):
    """Renders the messages organisation services queue (the views implement it)."""

    def join_request(
        self, tr: Translator, org: OrgInfo, *, member_id: int, typed: str, coordinator: bool
    ) -> Rendered:
        """Ask one of the organisation's people (or a coordinator) to confirm a newcomer."""
        ...

    def join_answer(self, tr: Translator, org: OrgInfo, *, accepted: bool) -> Rendered:
        """Tell the newcomer whether their organisation confirmed them."""
        ...

    def approval_request(self, tr: Translator, org: OrgInfo, *, pending: int) -> Rendered:
        """Ask a coordinator to approve or reject a new organisation."""
        ...

    def decision(self, tr: Translator, org: OrgInfo, *, approved: bool) -> Rendered:
        """Tell an organisation's people what a coordinator decided."""
        ...
