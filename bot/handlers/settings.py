"""Presses of the settings menu (/settings) and of /forget's confirmation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
from bot.core.errors import Stale
from bot.handlers.common import next_digest, show
from bot.handlers.presses import Press, Routes
from bot.members.types import Profile
from bot.views import onboarding as onboarding_views
from bot.views import settings as views
from bot.views.common import Screen

ROUTES = Routes()


async def redraw_main(press: Press[Any], profile: Profile) -> None:
    """Show the settings menu in the member's (possibly new) language."""
    rt = press.rt
    tr = rt.catalogs.get(profile.language)
    screen = views.main_menu(tr, rt.settings, profile, next_digest=next_digest(profile, rt.clock()))
    await show(press.update, press.context, screen)


@ROUTES.on(OpenPage)
async def open_page(press: Press[OpenPage]) -> None:
    """Open one settings page (any text the chat waited for is no longer expected)."""
    rt, tr, profile = press.rt, press.tr, press.member
    now = rt.clock()
    if profile.awaiting:
        profile = await rt.members.await_input(profile.chat_id, None)
    pages: dict[Page, Callable[[], Screen]] = {
        Page.MAIN: lambda: views.main_menu(
            tr, rt.settings, profile, next_digest=next_digest(profile, now)
        ),
        Page.LANGUAGE: lambda: views.language_page(tr, rt.settings, profile),
        Page.WEEKDAY: lambda: views.weekday_page(tr, profile),
        Page.HOUR: lambda: views.hour_page(tr, profile),
        Page.TIMEZONE: lambda: views.timezone_page(tr, profile, now=now),
        Page.QUIET: lambda: views.quiet_page(tr, profile),
        Page.PROFILE: lambda: onboarding_views.profile_view(
            tr, rt.settings, profile, next_digest=next_digest(profile, now)
        ),
        Page.TOPICS: lambda: onboarding_views.choose_interests(tr, rt.settings, profile, "topic"),
        Page.PROGRAMMES: lambda: onboarding_views.choose_interests(
            tr, rt.settings, profile, "programme"
        ),
        Page.KEYWORDS: lambda: onboarding_views.keywords(tr, profile),
        Page.COUNTRY: lambda: onboarding_views.ask_country(tr, profile),
        Page.ORG_TYPE: lambda: onboarding_views.ask_org_type(tr, profile),
    }
    await show(press.update, press.context, pages[press.button.page]())


@ROUTES.on(Weekday)
async def weekday(press: Press[Weekday]) -> None:
    """Set the digest day."""
    day = press.button.day
    if not 0 <= day <= 6:
        raise Stale(detail=f"weekday {day}")
    profile = await press.rt.members.update_profile(press.member.chat_id, digest_weekday=day)
    await redraw_main(press, profile)


@ROUTES.on(Hour)
async def hour(press: Press[Hour]) -> None:
    """Set the digest time (on the hour)."""
    chosen = press.button.hour
    if chosen not in views.DIGEST_HOURS:
        raise Stale(detail=f"hour {chosen}")
    profile = await press.rt.members.update_profile(press.member.chat_id, digest_minute=chosen * 60)
    await redraw_main(press, profile)


@ROUTES.on(TimeZone)
async def timezone(press: Press[TimeZone]) -> None:
    """Set the time zone (by its index in the offered list)."""
    index = press.button.index
    if not 0 <= index < len(views.TIMEZONES):
        raise Stale(detail=f"time zone {index}")
    profile = await press.rt.members.update_profile(
        press.member.chat_id, timezone=views.TIMEZONES[index]
    )
    await redraw_main(press, profile)


@ROUTES.on(Quiet)
async def quiet(press: Press[Quiet]) -> None:
    """Set the quiet hours."""
    preset = views.QUIET_PRESETS.get(press.button.preset)
    if preset is None:
        raise Stale(detail=f"quiet preset {press.button.preset}")
    profile = await press.rt.members.update_profile(
        press.member.chat_id, quiet_start_minute=preset[0], quiet_end_minute=preset[1]
    )
    await redraw_main(press, profile)


@ROUTES.on(Pause)
async def pause(press: Press[Pause]) -> None:
    """Pause or resume the digests."""
    rt = press.rt
    profile = await rt.members.set_paused(press.member.chat_id, press.button.on, now=rt.clock())
    await redraw_main(press, profile)


@ROUTES.on(EmptyDigest)
async def empty_digest(press: Press[EmptyDigest]) -> None:
    """Choose between a short note and silence on empty weeks."""
    profile = await press.rt.members.update_profile(
        press.member.chat_id, empty_digest_note=press.button.on
    )
    await redraw_main(press, profile)


@ROUTES.on(AlsoThisWeek)
async def also_this_week(press: Press[AlsoThisWeek]) -> None:
    """Show or hide news and events after the calls of the digest."""
    profile = await press.rt.members.update_profile(
        press.member.chat_id, also_this_week=press.button.on
    )
    await redraw_main(press, profile)


@ROUTES.on(CloseMenu)
async def close(press: Press[CloseMenu]) -> None:
    """Close the menu."""
    text = press.tr.gettext("Settings saved. /settings opens them again.")
    await show(press.update, press.context, Screen(text))


@ROUTES.on(ForgetConfirm)
async def forget_yes(press: Press[ForgetConfirm]) -> None:
    """Erase everything about the chat."""
    await press.rt.members.forget(press.member.chat_id)
    await show(press.update, press.context, views.forgotten(press.tr))


@ROUTES.on(ForgetCancel)
async def forget_no(press: Press[ForgetCancel]) -> None:
    """Keep everything."""
    await show(press.update, press.context, Screen(press.tr.gettext("Nothing was erased.")))
