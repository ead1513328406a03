"""Coordinator tools in chat: /admins, /stats, /broadcast and /push.

Every command and button here checks the role first (see :func:`require_coordinator`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, timedelta

from telegram import InlineKeyboardButton, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.callbacks import Action, Callback
from bot.context import Ctx
from bot.conversation import BROADCAST, Waiting
from bot.core import countries, dates
from bot.core.i18n import Translator
from bot.core.ids import parse_id, require_id
from bot.core.labels import country_label, language_label, org_type_label
from bot.core.orgtypes import ORG_TYPES
from bot.core.render import entities_html, esc, esc_attr, excerpt
from bot.delivery.outgoing import Outgoing
from bot.digest.render import kind_label
from bot.handlers.common import queue_replies, runtime, send, show, translator
from bot.menus import show_coordinator_menu
from bot.reports.charts import ChartLabels
from bot.reports.export import ReportLabels, render_charts
from bot.services.broadcasts import (
    TEXT_MAX,
    BroadcastError,
    BroadcastInfo,
    BroadcastRender,
    Broadcasts,
)
from bot.services.coordinators import Coordinators
from bot.services.stats import Count, Stats, collect_stats, period_of_days
from bot.views.common import Screen, button, keyboard, label, noted, rows, taxonomy_label
from bot.workshops.fields import Problem, parse_link
from feeds.types import OpportunityKind

log = logging.getLogger(__name__)

KIND_CODES = frozenset(kind.value for kind in OpportunityKind)

#: Buttons of this module (all coordinator-only).
ACTIONS = frozenset(
    {
        Action.ADMIN_REMOVE,
        Action.BROADCAST_AUDIENCE,
        Action.BROADCAST_SEND,
        Action.BROADCAST_DISCARD,
        Action.BROADCAST_NO_LINK,
        Action.PUSH_SEND,
    }
)
MAX_STATS_DAYS = 3660


async def _translator(update: Update, context: Ctx) -> Translator:
    chat = update.effective_chat
    profile = await runtime(context).members.profile(chat.id) if chat else None
    return translator(context, profile, update)


async def require_coordinator(update: Update, context: Ctx) -> Translator | None:
    """The coordinator's translator, or None after a refusal (also for button presses)."""
    user = update.effective_user
    tr = await _translator(update, context)
    rt = runtime(context)
    if user is not None and await rt.coordinators.is_coordinator(user.id):
        return tr
    refusal = tr.gettext("This is for the alliance's coordinators only.")
    if update.callback_query is not None:
        await update.callback_query.answer(refusal, show_alert=True)
    else:
        await send(update, context, Screen(refusal))
    return None


def _broadcasts(context: Ctx) -> Broadcasts:
    rt = runtime(context)
    return rt.broadcasts


# ------------------------------------------------------------------- /admins


async def admins(update: Update, context: Ctx) -> None:
    """/admins, /admins add USER_ID, /admins remove USER_ID."""
    tr = await require_coordinator(update, context)
    user = update.effective_user
    if tr is None or user is None:
        return
    rt = runtime(context)
    roles = rt.coordinators
    args = context.args or []
    if args:
        if not roles.is_admin(user.id):
            await send(
                update,
                context,
                Screen(
                    tr.gettext(
                        "Only the admins named in the configuration can add or remove coordinators."
                    )
                ),
            )
            return
        target = parse_id(args[1]) if len(args) == 2 else None
        if target is None or args[0] not in {"add", "remove"}:
            await send(
                update,
                context,
                Screen(tr.gettext("Use /admins add USER_ID or /admins remove USER_ID.")),
            )
            return
        if args[0] == "add":
            await _promote(update, context, tr, roles, target)
        else:
            removed = await roles.demote(target)
            if removed:
                await show_coordinator_menu(
                    context.bot, runtime(context).catalogs, target, on=False
                )
            await send(
                update,
                context,
                Screen(
                    tr.gettext("Removed.")
                    if removed
                    else tr.gettext("That user is not a promoted coordinator.")
                ),
            )
    await send(update, context, await _admins_screen(tr, roles, can_change=roles.is_admin(user.id)))


async def _promote(
    update: Update, context: Ctx, tr: Translator, roles: Coordinators, target: int
) -> None:
    user = update.effective_user
    assert user is not None
    try:
        chat = await context.bot.get_chat(target)
    except TelegramError:
        await send(
            update,
            context,
            Screen(
                tr.gettext(
                    "I do not know user %(id)s. They must send /start to me first; /mydata "
                    "shows them their user id.",
                    id=target,
                )
            ),
        )
        return
    if chat.type != ChatType.PRIVATE:
        await send(update, context, Screen(tr.gettext("Only people can be coordinators.")))
        return
    name = chat.full_name or str(target)
    added = await roles.promote(target, name, by=user.id, now=runtime(context).clock())
    if not added:
        await send(
            update,
            context,
            Screen(tr.gettext("%(name)s is already a coordinator.", name=esc(name))),
        )
        return
    await send(
        update, context, Screen(tr.gettext("%(name)s is now a coordinator.", name=esc(name)))
    )
    rt = runtime(context)
    await show_coordinator_menu(context.bot, rt.catalogs, target)
    profile = await rt.members.profile(target)
    their = translator(context, profile) if profile else rt.catalogs.get(None)
    try:
        await context.bot.send_message(
            target,
            their.gettext(
                "You are now a coordinator of the INEXA Alliance bot. /help lists your commands."
            ),
        )
    except TelegramError:
        log.info("could not tell %s about the promotion", target)


async def _admins_screen(tr: Translator, roles: Coordinators, *, can_change: bool) -> Screen:
    entries = await roles.all()
    lines = ["<b>" + tr.gettext("Coordinators") + "</b>"]
    buttons: list[list[InlineKeyboardButton]] = []
    for entry in entries:
        if entry.from_config:
            lines.append(tr.gettext("%(id)s (admin, from the configuration)", id=entry.user_id))
        else:
            lines.append(f"{esc(entry.display_name)} ({entry.user_id})")
            if can_change:
                buttons.append(
                    [
                        button(
                            tr.gettext("Remove %(name)s", name=entry.display_name),
                            Action.ADMIN_REMOVE,
                            entry.user_id,
                        )
                    ]
                )
    if can_change:
        lines.append("")
        lines.append(
            tr.gettext(
                "Add one with /admins add USER_ID (they must have talked to me; /mydata shows "
                "a member their id)."
            )
        )
    return Screen("\n".join(lines), keyboard(buttons) if buttons else None)


async def _press_remove(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    user = update.effective_user
    query = update.callback_query
    assert user is not None
    assert query is not None
    rt = runtime(context)
    roles = rt.coordinators
    if not roles.is_admin(user.id):
        await query.answer(
            tr.gettext(
                "Only the admins named in the configuration can add or remove coordinators."
            ),
            show_alert=True,
        )
        return
    target = parse_id(press.arg)
    if target is None:  # this press is answered here, so a bad one too
        await query.answer(tr.gettext("This button is no longer valid."), show_alert=True)
        return
    if await roles.demote(target):
        await show_coordinator_menu(context.bot, rt.catalogs, target, on=False)
    await query.answer(tr.gettext("Removed."))
    await show(update, context, await _admins_screen(tr, roles, can_change=True))


# -------------------------------------------------------------------- /stats


def _parse_period(args: list[str], today: date) -> tuple[date, date] | None:
    """``[]`` (30 days), ``[N]`` (N days) or ``[FROM, TO]`` (inclusive dates)."""
    if not args:
        return today - timedelta(days=29), today
    days = parse_id(args[0], maximum=MAX_STATS_DAYS) if len(args) == 1 else None
    if days is not None and days >= 1:
        return today - timedelta(days=days - 1), today
    if len(args) == 2:
        try:
            first, last = date.fromisoformat(args[0]), date.fromisoformat(args[1])
        except ValueError:
            return None
        if first <= last and (last - first).days < MAX_STATS_DAYS:
            return first, last
    return None


def stats_text(
    tr: Translator,
    stats: Stats,
    *,
    topic_label: dict[str, str],
    programme_label: dict[str, str] | None = None,
) -> str:
    """The short text that goes with the charts."""
    first = stats.start.date()
    last = (stats.end - timedelta(seconds=1)).date()
    m, reach, msg, opp = stats.members, stats.reach, stats.messages, stats.opportunities

    def counts(items: tuple[Count, ...], name: Callable[[str], str]) -> str:
        not_given = tr.gettext("not given")
        shown = [
            esc(name(item.key) if item.key else not_given) + f" {item.count}" for item in items[:6]
        ]
        return ", ".join(shown) or "—"

    def labelled(names: dict[str, str] | None) -> Callable[[str], str]:
        return lambda key: (names or {}).get(key, key)

    def country(code: str) -> str:
        return country_label(code, tr.language)

    def org_type(code: str) -> str:
        return org_type_label(tr, code)

    def spoken(code: str) -> str:
        return language_label(code, tr.language)

    def kind(code: str) -> str:
        return kind_label(tr, OpportunityKind(code)) if code in KIND_CODES else code

    lines = [
        "<b>"
        + tr.gettext(
            "Reach and impact, %(period)s",
            period=dates.period(first, last, tr.language),
        )
        + "</b>",
        "",
        tr.gettext(
            "Members: %(active)s active, %(paused)s paused, %(blocked)s gone (%(total)s in all)",
            active=m.active,
            paused=m.paused,
            blocked=m.blocked,
            total=m.consented,
        ),
        tr.gettext("By country: %(list)s", list=counts(m.by_country, country)),
        tr.gettext("By type: %(list)s", list=counts(m.by_org_type, org_type)),
        tr.gettext("By topic: %(list)s", list=counts(m.by_topic, labelled(topic_label))),
        tr.gettext("By language: %(list)s", list=counts(m.by_language, spoken)),
        "",
        tr.gettext(
            "Organisations reached: %(n)s (%(countries)s)",
            n=reach.members,
            countries=counts(reach.by_country, country),
        ),
        tr.gettext(
            "Messages: %(sent)s sent, %(failed)s failed; %(digests)s weekly digests",
            sent=msg.sent,
            failed=msg.failed,
            digests=msg.digests_sent,
        ),
        tr.gettext(
            "Opportunities: %(new)s new, %(shared)s passed on in digests, %(follows)s follows",
            new=opp.ingested,
            shared=opp.disseminated,
            follows=opp.follows,
        ),
        tr.gettext("New by source: %(list)s", list=counts(opp.by_source, labelled(None))),
        tr.gettext(
            "New by programme: %(list)s", list=counts(opp.by_programme, labelled(programme_label))
        ),
        tr.gettext("New by kind: %(list)s", list=counts(opp.by_kind, kind)),
    ]
    held = [w for w in stats.workshops if w.status != "cancelled"]
    lines.append("")
    lines.append(
        tr.gettext(
            "Workshops: %(count)s, %(participants)s participants",
            count=len(held),
            participants=stats.participants,
        )
    )
    for workshop in held[:8]:
        lines.append(
            tr.gettext(
                "#%(id)s %(title)s: %(going)s going, %(attended)s attended",
                id=workshop.id,
                title=esc(workshop.title),
                going=workshop.going,
                attended=workshop.attended,
            )
        )
    lines.append("")
    lines.append(tr.gettext("CSV files for a report: inexa-bot report --from … --to … --out DIR"))
    return "\n".join(lines)


def chart_labels(tr: Translator, stats: Stats, topic_names: dict[str, str]) -> ReportLabels:
    """The charts' texts in the coordinator's language."""
    first = stats.start.date()
    last = (stats.end - timedelta(seconds=1)).date()
    period = dates.period(first, last, tr.language)
    members = tr.gettext("members")
    return ReportLabels(
        members_by_topic=ChartLabels(
            title=tr.gettext("Members by topic"),
            subtitle=period,
            value_axis=members,
            no_data=tr.gettext("No member has chosen a topic yet"),
        ),
        weekly_reach=ChartLabels(
            title=tr.gettext("Members reached per week"),
            subtitle=period,
            value_axis=tr.gettext("members who got at least one message"),
            no_data=tr.gettext("No message was sent in this period"),
        ),
        rsvp_vs_attendance=ChartLabels(
            title=tr.gettext("Workshops: going and attended"),
            subtitle=period,
            value_axis=members,
            legend=(tr.gettext("Answered “Going”"), tr.gettext("Attended")),
            no_data=tr.gettext("No workshop in this period"),
        ),
        topic_names=topic_names,
        week_label=lambda day: dates.short_day(day, tr.language),
    )


async def stats_command(update: Update, context: Ctx) -> None:
    """/stats [DAYS | FROM TO]: numbers for a period, then three charts."""
    tr = await require_coordinator(update, context)
    chat = update.effective_chat
    if tr is None or chat is None:
        return
    rt = runtime(context)
    period = _parse_period(list(context.args or []), rt.clock().date())
    if period is None:
        await send(
            update,
            context,
            Screen(
                tr.gettext(
                    "Use /stats (last 30 days), /stats 7 (last 7 days) or "
                    "/stats 2026-11-01 2026-11-30."
                )
            ),
        )
        return
    start, end = period_of_days(*period)
    stats = await collect_stats(rt.db, start=start, end=end)
    names = {
        t.id: taxonomy_label(rt.settings, "topic", t.id, tr.language)
        for t in rt.settings.taxonomy.topics
    }
    programmes = {
        p.id: taxonomy_label(rt.settings, "programme", p.id, tr.language)
        for p in rt.settings.taxonomy.programmes
    }
    text = stats_text(tr, stats, topic_label=names, programme_label=programmes)
    # Drawing takes a moment per chart; keep the event loop free for other members.
    images = await asyncio.to_thread(render_charts, stats, chart_labels(tr, stats, names))
    # Four messages in a row: through the outbox, paced and retried (a 429 lost a chart).
    replies = [Outgoing(chat_id=chat.id, kind="reply", text=text)]
    replies += [
        Outgoing(
            chat_id=chat.id,
            kind="reply",
            text="",
            media_type="photo",
            media_name=f"{name}.png",
            media=png,
        )
        for name, png in images.items()
    ]
    await queue_replies(context, replies)


# ---------------------------------------------------------------- /broadcast


async def broadcast_command(update: Update, context: Ctx) -> None:
    """/broadcast: compose, choose the audience, preview, confirm."""
    tr = await require_coordinator(update, context)
    user, chat = update.effective_user, update.effective_chat
    if tr is None or user is None or chat is None:
        return
    if chat.type != ChatType.PRIVATE:
        await send(update, context, Screen(tr.gettext("Please do this in a private chat with me.")))
        return
    before = await runtime(context).conversations.current(chat.id)
    draft = await _broadcasts(context).start(user.id, now=runtime(context).clock())
    screen = Screen(
        tr.gettext(
            "Send the message for members. Bold, italic and links are kept. "
            "At most %(max)s characters.",
            max=TEXT_MAX,
        ),
        keyboard([[button(tr.gettext("Discard"), Action.BROADCAST_DISCARD, draft.id)]]),
    )
    await send(update, context, noted(tr, screen, before, Waiting(BROADCAST, f"{draft.id}:text")))


async def on_broadcast_text(update: Update, context: Ctx, waiting: Waiting) -> bool:
    """The text or link of the broadcast draft the chat waits on (``broadcast:3:text``)."""
    user, message, chat = update.effective_user, update.effective_message, update.effective_chat
    if user is None or message is None or message.text is None or chat is None:
        return False
    if chat.type != ChatType.PRIVATE:
        return False
    service = _broadcasts(context)
    draft = None if waiting.draft_id is None else await service.own_draft(waiting.draft_id, user.id)
    if draft is None or draft.draft_step not in {"text", "link"}:
        return False
    tr = await require_coordinator(update, context)
    if tr is None:
        return True
    if draft.draft_step == "text":
        text = entities_html(message.text, message.entities)
        if len(text) > TEXT_MAX:
            await send(
                update,
                context,
                Screen(tr.gettext("That is too long: %(max)s characters at most.", max=TEXT_MAX)),
            )
            return True
        await service.update(draft.id, user.id, text=text, draft_step="link")
        await send(
            update,
            context,
            Screen(
                tr.gettext("Add a link (https://…) under the message, or press No link."),
                keyboard([[button(tr.gettext("No link"), Action.BROADCAST_NO_LINK, draft.id)]]),
            ),
        )
        return True
    link = parse_link(message.text)
    if isinstance(link, Problem):
        await send(
            update,
            context,
            Screen(
                tr.gettext("That link does not look right. Send a full link starting with https://")
            ),
        )
        return True
    draft = await service.update(draft.id, user.id, link=link, draft_step="audience")
    await send(update, context, await _audience_menu(context, tr, draft))
    return True


def render_broadcast(context: Ctx) -> BroadcastRender:
    """A function rendering a broadcast in a member's language."""
    rt = runtime(context)

    def render(language: str, text: str, link: str | None) -> str:
        tr = rt.catalogs.get(language)
        parts = ["📢 <b>" + tr.gettext("From the alliance's coordinators") + "</b>", "", text]
        if link:
            parts += ["", f'🔗 <a href="{esc_attr(link)}">{esc(link)}</a>']
        return "\n".join(parts)

    return render


async def _audience_menu(context: Ctx, tr: Translator, draft: BroadcastInfo) -> Screen:
    everyone = await _broadcasts(context).count("all", None)
    return Screen(
        tr.gettext("Who should get it?"),
        keyboard(
            [
                [
                    button(
                        tr.gettext("All members (%(n)s)", n=everyone),
                        Action.BROADCAST_AUDIENCE,
                        draft.id,
                        "all",
                        "-",
                    )
                ],
                [
                    button(
                        tr.gettext("By topic"), Action.BROADCAST_AUDIENCE, draft.id, "menu", "topic"
                    ),
                    button(
                        tr.gettext("By country"),
                        Action.BROADCAST_AUDIENCE,
                        draft.id,
                        "menu",
                        "country",
                    ),
                ],
                [
                    button(
                        tr.gettext("By organisation type"),
                        Action.BROADCAST_AUDIENCE,
                        draft.id,
                        "menu",
                        "org_type",
                    )
                ],
                [button(tr.gettext("Discard"), Action.BROADCAST_DISCARD, draft.id)],
            ]
        ),
    )


def _audience_name(context: Ctx, tr: Translator, audience: str, value: str | None) -> str:
    rt = runtime(context)
    if audience == "topic" and value:
        return tr.gettext(
            "members following %(topic)s",
            topic=taxonomy_label(rt.settings, "topic", value, tr.language),
        )
    if audience == "country" and value:
        return tr.gettext("members in %(country)s", country=countries.name(value, tr.language))
    if audience == "org_type" and value:
        kind = tr.gettext(ORG_TYPES[value]) if value in ORG_TYPES else value
        return tr.gettext("members of type %(type)s", type=kind)
    return tr.gettext("all members")


async def _press_audience(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    user = update.effective_user
    assert user is not None
    if len(press.args) != 3:
        raise ValueError("broadcast, kind and value expected")
    broadcast_id, kind, value = require_id(press.args[0]), press.args[1], press.args[2]
    service = _broadcasts(context)
    rt = runtime(context)
    if kind == "menu":
        choices: list[tuple[str, str]]
        if value == "topic":
            choices = [(t.id, label(t, tr.language)) for t in rt.settings.taxonomy.topics]
        elif value == "country":
            present = await _member_countries(context)
            choices = [(c, countries.name(c, tr.language)) for c in present]
        elif value == "org_type":
            choices = [(key, tr.gettext(text)) for key, text in ORG_TYPES.items()]
        else:
            raise ValueError(value)
        options = [
            button(name, Action.BROADCAST_AUDIENCE, broadcast_id, value, key)
            for key, name in choices
        ]
        await show(
            update,
            context,
            Screen(
                tr.gettext("Choose one:"),
                keyboard(
                    rows(options, 2),
                    [[button("◀️", Action.BROADCAST_AUDIENCE, broadcast_id, "back", "-")]],
                ),
            ),
        )
        return
    if kind == "back":
        draft = await service.update(broadcast_id, user.id, draft_step="audience")
        await show(update, context, await _audience_menu(context, tr, draft))
        return
    if kind not in {"all", "topic", "country", "org_type"}:
        raise ValueError(kind)
    audience_value = None if kind == "all" else value
    draft = await service.update(
        broadcast_id, user.id, audience=kind, audience_value=audience_value, draft_step="preview"
    )
    count = await service.count(draft.audience, draft.audience_value)
    render = render_broadcast(context)
    preview = render(tr.language, draft.text, draft.link)
    text = "\n".join(
        [
            "👀 " + tr.gettext("Preview"),
            "",
            preview,
            "",
            tr.ngettext(
                "Audience: %(audience)s, %(n)s recipient.",
                "Audience: %(audience)s, %(n)s recipients.",
                count,
                audience=esc(_audience_name(context, tr, draft.audience, draft.audience_value)),
            ),
        ]
    )
    buttons: list[list[InlineKeyboardButton]] = []
    if count:
        buttons.append(
            [
                button(
                    "📢 " + tr.gettext("Send to %(n)s", n=count),
                    Action.BROADCAST_SEND,
                    broadcast_id,
                )
            ]
        )
    buttons.append(
        [
            button(
                tr.gettext("Change the audience"),
                Action.BROADCAST_AUDIENCE,
                broadcast_id,
                "back",
                "-",
            )
        ]
    )
    buttons.append([button(tr.gettext("Discard"), Action.BROADCAST_DISCARD, broadcast_id)])
    await show(update, context, Screen(text, keyboard(buttons)))


async def _member_countries(context: Ctx) -> list[str]:
    from sqlalchemy import select

    from bot.db.models import Member

    rt = runtime(context)
    async with rt.db.transaction() as session:
        found = await session.scalars(
            select(Member.country)
            .where(Member.consented_at.is_not(None), Member.country.is_not(None))
            .distinct()
        )
        return sorted(c for c in found if c)[:40]


async def _press_no_link(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    user = update.effective_user
    assert user is not None
    draft = await _broadcasts(context).update(
        require_id(press.arg), user.id, link=None, draft_step="audience"
    )
    await show(update, context, await _audience_menu(context, tr, draft))


async def _press_send(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    user = update.effective_user
    assert user is not None
    render = render_broadcast(context)
    count = await _broadcasts(context).send(
        require_id(press.arg), user.id, now=runtime(context).clock(), render=render
    )
    await show(
        update,
        context,
        Screen(
            "✅ "
            + tr.ngettext(
                "Queued for %(n)s member. You will get a delivery summary when it is sent.",
                "Queued for %(n)s members. You will get a delivery summary when it is sent.",
                count,
            )
        ),
    )


async def _press_discard(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    user = update.effective_user
    assert user is not None
    await _broadcasts(context).discard(require_id(press.arg), user.id)
    await show(update, context, Screen(tr.gettext("Discarded. Nothing was sent.")))


# --------------------------------------------------------------------- /push


async def push_command(update: Update, context: Ctx) -> None:
    """/push ID: one opportunity now to every member it matches (after a confirmation)."""
    tr = await require_coordinator(update, context)
    if tr is None:
        return
    args = context.args or []
    if len(args) != 1:
        await send(
            update,
            context,
            Screen(
                tr.gettext(
                    "Use /push followed by the opportunity's number, call identifier or uid, "
                    "e.g. /push 42 or /push HORIZON-CL2-2027-01."
                )
            ),
        )
        return
    service = _broadcasts(context)
    row = await service.find_opportunity(args[0][:200])
    if row is None:
        await send(
            update,
            context,
            Screen(tr.gettext("I found no opportunity %(ref)s.", ref=esc(excerpt(args[0])))),
        )
        return
    if not OpportunityKind(row.kind).is_funding:
        await send(update, context, Screen(_not_funding(tr, row.title, row.kind)))
        return
    recipients = await service.push_recipients(row.id, now=runtime(context).clock())
    text = "\n".join(
        [
            f"<b>{esc(row.title)}</b>",
            esc(row.call_id or row.uid),
            "",
            tr.ngettext(
                "It matches %(n)s member now.",
                "It matches %(n)s members now.",
                len(recipients),
            ),
        ]
    )
    markup = None
    if recipients:
        markup = keyboard(
            [
                [
                    button(
                        "📌 " + tr.gettext("Send to %(n)s", n=len(recipients)),
                        Action.PUSH_SEND,
                        row.id,
                    )
                ]
            ]
        )
    elif row.status == "closed":
        text += "\n" + tr.gettext("It is closed, so it is not sent to anyone.")
    await send(update, context, Screen(text, markup))


def _not_funding(tr: Translator, title: str, kind: str) -> str:
    return "\n".join(
        [
            f"<b>{esc(title)}</b>",
            tr.gettext(
                "This is not a call (it is marked as: %(kind)s), so it cannot be pushed. "
                "Only calls for proposals, tenders and cascade calls are pushed; news and "
                "events reach members in the “Also this week” part of their digest.",
                kind=esc(kind_label(tr, OpportunityKind(kind))),
            ),
        ]
    )


async def _press_push(update: Update, context: Ctx, press: Callback, tr: Translator) -> None:
    rt = runtime(context)

    def heading(language: str) -> str:
        return (
            "📌 <b>" + rt.catalogs.get(language).gettext("Recommended by the coordinators") + "</b>"
        )

    try:
        count = await _broadcasts(context).push(
            require_id(press.arg), now=rt.clock(), heading=heading
        )
    except BroadcastError as exc:
        if exc.code == "not_funding":
            await show(update, context, Screen(tr.gettext("It is not a call; nothing was sent.")))
        else:
            await show(
                update, context, Screen(tr.gettext("It is no longer open; nothing was sent."))
            )
        return
    await show(
        update,
        context,
        Screen(
            "✅ "
            + tr.ngettext(
                "Queued for %(n)s member. You will get a delivery summary when it is sent.",
                "Queued for %(n)s members. You will get a delivery summary when it is sent.",
                count,
            )
        ),
    )


_BUTTONS = {
    Action.ADMIN_REMOVE: _press_remove,
    Action.BROADCAST_AUDIENCE: _press_audience,
    Action.BROADCAST_NO_LINK: _press_no_link,
    Action.BROADCAST_SEND: _press_send,
    Action.BROADCAST_DISCARD: _press_discard,
    Action.PUSH_SEND: _press_push,
}


async def on_button(update: Update, context: Ctx, press: Callback) -> None:
    """Every button of this module, after the role check."""
    query = update.callback_query
    if query is None:
        return
    tr = await require_coordinator(update, context)
    if tr is None:
        return
    if press.action is not Action.ADMIN_REMOVE:
        await query.answer()  # at once, so the client stops spinning; the result follows
    try:
        await _BUTTONS[press.action](update, context, press, tr)
    except BroadcastError:
        await send(update, context, Screen(tr.gettext("This draft is no longer open.")))
    except (ValueError, LookupError):
        await send(update, context, Screen(tr.gettext("This button is no longer valid.")))
