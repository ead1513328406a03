"""The base of the errors a member's action can meet: each has a code a view turns into words.

Services raise these when a request does not fit the current state (a draft already published,
an introduction answered twice). Handlers catch :class:`BotError` and nothing broader: any
other exception is a bug, logged with its update and answered with an apology by the
application's error handler, so a real failure never looks like a stale button.
"""

from __future__ import annotations


class BotError(Exception):
    """A request that cannot be done now; ``code`` says why (e.g. ``"stale"``, ``"no_draft"``)."""

    #: The code used when none is given.
    default_code = "stale"

    def __init__(self, code: str | None = None, detail: str = "") -> None:
        self.code = code or self.default_code
        super().__init__(f"{self.code}: {detail}" if detail else self.code)


class Stale(BotError):
    """The press does not fit the chat's current state (an old message); nothing changed."""

    default_code = "stale"


class NotAllowed(BotError):
    """The presser may not do this (not a coordinator, not the group's admin, not the addressee)."""

    default_code = "not_allowed"
