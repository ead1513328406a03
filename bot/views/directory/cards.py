"""The facts of an organisation as HTML lines: a directory entry's card, a requester's
organisation, and the contact link of an accepted introduction.

Everything a member typed (organisation name, description) is escaped here. Nothing here shows
a member's Telegram identity except :func:`mention`, used only once an introduction is accepted.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.config import Settings
from bot.core import countries
from bot.core.i18n import Translator
from bot.core.languages import language_name
from bot.core.orgtypes import ORG_TYPES
from bot.core.render import esc
from bot.directory.types import Entry, Organisation
from bot.views.common import taxonomy_label


def role_name(tr: Translator, role: str) -> str:
    """What a role means, in a few words."""
    if role == "coordinator":
        return tr.gettext("coordinator (can lead a consortium)")
    if role == "partner":
        return tr.gettext("partner")
    return role


def _org_type(tr: Translator, org_type: str | None) -> str | None:
    return tr.gettext(ORG_TYPES[org_type]) if org_type in ORG_TYPES else None


def _place_and_type(tr: Translator, country: str | None, org_type: str | None) -> str:
    parts = [
        countries.name(country, tr.language) if country else None,
        _org_type(tr, org_type),
    ]
    return " · ".join(p for p in parts if p)


def _topics(settings: Settings, topics: Sequence[str], language: str) -> str:
    return ", ".join(taxonomy_label(settings, "topic", t, language) for t in topics)


def card(tr: Translator, settings: Settings, entry: Entry, *, number: int | None = None) -> str:
    """An entry's facts as HTML lines (never a Telegram identity)."""
    language = tr.language
    prefix = f"{number}. " if number is not None else ""
    name = entry.org_name or tr.gettext("(no organisation name yet)")
    lines = [f"<b>{esc(prefix + name)}</b>"]
    where = _place_and_type(tr, entry.country, entry.org_type)
    if where:
        lines.append(esc(where))
    none = tr.gettext("not given")
    lines.append(
        tr.gettext(
            "<b>Expertise:</b> %(value)s",
            value=esc(_topics(settings, entry.topics, language) or none),
        )
    )
    if entry.description:
        lines.append(f"<i>{esc(entry.description)}</i>")
    lines.append(
        tr.gettext(
            "<b>Languages:</b> %(value)s",
            value=esc(", ".join(language_name(c, language) for c in entry.languages) or none),
        )
    )
    lines.append(
        tr.gettext(
            "<b>Can be:</b> %(value)s",
            value=esc(", ".join(role_name(tr, r) for r in entry.roles) or none),
        )
    )
    return "\n".join(lines)


def organisation(tr: Translator, settings: Settings, org: Organisation) -> str:
    """The requester's organisation, for the target of an introduction."""
    lines = [f"<b>{esc(org.org_name)}</b>"]
    where = _place_and_type(tr, org.country, org.org_type)
    if where:
        lines.append(esc(where))
    if org.topics:
        lines.append(
            tr.gettext(
                "<b>Topics:</b> %(value)s", value=esc(_topics(settings, org.topics, tr.language))
            )
        )
    return "\n".join(lines)


def mention(chat_id: int, org_name: str) -> str:
    """A Telegram mention link named after the organisation."""
    return f'<a href="tg://user?id={int(chat_id)}">{esc(org_name)}</a>'
