"""Screens of /settings, /mydata and /forget (pure: data in, Screen out)."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton

from bot.buttons.participants import AnyLanguage, ParticipantPage
from bot.buttons.settings import (
    AlsoThisWeek,
    CloseMenu,
    EmptyDigest,
    ForgetCancel,
    ForgetConfirm,
    Hour,
    OpenPage,
    Page,
    Pause,
    Quiet,
    TimeZone,
    Weekday,
)
from bot.config import Settings
from bot.core import countries, dates
from bot.core.i18n import Translator
from bot.core.languages import language_name
from bot.core.render import esc
from bot.core.timing import QuietHours
from bot.members.types import Profile
from bot.views.common import CHECK, Screen, button, clock, keyboard, rows, weekday_name, when
from bot.views.onboarding import language_row

#: Time zones offered as buttons (members of the alliance live here); index is the callback arg.
TIMEZONES: tuple[str, ...] = (
    "Europe/Bucharest",
    "Europe/Chisinau",
    "Europe/Sofia",
    "Europe/Athens",
    "Europe/Madrid",
    "Atlantic/Canary",
    "Europe/Lisbon",
    "Europe/Rome",
    "Europe/Brussels",
    "Europe/Berlin",
    "Europe/Warsaw",
    "Europe/Budapest",
    "Europe/Paris",
    "Europe/Dublin",
    "Europe/Helsinki",
    "UTC",
)
#: Quiet-hour presets: id -> (start minute, end minute); start == end means none.
QUIET_PRESETS: dict[str, tuple[int, int]] = {
    "2108": (21 * 60, 8 * 60),
    "2207": (22 * 60, 7 * 60),
    "2009": (20 * 60, 9 * 60),
    "1909": (19 * 60, 9 * 60),
    "none": (0, 0),
}
DIGEST_HOURS = tuple(range(6, 22))


def quiet_text(tr: Translator, quiet: QuietHours | None) -> str:
    """Quiet hours as text."""
    if quiet is None or quiet.start_minute == quiet.end_minute:
        return tr.gettext("off")
    return f"{clock(quiet.start_minute, tr.language)}–{clock(quiet.end_minute, tr.language)}"


def main_menu(
    tr: Translator, settings: Settings, profile: Profile, *, next_digest: datetime | None
) -> Screen:
    """The settings overview with a button per setting."""
    lang = profile.language
    lines = [
        tr.gettext("<b>Settings</b>"),
        "",
        tr.gettext("Language: %(value)s", value=language_name(lang, lang)),
        tr.gettext("Digest day: %(value)s", value=weekday_name(profile.digest_weekday, lang)),
        tr.gettext("Digest time: %(value)s", value=clock(profile.digest_minute, lang)),
        tr.gettext("Time zone: %(value)s", value=esc(dates.zone_name(tr, profile.timezone))),
        tr.gettext("Quiet hours: %(value)s", value=quiet_text(tr, profile.quiet)),
        tr.gettext(
            "Empty weeks: %(value)s",
            value=tr.gettext("a short note")
            if profile.empty_digest_note
            else tr.gettext("nothing"),
        ),
        tr.gettext(
            "News and events: %(value)s",
            value=tr.gettext("a short “Also this week” after the calls")
            if profile.also_this_week
            else tr.gettext("off (calls only)"),
        ),
        tr.gettext(
            "Workshop announcements: %(value)s",
            value=tr.gettext("in any language")
            if profile.workshops_any_language
            else tr.gettext("in %(language)s only", language=language_name(lang, lang)),
        ),
    ]
    if profile.paused:
        lines.append(tr.gettext("⏸ Digests are paused."))
    elif next_digest is not None:
        lines.append(
            tr.gettext("Next digest: %(when)s", when=when(next_digest, profile.timezone, lang))
        )
    pause = (
        button(tr.gettext("▶️ Resume digests"), Pause(False))
        if profile.paused
        else button(tr.gettext("⏸ Pause digests"), Pause(True))
    )
    empty = button(
        tr.gettext("Empty weeks: send nothing")
        if profile.empty_digest_note
        else tr.gettext("Empty weeks: send a note"),
        EmptyDigest(not profile.empty_digest_note),
    )
    also = button(
        tr.gettext("News and events: hide")
        if profile.also_this_week
        else tr.gettext("News and events: show"),
        AlsoThisWeek(not profile.also_this_week),
    )
    return Screen(
        "\n".join(lines),
        keyboard(
            [
                [
                    button(tr.gettext("🌐 Language"), OpenPage(Page.LANGUAGE)),
                    button(tr.gettext("📅 Day"), OpenPage(Page.WEEKDAY)),
                ],
                [
                    button(tr.gettext("🕘 Time"), OpenPage(Page.HOUR)),
                    button(tr.gettext("🌍 Time zone"), OpenPage(Page.TIMEZONE)),
                ],
                [button(tr.gettext("🌙 Quiet hours"), OpenPage(Page.QUIET)), pause],
                [empty],
                [also],
                [
                    button(
                        "🗣 " + tr.gettext("Workshops: only in my language")
                        if profile.workshops_any_language
                        else "🗣 " + tr.gettext("Workshops: any language"),
                        AnyLanguage(not profile.workshops_any_language),
                    ),
                    button("📋 " + tr.gettext("Registration answers"), ParticipantPage()),
                ],
                [
                    button(tr.gettext("🏢 Profile"), OpenPage(Page.PROFILE)),
                    button(tr.gettext("🏷 Topics"), OpenPage(Page.TOPICS)),
                ],
                [button(tr.gettext("Close"), CloseMenu())],
            ]
        ),
    )


def _back(tr: Translator) -> list[list[InlineKeyboardButton]]:
    return [[button(tr.gettext("‹ Back"), OpenPage(Page.MAIN))]]


def language_page(tr: Translator, settings: Settings, profile: Profile) -> Screen:
    """Choose the interface language."""
    return Screen(
        tr.gettext("<b>Language</b>\nChoose the language I write to you in."),
        keyboard(language_row(settings, profile.language), _back(tr)),
    )


def weekday_page(tr: Translator, profile: Profile) -> Screen:
    """Choose the digest day."""
    buttons = [
        button(
            (CHECK + " " if day == profile.digest_weekday else "")
            + weekday_name(day, profile.language),
            Weekday(day),
        )
        for day in range(7)
    ]
    return Screen(
        tr.gettext("<b>Digest day</b>\nOn which day should your weekly digest arrive?"),
        keyboard(rows(buttons, 2), _back(tr)),
    )


def hour_page(tr: Translator, profile: Profile) -> Screen:
    """Choose the digest time (on the hour)."""
    buttons = [
        button(
            (CHECK + " " if hour * 60 == profile.digest_minute else "")
            + clock(hour * 60, tr.language),
            Hour(hour),
        )
        for hour in DIGEST_HOURS
    ]
    return Screen(
        tr.gettext(
            "<b>Digest time</b>\nAt what time (in %(zone)s)?",
            zone=esc(dates.zone_name(tr, profile.timezone)),
        ),
        keyboard(rows(buttons, 4), _back(tr)),
    )


def timezone_page(tr: Translator, profile: Profile, *, now: datetime) -> Screen:
    """Choose the time zone: each as its city in the member's language and its offset now."""
    buttons = [
        button(
            (CHECK + " " if zone == profile.timezone else "")
            + countries.zone_label(zone, profile.language, now),
            TimeZone(index),
        )
        for index, zone in enumerate(TIMEZONES)
    ]
    return Screen(
        tr.gettext("<b>Time zone</b>\nDigests and reminders follow your local time."),
        keyboard(rows(buttons, 2), _back(tr)),
    )


def quiet_page(tr: Translator, profile: Profile) -> Screen:
    """Choose quiet hours."""
    current = profile.quiet
    buttons = []
    for key, (start, end) in QUIET_PRESETS.items():
        text = (
            tr.gettext("No quiet hours")
            if start == end
            else f"{clock(start, tr.language)}–{clock(end, tr.language)}"
        )
        selected = (current is None and start == end) or (
            current is not None and (current.start_minute, current.end_minute) == (start, end)
        )
        buttons.append(button((CHECK + " " if selected else "") + text, Quiet(key)))
    return Screen(
        tr.gettext(
            "<b>Quiet hours</b>\nI send nothing during these hours (your local time); "
            "anything due then waits until they end."
        ),
        keyboard(rows(buttons, 2), _back(tr)),
    )


def forget_confirm(tr: Translator) -> Screen:
    """Ask before erasing everything."""
    return Screen(
        tr.gettext(
            "<b>Erase all your data?</b>\nYour profile, choices, followed calls and workshop "
            "answers will be deleted for good, and I will stop writing to you. "
            "Tip: /mydata sends you a copy first."
        ),
        keyboard(
            [
                [
                    button(tr.gettext("🗑 Yes, erase everything"), ForgetConfirm()),
                    button(tr.gettext("Cancel"), ForgetCancel()),
                ]
            ]
        ),
    )


def forgotten(tr: Translator) -> Screen:
    """After erasure."""
    return Screen(
        tr.gettext(
            "Done: everything I held about you is erased. Goodbye! If you ever want to come "
            "back, send /start."
        )
    )
