"""Every inline button press: decode, answer at once, act on the presser's own chat, redraw.

Presses are single-step: the data says the target state (``t:green:1`` selects "green"),
so a double tap or a replayed press changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Message, Update
from telegram.error import BadRequest

from bot.buttons.settings import CloseMenu, ForgetCancel, ForgetConfirm
from bot.callbacks import Action, Callback
from bot.context import Ctx
from bot.core import countries
from bot.core.i18n import Translator
from bot.core.ids import parse_id, require_id
from bot.core.orgtypes import ORG_TYPES
from bot.handlers import directory as directory_handlers
from bot.handlers import workshops as workshop_handlers
from bot.handlers.common import (
    ask,
    ask_member,
    keep_text_drop_buttons,
    may_configure,
    next_digest,
    runtime,
    send,
    show,
    translator,
)
from bot.handlers.presses import Press, Routes
from bot.services.members import NotConsented, Profile
from bot.views import digest as digest_views
from bot.views import onboarding as views
from bot.views import settings as settings_views
from bot.views.common import Screen

Handler = Callable[[Update, Ctx, Callback, Profile, Translator], Awaitable[None]]
#: Actions that work before the member agreed to the privacy notice.
BEFORE_CONSENT = frozenset({Action.CONSENT_YES, Action.CONSENT_NO, Action.LANGUAGE})


class Stale(Exception):
    """The press does not fit the member's current state; nothing was changed."""


async def on_button(update: Update, context: Ctx, press: Callback) -> None:
    """Presses of buttons not yet declared as typed routes (see ``bot/handlers/presses.py``)."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    rt = runtime(context)
    profile = await rt.members.profile(chat.id)
    tr = translator(context, profile, update)
    if press.action in workshop_handlers.COORDINATOR_ACTIONS:
        await workshop_handlers.on_coordinator_button(update, context, press)
        return
    if press.action is Action.WS_ICS:
        await workshop_handlers.on_calendar_button(update, context, press)
        return
    if not await may_configure(update, context):
        await query.answer(
            tr.gettext("Only this group's admins can change its subscription and settings."),
            show_alert=True,
        )
        return
    if profile is None or (not profile.consented and press.action not in BEFORE_CONSENT):
        await query.answer(tr.gettext("Please send /start first."))
        return
    # Answer before any further work so the member's client stops spinning.
    await query.answer()
    try:
        await HANDLERS[press.action](update, context, press, profile, tr)
    except (Stale, NotConsented, ValueError, LookupError):
        # Leave the pressed screen as it is; nothing was changed.
        await send(
            update,
            context,
            Screen(tr.gettext("That button is out of date. Send /start to get a fresh menu.")),
        )


async def _redraw_main(update: Update, context: Ctx, profile: Profile) -> None:
    rt = runtime(context)
    tr = rt.catalogs.get(profile.language)
    await show(
        update,
        context,
        settings_views.main_menu(
            tr, rt.settings, profile, next_digest=next_digest(profile, rt.clock())
        ),
    )


async def _profile_or_next(
    update: Update, context: Ctx, profile: Profile, tr: Translator, next_screen: Screen
) -> None:
    """During onboarding go to the next step; afterwards show the profile."""
    rt = runtime(context)
    if profile.onboarded:
        await show(
            update,
            context,
            views.profile_view(
                tr, rt.settings, profile, next_digest=next_digest(profile, rt.clock())
            ),
        )
    else:
        await show(update, context, next_screen)


async def consent_yes(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Record consent, keep the notice in the chat, start the profile steps."""
    rt = runtime(context)
    profile = await rt.members.consent(profile.chat_id, now=rt.clock())
    profile = await rt.members.await_input(profile.chat_id, "org_name")
    if profile.onboarded:
        await _redraw_main(update, context, profile)
        return
    # Keep the privacy notice readable in the chat: drop its buttons, ask the next step below.
    await keep_text_drop_buttons(update)
    await ask(update, context, views.ask_org_name(tr, profile), new=True)


async def consent_no(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Erase the chat entirely: "No thanks" leaves nothing behind."""
    if profile.consented:
        raise Stale
    await runtime(context).members.refuse(profile.chat_id)
    await show(update, context, views.refused(tr))


async def language(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Change the language and redraw the screen in it."""
    rt = runtime(context)
    profile = await rt.members.set_language(profile.chat_id, press.arg)
    tr = rt.catalogs.get(profile.language)
    if not profile.consented:
        user = update.effective_user
        await show(
            update,
            context,
            views.welcome(
                tr,
                rt.settings,
                first_name=user.first_name if user else "",
                group=profile.chat_type != "private",
            ),
        )
    else:
        await _redraw_main(update, context, profile)


async def org_name(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Wait for the organisation's name as a message."""
    await ask_member(update, context, tr, profile, "org_name", views.ask_org_name(tr, profile))


async def org_name_skip(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Keep the name as it is and move on."""
    profile = await runtime(context).members.await_input(profile.chat_id, None)
    await _profile_or_next(update, context, profile, tr, views.ask_country(tr, profile))


async def country(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Set (or skip) the country, then settle the time zone it implies."""
    code = press.arg
    if len(press.args) != 1 or (code != "-" and not countries.is_country(code)):
        raise Stale
    rt = runtime(context)
    members = rt.members
    if code == "-":
        profile = await members.await_input(profile.chat_id, None)
        await _profile_or_next(update, context, profile, tr, views.ask_org_type(tr, profile))
        return
    profile = await members.update_profile(profile.chat_id, country=code, awaiting=None)
    now = rt.clock()
    zones = countries.zones(code, now.year)
    if len(zones) == 1 and not profile.onboarded:
        # One zone: it is the member's (shown in the confirmation, changeable in /settings).
        profile = await members.update_profile(profile.chat_id, timezone=zones[0])
    elif zones and (
        not profile.onboarded
        or (len(zones) > 1 and profile.timezone not in zones)
        or not countries.keeps_time_of(profile.timezone, zones, now.year)
    ):
        # Several zones (Spain: Madrid, Canaries), or a country whose time differs from the
        # member's zone: let them choose (a single zone keeping the same time needs nothing).
        await show(update, context, views.ask_zone(tr, profile, zones, now=now))
        return
    await _profile_or_next(update, context, profile, tr, views.ask_org_type(tr, profile))


async def country_zone(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """The time zone chosen among the country's (or "-": keep the one the member has)."""
    if len(press.args) != 2 or press.args[0] != profile.country:
        raise Stale
    rt = runtime(context)
    if press.args[1] != "-":
        zones = countries.zones(press.args[0], rt.clock().year)
        index = parse_id(press.args[1], maximum=len(zones) - 1)
        if index is None:
            raise Stale
        profile = await rt.members.update_profile(profile.chat_id, timezone=zones[index])
    await _profile_or_next(update, context, profile, tr, views.ask_org_type(tr, profile))


async def country_page(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Page through the full country list."""
    page = parse_id(press.arg)
    if page is None or len(press.args) != 1:
        raise Stale
    await show(update, context, views.country_page(tr, profile, page))


async def country_search(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Wait for letters of a country name."""
    await ask_member(
        update, context, tr, profile, "country_search", views.country_search_prompt(tr)
    )


async def org_type(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Set (or skip) the organisation type."""
    key = press.arg
    if key != "-" and key not in ORG_TYPES:
        raise Stale
    rt = runtime(context)
    if key != "-":
        profile = await rt.members.update_profile(profile.chat_id, org_type=key)
    await _profile_or_next(
        update, context, profile, tr, views.choose_interests(tr, rt.settings, profile, "topic")
    )


async def interest(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Select or unselect one topic or programme; the keyboard redraws itself."""
    kind = "topic" if press.action is Action.TOPIC else "programme"
    if len(press.args) != 2 or press.args[1] not in {"0", "1"}:
        raise Stale
    rt = runtime(context)
    profile = await rt.members.set_interest(
        profile.chat_id, kind, press.args[0], press.args[1] == "1"
    )
    await show(update, context, views.choose_interests(tr, rt.settings, profile, kind))


def _kind(arg: str) -> str:
    if arg == "t":
        return "topic"
    if arg == "p":
        return "programme"
    raise Stale


async def select_all_or_none(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Select every topic (or programme), or none."""
    kind = _kind(press.arg)
    rt = runtime(context)
    on = press.action is Action.ALL
    profile = await rt.members.set_all_interests(profile.chat_id, kind, on)
    await show(update, context, views.choose_interests(tr, rt.settings, profile, kind))


async def interests_done(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Topics done: programmes next; programmes done: keywords next."""
    kind = _kind(press.arg)
    rt = runtime(context)
    following = (
        views.choose_interests(tr, rt.settings, profile, "programme")
        if kind == "topic"
        else views.keywords(tr, profile)
    )
    await _profile_or_next(update, context, profile, tr, following)


async def keywords_ask(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Wait for include or exclude words."""
    kind = {"i": "include", "e": "exclude"}.get(press.arg)
    if kind is None:
        raise Stale
    await ask_member(
        update, context, tr, profile, f"keywords:{kind}", views.keywords_prompt(tr, kind)
    )


async def keywords_clear(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Remove all include (or exclude) words."""
    kind = {"i": "include", "e": "exclude"}.get(press.arg)
    if kind is None:
        raise Stale
    profile = await runtime(context).members.set_keywords(profile.chat_id, kind, [])
    await show(update, context, views.keywords(tr, profile))


async def keywords_done(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Finish onboarding (or return to the profile)."""
    rt = runtime(context)
    was_onboarded = profile.onboarded
    profile = await rt.members.mark_onboarded(profile.chat_id, now=rt.clock())
    if was_onboarded:
        await _profile_or_next(update, context, profile, tr, views.keywords(tr, profile))
        return
    await show(
        update,
        context,
        views.confirmation(tr, rt.settings, profile, next_digest=next_digest(profile, rt.clock())),
    )


async def settings_page(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Open one settings page."""
    rt = runtime(context)
    now = rt.clock()
    if profile.awaiting:
        profile = await rt.members.await_input(profile.chat_id, None)
    pages: dict[str, Callable[[], Screen]] = {
        "main": lambda: settings_views.main_menu(
            tr, rt.settings, profile, next_digest=next_digest(profile, now)
        ),
        "language": lambda: settings_views.language_page(tr, rt.settings, profile),
        "weekday": lambda: settings_views.weekday_page(tr, profile),
        "hour": lambda: settings_views.hour_page(tr, profile),
        "timezone": lambda: settings_views.timezone_page(tr, profile, now=now),
        "quiet": lambda: settings_views.quiet_page(tr, profile),
        "profile": lambda: views.profile_view(
            tr, rt.settings, profile, next_digest=next_digest(profile, now)
        ),
        "topics": lambda: views.choose_interests(tr, rt.settings, profile, "topic"),
        "programmes": lambda: views.choose_interests(tr, rt.settings, profile, "programme"),
        "keywords": lambda: views.keywords(tr, profile),
        "country": lambda: views.ask_country(tr, profile),
        "orgtype": lambda: views.ask_org_type(tr, profile),
    }
    page = pages.get(press.arg)
    if page is None:
        raise Stale
    await show(update, context, page())


async def weekday(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Set the digest day."""
    if press.arg not in {str(d) for d in range(7)}:
        raise Stale
    profile = await runtime(context).members.update_profile(
        profile.chat_id, digest_weekday=int(press.arg)
    )
    await _redraw_main(update, context, profile)


async def hour(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Set the digest time."""
    if press.arg not in {str(h) for h in settings_views.DIGEST_HOURS}:
        raise Stale
    profile = await runtime(context).members.update_profile(
        profile.chat_id, digest_minute=int(press.arg) * 60
    )
    await _redraw_main(update, context, profile)


async def timezone(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Set the time zone."""
    index = parse_id(press.arg, maximum=len(settings_views.TIMEZONES) - 1)
    if index is None:
        raise Stale
    profile = await runtime(context).members.update_profile(
        profile.chat_id, timezone=settings_views.TIMEZONES[index]
    )
    await _redraw_main(update, context, profile)


async def quiet(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Set the quiet hours."""
    preset = settings_views.QUIET_PRESETS.get(press.arg)
    if preset is None:
        raise Stale
    profile = await runtime(context).members.update_profile(
        profile.chat_id, quiet_start_minute=preset[0], quiet_end_minute=preset[1]
    )
    await _redraw_main(update, context, profile)


async def pause(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Pause ("1") or resume ("0") the digests."""
    if press.arg not in {"0", "1"}:
        raise Stale
    rt = runtime(context)
    profile = await rt.members.set_paused(profile.chat_id, press.arg == "1", now=rt.clock())
    await _redraw_main(update, context, profile)


async def empty_digest(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Choose between a short note and silence on empty weeks."""
    if press.arg not in {"0", "1"}:
        raise Stale
    profile = await runtime(context).members.update_profile(
        profile.chat_id, empty_digest_note=press.arg == "1"
    )
    await _redraw_main(update, context, profile)


async def also_this_week(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Show ("1") or hide ("0") news and events after the calls of the digest."""
    if press.arg not in {"0", "1"}:
        raise Stale
    profile = await runtime(context).members.update_profile(
        profile.chat_id, also_this_week=press.arg == "1"
    )
    await _redraw_main(update, context, profile)


async def follow(
    update: Update, context: Ctx, press: Callback, profile: Profile, tr: Translator
) -> None:
    """Follow or unfollow a call; the pressed keyboard (or the /following list) redraws."""
    if (
        len(press.args) not in {2, 3}
        or parse_id(press.args[0]) is None
        or press.args[1] not in {"0", "1"}
        or press.args[2:] not in {(), ("l",)}
    ):
        raise Stale
    rt = runtime(context)
    opportunity_id, on = require_id(press.args[0]), press.args[1] == "1"
    follows = rt.follows
    if not await follows.set_following(profile.chat_id, opportunity_id, on, now=rt.clock()):
        raise Stale
    query = update.callback_query
    message = query.message if query else None
    if not isinstance(message, Message) or message.reply_markup is None:
        return
    if press.args[2:] == ("l",):  # pressed on the /following list
        screen = digest_views.following_view(
            tr,
            await follows.following(profile.chat_id),
            zone=profile.timezone,
            language=profile.language,
        )
        await show(update, context, screen)
        return
    try:
        await message.edit_reply_markup(
            reply_markup=digest_views.flip_follow(message.reply_markup, opportunity_id, on)
        )
    except BadRequest as exc:
        if "message is not modified" not in str(exc).lower():
            raise


ROUTES = Routes()


@ROUTES.on(ForgetConfirm)
async def forget_yes(press: Press[ForgetConfirm]) -> None:
    """Erase everything about the chat."""
    await press.rt.members.forget(press.member.chat_id)
    await show(press.update, press.context, settings_views.forgotten(press.tr))


@ROUTES.on(ForgetCancel)
async def forget_no(press: Press[ForgetCancel]) -> None:
    """Keep everything."""
    await show(press.update, press.context, Screen(press.tr.gettext("Nothing was erased.")))


@ROUTES.on(CloseMenu)
async def close(press: Press[CloseMenu]) -> None:
    """Close the menu."""
    text = press.tr.gettext("Settings saved. /settings opens them again.")
    await show(press.update, press.context, Screen(text))


HANDLERS: dict[Action, Handler] = {
    Action.CONSENT_YES: consent_yes,
    Action.CONSENT_NO: consent_no,
    Action.LANGUAGE: language,
    Action.COUNTRY: country,
    Action.COUNTRY_PAGE: country_page,
    Action.COUNTRY_SEARCH: country_search,
    Action.COUNTRY_ZONE: country_zone,
    Action.ORG_TYPE: org_type,
    Action.ORG_NAME: org_name,
    Action.ORG_NAME_SKIP: org_name_skip,
    Action.TOPIC: interest,
    Action.PROGRAMME: interest,
    Action.ALL: select_all_or_none,
    Action.NONE: select_all_or_none,
    Action.DONE: interests_done,
    Action.KEYWORDS: keywords_ask,
    Action.KEYWORDS_CLEAR: keywords_clear,
    Action.KEYWORDS_DONE: keywords_done,
    Action.SETTINGS: settings_page,
    Action.WEEKDAY: weekday,
    Action.HOUR: hour,
    Action.TIMEZONE: timezone,
    Action.QUIET: quiet,
    Action.PAUSE: pause,
    Action.EMPTY_DIGEST: empty_digest,
    Action.ALSO_WEEK: also_this_week,
    Action.FOLLOW: follow,
    Action.WS_ANSWER: workshop_handlers.answer,
}
HANDLERS.update(directory_handlers.BUTTONS)
