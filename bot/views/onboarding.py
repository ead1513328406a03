"""Screens of the onboarding wizard and of /topics and /profile (pure: data in, Screen out)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from telegram import InlineKeyboardButton

from bot.buttons.onboarding import (
    ConsentNo,
    ConsentYes,
    Country,
    CountryPage,
    CountrySearch,
    CountryZone,
    InterestList,
    InterestsDone,
    Keywords,
    KeywordsClear,
    KeywordsDone,
    Language,
    OrgName,
    OrgNameSkip,
    OrgType,
    Programme,
    SelectAll,
    SelectNone,
    Topic,
)
from bot.buttons.organisations import OrganisationMenu
from bot.buttons.settings import OpenPage, Page
from bot.callbacks import Button
from bot.config import Settings
from bot.core import countries, dates
from bot.core.i18n import Translator
from bot.core.languages import endonym
from bot.core.orgtypes import ORG_TYPES
from bot.core.render import esc
from bot.members.rules import KEYWORDS_MAX, ORG_NAME_MAX
from bot.members.types import Profile
from bot.views.common import (
    CHECK,
    Screen,
    button,
    clock,
    keyboard,
    label,
    rows,
    taxonomy_label,
    weekday_name,
    when,
)

STEPS = 6
COUNTRY_PAGE_SIZE = 24


def _step(tr: Translator, profile: Profile, number: int) -> str:
    if profile.onboarded:
        return ""
    return tr.gettext("Step %(n)s of %(total)s", n=number, total=STEPS) + "\n"


def language_row(settings: Settings, current: str) -> list[list[InlineKeyboardButton]]:
    """One button per enabled language, each named in itself, the current one ticked."""
    return [
        [
            button(
                f"{CHECK} {endonym(lang)}" if lang == current else endonym(lang),
                Language(lang),
            )
            for lang in settings.i18n.languages
        ]
    ]


def welcome(tr: Translator, settings: Settings, *, first_name: str, group: bool) -> Screen:
    """Step 0: what the bot does and the privacy notice, with I agree / No thanks."""
    privacy = settings.privacy
    intro = (
        tr.gettext(
            "Hello %(name)s! I am the INEXA Alliance bot. Every week I send you the EU and "
            "national funding calls that match your work, closing-soon first, and I invite "
            "you to the alliance's workshops.",
            name=esc(first_name),
        )
        if not group
        else tr.gettext(
            "Hello! I am the INEXA Alliance bot. A group admin can subscribe this group to a "
            "weekly digest of EU and national funding calls and to workshop announcements."
        )
    )
    notice = tr.gettext(
        "<b>Privacy notice</b> (version %(version)s)\n"
        "• <b>What I store:</b> this chat's id and language, and what you choose to tell me: "
        "organisation name, country and type, topics, programmes, keywords, your digest "
        "schedule, the calls you follow and your workshop answers.\n"
        "• <b>Why:</b> to send you matching opportunities and invitations, and to count reach "
        "(never names) in the alliance's reports to its funder.\n"
        "• <b>How long:</b> until you erase it, or %(period)s after you stop using the bot.\n"
        "• <b>Controller:</b> %(controller)s, %(contact)s.\n"
        "• <b>Your rights:</b> /mydata sends you everything I hold; /forget erases it all.\n\n"
        "Until you agree I keep nothing but this chat's id and language.",
        version=esc(privacy.notice_version),
        # A plural of its own: Romanian says "24 de luni" but "6 luni".
        period=tr.ngettext("%(n)s month", "%(n)s months", privacy.retention_months),
        controller=esc(privacy.controller),
        contact=esc(privacy.contact),
    )
    markup = keyboard(
        [
            [
                button(tr.gettext("✅ I agree"), ConsentYes()),
                button(tr.gettext("No thanks"), ConsentNo()),
            ]
        ],
        language_row(settings, tr.language),
    )
    return Screen(f"{intro}\n\n{notice}", markup)


def refused(tr: Translator) -> Screen:
    """After "No thanks": nothing was kept."""
    return Screen(
        tr.gettext(
            "Understood. I have kept nothing about you. If you change your mind, send /start."
        )
    )


def ask_org_name(tr: Translator, profile: Profile) -> Screen:
    """Step 1: the organisation's name, as a message."""
    current = (
        tr.gettext("Now: %(name)s", name=esc(profile.org_name)) + "\n" if profile.org_name else ""
    )
    text = (
        _step(tr, profile, 1)
        + tr.gettext(
            "<b>What is your organisation's name?</b>\nSend it as a message (up to %(max)s "
            "characters). It helps coordinators and, only if you publish it, partners.",
            max=ORG_NAME_MAX,
        )
        + "\n"
        + current
    )
    skip = tr.gettext("Skip ›") if not profile.onboarded else tr.gettext("Keep as it is")
    return Screen(text.rstrip(), keyboard([[button(skip, OrgNameSkip())]]))


def ask_country(tr: Translator, profile: Profile) -> Screen:
    """Step 2: country, common ones as buttons, plus search and the full list."""
    common = [
        button(
            (CHECK + " " if code == profile.country else "")
            + countries.name(code, profile.language),
            Country(code),
        )
        for code in countries.COMMON
    ]
    text = _step(tr, profile, 2) + tr.gettext("<b>Where is your organisation based?</b>")
    if profile.country:
        text += "\n" + tr.gettext(
            "Now: %(country)s", country=esc(countries.name(profile.country, profile.language))
        )
    return Screen(
        text,
        keyboard(
            rows(common, 3),
            [
                [
                    button(tr.gettext("🔎 Search"), CountrySearch()),
                    button(tr.gettext("All countries"), CountryPage(0)),
                ],
                [button(tr.gettext("Skip ›"), Country(None))],
            ],
        ),
    )


def country_page(tr: Translator, profile: Profile, page: int) -> Screen:
    """The full country list, alphabetical in the member's language, a page at a time."""
    codes = list(countries.names(profile.language))
    pages = max(1, -(-len(codes) // COUNTRY_PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    chunk = codes[page * COUNTRY_PAGE_SIZE : (page + 1) * COUNTRY_PAGE_SIZE]
    buttons = [button(countries.name(code, profile.language), Country(code)) for code in chunk]
    navigation = []
    if page > 0:
        navigation.append(button("‹", CountryPage(page - 1)))
    navigation.append(button(tr.gettext("Back"), OpenPage(Page.COUNTRY)))
    if page < pages - 1:
        navigation.append(button("›", CountryPage(page + 1)))
    text = tr.gettext(
        "<b>Choose your country</b> (page %(page)s of %(pages)s)", page=page + 1, pages=pages
    )
    return Screen(text, keyboard(rows(buttons, 3), [navigation]))


def country_search_prompt(tr: Translator) -> Screen:
    """Ask for part of a country's name."""
    return Screen(
        tr.gettext("Send the first letters of your country's name, e.g. <i>Mold</i>."),
        keyboard([[button(tr.gettext("Back"), OpenPage(Page.COUNTRY))]]),
    )


def country_results(tr: Translator, profile: Profile, query: str, codes: list[str]) -> Screen:
    """Countries matching a search."""
    if not codes:
        return Screen(
            tr.gettext(
                "No country matches “%(query)s”. Try other letters, or pick from the list.",
                query=esc(query),
            ),
            keyboard(
                [
                    [
                        button(tr.gettext("🔎 Search again"), CountrySearch()),
                        button(tr.gettext("All countries"), CountryPage(0)),
                    ]
                ]
            ),
        )
    buttons = [button(countries.name(c, profile.language), Country(c)) for c in codes]
    return Screen(
        tr.gettext("Countries matching “%(query)s”:", query=esc(query)),
        keyboard(
            rows(buttons, 2),
            [[button(tr.gettext("🔎 Search again"), CountrySearch())]],
        ),
    )


def ask_zone(tr: Translator, profile: Profile, zones: Sequence[str], *, now: datetime) -> Screen:
    """After the country: its time zone(s) as buttons, for the digest and workshop times.

    During onboarding it is still step 2 (Skip keeps the default zone); afterwards the
    member can keep the zone they have.
    """
    country = profile.country or ""
    text = _step(tr, profile, 2) + tr.gettext(
        "<b>Which time zone are you in?</b>\nYour digest arrives, and workshop times are "
        "shown, in this time zone."
    )
    if profile.onboarded:
        text += "\n" + tr.gettext("Now: %(zone)s", zone=esc(dates.zone_name(tr, profile.timezone)))
    buttons = [
        button(
            (CHECK + " " if zone == profile.timezone else "")
            + countries.zone_label(zone, profile.language, now),
            CountryZone(country, index),
        )
        for index, zone in enumerate(zones)
    ]
    keep = (
        tr.gettext(
            "Keep %(zone)s", zone=countries.zone_label(profile.timezone, profile.language, now)
        )
        if profile.onboarded
        else tr.gettext("Skip ›")
    )
    return Screen(text, keyboard(rows(buttons, 2), [[button(keep, CountryZone(country, None))]]))


def ask_org_type(tr: Translator, profile: Profile) -> Screen:
    """Step 3: the kind of organisation."""
    buttons = [
        button(
            (CHECK + " " if key == profile.org_type else "") + tr.gettext(text),
            OrgType(key),
        )
        for key, text in ORG_TYPES.items()
    ]
    text = _step(tr, profile, 3) + tr.gettext("<b>What kind of organisation is it?</b>")
    return Screen(text, keyboard(rows(buttons, 2), [[button(tr.gettext("Skip ›"), OrgType(None))]]))


def choose_interests(tr: Translator, settings: Settings, profile: Profile, kind: str) -> Screen:
    """Steps 4 and 5: the toggle keyboard for topics or programmes, edited in place."""
    items = settings.taxonomy.topics if kind == "topic" else settings.taxonomy.programmes
    chosen = profile.topics if kind == "topic" else profile.programmes
    short: InterestList = "t" if kind == "topic" else "p"

    def toggle(item_id: str, on: bool) -> Button:
        return Topic(item_id, on) if kind == "topic" else Programme(item_id, on)

    buttons = [
        button(
            (CHECK + " " if item.id in chosen else "") + label(item, profile.language),
            toggle(item.id, item.id not in chosen),
        )
        for item in items
    ]
    if kind == "topic":
        text = _step(tr, profile, 4) + tr.gettext(
            "<b>Which topics interest you?</b>\nTap to select or unselect. Your digest brings "
            "calls on these topics."
        )
        done = tr.gettext("Next: programmes ›") if not profile.onboarded else tr.gettext("Done ✓")
    else:
        text = _step(tr, profile, 5) + tr.gettext(
            "<b>Which programmes do you follow?</b>\nCalls from these programmes reach you even "
            "outside your topics."
        )
        done = tr.gettext("Next: keywords ›") if not profile.onboarded else tr.gettext("Done ✓")
    count = len(chosen)
    text += "\n" + tr.ngettext("%(n)s selected", "%(n)s selected", count)
    return Screen(
        text,
        keyboard(
            rows(buttons, 2),
            [
                [
                    button(tr.gettext("Select all"), SelectAll(short)),
                    button(tr.gettext("Clear"), SelectNone(short)),
                ],
                [button(done, InterestsDone(short))],
            ],
        ),
    )


def keywords(tr: Translator, profile: Profile) -> Screen:
    """Step 6: optional include and exclude words."""
    # An empty list gets a sentence of its own: "none" agrees with no noun in every language.
    include = (
        tr.gettext("Must mention one of: %(words)s", words=esc(", ".join(profile.include)))
        if profile.include
        else tr.gettext("No “must mention” words yet.")
    )
    exclude = (
        tr.gettext("Must not mention: %(words)s", words=esc(", ".join(profile.exclude)))
        if profile.exclude
        else tr.gettext("No “must not mention” words yet.")
    )
    text = (
        _step(tr, profile, 6)
        + tr.gettext(
            "<b>Keywords (optional)</b>\nNarrow your digest to calls that mention certain words, "
            "or hide calls that mention others. Plain words, up to %(max)s of each.",
            max=KEYWORDS_MAX,
        )
        + "\n\n"
        + include
        + "\n"
        + exclude
    )
    buttons: list[list[InlineKeyboardButton]] = [
        [
            button(tr.gettext("➕ Must mention…"), Keywords("i")),
            button(tr.gettext("➖ Must not mention…"), Keywords("e")),
        ]
    ]
    clear = []
    if profile.include:
        clear.append(button(tr.gettext("Clear “must mention”"), KeywordsClear("i")))
    if profile.exclude:
        clear.append(button(tr.gettext("Clear “must not mention”"), KeywordsClear("e")))
    if clear:
        buttons.append(clear)
    finish = tr.gettext("Finish ✓") if not profile.onboarded else tr.gettext("Done ✓")
    buttons.append([button(finish, KeywordsDone())])
    return Screen(text, keyboard(buttons))


def keywords_prompt(tr: Translator, kind: str) -> Screen:
    """Ask for the words, comma separated."""
    text = (
        tr.gettext(
            "Send the words a call <b>must mention</b> (at least one of them), separated by commas."
        )
        if kind == "include"
        else tr.gettext("Send the words a call <b>must not mention</b>, separated by commas.")
    )
    example = tr.gettext("Example: <i>robotics, rural schools, Roma</i>")
    return Screen(
        f"{text}\n{example}",
        keyboard([[button(tr.gettext("Back"), OpenPage(Page.KEYWORDS))]]),
    )


def summary(
    tr: Translator, settings: Settings, profile: Profile, *, next_digest: datetime | None
) -> str:
    """The member's choices in a few lines (HTML)."""
    not_set = tr.gettext("not set")
    lang = profile.language

    def join(kind: str, ids: frozenset[str]) -> str:
        if not ids:
            return tr.gettext("none chosen")
        return esc(", ".join(sorted(taxonomy_label(settings, kind, i, lang) for i in ids)))

    lines = [
        tr.gettext("<b>Organisation:</b> %(value)s", value=esc(profile.org_name or not_set)),
        tr.gettext(
            "<b>Country:</b> %(value)s",
            value=esc(countries.name(profile.country, lang) if profile.country else not_set),
        ),
        tr.gettext(
            "<b>Type:</b> %(value)s",
            value=esc(
                tr.gettext(ORG_TYPES[profile.org_type])
                if profile.org_type in ORG_TYPES
                else not_set
            ),
        ),
        tr.gettext("<b>Topics:</b> %(value)s", value=join("topic", profile.topics)),
        tr.gettext("<b>Programmes:</b> %(value)s", value=join("programme", profile.programmes)),
    ]
    if profile.include:
        lines.append(
            tr.gettext("<b>Must mention:</b> %(value)s", value=esc(", ".join(profile.include)))
        )
    if profile.exclude:
        lines.append(
            tr.gettext("<b>Must not mention:</b> %(value)s", value=esc(", ".join(profile.exclude)))
        )
    lines.append(
        tr.gettext(
            "<b>Digest:</b> every %(day)s at %(time)s (%(zone)s)",
            day=weekday_name(profile.digest_weekday, lang, capital=False),
            time=clock(profile.digest_minute, lang),
            zone=esc(dates.zone_name(tr, profile.timezone)),
        )
    )
    if profile.paused:
        lines.append(tr.gettext("⏸ Digests are paused. /settings to resume."))
    elif next_digest is not None:
        lines.append(
            tr.gettext(
                "Your next digest arrives on %(when)s.",
                when=when(next_digest, profile.timezone, lang),
            )
        )
    return "\n".join(lines)


def confirmation(
    tr: Translator, settings: Settings, profile: Profile, *, next_digest: datetime | None
) -> Screen:
    """The end of onboarding: a summary and when the first digest comes."""
    text = (
        tr.gettext("<b>All set, welcome to the alliance!</b>")
        + "\n\n"
        + summary(tr, settings, profile, next_digest=next_digest)
        + "\n\n"
        + tr.gettext("Change anything with /settings, /profile or /topics. Help: /help")
    )
    return Screen(text, keyboard([[button(tr.gettext("⚙️ Settings"), OpenPage(Page.MAIN))]]))


def profile_view(
    tr: Translator, settings: Settings, profile: Profile, *, next_digest: datetime | None
) -> Screen:
    """/profile: the organisation profile with edit buttons."""
    text = (
        tr.gettext("<b>Your profile</b>")
        + "\n\n"
        + summary(tr, settings, profile, next_digest=next_digest)
    )
    return Screen(
        text,
        keyboard(
            [
                [
                    button(tr.gettext("✏️ Name"), OrgName()),
                    button(tr.gettext("✏️ Country"), OpenPage(Page.COUNTRY)),
                ],
                [
                    button(tr.gettext("✏️ Type"), OpenPage(Page.ORG_TYPE)),
                    button(tr.gettext("✏️ Topics"), OpenPage(Page.TOPICS)),
                ],
                [
                    button(tr.gettext("✏️ Programmes"), OpenPage(Page.PROGRAMMES)),
                    button(tr.gettext("✏️ Keywords"), OpenPage(Page.KEYWORDS)),
                ],
                *(
                    [[button("🏢 " + tr.gettext("Organisation"), OrganisationMenu())]]
                    if profile.chat_type == "private"
                    else []
                ),
                [button(tr.gettext("⚙️ Settings"), OpenPage(Page.MAIN))],
            ]
        ),
    )
