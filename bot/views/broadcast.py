"""Screens of a /broadcast draft and the message members get (pure functions of their data)."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.broadcasts.types import TEXT_MAX, BroadcastInfo
from bot.buttons.broadcast import (
    AudienceMenu,
    BroadcastAudience,
    BroadcastDiscard,
    BroadcastNoLink,
    BroadcastSend,
)
from bot.config import Settings
from bot.core import countries
from bot.core.i18n import Translator
from bot.core.orgtypes import ORG_TYPES
from bot.core.render import esc, esc_attr
from bot.views.common import Screen, button, keyboard, label, rows, taxonomy_label


def private_only(tr: Translator) -> Screen:
    """/broadcast in a group."""
    return Screen(tr.gettext("Please do this in a private chat with me."))


def ask_text(tr: Translator, draft_id: int) -> Screen:
    """The first step: the message itself."""
    return Screen(
        tr.gettext(
            "Send the message for members. Bold, italic and links are kept. "
            "At most %(max)s characters.",
            max=TEXT_MAX,
        ),
        keyboard([[button(tr.gettext("Discard"), BroadcastDiscard(draft_id))]]),
    )


def too_long(tr: Translator) -> Screen:
    """The message is over :data:`TEXT_MAX`."""
    return Screen(tr.gettext("That is too long: %(max)s characters at most.", max=TEXT_MAX))


def ask_link(tr: Translator, draft_id: int) -> Screen:
    """The second step: a link under the message, or none."""
    return Screen(
        tr.gettext("Add a link (https://…) under the message, or press No link."),
        keyboard([[button(tr.gettext("No link"), BroadcastNoLink(draft_id))]]),
    )


def bad_link(tr: Translator) -> Screen:
    """The link is not a full https link."""
    return Screen(
        tr.gettext("That link does not look right. Send a full link starting with https://")
    )


def audience_menu(tr: Translator, draft_id: int, *, everyone: int) -> Screen:
    """Who should get it: everyone (``everyone`` members), or a list by topic, country, type."""
    return Screen(
        tr.gettext("Who should get it?"),
        keyboard(
            [
                [
                    button(
                        tr.gettext("All members (%(n)s)", n=everyone),
                        BroadcastAudience(draft_id, "all", None),
                    )
                ],
                [
                    button(tr.gettext("By topic"), BroadcastAudience(draft_id, "menu", "topic")),
                    button(
                        tr.gettext("By country"), BroadcastAudience(draft_id, "menu", "country")
                    ),
                ],
                [
                    button(
                        tr.gettext("By organisation type"),
                        BroadcastAudience(draft_id, "menu", "org_type"),
                    )
                ],
                [button(tr.gettext("Discard"), BroadcastDiscard(draft_id))],
            ]
        ),
    )


def audience_choices(
    tr: Translator,
    settings: Settings,
    draft_id: int,
    menu: AudienceMenu,
    *,
    member_countries: list[str],
) -> Screen:
    """One audience kind's list, two to a row; countries are those members gave."""
    choices: list[tuple[str, str]]
    if menu == "topic":
        choices = [(t.id, label(t, tr.language)) for t in settings.taxonomy.topics]
    elif menu == "country":
        choices = [(c, countries.name(c, tr.language)) for c in member_countries]
    else:
        choices = [(key, tr.gettext(text)) for key, text in ORG_TYPES.items()]
    options = [button(name, BroadcastAudience(draft_id, menu, key)) for key, name in choices]
    return Screen(
        tr.gettext("Choose one:"),
        keyboard(rows(options, 2), [[button("◀️", BroadcastAudience(draft_id, "back", None))]]),
    )


def audience_name(tr: Translator, settings: Settings, audience: str, value: str | None) -> str:
    """Who an audience is, inside a sentence ("members in Romania"); plain text."""
    if audience == "topic" and value:
        return tr.gettext(
            "members following %(topic)s",
            topic=taxonomy_label(settings, "topic", value, tr.language),
        )
    if audience == "country" and value:
        return tr.gettext("members in %(country)s", country=countries.name(value, tr.language))
    if audience == "org_type" and value:
        kind = tr.gettext(ORG_TYPES[value]) if value in ORG_TYPES else value
        return tr.gettext("members of type %(type)s", type=kind)
    if audience == "attended" and value:
        return tr.gettext("members who attended #%(id)s", id=value)
    if audience == "registered" and value:
        return tr.gettext("members registered for #%(id)s", id=value)
    return tr.gettext("all members")


def message(tr: Translator, text: str, link: str | None) -> str:
    """The broadcast as members get it: ``text`` is the coordinator's HTML (already safe)."""
    parts = ["📢 <b>" + tr.gettext("From the alliance's coordinators") + "</b>", "", text]
    if link:
        parts += ["", f'🔗 <a href="{esc_attr(link)}">{esc(link)}</a>']
    return "\n".join(parts)


def preview(tr: Translator, settings: Settings, draft: BroadcastInfo, *, count: int) -> Screen:
    """The message as members will see it, its audience and ``count``; send, change, discard."""
    text = "\n".join(
        [
            "👀 " + tr.gettext("Preview"),
            "",
            message(tr, draft.text, draft.link),
            "",
            tr.ngettext(
                "Audience: %(audience)s, %(n)s recipient.",
                "Audience: %(audience)s, %(n)s recipients.",
                count,
                audience=esc(audience_name(tr, settings, draft.audience, draft.audience_value)),
            ),
        ]
    )
    buttons: list[list[InlineKeyboardButton]] = []
    if count:
        send = "📢 " + tr.gettext("Send to %(n)s", n=count)
        buttons.append([button(send, BroadcastSend(draft.id))])
    buttons.append(
        [button(tr.gettext("Change the audience"), BroadcastAudience(draft.id, "back", None))]
    )
    buttons.append([button(tr.gettext("Discard"), BroadcastDiscard(draft.id))])
    return Screen(text, keyboard(buttons))


def queued(tr: Translator, count: int) -> Screen:
    """A broadcast or push queued for ``count`` members."""
    return Screen(
        "✅ "
        + tr.ngettext(
            "Queued for %(n)s member. You will get a delivery summary when it is sent.",
            "Queued for %(n)s members. You will get a delivery summary when it is sent.",
            count,
        )
    )


def discarded(tr: Translator) -> Screen:
    """The draft was thrown away."""
    return Screen(tr.gettext("Discarded. Nothing was sent."))


def error_text(tr: Translator, code: str) -> str:
    """The words for a refused press on a draft (``stale``: data that fits no draft)."""
    if code == "stale":
        return tr.gettext("This button is no longer valid.")
    return tr.gettext("This draft is no longer open.")
