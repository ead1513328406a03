"""Pure rules of the project pipeline: stage moves, who fits a partner request, closing dates,
what others may see, stuck projects, reminders, and the indicators."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from bot.directory.rules import country_code
from bot.pipeline.types import (
    EXPERTISE_MAX,
    RESULTS,
    STAGES,
    CallFacts,
    OrgFacts,
    RequestSpec,
    Stage,
    Tally,
)


def moves(stage: Stage) -> tuple[Stage, ...]:
    """Where a project can go from ``stage``: the next stage, one back, and (before a result)
    withdrawn; from submitted, the results. A result can be corrected back to submitted."""
    if stage in RESULTS:
        return ("submitted",) if stage != "withdrawn" else ("idea",)
    at = STAGES.index(stage)
    found: list[Stage] = []
    if stage == "submitted":
        found += ["funded", "rejected"]
    else:
        found.append(STAGES[at + 1])
    if at > 0:
        found.append(STAGES[at - 1])
    found.append("withdrawn")
    return tuple(found)


def may_move(stage: Stage, target: Stage) -> bool:
    """``target`` is a move from ``stage``."""
    return target in moves(stage)


def may_steer(*, lead: bool, role: str) -> bool:
    """The member who planned the project, or a consortium member in the coordinator role,
    moves its stages; partners answer for their own part (they may leave)."""
    return lead or role == "coordinator"


def fits_request(
    spec: RequestSpec, candidate: OrgFacts, call: CallFacts, *, requester_role: str
) -> bool:
    """A published directory entry fits a partner request and the call's eligibility.

    Topics: one of the request's (the call's themes when the request names none; anything when
    neither does). Countries, types and roles: one of the request's when it names any. The call's
    eligible countries (regions count as their country) and organisation types, when listed.
    Two coordinators never fit: a request from a coordinator wants partners.
    """
    if not candidate.published:
        return False
    topics = set(spec.topics) or set(call.themes)
    if topics and not topics.intersection(candidate.topics):
        return False
    if spec.countries and candidate.country not in spec.countries:
        return False
    if spec.org_types and candidate.org_type not in spec.org_types:
        return False
    eligible = {country_code(c) for c in call.eligible_countries}
    if eligible and candidate.country not in eligible:
        return False
    if call.eligible_org_types and candidate.org_type not in call.eligible_org_types:
        return False
    wanted = set(spec.roles) or {"partner"}
    if requester_role == "coordinator":
        wanted.discard("coordinator")
        wanted = wanted or {"partner"}
    offered = set(candidate.roles) or {"partner"}
    return bool(wanted & offered)


def joining_role(spec: RequestSpec, candidate: OrgFacts, *, requester_role: str) -> str:
    """The role an accepted organisation takes: coordinator only when the requester is a
    partner, the request wants one and the entry offers it; else partner."""
    if (
        requester_role != "coordinator"
        and "coordinator" in spec.roles
        and "coordinator" in (candidate.roles or ("partner",))
    ):
        return "coordinator"
    return "partner"


def closing_choices(
    now: datetime, deadline: datetime | None, weeks: Sequence[int] = (1, 2, 4)
) -> tuple[datetime, ...]:
    """Closing dates offered for a request: ``weeks`` from now, and the day before the call's
    deadline, keeping only those before the deadline (all of them without a deadline)."""
    found = [now + timedelta(weeks=w) for w in weeks]
    if deadline is not None:
        eve = deadline - timedelta(days=1)
        found = [d for d in found if d < eve]
        if eve > now:
            found.append(eve)
    return tuple(sorted(set(found)))


def valid_closing(closes_at: datetime, *, now: datetime, deadline: datetime | None) -> bool:
    """A closing date in the future and before the call's deadline."""
    return closes_at > now and (deadline is None or closes_at < deadline)


def request_closes(closes_at: datetime | None, deadline: datetime | None) -> datetime | None:
    """When an open request closes: its closing date or the call's deadline, the earlier."""
    moments = [m for m in (closes_at, deadline) if m is not None]
    return min(moments) if moments else None


def clean_expertise(text: str) -> str | None:
    """The expertise text (spaces tidied), or None when empty or over the limit."""
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    cleaned = "\n".join(line for line in lines if line)
    if not cleaned or len(cleaned) > EXPERTISE_MAX:
        return None
    return cleaned


_AMOUNT = re.compile(r"^(\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,](\d{1,2}))?$")


def parse_amount(text: str) -> Decimal | None:
    """An amount as members write it: ``250000``, ``250 000``, ``250.000``, ``250,000.50``,
    ``€ 1.250,5``; None when it is not one (or not above zero)."""
    cleaned = "".join(ch for ch in text.strip() if ch not in " \u00a0\u202f'€$£")
    found = _AMOUNT.match(cleaned)
    if found is None:
        return None
    whole = re.sub(r"[.,]", "", found.group(1))
    if len(whole) > 15:
        return None
    value = Decimal(whole) + (Decimal(f"0.{found.group(2)}") if found.group(2) else Decimal(0))
    return value if value > 0 else None


def visible_to_members(visible: bool, *, same_project: bool) -> bool:
    """Another member sees an organisation's plan only when it chose so, or when they are in
    the same consortium (they accepted each other). Coordinators see every plan."""
    return visible or same_project


def is_stuck(stage: Stage, stage_at: datetime, *, now: datetime, days: int) -> bool:
    """Still in a stage before the result for longer than ``days``."""
    return stage in STAGES and now - stage_at > timedelta(days=days)


def writing_reminder_due(
    stage: Stage,
    deadline: datetime | None,
    reminded: datetime | None,
    *,
    now: datetime,
    days: int,
) -> bool:
    """Remind a project still being written (or not started) ``days`` before the deadline."""
    return (
        stage in ("idea", "partners", "writing")
        and deadline is not None
        and reminded is None
        and now < deadline <= now + timedelta(days=days)
    )


def outcome_due(
    stage: Stage,
    deadline: datetime | None,
    submitted_at: datetime | None,
    asked: datetime | None,
    *,
    now: datetime,
    weeks: int,
    result_at: datetime | None = None,
) -> bool:
    """Ask for the outcome of a submitted project: at the call's result date when known,
    else ``weeks`` after its deadline (or after submission, without a deadline)."""
    if stage != "submitted" or asked is not None:
        return False
    if result_at is not None:
        return now >= result_at
    base = deadline or submitted_at
    return base is not None and now >= base + timedelta(weeks=weeks)


def indicators(tallies: Iterable[Tally]) -> list[tuple[str, str, str]]:
    """The pipeline's indicators as ``(indicator, breakdown, value)`` rows, in a fixed order:
    applications submitted, consortia formed (their alliance members and countries), success
    rate, funding won by programme and currency, partner requests answered, and joins that
    followed an introduction. Pure: the report's sheet, the CSV and /stats all use it."""
    rows = list(tallies)
    submitted = [t for t in rows if t.submitted]
    consortia = [t for t in rows if t.organisations >= 2]
    funded = [t for t in rows if t.stage == "funded"]
    decided = [t for t in rows if t.stage in ("funded", "rejected")]
    countries = {c for t in consortia for c in t.countries}
    rate = f"{round(100 * len(funded) / len(decided))}%" if decided else "n/a"
    won: dict[tuple[str, str], Decimal] = {}
    for t in funded:
        if t.amount is not None:
            key = (t.programme or "(no programme)", t.currency or "EUR")
            won[key] = won.get(key, Decimal(0)) + t.amount
    out = [
        ("projects", "", str(len(rows))),
        ("applications_submitted", "", str(len(submitted))),
        ("consortia_formed", "", str(len(consortia))),
        ("consortium_members", "", str(sum(t.organisations for t in consortia))),
        ("consortium_countries", "", str(len(countries))),
        ("funded", "", str(len(funded))),
        ("rejected", "", str(len(decided) - len(funded))),
        ("success_rate", "", rate),
    ]
    out += [
        ("funding_won", f"{programme} {currency}", f"{amount:.2f}")
        for (programme, currency), amount in sorted(won.items())
    ]
    out += [
        ("partner_requests_answered", "", str(sum(t.requests_answered for t in rows))),
        ("introductions_to_consortia", "", str(sum(t.introduced for t in rows))),
    ]
    return out
