"""Public posts (the channel and forum topics) and the coordinators' screens that link them.

Public posts name calls and activities, never a member; every one ends with the project's
acknowledgement (``[project]``). Feed text and typed text are escaped here.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons.calendar import ShowcaseToggle
from bot.config import ProjectSettings, Settings
from bot.core import dates
from bot.core.i18n import Translator
from bot.core.render import esc, esc_attr
from bot.directory.types import Entry
from bot.public.rules import PublicCall, Target
from bot.views.activity import kind_heading, repeat_text
from bot.views.common import Screen, button, keyboard, taxonomy_label
from bot.views.directory.cards import card
from bot.views.workshops.cards import details
from bot.workshops.types import Rendered, WorkshopInfo


def acknowledgement(project: ProjectSettings, language: str) -> str:
    """The footer every public post carries (empty when ``[project]`` says nothing)."""
    text = project.acknowledgement_in(language)
    parts = [esc(text)] if text else []
    if project.reference:
        parts.append(esc(project.reference))
    return "\n\n<i>" + " · ".join(parts) + "</i>" if parts else ""


def public_digest(
    tr: Translator,
    settings: Settings,
    calls: Sequence[PublicCall],
    *,
    topic: str | None,
) -> str:
    """The week's new calls for the channel (``topic`` None) or one forum topic."""
    zone = settings.schedule.zone
    if topic is None:
        head = "📰 " + tr.gettext("New funding calls this week")
    else:
        name = taxonomy_label(settings, "topic", topic, tr.language)
        head = "📰 " + tr.gettext("New funding calls this week: %(topic)s", topic=esc(name))
    lines = [f"<b>{head}</b>", ""]
    for call in calls:
        title = f'<a href="{esc_attr(call.url)}">{esc(call.title[:200])}</a>'
        when = (
            dates.deadline_text(tr, call.deadline, reader_zone=zone)
            if call.deadline
            else tr.gettext("no deadline")
        )
        lines.append(f"• {title}")
        lines.append("   ⏳ " + esc(when))
    lines.append("")
    lines.append(tr.gettext("Members get the calls that match them, with reminders, from the bot."))
    return "\n".join(lines) + acknowledgement(settings.project, tr.language)


def public_workshop(
    tr: Translator,
    settings: Settings,
    workshop: WorkshopInfo,
    *,
    bot_username: str,
) -> Rendered:
    """An activity announced publicly: its facts and an "Answer in private" deep link
    (answers belong to a person, in their private chat with the bot)."""
    zone = settings.schedule.zone
    parts = [
        kind_heading(tr, workshop.kind),
        details(tr, workshop, zone=zone, language=tr.language),
    ]
    if workshop.series_id is not None and workshop.recurrence:
        rule = repeat_text(tr, workshop.recurrence)
        parts.append("🔁 " + tr.gettext("Repeats %(rule)s", rule=rule))
    text = "\n".join(parts) + acknowledgement(settings.project, tr.language)
    link = f"https://t.me/{bot_username}?start=ws{workshop.id}"
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton("✋ " + tr.gettext("Answer in private"), url=link)]]
    )
    return Rendered(text, markup.to_dict())


def showcase_post(tr: Translator, settings: Settings, entry: Entry) -> str:
    """A new member of the showcase, for the channel (what their published entry says)."""
    head = "🌟 " + tr.gettext("Meet an alliance member")
    return (
        f"<b>{head}</b>\n\n"
        + card(tr, settings, entry)
        + acknowledgement(settings.project, tr.language)
    )


def showcase_document(tr: Translator, settings: Settings, entries: Sequence[Entry]) -> bytes:
    """The whole showcase as one HTML document (prints well, opens anywhere)."""
    title = html.escape(tr.gettext("Members of the INEXA Alliance"))
    blocks = []
    for entry in entries:
        lines = card(tr, settings, entry).split("\n")
        blocks.append("<section>" + "<br>".join(lines) + "</section>")
    footer = acknowledgement(settings.project, tr.language).strip()
    body = "\n".join(blocks) or "<p>" + html.escape(tr.gettext("The showcase is empty.")) + "</p>"
    page = (
        f'<!doctype html>\n<html lang="{tr.language}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>body{{font-family:sans-serif;max-width:48em;margin:auto}}"
        "section{border-bottom:1px solid #ccc;padding:1em 0}</style></head>\n"
        f"<body><h1>{title}</h1>\n{body}\n<footer><p>{footer}</p></footer></body></html>\n"
    )
    return page.encode("utf-8")


# ------------------------------------------------------------------- coordinators


def targets_view(tr: Translator, settings: Settings, targets: Sequence[Target]) -> Screen:
    """Where the bot posts publicly, and how to link more."""
    lines = ["📢 " + tr.gettext("Public posts"), ""]
    channel = next((t for t in targets if t.kind == "channel"), None)
    if channel is None:
        lines.append(tr.gettext("Channel: none linked."))
    else:
        lines.append(
            tr.gettext("Channel: %(title)s", title=esc(channel.title or str(channel.chat_id)))
        )
    topics = [t for t in targets if t.kind == "topic"]
    for target in topics:
        lines.append(
            tr.gettext(
                "Forum topic for %(topic)s: %(title)s",
                topic=esc(taxonomy_label(settings, "topic", target.topic or "", tr.language)),
                title=esc(target.title),
            )
        )
    lines.append("")
    lines.append(
        tr.gettext(
            "Link the channel with /channel @name (make me an administrator who may post "
            "there first); /channel off unlinks it. In a topic of the alliance's forum group, "
            "send /forumtopic TOPIC (e.g. /forumtopic %(example)s) to post that topic's calls "
            "there; /forumtopic off unlinks it.",
            example=esc(settings.taxonomy.topics[0].id if settings.taxonomy.topics else "green"),
        )
    )
    return Screen("\n".join(lines))


def channel_refused(tr: Translator, code: str) -> str:
    """Why a channel cannot be linked."""
    messages = {
        "not_found": tr.gettext(
            "I cannot see that channel. Add me to it as an administrator first."
        ),
        "not_channel": tr.gettext(
            "That is not a channel. Send /channel @name of the alliance's channel."
        ),
        "not_admin": tr.gettext(
            "I am not an administrator who may post in that channel. "
            "Give me that right and try again."
        ),
    }
    return messages.get(code, messages["not_found"])


def channel_linked(tr: Translator, title: str) -> str:
    """The channel is linked."""
    return "✅ " + tr.gettext(
        "Linked: %(title)s. The weekly public digest and workshop announcements go there.",
        title=esc(title),
    )


def topic_usage(tr: Translator, settings: Settings) -> str:
    """/forumtopic needs a topic, inside a forum topic."""
    ids = ", ".join(item.id for item in settings.taxonomy.topics)
    return tr.gettext(
        "Send /forumtopic TOPIC inside a topic of the alliance's forum group; TOPIC is one of: "
        "%(ids)s. /forumtopic off unlinks the topic you are in.",
        ids=esc(ids),
    )


def topic_linked(tr: Translator, settings: Settings, topic: str) -> str:
    """A forum topic now receives a taxonomy topic's calls."""
    name = taxonomy_label(settings, "topic", topic, tr.language)
    return "✅ " + tr.gettext(
        "This forum topic now gets the weekly calls about %(topic)s and its workshops.",
        topic=esc(name),
    )


def topic_unlinked(tr: Translator, found: bool) -> str:
    """The forum topic is unlinked (or was not linked)."""
    if found:
        return tr.gettext("This forum topic gets no more posts from me.")
    return tr.gettext("This forum topic was not linked.")


# ------------------------------------------------------------------------ showcase


def showcase_screen(tr: Translator, *, published: bool, joined: bool) -> Screen:
    """A member's showcase choice."""
    if not published:
        return Screen(
            tr.gettext(
                "The public showcase presents alliance members on the alliance's channel. "
                "Publish your entry in the partner directory first (/directory), then come back."
            )
        )
    if joined:
        text = tr.gettext(
            "Your organisation is in the public showcase: its directory entry (never your "
            "Telegram name) is presented on the alliance's public channel."
        )
        return Screen(
            text, keyboard([[button(tr.gettext("Leave the showcase"), ShowcaseToggle(False))]])
        )
    text = tr.gettext(
        "Join the public showcase? I will post your organisation's directory entry (name, "
        "country, type, expertise, description, languages, roles; never your Telegram name) "
        "on the alliance's public channel, where anyone can read it."
    )
    return Screen(
        text, keyboard([[button("🌟 " + tr.gettext("Join the showcase"), ShowcaseToggle(True))]])
    )


def showcase_left(tr: Translator) -> Screen:
    """The member left the showcase."""
    return Screen(
        tr.gettext(
            "You left the showcase: your post is removed from the channel, and your "
            "organisation is left out of the showcase document."
        )
    )


def showcase_joined(tr: Translator, posted: bool) -> Screen:
    """The member joined (and whether a post is on its way)."""
    if posted:
        return Screen(
            "🌟 " + tr.gettext("Welcome to the showcase: your post is on its way to the channel.")
        )
    return Screen(
        "🌟 "
        + tr.gettext(
            "Welcome to the showcase. It will be posted once the alliance links its channel."
        )
    )


class PublicViews:
    """The views' :class:`~bot.public.rules.PublicRenderer`, handed to the services."""

    def digest(
        self, tr: Translator, settings: Settings, calls: Sequence[PublicCall], *, topic: str | None
    ) -> str:
        """See :func:`public_digest`."""
        return public_digest(tr, settings, calls, topic=topic)

    def workshop(
        self, tr: Translator, settings: Settings, workshop: WorkshopInfo, *, bot_username: str
    ) -> Rendered:
        """See :func:`public_workshop`."""
        return public_workshop(tr, settings, workshop, bot_username=bot_username)

    def showcase(self, tr: Translator, settings: Settings, entry: Entry) -> str:
        """See :func:`showcase_post`."""
        return showcase_post(tr, settings, entry)


PUBLIC = PublicViews()
