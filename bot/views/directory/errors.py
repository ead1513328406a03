"""The words for a refused directory request (the codes of
:class:`~bot.directory.types.DirectoryError`)."""

from __future__ import annotations

from bot.core.i18n import Translator
from bot.directory.types import DAILY_REQUESTS


def error_text(tr: Translator, code: str) -> str:
    """Why a directory request cannot be done."""
    messages = {
        "not_member": tr.gettext("First let's get you set up: send /start."),
        "group": tr.gettext(
            "The partner directory works in a private chat with me, not in groups."
        ),
        "no_org_name": tr.gettext(
            "Please add your organisation's name first (/profile), so members know who you are."
        ),
        "self": tr.gettext("That is your own entry."),
        "unavailable": tr.gettext("This organisation is no longer in the partner directory."),
        "unknown_call": tr.gettext("I no longer know this call."),
        "duplicate": tr.gettext(
            "You already asked for this introduction; it is waiting for their answer."
        ),
        "limit": tr.ngettext(
            "You have sent %(n)s introduction request in the last 24 hours, the most I send "
            "in a day. Please try again tomorrow.",
            "You have sent %(n)s introduction requests in the last 24 hours, the most I send "
            "in a day. Please try again tomorrow.",
            DAILY_REQUESTS,
        ),
        "unknown": tr.gettext("This introduction request is no longer available."),
        "stale": tr.gettext("That button is out of date. Send /start to get a fresh menu."),
        "no_organisation": tr.gettext(
            "The partner directory is for the people of member organisations: "
            "send /profile and add your organisation's name."
        ),
        "pending": tr.gettext(
            "Your organisation waits for a coordinator's approval. "
            "I will tell you as soon as it is decided."
        ),
        "rejected": tr.gettext(
            "Your organisation was not approved. Please write to the coordinators if you think "
            "this is a mistake."
        ),
        "not_confirmed": tr.gettext(
            "Your organisation's people have not confirmed you yet. I will tell you when they do."
        ),
    }
    return messages.get(code, tr.gettext("That cannot be done now."))
