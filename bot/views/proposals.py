"""Session proposal screens: proposing, the ranked list with upvotes, the proposer's notice."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton

from bot.buttons.proposals import ProposalNoDetails, ProposalToDraft, ProposalVote, ProposeKind
from bot.core.i18n import Translator
from bot.core.render import esc, excerpt
from bot.proposals.types import DETAILS_MAX, SHOWN, TOPIC_MAX, TOPIC_MIN, ProposalInfo
from bot.views.common import Screen, button, keyboard
from bot.views.workshops.notices import rendered
from bot.workshops.types import Rendered


def ask_kind(tr: Translator) -> Screen:
    """/propose: what kind of session."""
    return Screen(
        tr.gettext(
            "Propose a mutual-learning session. Other members can upvote it, and the "
            "coordinators turn the most wanted into workshops."
        ),
        keyboard(
            [[button("🎤 " + tr.gettext("I can present something"), ProposeKind("present"))]],
            [[button("📚 " + tr.gettext("I want to learn about something"), ProposeKind("learn"))]],
        ),
    )


def ask_topic(tr: Translator) -> Screen:
    """The topic of the session."""
    return Screen(
        tr.gettext(
            "What is the topic? Send it in a few words (%(min)s-%(max)s characters).",
            min=TOPIC_MIN,
            max=TOPIC_MAX,
        )
    )


def bad_topic(tr: Translator) -> Screen:
    """A topic too short or long."""
    return Screen(
        tr.gettext("Please send %(min)s to %(max)s characters.", min=TOPIC_MIN, max=TOPIC_MAX)
    )


def ask_details(tr: Translator, proposal_id: int) -> Screen:
    """What they can present or want to learn, optional."""
    return Screen(
        tr.gettext(
            "Add a few details: what you can present, or what you want to learn "
            "(at most %(max)s characters), or press No details.",
            max=DETAILS_MAX,
        ),
        keyboard([[button(tr.gettext("No details"), ProposalNoDetails(proposal_id))]]),
    )


def bad_details(tr: Translator) -> Screen:
    """Details too long."""
    return Screen(tr.gettext("That is too long: %(max)s characters at most.", max=DETAILS_MAX))


def kind_mark(kind: str) -> str:
    """🎤 for a proposal to present, 📚 for a wish to learn."""
    return "🎤" if kind == "present" else "📚"


def listed(tr: Translator, proposal: ProposalInfo) -> Screen:
    """The proposal is listed."""
    return Screen(
        "✅ "
        + tr.gettext(
            "Your proposal “%(topic)s” is listed. Members can upvote it with /proposals.",
            topic=esc(proposal.topic),
        )
    )


def ranking(tr: Translator, proposals: Sequence[ProposalInfo], *, coordinator: bool) -> Screen:
    """/proposals: open proposals by votes, a 👍 button each (never one's own); coordinators
    see who proposed it and can turn it into a workshop draft."""
    if not proposals:
        return Screen(tr.gettext("No session has been proposed yet. /propose suggests one."))
    lines = ["<b>" + tr.gettext("Proposed sessions, most wanted first") + "</b>", ""]
    buttons: list[list[InlineKeyboardButton]] = []
    for position, item in enumerate(proposals[:SHOWN], start=1):
        votes = tr.ngettext("%(n)s vote", "%(n)s votes", item.votes)
        line = f"{position}. {kind_mark(item.kind)} <b>{esc(item.topic)}</b> — {votes}"
        if item.mine:
            line += " " + tr.gettext("(yours)")
        lines.append(line)
        if item.details:
            lines.append(f"   <i>{esc(excerpt(item.details, 200))}</i>")
        if coordinator:
            lines.append("   " + tr.gettext("Proposed by %(who)s", who=esc(item.credit)))
        row: list[InlineKeyboardButton] = []
        if not item.mine:
            mark = "✅ 👍" if item.voted else "👍"
            row.append(
                button(f"{position}. {mark} {item.votes}", ProposalVote(item.id, not item.voted))
            )
        if coordinator:
            row.append(
                button(
                    str(position) + ". 📝 " + tr.gettext("Workshop draft"),
                    ProposalToDraft(item.id),
                )
            )
        if row:
            buttons.append(row)
    lines += [
        "",
        tr.gettext("🎤 someone can present it · 📚 someone wants to learn it"),
        tr.gettext("/propose suggests a session."),
    ]
    return Screen("\n".join(lines), keyboard(buttons) if buttons else None)


def credit_line(tr: Translator, proposal: ProposalInfo) -> str:
    """The credit in the workshop's description (plain text)."""
    return tr.gettext("Proposed by %(who)s, a member of the alliance.", who=proposal.credit)


def drafted(tr: Translator, proposal: ProposalInfo) -> Screen:
    """The proposer is told."""
    return Screen(
        "🎉 "
        + tr.gettext(
            "Your proposal “%(topic)s” is becoming a workshop. The coordinators are preparing "
            "it; you will get the announcement.",
            topic=esc(proposal.topic),
        )
    )


def error_text(tr: Translator, code: str) -> str:
    """The words for a refused proposal request."""
    texts = {
        "own": tr.gettext("You cannot upvote your own proposal."),
        "drafted": tr.gettext("This proposal is already becoming a workshop."),
        "no_draft": tr.gettext("This proposal is no longer being written. /propose starts again."),
        "unknown": tr.gettext("I do not know that proposal."),
    }
    return texts.get(code, tr.gettext("This button is no longer valid."))


class ScreenProposalNotices:
    """Implements :class:`bot.proposals.types.ProposalNotices`."""

    def drafted(self, tr: Translator, proposal: ProposalInfo) -> Rendered:
        """The proposer is told their proposal is becoming a workshop."""
        return rendered(drafted(tr, proposal))


PROPOSAL_NOTICES = ScreenProposalNotices()
