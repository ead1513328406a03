"""Screens of /admins and the words of the coordinator role (pure functions of their data)."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.buttons.admins import RemoveCoordinator
from bot.coordinators.types import CoordinatorEntry
from bot.core.i18n import Translator
from bot.core.render import esc
from bot.views.common import Screen, button, keyboard


def coordinators_only(tr: Translator) -> str:
    """The refusal of a coordinator command or button to anyone else."""
    return tr.gettext("This is for the alliance's coordinators only.")


def admins_only(tr: Translator) -> str:
    """The refusal of a role change to a coordinator who is not a config admin."""
    return tr.gettext("Only the admins named in the configuration can add or remove coordinators.")


def usage(tr: Translator) -> Screen:
    """/admins with arguments it does not understand."""
    return Screen(tr.gettext("Use /admins add USER_ID or /admins remove USER_ID."))


def removed(tr: Translator, *, was_promoted: bool = True) -> str:
    """After /admins remove (or its button): removed, or there was no such coordinator."""
    if was_promoted:
        return tr.gettext("Removed.")
    return tr.gettext("That user is not a promoted coordinator.")


def unknown_user(tr: Translator, user_id: int) -> Screen:
    """/admins add for someone who never talked to the bot."""
    return Screen(
        tr.gettext(
            "I do not know user %(id)s. They must send /start to me first; /mydata "
            "shows them their user id.",
            id=user_id,
        )
    )


def people_only(tr: Translator) -> Screen:
    """/admins add for a group or channel."""
    return Screen(tr.gettext("Only people can be coordinators."))


def promoted(tr: Translator, name: str, *, added: bool) -> Screen:
    """After /admins add: ``name`` is now a coordinator, or already was one."""
    if added:
        return Screen(tr.gettext("%(name)s is now a coordinator.", name=esc(name)))
    return Screen(tr.gettext("%(name)s is already a coordinator.", name=esc(name)))


def welcome_coordinator(tr: Translator) -> str:
    """The message a newly promoted coordinator gets (in their language)."""
    return tr.gettext(
        "You are now a coordinator of the INEXA Alliance bot. /help lists your commands."
    )


def admins_screen(tr: Translator, entries: list[CoordinatorEntry], *, can_change: bool) -> Screen:
    """Every coordinator; a config admin (``can_change``) gets a Remove button per promoted one."""
    lines = ["<b>" + tr.gettext("Coordinators") + "</b>"]
    buttons: list[list[InlineKeyboardButton]] = []
    for entry in entries:
        if entry.from_config:
            lines.append(tr.gettext("%(id)s (admin, from the configuration)", id=entry.user_id))
        else:
            lines.append(f"{esc(entry.display_name)} ({entry.user_id})")
            if can_change:
                label = tr.gettext("Remove %(name)s", name=entry.display_name)
                buttons.append([button(label, RemoveCoordinator(entry.user_id))])
    if can_change:
        lines.append("")
        lines.append(
            tr.gettext(
                "Add one with /admins add USER_ID (they must have talked to me; /mydata shows "
                "a member their id)."
            )
        )
    return Screen("\n".join(lines), keyboard(buttons) if buttons else None)


def error_text(tr: Translator, code: str) -> str:
    """The words for a refused /admins press."""
    if code == "not_allowed":
        return admins_only(tr)
    return tr.gettext("This button is no longer valid.")
