"""Screens of a member's plans: the 📝 screen of a call, the project card with its stage
buttons, the amount question, and /projects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.buttons.pipeline import (
    LeaveProject,
    MoveStage,
    NewRequest,
    PlanRole,
    ProjectView,
    ShowPlan,
    SkipAmount,
)
from bot.core.i18n import Translator
from bot.core.render import esc
from bot.pipeline.rules import moves
from bot.pipeline.types import CallPlans, Partner, ProjectCard
from bot.views.common import Screen, button, keyboard, rows
from bot.views.pipeline.common import (
    amount_text,
    call_line,
    partner_line,
    role_label,
    stage_label,
)


def _others(tr: Translator, others: Sequence[Partner]) -> list[str]:
    if not others:
        return []
    return [
        "",
        tr.gettext("<b>Other organisations that plan to apply and show it:</b>"),
        *(partner_line(tr, p) for p in others),
    ]


def call_plans(tr: Translator, plans: CallPlans) -> Screen:
    """📝: the member's project for the call, or the question "we plan to apply as…"."""
    if plans.project is not None:
        return project_card(tr, plans.project)
    lines = [
        tr.gettext("📝 <b>Do you plan to apply?</b>"),
        call_line(tr, plans.call),
        "",
        tr.gettext(
            "Say in which role your organisation would apply. Only the alliance's "
            "coordinators see it, unless you choose to show it to other members."
        ),
        *_others(tr, plans.others),
    ]
    return Screen(
        "\n".join(lines),
        keyboard(
            [
                [
                    button(tr.gettext("As coordinator"), PlanRole(plans.call.id, "coordinator")),
                    button(tr.gettext("As partner"), PlanRole(plans.call.id, "partner")),
                ]
            ]
        ),
    )


def _move_label(tr: Translator, card: ProjectCard, target: str) -> str:
    stage = card.stage
    if target in ("withdrawn", "funded", "rejected") or stage in (
        "funded",
        "rejected",
        "withdrawn",
    ):
        return stage_label(tr, target)
    order = ("idea", "partners", "writing", "submitted")
    forward = order.index(target) > order.index(stage)
    return ("→ " if forward else "← ") + stage_label(tr, target)


def project_card(tr: Translator, card: ProjectCard) -> Screen:
    """The project as one of its members sees it, with the buttons that member may press."""
    lines = [
        tr.gettext("📝 <b>Your project</b>"),
        call_line(tr, card.call),
        "",
        tr.gettext("<b>Stage:</b> %(stage)s", stage=esc(stage_label(tr, card.stage))),
    ]
    if card.amount is not None:
        lines.append(
            tr.gettext(
                "<b>Funding granted:</b> %(amount)s",
                amount=esc(amount_text(card.amount, card.call.currency, tr.language)),
            )
        )
    lines.append(tr.gettext("<b>Your role:</b> %(role)s", role=esc(role_label(tr, card.role))))
    lines += ["", tr.gettext("<b>Consortium:</b>"), *(partner_line(tr, p) for p in card.consortium)]
    if card.open_requests:
        lines.append(
            tr.ngettext(
                "%(n)s partner request open (/partnerrequests).",
                "%(n)s partner requests open (/partnerrequests).",
                card.open_requests,
            )
        )
    lines.append("")
    lines.append(
        tr.gettext("👁 Other members can see that you plan to apply.")
        if card.visible
        else tr.gettext("🔒 Only the alliance's coordinators see that you plan to apply.")
    )
    lines += _others(tr, card.others)
    groups: list[list[Any]] = []
    if card.may_move:
        groups.append(
            rows(
                [
                    button(_move_label(tr, card, target), MoveStage(card.id, target))
                    for target in moves(card.stage)
                ],
                2,
            )
        )
    extra = []
    if card.lead and card.stage in ("idea", "partners", "writing"):
        extra.append(button(tr.gettext("🔎 Look for partners"), NewRequest(card.id)))
    extra.append(
        button(tr.gettext("🔒 Hide my plan"), ShowPlan(card.id, False))
        if card.visible
        else button(tr.gettext("👁 Show my plan to members"), ShowPlan(card.id, True))
    )
    other_role = "partner" if card.role == "coordinator" else "coordinator"
    if card.lead:
        extra.append(
            button(
                tr.gettext("Apply as %(role)s instead", role=role_label(tr, other_role)),
                _role_button(card, other_role),
            )
        )
    else:
        extra.append(button(tr.gettext("Leave this consortium"), LeaveProject(card.id)))
    groups.append(rows(extra, 1))
    return Screen("\n".join(lines), keyboard(*groups))


def _role_button(card: ProjectCard, role: str) -> PlanRole:
    """The button that changes the lead's role."""
    return PlanRole(card.call.id, "coordinator" if role == "coordinator" else "partner")


def ask_amount(tr: Translator, card: ProjectCard) -> Screen:
    """Funded: how much was granted (a text answer), or skip."""
    return Screen(
        "\n".join(
            [
                tr.gettext("🏆 <b>Congratulations!</b>"),
                call_line(tr, card.call),
                "",
                tr.gettext(
                    "How much funding was granted to the project? Send the amount as a number "
                    "(for example 250000), or skip."
                ),
            ]
        ),
        keyboard([[button(tr.gettext("Skip"), SkipAmount(card.id))]]),
    )


def bad_amount(tr: Translator) -> Screen:
    """The amount could not be read."""
    return Screen(
        tr.gettext("I could not read an amount there. Send a number such as 250000, or skip.")
    )


def left(tr: Translator) -> Screen:
    """The member left a consortium."""
    return Screen(tr.gettext("You left the consortium. The project's other members keep it."))


def projects_view(tr: Translator, cards: Sequence[ProjectCard]) -> Screen:
    """/projects: the member's projects."""
    if not cards:
        return Screen(
            tr.gettext(
                "You have no project yet. Press 📝 next to a call (in /digest or /following) "
                "to say you plan to apply."
            )
        )
    lines = [tr.gettext("<b>Your projects</b>"), ""]
    buttons = []
    for number, card in enumerate(cards, 1):
        lines.append(
            f"{number}. {esc(card.call.title)} · {esc(stage_label(tr, card.stage))} · "
            f"{esc(role_label(tr, card.role))}"
        )
        buttons.append(button(f"📝 {number}", ProjectView(card.id)))
    return Screen("\n".join(lines), keyboard(rows(buttons, 4)))


def joined_by_introduction(tr: Translator, card: ProjectCard) -> Screen:
    """Told to the target of an accepted introduction about a call the requester plans."""
    lead = next((p for p in card.consortium if p.lead), None)
    head = tr.gettext(
        "🤝 As you accepted each other for this call, your organisation is now in the "
        "project's consortium (you can leave it on the project card)."
    )
    lines = [head, call_line(tr, card.call)]
    if lead is not None:
        lines.append(partner_line(tr, lead))
    return Screen(
        "\n".join(lines),
        keyboard([[button(tr.gettext("📝 Project card"), ProjectView(card.id))]]),
    )
