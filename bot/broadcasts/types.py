"""A broadcast draft, an opportunity to push, and why either cannot go on (plain data)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.core.errors import BotError

#: The longest broadcast text (HTML) a coordinator may send; leaves room for the heading.
TEXT_MAX = 3500
#: Who a broadcast goes to.
#: ``attended``/``registered`` (value: a workshop id) are chosen from a workshop's follow-up.
Audience = Literal["all", "topic", "country", "org_type", "attended", "registered"]
AUDIENCES: tuple[Audience, ...] = ("all", "topic", "country", "org_type", "attended", "registered")
#: Audiences of one workshop's people (the follow-up after it).
WORKSHOP_AUDIENCES: tuple[Audience, ...] = ("attended", "registered")
#: Renders a broadcast's text and link for one language (the handler builds it from views).
BroadcastRender = Callable[[str, str, str | None], str]
#: The heading of a pushed opportunity in one language.
PushHeading = Callable[[str], str]


class BroadcastError(BotError):
    """The broadcast cannot be changed or sent in its state, or the push cannot go out.

    Codes: ``unknown`` (no such draft of this coordinator), the draft's status when it is no
    longer a draft (``queued``, ``discarded``), ``empty`` (no text yet); for a push
    ``not_open`` (closed or gone) and ``not_funding`` (news, an event or results).
    """

    default_code = "unknown"


@dataclass(frozen=True, slots=True)
class BroadcastInfo:
    """A broadcast draft or a sent one."""

    id: int
    status: str
    text: str
    link: str | None
    audience: str
    audience_value: str | None
    draft_step: str | None
    run_id: int | None


@dataclass(frozen=True, slots=True)
class PushCandidate:
    """An opportunity a coordinator named with /push, as its preview shows it."""

    id: int
    title: str
    call_id: str | None
    uid: str
    #: An :class:`feeds.types.OpportunityKind` value.
    kind: str
    status: str
