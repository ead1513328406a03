"""Words for the codes the bot stores, in the reader's language.

The database keeps codes ("ngo", "RO", "ro", "digest", "blocked"); a person never reads one.
Countries and languages get their names from Babel's CLDR data, organisation types and the
bot's own codes (message kinds, failure reasons) from the translation catalog. A code the
bot does not know (an old value, a new source's id) is shown as it is rather than hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core import countries
from bot.core.i18n import N_, Translator
from bot.core.languages import language_name
from bot.core.orgtypes import ORG_TYPES

if TYPE_CHECKING:
    from bot.config import Settings, TaxonomyItem

#: Kinds of delivery runs and outbox messages, as coordinators read them.
MESSAGE_KINDS: dict[str, str] = {
    "digest": N_("weekly digest"),
    "broadcast": N_("message to members"),
    "push": N_("recommended call"),
    "workshop": N_("workshop announcement"),
    "ws_notice": N_("workshop change"),
    "ws_reminder": N_("workshop reminder"),
    "alert": N_("followed call changed"),
    "reminder": N_("deadline reminder"),
    "health": N_("source health summary"),
}

#: Where a call stands (``feeds.types.Status``), as a follower reads it in an alert.
CALL_STATUSES: dict[str, str] = {
    "forthcoming": N_("opening soon"),
    "open": N_("open"),
    "closed": N_("closed"),
    "unknown": N_("unclear"),
}

#: Why a message could not be delivered (the sender's reasons, see ``bot.delivery.sender``).
FAILURE_REASONS: dict[str, str] = {
    "blocked": N_("blocked the bot"),
    "deactivated": N_("account deleted"),
    "chat not found": N_("chat not found"),
    "timed out twice": N_("no answer from Telegram"),
    "timeout": N_("no answer from Telegram"),
    "server error": N_("network or server error"),
    "bad request": N_("refused by Telegram"),
    "unknown": N_("unknown reason"),
}


def country_label(code: str, language: str) -> str:
    """A country's name in ``language`` ("RO" -> "Rumanía")."""
    return countries.name(code, language)


def org_type_label(tr: Translator, code: str) -> str:
    """An organisation type's name ("ngo" -> "ONG")."""
    return tr.gettext(ORG_TYPES[code]) if code in ORG_TYPES else code


def language_label(code: str, language: str) -> str:
    """A language's name in ``language`` ("ro" -> "rumano")."""
    return language_name(code, language)


def message_kind_label(tr: Translator, kind: str) -> str:
    """What a delivery run sent ("digest" -> "weekly digest")."""
    return tr.gettext(MESSAGE_KINDS[kind]) if kind in MESSAGE_KINDS else kind


def call_status_label(tr: Translator, status: str | None) -> str:
    """A call's status in words ("forthcoming" -> "opening soon"); "—" when there was none."""
    if not status:
        return "—"
    return tr.gettext(CALL_STATUSES[status]) if status in CALL_STATUSES else status


def failure_reason_key(reason: str) -> str:
    """The known reason a stored failure text stands for.

    The sender stores its own reasons ("blocked", "timed out twice") and, for a request
    Telegram refused, Telegram's description ("Bad Request: message is too long"), which is
    grouped as "bad request".
    """
    if reason in FAILURE_REASONS:
        return reason
    if reason.startswith("network:"):
        return "server error"
    return "bad request"


def failure_reason_label(tr: Translator, reason: str) -> str:
    """Why messages failed, in words ("blocked" -> "blocked the bot")."""
    return tr.gettext(FAILURE_REASONS[failure_reason_key(reason)])


def label(item: TaxonomyItem, language: str) -> str:
    """A taxonomy entry's label in ``language``, falling back to English."""
    return item.labels.get(language) or item.labels["en"]


def taxonomy_label(settings: Settings, kind: str, item_id: str, language: str) -> str:
    """The label of a topic or programme id (the id itself when it left the taxonomy)."""
    items = settings.taxonomy.topics if kind == "topic" else settings.taxonomy.programmes
    for item in items:
        if item.id == item_id:
            return label(item, language)
    return item_id
