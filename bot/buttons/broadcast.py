"""Buttons of a /broadcast draft: its audience, preview and confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.callbacks import Button, button

#: ``all``/``topic``/``country``/``org_type`` choose that audience (with ``value``); ``menu``
#: opens the list of one audience kind (``value`` names it); ``back`` returns to the kinds.
AudienceStep = Literal["all", "topic", "country", "org_type", "menu", "back"]
#: The audience kinds a coordinator picks from a list (the ``value`` of a ``menu`` step).
AudienceMenu = Literal["topic", "country", "org_type"]
MENUS: tuple[AudienceMenu, ...] = ("topic", "country", "org_type")


@button("ba")
@dataclass(frozen=True, slots=True)
class BroadcastAudience(Button):
    """Choose (or open the list of) the draft's audience."""

    broadcast_id: int
    step: AudienceStep
    #: A topic id, country code or organisation type; for ``menu`` the kind to list.
    value: str | None


@button("bn")
@dataclass(frozen=True, slots=True)
class BroadcastNoLink(Button):
    """The draft goes without a link: on to its audience."""

    broadcast_id: int


@button("bs")
@dataclass(frozen=True, slots=True)
class BroadcastSend(Button):
    """Queue the previewed draft to its audience."""

    broadcast_id: int


@button("bx")
@dataclass(frozen=True, slots=True)
class BroadcastDiscard(Button):
    """Throw the draft away."""

    broadcast_id: int
