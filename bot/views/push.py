"""Screens of /push: the opportunity, how many members it matches, and the outcome."""

from __future__ import annotations

from bot.broadcasts.types import PushCandidate
from bot.buttons.push import PushSend
from bot.core.i18n import Translator
from bot.core.render import esc, excerpt
from bot.digest.render import kind_label
from bot.views.common import Screen, button, keyboard
from feeds.types import OpportunityKind


def usage(tr: Translator) -> Screen:
    """/push without exactly one reference."""
    return Screen(
        tr.gettext(
            "Use /push followed by the opportunity's number, call identifier or uid, "
            "e.g. /push 42 or /push HORIZON-CL2-2027-01."
        )
    )


def not_found(tr: Translator, reference: str) -> Screen:
    """No opportunity has that number, call id or uid (``reference`` as the coordinator typed)."""
    return Screen(tr.gettext("I found no opportunity %(ref)s.", ref=esc(excerpt(reference))))


def not_funding(tr: Translator, found: PushCandidate) -> Screen:
    """News, an event or results: nothing a member applies to, so it is not pushed."""
    return Screen(
        "\n".join(
            [
                f"<b>{esc(found.title)}</b>",
                tr.gettext(
                    "This is not a call (it is marked as: %(kind)s), so it cannot be pushed. "
                    "Only calls for proposals, tenders and cascade calls are pushed; news and "
                    "events reach members in the “Also this week” part of their digest.",
                    kind=esc(kind_label(tr, OpportunityKind(found.kind))),
                ),
            ]
        )
    )


def preview(tr: Translator, found: PushCandidate, *, recipients: int) -> Screen:
    """The opportunity and how many members it matches; a Send button when any."""
    text = "\n".join(
        [
            f"<b>{esc(found.title)}</b>",
            esc(found.call_id or found.uid),
            "",
            tr.ngettext(
                "It matches %(n)s member now.", "It matches %(n)s members now.", recipients
            ),
        ]
    )
    markup = None
    if recipients:
        send = "📌 " + tr.gettext("Send to %(n)s", n=recipients)
        markup = keyboard([[button(send, PushSend(found.id))]])
    elif found.status == "closed":
        text += "\n" + tr.gettext("It is closed, so it is not sent to anyone.")
    return Screen(text, markup)


def heading(tr: Translator) -> str:
    """The line above a pushed opportunity in a member's chat."""
    return "📌 <b>" + tr.gettext("Recommended by the coordinators") + "</b>"


def refused(tr: Translator, code: str) -> Screen:
    """The push did not go out: not a call, or no longer open."""
    if code == "not_funding":
        return Screen(tr.gettext("It is not a call; nothing was sent."))
    return Screen(tr.gettext("It is no longer open; nothing was sent."))


def error_text(tr: Translator, code: str) -> str:
    """The words for a /push press that fits nothing."""
    return tr.gettext("This button is no longer valid.")
