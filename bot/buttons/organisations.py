"""Buttons of organisations: joining one, confirming newcomers, approvals, invites, /members.

Every prefix starts with "m". Buttons carry row ids; the handlers check that the person who
presses may act on that row (one of its confirmed people, or a coordinator).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.callbacks import Button, button

#: An organisation field its people edit (see ``bot.organisations.types.EDITABLE``).
OrgField = Literal["name", "nuts_region", "registration_number", "website"]


@button("mj")
@dataclass(frozen=True, slots=True)
class JoinOrganisation(Button):
    """Join this existing organisation (the name typed matched it)."""

    organisation_id: int


@button("mn")
@dataclass(frozen=True, slots=True)
class NewOrganisation(Button):
    """ "No, a different one": a new organisation with the name as typed."""


@button("mc")
@dataclass(frozen=True, slots=True)
class ConfirmPerson(Button):
    """Confirm (or not) that a person belongs to the presser's organisation.

    ``member_id`` is a row id (never a Telegram id); the handler acts only when that person
    asked to join the presser's own organisation (or the presser is a coordinator).
    """

    member_id: int
    accept: bool


@button("ma")
@dataclass(frozen=True, slots=True)
class DecideOrganisation(Button):
    """A coordinator approves (or rejects) a pending organisation."""

    organisation_id: int
    approve: bool


@button("mo")
@dataclass(frozen=True, slots=True)
class OrganisationMenu(Button):
    """The /organisation screen."""


@button("me")
@dataclass(frozen=True, slots=True)
class EditOrganisation(Button):
    """Ask for a new value of one field of the presser's organisation."""

    field: OrgField


@button("mi")
@dataclass(frozen=True, slots=True)
class NewInvite(Button):
    """Make a new invite link (with its QR code) for the presser's organisation."""


@button("mr")
@dataclass(frozen=True, slots=True)
class RevokeInvite(Button):
    """Revoke an invite link."""

    invite_id: int


@button("ml")
@dataclass(frozen=True, slots=True)
class ListInvites(Button):
    """The organisation's invite links."""


@button("mp")
@dataclass(frozen=True, slots=True)
class RosterPage(Button):
    """A page of /members, for a search (its words folded to ASCII, joined by ``+``) or all."""

    page: int
    query: str | None = None


@button("mx")
@dataclass(frozen=True, slots=True)
class RosterExport(Button):
    """Export the roster as CSV or XLSX."""

    format: Literal["csv", "xlsx"]


@button("ms")
@dataclass(frozen=True, slots=True)
class RosterSearch(Button):
    """Ask for words to search the roster with."""
