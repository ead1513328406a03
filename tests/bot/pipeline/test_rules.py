"""Pure rules of the project pipeline: stage moves, who fits a partner request, closing dates,
amounts, reminders and the indicators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.pipeline.organisation import organisation_of
from bot.pipeline.rules import (
    clean_expertise,
    closing_choices,
    fits_request,
    indicators,
    is_stuck,
    joining_role,
    may_move,
    may_steer,
    moves,
    outcome_due,
    parse_amount,
    request_closes,
    valid_closing,
    visible_to_members,
    writing_reminder_due,
)
from bot.pipeline.types import ALL_STAGES, RESULTS, STAGES, CallFacts, OrgFacts, RequestSpec, Tally

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
CALL = CallFacts(1, "Call", "https://x", "erasmus", NOW + timedelta(days=40), themes=("vet",))


def org(**fields: object) -> OrgFacts:
    values: dict[str, object] = {
        "member_id": 7,
        "org_name": "Org",
        "country": "ES",
        "org_type": "ngo",
        "topics": ("vet",),
        "roles": ("partner",),
        "published": True,
    }
    values.update(fields)
    return OrgFacts(**values)  # type: ignore[arg-type]


def test_stages_move_forward_back_and_to_results() -> None:
    assert moves("idea") == ("partners", "withdrawn")
    assert moves("writing") == ("submitted", "partners", "withdrawn")
    assert moves("submitted") == ("funded", "rejected", "writing", "withdrawn")
    assert moves("funded") == ("submitted",)
    assert moves("withdrawn") == ("idea",)
    assert not may_move("idea", "funded")
    assert may_move("submitted", "funded")


@given(st.sampled_from(ALL_STAGES))
def test_every_stage_can_be_left_and_never_to_itself(stage: str) -> None:
    found = moves(stage)  # type: ignore[arg-type]
    assert found
    assert stage not in found
    assert set(found) <= set(ALL_STAGES)
    # A result is reached only from "submitted" (withdrawing aside).
    if stage != "submitted":
        assert not set(found) & {"funded", "rejected"}


def test_who_steers() -> None:
    assert may_steer(lead=True, role="partner")
    assert may_steer(lead=False, role="coordinator")
    assert not may_steer(lead=False, role="partner")


@pytest.mark.parametrize(
    ("spec", "candidate", "call", "fits"),
    [
        (RequestSpec(), org(), CALL, True),  # the call's topic
        (RequestSpec(), org(topics=("green",)), CALL, False),
        (RequestSpec(topics=("green",)), org(topics=("green",)), CALL, True),
        (RequestSpec(countries=("RO",)), org(), CALL, False),
        (RequestSpec(countries=("ES", "RO")), org(), CALL, True),
        (RequestSpec(org_types=("sme",)), org(), CALL, False),
        (RequestSpec(), org(published=False), CALL, False),  # not in the directory
        # the call's eligibility: countries (regions count as their country) and types
        (RequestSpec(), org(), CallFacts(1, "C", "u", None, None, ("vet",), ("RO",)), False),
        (RequestSpec(), org(), CallFacts(1, "C", "u", None, None, ("vet",), ("ES-AN",)), True),
        (RequestSpec(), org(), CallFacts(1, "C", "u", None, None, ("vet",), (), ("sme",)), False),
        # a coordinator is wanted, the entry offers only "partner"
        (RequestSpec(roles=("coordinator",)), org(), CALL, False),
        (RequestSpec(roles=("coordinator",)), org(roles=("coordinator",)), CALL, True),
    ],
)
def test_who_fits_a_request(
    spec: RequestSpec, candidate: OrgFacts, call: CallFacts, fits: bool
) -> None:
    assert fits_request(spec, candidate, call, requester_role="partner") is fits


def test_a_coordinator_looks_for_partners() -> None:
    coordinator_only = org(roles=("coordinator",))
    spec = RequestSpec(roles=("coordinator",))
    assert not fits_request(spec, coordinator_only, CALL, requester_role="coordinator")
    assert joining_role(spec, coordinator_only, requester_role="coordinator") == "partner"
    assert joining_role(spec, coordinator_only, requester_role="partner") == "coordinator"


def test_closing_dates_come_before_the_deadline() -> None:
    deadline = NOW + timedelta(days=20)
    choices = closing_choices(NOW, deadline)
    assert choices == (
        NOW + timedelta(weeks=1),
        NOW + timedelta(weeks=2),
        deadline - timedelta(days=1),
    )
    assert all(valid_closing(c, now=NOW, deadline=deadline) for c in choices)
    assert not valid_closing(deadline, now=NOW, deadline=deadline)
    assert not valid_closing(NOW, now=NOW, deadline=None)
    assert closing_choices(NOW, NOW + timedelta(hours=2)) == ()
    assert request_closes(NOW + timedelta(days=3), NOW + timedelta(days=2)) == NOW + timedelta(
        days=2
    )
    assert request_closes(None, None) is None


@given(
    st.integers(min_value=0, max_value=4 * 365 * 24 * 60),
    st.integers(min_value=0, max_value=400),
)
def test_every_offered_closing_date_is_valid(minutes: int, days: int) -> None:
    now = NOW + timedelta(minutes=minutes)
    deadline = now + timedelta(days=days, hours=1)
    for choice in closing_choices(now, deadline):
        assert valid_closing(choice, now=now, deadline=deadline)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("250000", Decimal(250000)),
        ("250 000", Decimal(250000)),
        ("250.000", Decimal(250000)),
        ("€ 1.250.000,50", Decimal("1250000.50")),
        ("250,000.5", Decimal("250000.5")),
        ("0", None),
        ("a lot", None),
        ("1e6", None),
        ("", None),
    ],
)
def test_amounts(text: str, amount: Decimal | None) -> None:
    assert parse_amount(text) == amount


def test_expertise_is_tidied_and_limited() -> None:
    assert clean_expertise("  Work-based   learning \n\n ok ") == "Work-based learning\nok"
    assert clean_expertise("x" * 501) is None
    assert clean_expertise("   ") is None


def test_visibility() -> None:
    assert not visible_to_members(False, same_project=False)
    assert visible_to_members(False, same_project=True)
    assert visible_to_members(True, same_project=False)


def test_reminders_and_outcome_questions() -> None:
    deadline = NOW + timedelta(days=5)
    assert writing_reminder_due("writing", deadline, None, now=NOW, days=7)
    assert not writing_reminder_due("writing", deadline, NOW, now=NOW, days=7)
    assert not writing_reminder_due("submitted", deadline, None, now=NOW, days=7)
    assert not writing_reminder_due("writing", NOW + timedelta(days=9), None, now=NOW, days=7)
    assert outcome_due("submitted", NOW, NOW, None, now=NOW + timedelta(weeks=12), weeks=12)
    assert not outcome_due("submitted", NOW, NOW, None, now=NOW + timedelta(weeks=11), weeks=12)
    assert outcome_due(
        "submitted", NOW, NOW, None, now=NOW + timedelta(days=1), weeks=12, result_at=NOW
    )
    assert not outcome_due("funded", NOW, NOW, None, now=NOW + timedelta(weeks=20), weeks=12)
    assert is_stuck("writing", NOW, now=NOW + timedelta(days=31), days=30)
    assert not is_stuck("funded", NOW, now=NOW + timedelta(days=400), days=30)
    assert all(not is_stuck(s, NOW, now=NOW, days=0) for s in STAGES + RESULTS)


def test_indicators() -> None:
    def tally(stage: str, **fields: object) -> Tally:
        values: dict[str, object] = {
            "stage": stage,
            "submitted": stage in ("submitted", "funded", "rejected"),
            "programme": "erasmus",
            "amount": None,
            "currency": "EUR",
            "organisations": 1,
            "countries": ("RO",),
            "introduced": 0,
            "requests_answered": 0,
        }
        values.update(fields)
        return Tally(**values)  # type: ignore[arg-type]

    rows = indicators(
        [
            tally(
                "funded", amount=Decimal(100), organisations=3, countries=("RO", "ES"), introduced=1
            ),
            tally("funded", amount=Decimal(50), programme="life"),
            tally("rejected", organisations=2, countries=("IT",), requests_answered=2),
            tally("idea"),
        ]
    )
    found = {(k, b): v for k, b, v in rows}
    assert found[("projects", "")] == "4"
    assert found[("applications_submitted", "")] == "3"
    assert found[("consortia_formed", "")] == "2"
    assert found[("consortium_members", "")] == "5"
    assert found[("consortium_countries", "")] == "3"
    assert found[("success_rate", "")] == "67%"
    assert found[("funding_won", "erasmus EUR")] == "100.00"
    assert found[("funding_won", "life EUR")] == "50.00"
    assert found[("partner_requests_answered", "")] == "2"
    assert found[("introductions_to_consortia", "")] == "1"
    assert found == {(k, b): v for k, b, v in indicators([])} | found  # same keys, no others
    assert {(k, b): v for k, b, v in indicators([])}[("success_rate", "")] == "n/a"


def test_the_organisation_seam() -> None:
    drafted = organisation_of(
        3, org_name=None, country="RO", org_type="ngo", entry_topics=["vet"],
        entry_roles=["coordinator"], entry_description="secret draft", published_at=None,
    )  # fmt: skip
    assert drafted.org_name == ""
    assert drafted.topics == ("vet",)
    assert drafted.roles == ()
    assert drafted.description == ""
    assert not drafted.published
    profile_only = organisation_of(
        3, org_name="A", country=None, org_type=None, profile_topics=["green"]
    )
    assert profile_only.topics == ("green",)
