"""Records and limits of the project pipeline, shared by its service, views and handlers.

An *organisation* is, for now, a member's chat with its profile and directory entry
(:class:`OrgFacts`, built by :func:`bot.pipeline.organisation.organisation_of`); when
organisations become first-class only that adaptor changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Final, Literal

from bot.core.errors import BotError

Role = Literal["coordinator", "partner"]
ROLES: tuple[Role, ...] = ("coordinator", "partner")
Stage = Literal["idea", "partners", "writing", "submitted", "funded", "rejected", "withdrawn"]
#: The stages a project moves through, in order, before its result.
STAGES: tuple[Stage, ...] = ("idea", "partners", "writing", "submitted")
RESULTS: tuple[Stage, ...] = ("funded", "rejected", "withdrawn")
ALL_STAGES: tuple[Stage, ...] = (*STAGES, *RESULTS)
EXPERTISE_MAX: Final = 500


class PipelineError(BotError):
    """A pipeline request that cannot be done now; ``code`` names why (the views word it).

    Codes: ``not_member``, ``group``, ``unknown_call``, ``not_call``, ``unknown`` (no such
    project or request, or not the presser's), ``not_lead``, ``stage`` (not a move from the
    current stage), ``limit`` (too many open requests), ``closed``, ``no_org_name``,
    ``closing`` (no closing date before the call's deadline), ``other_project`` (already in
    another consortium for this call), ``stale``.
    """


@dataclass(frozen=True, slots=True)
class OrgFacts:
    """An organisation's public facts (its directory entry when published), no identity."""

    member_id: int
    org_name: str
    country: str | None
    org_type: str | None
    topics: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    description: str = ""
    published: bool = False


@dataclass(frozen=True, slots=True)
class CallFacts:
    """What the pipeline needs of a call."""

    id: int
    title: str
    url: str
    programme: str | None
    deadline: datetime | None
    themes: tuple[str, ...] = ()
    eligible_countries: tuple[str, ...] = ()
    eligible_org_types: tuple[str, ...] = ()
    currency: str | None = None
    deadline_has_time: bool = False
    deadline_zone: str = "Europe/Brussels"


@dataclass(frozen=True, slots=True)
class Partner:
    """One organisation of a consortium as the project card shows it."""

    org: OrgFacts
    role: str
    lead: bool
    visible: bool


@dataclass(frozen=True, slots=True)
class ProjectCard:
    """A project as one of its members sees it."""

    id: int
    call: CallFacts
    stage: Stage
    amount: Decimal | None
    stage_at: datetime
    #: The viewer's own role and rights.
    role: str
    lead: bool
    visible: bool
    may_move: bool
    consortium: tuple[Partner, ...]
    #: Other projects for the same call whose members chose to show them.
    others: tuple[Partner, ...] = ()
    open_requests: int = 0


@dataclass(frozen=True, slots=True)
class CallPlans:
    """A call, and the viewer's project for it (None: not planned yet)."""

    call: CallFacts
    project: ProjectCard | None
    others: tuple[Partner, ...] = ()


@dataclass(frozen=True, slots=True)
class RequestSpec:
    """What a partner request asks for."""

    roles: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    org_types: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    expertise: str = ""
    closes_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RequestCard:
    """A partner request as its author (``answers``) or a recipient sees it."""

    id: int
    project_id: int
    status: str
    spec: RequestSpec
    call: CallFacts
    requester: OrgFacts
    requester_role: str
    #: Answers (author's view): organisation and status.
    answers: tuple[tuple[OrgFacts, str], ...] = ()
    #: The recipient's own answer (recipient's view).
    my_answer: str | None = None
    sent: int = 0
    #: Directory countries members can pick from (the author's draft).
    country_choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Delivery:
    """A message for another member's chat that a use-case produced (the handler words it)."""

    chat_id: int
    member_id: int
    language: str


@dataclass(frozen=True, slots=True)
class Interest:
    """A recipient said "I'm interested": the requester is told, with the entry."""

    request: RequestCard
    interested: OrgFacts
    to: Delivery


@dataclass(frozen=True, slots=True)
class Acceptance:
    """The requester accepted an interested organisation: both get each other's contact."""

    request: RequestCard
    requester: OrgFacts
    joiner: OrgFacts
    requester_to: Delivery
    joiner_to: Delivery
    joined: bool
    changed: bool


@dataclass(frozen=True, slots=True)
class Listing:
    """/partnerrequests: requests the member can answer, and their own."""

    to_answer: tuple[RequestCard, ...]
    own: tuple[RequestCard, ...]


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """A project in the coordinators' /pipeline."""

    id: int
    call: CallFacts
    stage: Stage
    stage_at: datetime
    amount: Decimal | None
    consortium: tuple[Partner, ...]
    countries: tuple[str, ...]
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Filter:
    """A /pipeline filter: by programme (``p``), call (``c``), country (``n``), topic (``t``)."""

    kind: Literal["p", "c", "n", "t", "-"] = "-"
    value: str = "-"


@dataclass(frozen=True, slots=True)
class Overview:
    """/pipeline: the filtered projects, stage counts, stuck projects and unclaimed calls."""

    filter: Filter
    projects: tuple[ProjectRow, ...]
    counts: dict[str, int]
    stuck: tuple[ProjectRow, ...]
    unclaimed: tuple[tuple[CallFacts, int], ...]
    stuck_days: int
    choices: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Tally:
    """One project's anonymous facts for the indicators (no organisation named)."""

    stage: Stage
    submitted: bool
    programme: str | None
    amount: Decimal | None
    currency: str | None
    organisations: int
    countries: tuple[str, ...]
    introduced: int
    requests_answered: int
