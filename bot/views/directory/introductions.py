"""Introduction messages: the request as its target sees it, and what each side is told when
it is sent, accepted or declined. Only an accepted introduction shows contacts."""

from __future__ import annotations

from bot.buttons.directory import AnswerIntroduction
from bot.config import Settings
from bot.core.i18n import Translator
from bot.core.render import esc
from bot.directory.types import IntroAnswer, IntroRequest
from bot.views.common import Screen, button, keyboard
from bot.views.directory.cards import mention, organisation


def request_sent(tr: Translator, request: IntroRequest) -> Screen:
    """Told to the requester once the target got the request."""
    return Screen(
        tr.gettext(
            "✉️ Your introduction request was sent to %(org)s. If they accept, I will send you "
            "each other's contact.",
            org=f"<b>{esc(request.target_org_name)}</b>",
        )
    )


def unreachable(tr: Translator) -> Screen:
    """The target could not be messaged."""
    return Screen(
        tr.gettext(
            "Sorry, this member cannot be reached at the moment, so the request was not sent."
        )
    )


def request_to_target(tr: Translator, settings: Settings, request: IntroRequest) -> Screen:
    """The request as the target sees it, with Accept / Decline."""
    if request.opportunity_title:
        lead = tr.gettext(
            "🤝 <b>Introduction request</b>\nAn organisation of the alliance found yours in the "
            "partner directory and would like to get in touch about the call “%(title)s”:",
            title=esc(request.opportunity_title),
        )
    else:
        lead = tr.gettext(
            "🤝 <b>Introduction request</b>\nAn organisation of the alliance found yours in the "
            "partner directory and would like to get in touch:"
        )
    explain = tr.gettext(
        "If you accept, you both get each other's Telegram contact. If you decline, they are "
        "told politely and learn nothing about you."
    )
    text = "\n\n".join([lead, organisation(tr, settings, request.requester), explain])
    return Screen(
        text,
        keyboard(
            [
                [
                    button(tr.gettext("✅ Accept"), AnswerIntroduction(request.id, True)),
                    button(tr.gettext("❌ Decline"), AnswerIntroduction(request.id, False)),
                ]
            ]
        ),
    )


def accepted_for_target(tr: Translator, settings: Settings, answer: IntroAnswer) -> Screen:
    """The target's request message after they accepted: the requester's contact."""
    text = "\n\n".join(
        [
            tr.gettext("🤝 <b>Introduction accepted</b>"),
            organisation(tr, settings, answer.requester),
            tr.gettext(
                "Contact: %(contact)s. They got your contact too; write to each other to "
                "talk about working together.",
                contact=mention(answer.requester_chat_id, answer.requester.org_name),
            ),
        ]
    )
    return Screen(text)


def accepted_for_requester(tr: Translator, answer: IntroAnswer) -> Screen:
    """Sent to the requester when the target accepted: the target's contact."""
    if answer.opportunity_title:
        lead = tr.gettext(
            "🤝 %(org)s accepted your introduction request about “%(title)s”.",
            org=f"<b>{esc(answer.target_org_name)}</b>",
            title=esc(answer.opportunity_title),
        )
    else:
        lead = tr.gettext(
            "🤝 %(org)s accepted your introduction request.",
            org=f"<b>{esc(answer.target_org_name)}</b>",
        )
    return Screen(
        lead
        + "\n\n"
        + tr.gettext(
            "Contact: %(contact)s. They got your contact too; write to each other to "
            "talk about working together.",
            contact=mention(answer.target_chat_id, answer.target_org_name),
        )
    )


def declined_for_target(tr: Translator, settings: Settings, answer: IntroAnswer) -> Screen:
    """The target's request message after they declined."""
    return Screen(
        "\n\n".join(
            [
                tr.gettext("<b>Introduction declined</b>"),
                organisation(tr, settings, answer.requester),
                tr.gettext("They are told politely; your contact was not shared."),
            ]
        )
    )


def declined_for_requester(tr: Translator, answer: IntroAnswer) -> Screen:
    """Sent to the requester when the target declined (no identity: only the org's name)."""
    return Screen(
        tr.gettext(
            "Your introduction request to %(org)s was declined this time. Thank you for "
            "understanding; /partners may show other organisations for your project.",
            org=f"<b>{esc(answer.target_org_name)}</b>",
        )
    )
