"""Screens of the alliance calendar: its pages, a series' dates, the feed link, highlighted
calls; the words for activity types and repeat rules. Pure functions; feed and typed text
is escaped here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton

from bot.buttons.calendar import AgendaPage, FeedLink, MyCalendarFile, Unhighlight
from bot.buttons.workshops import Rsvp
from bot.calendar.agenda import ActivityEntry, DeadlineEntry, Page
from bot.core import dates
from bot.core.i18n import Translator
from bot.core.render import esc, esc_attr
from bot.views.activity import KIND_EMOJI, kind_heading, repeat_text
from bot.views.common import Screen, button, keyboard
from bot.views.workshops.cards import moment, status_name


def _activity_line(tr: Translator, number: int, entry: ActivityEntry, zone: ZoneInfo) -> str:
    workshop = entry.workshop
    assert workshop.starts_at is not None
    emoji = KIND_EMOJI.get(workshop.kind, KIND_EMOJI["workshop"])
    state = status_name(tr, entry.answer.value) if entry.answer else tr.gettext("no answer yet")
    repeats = " 🔁" if workshop.series_id is not None else ""
    return (
        f"{number}. {emoji} <b>{esc(workshop.title)}</b>{repeats} — "
        f"{esc(moment(workshop.starts_at, zone, tr.language))} · {esc(state)}"
    )


def _deadline_line(tr: Translator, number: int, entry: DeadlineEntry, zone: ZoneInfo) -> str:
    when = dates.deadline_text(
        tr, dates.Deadline(entry.deadline, entry.has_time, entry.zone), reader_zone=zone
    )
    title = f'<a href="{esc_attr(entry.url)}">{esc(entry.title[:150])}</a>'
    label = tr.gettext("Deadline")
    return f"{number}. ⏳ {label}: {title} — {esc(when)}"


def agenda_page(tr: Translator, page: Page, *, zone: ZoneInfo, feeds: bool) -> Screen:
    """A page of the alliance calendar: numbered activities (each with a button to open and
    answer it, whatever its topics) and highlighted deadlines; then the member's own calendar
    file, the feed link (when the bot serves feeds) and paging."""
    lines = ["🗓 " + tr.gettext("Alliance calendar"), ""]
    buttons: list[list[InlineKeyboardButton]] = []
    if not page.entries:
        lines.append(tr.gettext("Nothing is planned yet."))
    for number, entry in enumerate(page.entries, start=page.first + 1):
        if isinstance(entry, ActivityEntry):
            lines.append(_activity_line(tr, number, entry, zone))
            buttons.append(
                [
                    button(
                        str(number) + ". " + tr.gettext("Open and answer"),
                        Rsvp(entry.workshop.id, "v"),
                    )
                ]
            )
        else:
            lines.append(_deadline_line(tr, number, entry, zone))
    if page.pages > 1:
        lines.append("")
        lines.append(tr.gettext("Page %(n)s of %(total)s", n=page.number + 1, total=page.pages))
    paging = []
    if page.has_previous:
        paging.append(button("◀️ " + tr.gettext("Earlier"), AgendaPage(page.number - 1)))
    if page.has_next:
        paging.append(button(tr.gettext("Later") + " ▶️", AgendaPage(page.number + 1)))
    if paging:
        buttons.append(paging)
    own = [button("📅 " + tr.gettext("My calendar file"), MyCalendarFile())]
    if feeds:
        own.append(button("🔗 " + tr.gettext("Calendar link"), FeedLink("show")))
    buttons.append(own)
    return Screen("\n".join(lines), keyboard(buttons))


def series_view(
    tr: Translator, entries: Sequence[ActivityEntry], *, zone: ZoneInfo, now: datetime
) -> Screen:
    """Every date of a series, each answerable on its own."""
    if not entries:
        return Screen(tr.gettext("There is no such workshop."))
    first = entries[0].workshop
    lines = [kind_heading(tr, first.kind) + ": <b>" + esc(first.title) + "</b>"]
    if first.recurrence:
        lines.append("🔁 " + repeat_text(tr, first.recurrence))
    lines.append("")
    buttons = []
    for number, entry in enumerate(entries, start=1):
        workshop = entry.workshop
        assert workshop.starts_at is not None
        if workshop.status == "cancelled":
            state = tr.gettext("cancelled")
        elif workshop.ends_at is not None and workshop.ends_at <= now:
            state = tr.gettext("past")
        else:
            state = (
                status_name(tr, entry.answer.value) if entry.answer else tr.gettext("no answer yet")
            )
            buttons.append(
                [button(str(number) + ". " + tr.gettext("Open and answer"), Rsvp(workshop.id, "v"))]
            )
        lines.append(
            f"{number}. {esc(moment(workshop.starts_at, zone, tr.language))} · {esc(state)}"
        )
    return Screen("\n".join(lines), keyboard(buttons))


# ------------------------------------------------------------------------ the feed link


def feed_status(
    tr: Translator, created_at: datetime | None, fetched_at: datetime | None, *, zone: ZoneInfo
) -> Screen:
    """Whether the member has a link, and what they can do with it."""
    if created_at is None:
        text = tr.gettext(
            "A calendar link keeps your calendar app up to date by itself: the workshops you "
            "go to and the deadlines you follow. It is private: anyone with the link sees "
            "them, so keep it to yourself."
        )
        return Screen(
            text, keyboard([[button("🔗 " + tr.gettext("Make my link"), FeedLink("new"))]])
        )
    lines = [
        tr.gettext(
            "You made a calendar link on %(when)s.",
            when=esc(moment(created_at, zone, tr.language)),
        ),
        tr.gettext(
            "Your calendar app last fetched it on %(when)s.",
            when=esc(moment(fetched_at, zone, tr.language)),
        )
        if fetched_at
        else tr.gettext("No calendar app has fetched it yet."),
        tr.gettext(
            "For your privacy I do not keep the link itself: a new link replaces it "
            "(the old one stops working)."
        ),
    ]
    return Screen(
        "\n".join(lines),
        keyboard(
            [
                [button("🔄 " + tr.gettext("New link"), FeedLink("new"))],
                [button("🚫 " + tr.gettext("Turn the link off"), FeedLink("off"))],
            ]
        ),
    )


def feed_created(tr: Translator, url: str) -> Screen:
    """The new link, shown once."""
    text = "\n".join(
        [
            "🔗 " + tr.gettext("Your private calendar link:"),
            f"<code>{esc(url)}</code>",
            "",
            tr.gettext(
                "Add it in your calendar app as a calendar from the internet (a subscription): "
                "Google Calendar: Other calendars, From URL; Apple Calendar: File, New Calendar "
                "Subscription; Outlook: Add calendar, Subscribe from web."
            ),
            tr.gettext(
                "I show it only now; keep it private. /calendar lets you replace or turn it off."
            ),
        ]
    )
    return Screen(
        text, keyboard([[button("🚫 " + tr.gettext("Turn the link off"), FeedLink("off"))]])
    )


def feed_off(tr: Translator, had: bool) -> Screen:
    """The link was turned off (or there was none)."""
    if had:
        return Screen(
            tr.gettext("Your calendar link is off: calendar apps get nothing from it any more.")
        )
    return Screen(tr.gettext("You have no calendar link."))


def feeds_unavailable(tr: Translator) -> Screen:
    """The bot serves no feeds (no ``[web]`` address is configured)."""
    return Screen(
        tr.gettext("Calendar links are not available on this bot yet; use the calendar file.")
    )


# ------------------------------------------------------------------------- highlights


def highlight_usage(tr: Translator) -> str:
    """``/highlight`` needs a call."""
    return tr.gettext(
        "Send /highlight with a call's number, identifier or uid (as in /push), e.g. "
        "/highlight 42. Its deadlines then appear in everyone's alliance calendar."
    )


def highlight_done(tr: Translator, title: str, changed: bool) -> str:
    """A call was highlighted (or already was)."""
    if not changed:
        return tr.gettext("“%(title)s” is already highlighted.", title=esc(title))
    return "⭐ " + tr.gettext(
        "Highlighted: “%(title)s”. Its deadlines are in the alliance calendar (/calendar).",
        title=esc(title),
    )


def highlight_missing(tr: Translator, reference: str) -> str:
    """No call has this reference."""
    return tr.gettext("I found no call “%(ref)s”.", ref=esc(reference[:80]))


def highlights_view(
    tr: Translator, items: Sequence[tuple[int, str, datetime | None]], *, zone: ZoneInfo
) -> Screen:
    """The highlighted calls, each with a button to stop highlighting it."""
    if not items:
        return Screen(tr.gettext("No call is highlighted.") + "\n" + highlight_usage(tr))
    lines = ["⭐ " + tr.gettext("Highlighted calls"), ""]
    buttons = []
    for number, (opportunity_id, title, deadline) in enumerate(items, start=1):
        when = esc(moment(deadline, zone, tr.language)) if deadline else tr.gettext("no deadline")
        lines.append(f"{number}. {esc(title[:150])} — {when}")
        buttons.append(
            [
                button(
                    str(number) + ". " + tr.gettext("Stop highlighting"),
                    Unhighlight(opportunity_id),
                )
            ]
        )
    return Screen("\n".join(lines), keyboard(buttons))


def unhighlighted(tr: Translator, title: str) -> str:
    """A call is no longer highlighted."""
    return tr.gettext("“%(title)s” is no longer highlighted.", title=esc(title))
