"""Member commands: /start, /topics, /settings, /profile, /mydata, /forget, /help."""

from __future__ import annotations

import json
from collections.abc import Callable

from telegram import Update
from telegram.constants import ParseMode

from bot.context import Ctx
from bot.core.i18n import Translator
from bot.core.ids import parse_id
from bot.core.render import esc
from bot.handlers.common import (
    ask_member,
    is_group,
    may_configure,
    next_digest,
    runtime,
    send,
    translator,
)
from bot.handlers.organisations import start_gate
from bot.members.types import Profile
from bot.views import onboarding as views
from bot.views import settings as settings_views
from bot.views.common import Screen


async def _seen(update: Update, context: Ctx) -> Profile | None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return None
    rt = runtime(context)
    return await rt.members.seen(
        chat_id=chat.id,
        chat_type=chat.type,
        language_code=user.language_code if user else None,
        now=rt.clock(),
    )


async def _refuse_non_admin(update: Update, context: Ctx, tr: Translator) -> bool:
    """In a group, tell a non-admin they cannot change the group's settings."""
    if await may_configure(update, context):
        return False
    await send(
        update,
        context,
        Screen(tr.gettext("Only this group's admins can change its subscription and settings.")),
    )
    return True


async def start(update: Update, context: Ctx) -> None:
    """Welcome and privacy notice; known members go straight to their settings."""
    tr = translator(context, None, update)
    if is_group(update) and await _refuse_non_admin(update, context, tr):
        return
    profile = await _seen(update, context)
    if profile is None:
        return
    rt = runtime(context)
    tr = translator(context, profile)
    if await start_gate(update, context, profile, tr):
        return
    if profile.consented and not is_group(update):
        from bot.handlers.workshops.checkin import start_link

        if await start_link(update, context, profile):  # /start ci<CODE>: a check-in QR code
            return
    if not profile.consented:
        user = update.effective_user
        await send(
            update,
            context,
            views.welcome(
                tr,
                rt.settings,
                first_name=user.first_name if user else "",
                group=is_group(update),
            ),
        )
    elif not profile.onboarded:
        await ask_member(
            update, context, tr, profile, "org_name", views.ask_org_name(tr, profile), new=True
        )
    else:
        if not is_group(update) and await _open_workshop_link(update, context, profile, tr):
            return
        now = rt.clock()
        await send(
            update,
            context,
            settings_views.main_menu(
                tr, rt.settings, profile, next_digest=next_digest(profile, now)
            ),
        )


async def _open_workshop_link(
    update: Update, context: Ctx, profile: Profile, tr: Translator
) -> bool:
    """``/start ws12`` (a group announcement's link): show that workshop to answer privately."""
    args = context.args or []
    if len(args) != 1 or not args[0].startswith("ws"):
        return False
    workshop_id = parse_id(args[0][2:])
    from bot.handlers.workshops import show_workshop

    if workshop_id is None:  # a mangled link: say so rather than ignore it
        await send(update, context, Screen(tr.gettext("There is no such workshop.")))
        return True
    await show_workshop(update, context, workshop_id, profile, tr)
    return True


async def consented_profile(update: Update, context: Ctx) -> tuple[Profile, Translator] | None:
    """The member's profile if they agreed to the notice; otherwise point them to /start."""
    tr = translator(context, None, update)
    if is_group(update) and await _refuse_non_admin(update, context, tr):
        return None
    profile = await _seen(update, context)
    if profile is None:
        return None
    tr = translator(context, profile)
    if not profile.consented:
        await send(
            update,
            context,
            Screen(tr.gettext("First let's get you set up: send /start.")),
        )
        return None
    return profile, tr


async def topics(update: Update, context: Ctx) -> None:
    """The topic toggles."""
    found = await consented_profile(update, context)
    if found:
        profile, tr = found
        await send(
            update, context, views.choose_interests(tr, runtime(context).settings, profile, "topic")
        )


ScheduledView = Callable[..., Screen]


async def _send_with_next_digest(update: Update, context: Ctx, view: ScheduledView) -> None:
    found = await consented_profile(update, context)
    if found:
        profile, tr = found
        rt = runtime(context)
        screen = view(tr, rt.settings, profile, next_digest=next_digest(profile, rt.clock()))
        await send(update, context, screen)


async def settings(update: Update, context: Ctx) -> None:
    """The settings menu."""
    await _send_with_next_digest(update, context, settings_views.main_menu)


async def profile_command(update: Update, context: Ctx) -> None:
    """The organisation profile."""
    await _send_with_next_digest(update, context, views.profile_view)


async def mydata(update: Update, context: Ctx) -> None:
    """Send every piece of personal data the bot holds about this chat, as a JSON file."""
    chat = update.effective_chat
    message = update.effective_message
    if chat is None or message is None:
        return
    tr = translator(context, None, update)
    if is_group(update) and await _refuse_non_admin(update, context, tr):
        return
    rt = runtime(context)
    data = await rt.members.export(chat.id)
    profile = await rt.members.profile(chat.id)
    tr = translator(context, profile, update)
    if not data:
        await send(update, context, Screen(tr.gettext("I hold no data about this chat.")))
        return
    document = {
        "about": tr.gettext(
            "Everything the INEXA Alliance bot stores about this chat. Controller: %(controller)s.",
            controller=rt.settings.privacy.controller,
        ),
        "exported_at": rt.clock().isoformat(),
        "data": data,
    }
    payload = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode()
    await context.bot.send_document(
        chat.id,
        document=payload,
        filename="inexa-my-data.json",
        caption=tr.gettext("Your data, as a JSON file. /forget erases it."),
    )


def coordinator_help(tr: Translator) -> list[str]:
    """The coordinator commands, shown in /help to coordinators only."""
    return [
        tr.gettext("<b>For coordinators</b>"),
        tr.gettext("/newworkshop: create and announce a workshop"),
        tr.gettext("/workshops: workshops with their numbers and answers"),
        tr.gettext("/attendees ID: answers, attendance marking and CSV export"),
        tr.gettext("/editworkshop ID: change a workshop (members who answered are told)"),
        tr.gettext("/cancelworkshop ID: cancel a workshop (members who answered are told)"),
        tr.gettext("/stats [DAYS]: reach and impact with charts"),
        tr.gettext("/broadcast: a message to all members or to a topic, country or type"),
        tr.gettext("/push ID: send one opportunity now to every member it matches"),
        tr.gettext("/admins: coordinators; admins add and remove them"),
        tr.gettext("/highlight ID: put a call's deadlines in the alliance calendar"),
        tr.gettext("/channel, /forumtopic TOPIC: where public posts go"),
        tr.gettext("/showcase all: the members' showcase as a document"),
        tr.gettext("/members [WORDS]: organisations and their people, approvals, CSV/XLSX export"),
        tr.gettext("/report: the funder's report, an Excel workbook with the ESF+ indicators"),
        tr.gettext("/pipeline: every project by stage, and calls to convene a group for"),
        tr.gettext("/newsurvey, /surveys: ask members a short survey, and see the results"),
    ]


async def forget(update: Update, context: Ctx) -> None:
    """Ask for confirmation before erasing everything."""
    tr = translator(context, None, update)
    if is_group(update) and await _refuse_non_admin(update, context, tr):
        return
    chat = update.effective_chat
    if chat is None:
        return
    profile = await runtime(context).members.profile(chat.id)
    tr = translator(context, profile, update)
    if profile is None:
        await send(update, context, Screen(tr.gettext("I hold no data about this chat.")))
        return
    await send(update, context, settings_views.forget_confirm(tr))


async def help_command(update: Update, context: Ctx) -> None:
    """What the bot does and its commands."""
    chat = update.effective_chat
    if chat is None:
        return
    rt = runtime(context)
    profile = await rt.members.profile(chat.id)
    tr = translator(context, profile, update)
    lines = [
        tr.gettext("<b>INEXA Alliance bot</b>"),
        tr.gettext(
            "I keep members of the alliance informed about funding opportunities "
            "and bring them to our workshops."
        ),
        "",
        tr.gettext("/start: start, or open your settings"),
        tr.gettext("/digest: your funding digest now"),
        tr.gettext("/following: the calls you follow"),
        tr.gettext("/workshops: upcoming workshops and your answers"),
        tr.gettext("/calendar: the alliance calendar, and yours as a file or a private link"),
        tr.gettext("/checkin CODE: check in at a workshop with the code shown there"),
        tr.gettext("/actions: the next steps agreed at workshops that are yours"),
        tr.gettext("/propose: propose a mutual-learning session; /proposals: upvote them"),
        tr.gettext("/directory: your entry in the partner directory (opt-in)"),
        tr.gettext("/partners: find partner organisations for a consortium"),
        tr.gettext("/projects: your plans to apply; /partnerrequests: partner requests to answer"),
        tr.gettext("/showcase: present your organisation on the alliance's channel (opt-in)"),
        tr.gettext("/topics: choose topics and programmes"),
        tr.gettext("/profile: your organisation's profile"),
        tr.gettext("/organisation: your organisation's details and invite links (/invite)"),
        tr.gettext("/settings: language, digest day and time, time zone, quiet hours, pause"),
        tr.gettext("/mydata: download everything I hold about you"),
        tr.gettext("/forget: erase everything I hold about you"),
        tr.gettext("/help: this message"),
        "",
        tr.gettext(
            "Questions about your data: %(contact)s", contact=esc(rt.settings.privacy.contact)
        ),
    ]
    user = update.effective_user
    if user is not None and await rt.coordinators.is_coordinator(user.id):
        lines += ["", *coordinator_help(tr)]
    await context.bot.send_message(chat.id, "\n".join(lines), parse_mode=ParseMode.HTML)
