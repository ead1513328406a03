"""Buttons of the project pipeline: planning to apply, the project card, partner requests and
the coordinators' /pipeline. They carry row ids only (a call, a project, a request, and in the
requester's decision the interested organisation's member row, as directory buttons do)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.callbacks import Button, button
from bot.pipeline.types import Role, Stage

#: A part of a partner request draft: roles, countries, types, topics, closing date, or itself.
RequestPart = Literal["r", "c", "o", "t", "d", "-"]
#: A draft's toggle lists.
RequestList = Literal["r", "c", "o", "t"]
#: A /pipeline filter: programme, call, country, topic, or none.
FilterKind = Literal["p", "c", "n", "t", "-"]


@button("y")
@dataclass(frozen=True, slots=True)
class PlanCall(Button):
    """📝 next to Follow: the member's plan for a call (as a new message)."""

    call: int


@button("ya")
@dataclass(frozen=True, slots=True)
class PlanRole(Button):
    """We plan to apply for the call in this role (or change the role)."""

    call: int
    role: Role


@button("yc")
@dataclass(frozen=True, slots=True)
class ProjectView(Button):
    """Show a project card (``new``: as a new message rather than in place)."""

    project: int
    new: bool = False


@button("ym")
@dataclass(frozen=True, slots=True)
class MoveStage(Button):
    """Move a project to a stage."""

    project: int
    stage: Stage


@button("yv")
@dataclass(frozen=True, slots=True)
class ShowPlan(Button):
    """Show (``on``) or hide the member's plan from other members."""

    project: int
    on: bool


@button("yl")
@dataclass(frozen=True, slots=True)
class LeaveProject(Button):
    """A consortium member (not the lead) leaves the project."""

    project: int


@button("ys")
@dataclass(frozen=True, slots=True)
class SkipAmount(Button):
    """Funded, without saying the amount."""

    project: int


@button("yn")
@dataclass(frozen=True, slots=True)
class NewRequest(Button):
    """Look for partners: the project's partner request draft."""

    project: int


@button("yr")
@dataclass(frozen=True, slots=True)
class RequestView(Button):
    """One part of the author's request (``-``: the whole draft or request)."""

    request: int
    part: RequestPart = "-"


@button("yt")
@dataclass(frozen=True, slots=True)
class RequestToggle(Button):
    """Add (``on``) or drop a wanted role, country, type or topic."""

    request: int
    kind: RequestList
    value: str
    on: bool


@button("yd")
@dataclass(frozen=True, slots=True)
class RequestClosing(Button):
    """Close the request ``days`` from now (0: the day before the call's deadline)."""

    request: int
    days: int


@button("ye")
@dataclass(frozen=True, slots=True)
class RequestExpertise(Button):
    """Write the expertise wanted (a text answer)."""

    request: int


@button("yo")
@dataclass(frozen=True, slots=True)
class RequestOpen(Button):
    """Send the request to the members who fit it."""

    request: int


@button("yx")
@dataclass(frozen=True, slots=True)
class RequestClose(Button):
    """Close an open request (or discard a draft)."""

    request: int


@button("yi")
@dataclass(frozen=True, slots=True)
class RequestAnswer(Button):
    """A recipient: I'm interested (``interested``) or Not for us."""

    request: int
    interested: bool


@button("yk")
@dataclass(frozen=True, slots=True)
class RequestDecide(Button):
    """The requester accepts or refuses an interested organisation (its member row)."""

    request: int
    member: int
    accept: bool


@button("yp")
@dataclass(frozen=True, slots=True)
class PipelineFilter(Button):
    """/pipeline filtered by ``kind`` = ``value``; ``pick``: the values to choose from."""

    kind: FilterKind = "-"
    value: str = "-"
    pick: bool = False
