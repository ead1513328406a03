"""Searching the directory: the filters of /partners, a page of results, and the partners that
fit one call (the digest's 🤝)."""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardButton

from bot.buttons.directory import (
    ANY,
    COUNTRY,
    ORG_TYPE,
    TOPIC,
    PartnersForCall,
    RequestIntroduction,
    SearchBy,
    SearchPartners,
)
from bot.callbacks import Button
from bot.config import Settings
from bot.core import countries
from bot.core.i18n import Translator
from bot.core.orgtypes import ORG_TYPES
from bot.core.render import esc
from bot.directory.types import PAGE_SIZE, CallPartners, Filters, SearchResult
from bot.views.common import Screen, button, keyboard, rows, taxonomy_label
from bot.views.directory.cards import card


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
            SearchPartners(TOPIC, t.id, 0),
        )
        for t in settings.taxonomy.topics
    ]
    country_buttons = [
        button(counted(name, n), SearchPartners(COUNTRY, c, 0))
        for name, c, n in sorted(
            (countries.name(c, language), c, n) for c, n in filters.countries.items()
        )
    ]
    type_buttons = [
        button(
            counted(tr.gettext(name), filters.org_types.get(key, 0)),
            SearchPartners(ORG_TYPE, key, 0),
        )
        for key, name in ORG_TYPES.items()
    ]
    everything = [
        [
            button(
                counted(tr.gettext("🔎 All organisations"), filters.total),
                SearchPartners(ANY, ANY, 0),
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
    page_button: Callable[[int], Button],
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
        intro_buttons.append(
            [
                button(
                    tr.gettext("🤝 Request an introduction (%(n)s)", n=number),
                    RequestIntroduction(entry.member_id, opportunity_id),
                )
            ]
        )
    navigation: list[InlineKeyboardButton] = []
    if result.page > 0:
        navigation.append(button(tr.gettext("◀ Previous"), page_button(result.page - 1)))
    if result.page + 1 < result.pages:
        navigation.append(button(tr.gettext("Next ▶"), page_button(result.page + 1)))
    extra = [[back]] if back is not None else []
    pages = [navigation] if navigation else []
    return Screen("\n".join(lines), keyboard(intro_buttons, pages, extra))


def results_view(
    tr: Translator, settings: Settings, result: SearchResult, *, kind: SearchBy, value: str
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
        page_button=lambda page: SearchPartners(kind, value, page),
        back=button(tr.gettext("🔎 Other filters"), SearchPartners()),
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
        page_button=lambda page: PartnersForCall(partners.opportunity_id, page),
        opportunity_id=partners.opportunity_id,
    )
