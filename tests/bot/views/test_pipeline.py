"""Golden screens of the project pipeline in every language: a call's plan, the project card,
a partner request from both sides, the exchange of contacts, /partnerrequests and /pipeline.
Organisation names and texts are hostile HTML, so every screen shows its escaping."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bot.buttons.pipeline import PlanCall
from bot.members.types import Followed
from bot.pipeline.types import (
    Acceptance,
    CallFacts,
    CallPlans,
    Delivery,
    Filter,
    Interest,
    Listing,
    OrgFacts,
    Overview,
    Partner,
    ProjectCard,
    ProjectRow,
    RequestCard,
    RequestSpec,
)
from bot.views import digest as digest_views
from bot.views.pipeline import TEXTS
from bot.views.pipeline import overview as overview_views
from bot.views.pipeline import plans as plan_views
from bot.views.pipeline import requests as request_views
from tests.bot.views.member_data import HOSTILE, LANGUAGES, NOW, screens, settings, tr
from tests.snapshots import assert_text

CALL = CallFacts(
    12, f"Skills {HOSTILE} alliances", 'https://example.eu/c?a=1&b="2"', "erasmus",
    datetime(2027, 1, 14, 16, 0, tzinfo=UTC), themes=("vet",), currency="EUR",
    deadline_has_time=True,
)  # fmt: skip
ANA = OrgFacts(1, f"Asociația {HOSTILE}", "RO", "ngo", ("vet",), ("coordinator",), "", True)
BOGDAN = OrgFacts(
    2, "Fundación Sur", "ES", "vet_provider", ("vet", "green"), ("partner",),
    f"Apprenticeships {HOSTILE}", True,
)  # fmt: skip
CARD = ProjectCard(
    id=5, call=CALL, stage="writing", amount=None, stage_at=NOW, role="coordinator", lead=True,
    visible=False, may_move=True,
    consortium=(Partner(ANA, "coordinator", True, False), Partner(BOGDAN, "partner", False, False)),
    others=(Partner(replace(BOGDAN, member_id=3, org_name="Green Lucía"), "partner", True, True),),
    open_requests=1,
)  # fmt: skip
SPEC = RequestSpec(
    roles=("partner",), countries=("ES",), org_types=("vet_provider",), topics=("vet",),
    expertise=f"Work-based learning {HOSTILE}", closes_at=NOW + timedelta(days=14),
)  # fmt: skip
REQUEST = RequestCard(
    id=7, project_id=5, status="draft", spec=SPEC, call=CALL, requester=ANA,
    requester_role="coordinator", country_choices=("ES", "IT"),
)  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_member_screens(language: str) -> None:
    t, s = tr(language), settings()
    open_request = replace(
        REQUEST, status="open", sent=3, answers=((BOGDAN, "interested"), (ANA, "declined"))
    )
    funded = replace(CARD, stage="funded", amount=Decimal("250000.50"), lead=False, role="partner")
    done = Acceptance(
        REQUEST, ANA, BOGDAN, Delivery(1000, 1, "ro"), Delivery(2000, 2, "es"), True, True
    )
    assert_text(
        f"pipeline/member.{language}",
        screens(
            ("plan a call", plan_views.call_plans(t, CallPlans(CALL, None, CARD.others))),
            ("project card (lead)", plan_views.project_card(t, CARD)),
            ("project card (partner, funded)", plan_views.project_card(t, funded)),
            ("projects", plan_views.projects_view(t, [CARD])),
            ("draft", request_views.draft(t, s, REQUEST)),
            ("draft: countries", request_views.part(t, s, REQUEST, "c", now=NOW)),
            ("draft: closing", request_views.part(t, s, REQUEST, "d", now=NOW)),
            ("sent", request_views.sent(t, s, open_request, 3)),
            ("received", request_views.received(t, s, replace(REQUEST, status="open"))),
            (
                "interest",
                request_views.interest(t, s, Interest(open_request, BOGDAN, done.requester_to)),
            ),
            ("accepted (requester)", request_views.accepted_for_requester(t, done)),
            ("accepted (joiner)", request_views.accepted_for_joiner(t, done)),
            (
                "listing",
                request_views.listing(
                    t, Listing((replace(REQUEST, status="open"),), (open_request,))
                ),
            ),
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_coordinator_screens(language: str) -> None:
    t, s = tr(language), settings()
    row = ProjectRow(
        5, CALL, "writing", NOW - timedelta(days=40), None, CARD.consortium, ("ES", "RO"), ("vet",)
    )
    funded = replace(row, id=6, stage="funded", amount=Decimal(250000), consortium=())
    found = Overview(
        filter=Filter("p", "erasmus"), projects=(row, funded), counts={"writing": 1, "funded": 1},
        stuck=(row,), unclaimed=((replace(CALL, id=13, title="Digital skills"), 4),), stuck_days=30,
        choices={
            "p": (("erasmus", "erasmus"),), "c": (("12", CALL.title),), "n": (("ES", "ES"),),
            "t": (("vet", "vet"),),
        },
    )  # fmt: skip
    assert_text(
        f"pipeline/coordinator.{language}",
        screens(
            ("pipeline", overview_views.overview(t, s, found, now=NOW)),
            ("pick a country", overview_views.pick(t, s, found, "n")),
        ),
    )


def test_queued_texts_and_following_in_groups() -> None:
    t = tr("en")
    text, markup = TEXTS.outcome_question(t, CARD)
    assert "What came of your application?" in text
    assert markup is not None
    assert 'Skills &lt;b&gt;&amp;" alliances' in text
    followed = [Followed(12, "Call", "https://x", None, "open")]
    private = digest_views.following_view(t, followed, zone="UTC", language="en")
    group = digest_views.following_view(t, followed, zone="UTC", language="en", plans=False)
    assert private.keyboard is not None
    assert group.keyboard is not None
    data = [b.callback_data for row in private.keyboard.inline_keyboard for b in row]
    assert PlanCall(12).data in data
    assert PlanCall(12).data not in [
        b.callback_data for row in group.keyboard.inline_keyboard for b in row
    ]
