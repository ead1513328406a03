"""Membership rules: who may use the partner directory, who may act on an organisation (pure)."""

from __future__ import annotations

import re
import secrets

from bot.organisations.names import words
from bot.organisations.types import Mode

#: Length of an invite code's random part (URL-safe base64: 72 bits).
INVITE_BYTES = 9
INVITE_PREFIX = "inv"
_INVITE = re.compile(r"^inv([A-Za-z0-9_-]{8,20})$")
QUERY_MAX = 40
WEBSITE_MAX = 300
REGISTRATION_MAX = 40
NAME_MAX = 160
_NUTS = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")
_WEBSITE = re.compile(r"^(https?://)?[\w.-]+\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)


def partner_access(mode: Mode, status: str | None, confirmed: bool) -> str | None:
    """Why a person may not use the partner directory and introductions now (None: they may).

    ``status`` is their organisation's (None: no organisation). In ``open`` mode a person
    without an organisation keeps the directory as before; in the other modes only people of
    an approved organisation who were confirmed in it use it.
    """
    if status is None:
        return None if mode == "open" else "no_organisation"
    if status == "pending":
        return "pending"
    if status == "rejected":
        return "rejected"
    if not confirmed:
        return "not_confirmed"
    return None


def new_status(mode: Mode) -> str:
    """The status of an organisation created now."""
    return "pending" if mode == "approval" else "approved"


def new_invite_code() -> str:
    """An unguessable code for ``/start inv<CODE>`` (Telegram allows A-Z a-z 0-9 _ - there)."""
    return secrets.token_urlsafe(INVITE_BYTES)


def invite_code(start_argument: str) -> str | None:
    """The code of a ``/start`` argument that is an invite link (``inv<CODE>``), else None."""
    found = _INVITE.match(start_argument)
    return found.group(1) if found else None


def invite_link(bot_username: str, code: str) -> str:
    """The deep link people open (or scan) to join with an invite."""
    return f"https://t.me/{bot_username}?start={INVITE_PREFIX}{code}"


def search_token(text: str) -> str | None:
    """A roster search as a button-safe token: its words folded to ASCII letters and digits,
    joined by ``+`` (None when nothing is left)."""
    parts = ["".join(c for c in w if c.isascii() and c.isalnum()) for w in words(text)]
    token = "+".join(p for p in parts if p)[:QUERY_MAX].strip("+")
    return token or None


def search_words(token: str | None) -> list[str]:
    """The words of a search token."""
    return [w for w in (token or "").split("+") if w]


def clean_field(field: str, text: str) -> str | None:
    """A valid value for an organisation field from what a person typed, or None.

    ``-`` clears an optional field (NUTS region, registration number, website).
    """
    value = " ".join(text.split())
    if field == "name":
        return value if 0 < len(value) <= NAME_MAX else None
    if value == "-":
        return ""
    if field == "nuts_region":
        code = value.upper().replace(" ", "")
        return code if _NUTS.match(code) else None
    if field == "registration_number":
        return value if 0 < len(value) <= REGISTRATION_MAX else None
    if field == "website":
        return value if len(value) <= WEBSITE_MAX and _WEBSITE.match(value) else None
    raise ValueError(field)
