"""Screens of the member's own directory entry: the entry, its toggle lists, the description
prompt."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.buttons.directory import (
    BACK,
    CLEAR_DESCRIPTION,
    EditEntry,
    PublishEntry,
    SearchPartners,
    ToggleLanguage,
    ToggleRole,
    ToggleTopic,
)
from bot.callbacks import Button
from bot.config import Settings
from bot.core.i18n import Translator
from bot.core.languages import language_name
from bot.core.render import esc
from bot.directory.rules import spoken_languages
from bot.directory.types import DESCRIPTION_MAX, ROLES, Entry
from bot.views.common import CHECK, Screen, button, keyboard, rows, taxonomy_label
from bot.views.directory.cards import card, role_name


def own_entry(tr: Translator, settings: Settings, entry: Entry) -> Screen:
    """/directory: the member's own entry (or what it would show) with its buttons."""
    if not entry.stored:
        status = tr.gettext(
            "You have no entry in the partner directory. This is what it would show; "
            "nobody sees it until you publish it."
        )
    elif entry.published:
        status = tr.gettext("🟢 Published: members looking for partners can find it in /partners.")
    else:
        status = tr.gettext("⚪ Not published: nobody sees it. Press Publish when it looks right.")
    privacy = tr.gettext(
        "Name, country and type come from your /profile. Your Telegram name and account are "
        "never shown: a member who wants to talk to you asks for an introduction, and you "
        "decide whether to share your contact."
    )
    text = "\n\n".join(
        [
            tr.gettext("<b>Your entry in the partner directory</b>"),
            status,
            card(tr, settings, entry),
        ]
    )
    text += "\n\n" + f"<i>{privacy}</i>"
    buttons = [
        [
            button(tr.gettext("✏️ Description"), EditEntry("description")),
            button(tr.gettext("✏️ Roles"), EditEntry("roles")),
        ],
        [
            button(tr.gettext("✏️ Languages"), EditEntry("languages")),
            button(tr.gettext("✏️ Expertise topics"), EditEntry("topics")),
        ],
    ]
    last: list[InlineKeyboardButton] = []
    if not entry.published:
        last.append(button(tr.gettext("📢 Publish"), PublishEntry(True)))
    if entry.stored:
        last.append(button(tr.gettext("🗑 Remove my entry"), PublishEntry(False)))
    buttons.append(last)
    buttons.append([button(tr.gettext("🔎 Find partners"), SearchPartners())])
    return Screen(text, keyboard(buttons))


def choose(tr: Translator, settings: Settings, entry: Entry, kind: str) -> Screen:
    """Toggle keyboard for the entry's topics, languages or roles (✅ on selected)."""
    # (label, selected, the press that flips it)
    options: list[tuple[str, bool, Button]]
    if kind == "topics":
        text = tr.gettext("<b>Expertise topics</b>\nChoose what your organisation works on.")
        options = [
            (
                taxonomy_label(settings, "topic", t.id, tr.language),
                t.id in entry.topics,
                ToggleTopic(t.id, t.id not in entry.topics),
            )
            for t in settings.taxonomy.topics
        ]
        per_row = 2
    elif kind == "languages":
        text = tr.gettext("<b>Languages</b>\nChoose the languages your team can work in.")
        options = [
            (
                language_name(c, tr.language, capital=True),
                c in entry.languages,
                ToggleLanguage(c, c not in entry.languages),
            )
            for c in spoken_languages(settings)
        ]
        per_row = 3
    elif kind == "roles":
        text = tr.gettext("<b>Roles</b>\nChoose the roles your organisation can take in a project.")
        options = [
            (role_name(tr, r), r in entry.roles, ToggleRole(r, r not in entry.roles)) for r in ROLES
        ]
        per_row = 1
    else:
        raise ValueError(kind)
    toggles = [
        button(f"{CHECK} {name}" if selected else name, press) for name, selected, press in options
    ]
    done = [[button(tr.gettext("Done"), EditEntry(BACK))]]
    return Screen(text, keyboard(rows(toggles, per_row), done))


def ask_description(tr: Translator, entry: Entry) -> Screen:
    """Ask for the description as a message."""
    text = tr.gettext(
        "Send me a short description of your organisation's expertise and what you are looking "
        "for (at most %(max)s characters).",
        max=DESCRIPTION_MAX,
    )
    if entry.description:
        text += "\n\n" + tr.gettext("Now: %(value)s", value=f"<i>{esc(entry.description)}</i>")
    buttons = [button(tr.gettext("Cancel"), EditEntry(BACK))]
    if entry.description:
        buttons.insert(
            0, button(tr.gettext("Remove the description"), EditEntry(CLEAR_DESCRIPTION))
        )
    return Screen(text, keyboard([buttons]))


def description_problem(tr: Translator, length: int) -> Screen:
    """The description was empty or too long."""
    if length == 0:
        return Screen(tr.gettext("That message has no text. Please send a short description."))
    return Screen(
        tr.gettext(
            "That is %(length)s characters; please send at most %(max)s.",
            length=length,
            max=DESCRIPTION_MAX,
        )
    )


def removed(tr: Translator) -> Screen:
    """The entry was removed."""
    return Screen(
        tr.gettext(
            "Your entry was removed from the partner directory. /directory creates a new one."
        )
    )
