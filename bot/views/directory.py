"""Partner directory screens and introduction messages (pure: snapshots in, Screen out).

Everything a member typed (organisation name, description) is escaped here. No screen shows
a member's Telegram identity, except the contact link sent to both sides of an accepted
introduction (:func:`accepted_for_requester`, :func:`accepted_for_target`).
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton

from bot.callbacks import Action
from bot.config import Settings
from bot.core import countries
from bot.core.i18n import Translator
from bot.core.languages import language_name
from bot.core.orgtypes import ORG_TYPES
from bot.core.render import esc
from bot.services.directory import (
    DAILY_REQUESTS,
    DESCRIPTION_MAX,
    PAGE_SIZE,
    ROLES,
    CallPartners,
    Entry,
    Filters,
    IntroAnswer,
    IntroRequest,
    Organisation,
    SearchResult,
    spoken_languages,
)
from bot.views.common import CHECK, Screen, button, keyboard, rows, taxonomy_label

__all__ = ["Screen"]

#: Filter kinds of a search (the first argument of ``DIR_SEARCH``).
TOPIC, COUNTRY, ORG_TYPE, ANY = "t", "c", "o", "-"
#: ``DIR_EDIT`` arguments.
FIELDS = ("description", "roles", "languages", "topics")
BACK = "-"
CLEAR_DESCRIPTION = "cleardesc"


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


# ------------------------------------------------------------------ own entry


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
            button(tr.gettext("✏️ Description"), Action.DIR_EDIT, "description"),
            button(tr.gettext("✏️ Roles"), Action.DIR_EDIT, "roles"),
        ],
        [
            button(tr.gettext("✏️ Languages"), Action.DIR_EDIT, "languages"),
            button(tr.gettext("✏️ Expertise topics"), Action.DIR_EDIT, "topics"),
        ],
    ]
    last: list[InlineKeyboardButton] = []
    if not entry.published:
        last.append(button(tr.gettext("📢 Publish"), Action.DIR_PUBLISH, 1))
    if entry.stored:
        last.append(button(tr.gettext("🗑 Remove my entry"), Action.DIR_PUBLISH, 0))
    buttons.append(last)
    buttons.append([button(tr.gettext("🔎 Find partners"), Action.DIR_SEARCH)])
    return Screen(text, keyboard(buttons))


def choose(tr: Translator, settings: Settings, entry: Entry, kind: str) -> Screen:
    """Toggle keyboard for the entry's topics, languages or roles (✅ on selected)."""
    if kind == "topics":
        text = tr.gettext("<b>Expertise topics</b>\nChoose what your organisation works on.")
        action = Action.DIR_TOPIC
        options = [
            (t.id, taxonomy_label(settings, "topic", t.id, tr.language))
            for t in settings.taxonomy.topics
        ]
        chosen, per_row = entry.topics, 2
    elif kind == "languages":
        text = tr.gettext("<b>Languages</b>\nChoose the languages your team can work in.")
        action = Action.DIR_LANGUAGE
        options = [
            (c, language_name(c, tr.language, capital=True)) for c in spoken_languages(settings)
        ]
        chosen, per_row = entry.languages, 3
    elif kind == "roles":
        text = tr.gettext("<b>Roles</b>\nChoose the roles your organisation can take in a project.")
        action = Action.DIR_ROLE
        options = [(r, role_name(tr, r)) for r in ROLES]
        chosen, per_row = entry.roles, 1
    else:
        raise ValueError(kind)
    toggles = [
        button(
            f"{CHECK} {name}" if value in chosen else name,
            action,
            value,
            0 if value in chosen else 1,
        )
        for value, name in options
    ]
    done = [[button(tr.gettext("Done"), Action.DIR_EDIT, BACK)]]
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
    buttons = [button(tr.gettext("Cancel"), Action.DIR_EDIT, BACK)]
    if entry.description:
        buttons.insert(
            0, button(tr.gettext("Remove the description"), Action.DIR_EDIT, CLEAR_DESCRIPTION)
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


# ---------------------------------------------------------------- searching


def filters_view(tr: Translator, settings: Settings, filters: Filters) -> Screen:
    """/partners: pick a topic, a country or an organisation type (or see everything)."""
    language = tr.language
    if filters.total == 0 and filters.own_published:
        return Screen(
            tr.gettext(
                "Only your own entry is published so far. Other organisations will show up "
                "here as soon as they publish theirs."
            )
        )
    if filters.total == 0:
        return Screen(
            tr.gettext(
                "No organisation is in the partner directory yet. Add yours with /directory."
            )
        )
    text = tr.ngettext(
        "<b>Find partners</b>\n%(n)s organisation is in the directory. "
        "Choose a topic, a country or a type of organisation.",
        "<b>Find partners</b>\n%(n)s organisations are in the directory. "
        "Choose a topic, a country or a type of organisation.",
        filters.total,
    )

    def counted(name: str, count: int) -> str:
        return f"{name} ({count})"

    topic_buttons = [
        button(
            counted(taxonomy_label(settings, "topic", t.id, language), filters.topics.get(t.id, 0)),
            Action.DIR_SEARCH,
            TOPIC,
            t.id,
            0,
        )
        for t in settings.taxonomy.topics
    ]
    country_buttons = [
        button(counted(name, n), Action.DIR_SEARCH, COUNTRY, c, 0)
        for name, c, n in sorted(
            (countries.name(c, language), c, n) for c, n in filters.countries.items()
        )
    ]
    type_buttons = [
        button(
            counted(tr.gettext(name), filters.org_types.get(key, 0)),
            Action.DIR_SEARCH,
            ORG_TYPE,
            key,
            0,
        )
        for key, name in ORG_TYPES.items()
    ]
    everything = [
        [
            button(
                counted(tr.gettext("🔎 All organisations"), filters.total),
                Action.DIR_SEARCH,
                ANY,
                ANY,
                0,
            )
        ]
    ]
    return Screen(
        text,
        keyboard(
            rows(topic_buttons, 2), rows(country_buttons, 3), rows(type_buttons, 2), everything
        ),
    )


def filter_label(tr: Translator, settings: Settings, kind: str, value: str) -> str:
    """What a search was filtered by, e.g. "topic: Green transition"."""
    if kind == TOPIC:
        return tr.gettext(
            "topic: %(value)s", value=taxonomy_label(settings, "topic", value, tr.language)
        )
    if kind == COUNTRY:
        return tr.gettext("country: %(value)s", value=countries.name(value, tr.language))
    if kind == ORG_TYPE:
        return tr.gettext(
            "type: %(value)s", value=tr.gettext(ORG_TYPES[value]) if value in ORG_TYPES else value
        )
    return tr.gettext("all organisations")


def _results(
    tr: Translator,
    settings: Settings,
    result: SearchResult,
    *,
    heading: str,
    empty: str,
    page_action: Action,
    page_args: tuple[str | int, ...],
    opportunity_id: int | None = None,
    back: InlineKeyboardButton | None = None,
) -> Screen:
    lines = [heading]
    if result.total == 0:
        lines += ["", empty]
    else:
        lines.append(
            tr.gettext(
                "Page %(page)s of %(pages)s. Contacts are shared only when a member accepts "
                "your introduction request.",
                page=result.page + 1,
                pages=result.pages,
            )
        )
    intro_buttons: list[list[InlineKeyboardButton]] = []
    for offset, entry in enumerate(result.entries):
        number = result.page * PAGE_SIZE + offset + 1
        lines += ["", card(tr, settings, entry, number=number)]
        args: tuple[int, ...] = (entry.member_id,)
        if opportunity_id is not None:
            args += (opportunity_id,)
        intro_buttons.append(
            [
                button(
                    tr.gettext("🤝 Request an introduction (%(n)s)", n=number),
                    Action.DIR_INTRO,
                    *args,
                )
            ]
        )
    navigation: list[InlineKeyboardButton] = []
    if result.page > 0:
        navigation.append(
            button(tr.gettext("◀ Previous"), page_action, *page_args, result.page - 1)
        )
    if result.page + 1 < result.pages:
        navigation.append(button(tr.gettext("Next ▶"), page_action, *page_args, result.page + 1))
    extra = [[back]] if back is not None else []
    pages = [navigation] if navigation else []
    return Screen("\n".join(lines), keyboard(intro_buttons, pages, extra))


def results_view(
    tr: Translator, settings: Settings, result: SearchResult, *, kind: str, value: str
) -> Screen:
    """One page of search results, each with a Request an introduction button."""
    heading = tr.ngettext(
        "<b>Partners</b> · %(filter)s: %(n)s organisation",
        "<b>Partners</b> · %(filter)s: %(n)s organisations",
        result.total,
        filter=esc(filter_label(tr, settings, kind, value)),
    )
    return _results(
        tr,
        settings,
        result,
        heading=heading,
        empty=tr.gettext("No organisation matches. Try another filter."),
        page_action=Action.DIR_SEARCH,
        page_args=(kind, value),
        back=button(tr.gettext("🔎 Other filters"), Action.DIR_SEARCH),
    )


def call_partners_view(tr: Translator, settings: Settings, partners: CallPartners) -> Screen:
    """Organisations that fit a call, for building its consortium."""
    heading = tr.ngettext(
        "<b>Looking for partners for “%(title)s”</b>\n%(n)s organisation works on its topics "
        "and may take part.",
        "<b>Looking for partners for “%(title)s”</b>\n%(n)s organisations work on its topics "
        "and may take part.",
        partners.result.total,
        title=esc(partners.title),
    )
    return _results(
        tr,
        settings,
        partners.result,
        heading=heading,
        empty=tr.gettext(
            "No organisation in the partner directory fits this call yet. /partners searches "
            "the whole directory."
        ),
        page_action=Action.DIR_FOR_CALL,
        page_args=(partners.opportunity_id,),
        opportunity_id=partners.opportunity_id,
    )


# ------------------------------------------------------------- introductions


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
                    button(tr.gettext("✅ Accept"), Action.DIR_INTRO_ANSWER, request.id, 1),
                    button(tr.gettext("❌ Decline"), Action.DIR_INTRO_ANSWER, request.id, 0),
                ]
            ]
        ),
    )


def mention(chat_id: int, org_name: str) -> str:
    """A Telegram mention link named after the organisation."""
    return f'<a href="tg://user?id={int(chat_id)}">{esc(org_name)}</a>'


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
    }
    return messages.get(code, tr.gettext("That cannot be done now."))
