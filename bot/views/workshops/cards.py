"""Workshop cards for members: the announcement, change notices, reminders, /workshops.

Pure functions of a snapshot and a translator; every text a coordinator typed (title,
description, place) is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton

from bot.buttons.calendar import SeriesDates
from bot.buttons.workshops import CalendarFile, Rsvp
from bot.core import dates
from bot.core.i18n import Translator
from bot.core.languages import language_name
from bot.core.render import esc, esc_attr
from bot.views.activity import kind_heading, repeat_text
from bot.views.common import CHECK, Screen, button, keyboard
from bot.workshops.seats import Answer
from bot.workshops.types import WorkshopInfo

ANSWER_CODES = {Answer.GOING: "g", Answer.MAYBE: "m", Answer.NO: "n"}


def moment(instant: datetime, zone: ZoneInfo, language: str) -> str:
    """``Thursday, 3 December 2026, 14:00`` in the reader's zone and language."""
    return dates.moment(instant, zone, language, weekday=True)


def span(tr: Translator, workshop: WorkshopInfo, zone: ZoneInfo) -> str:
    """Start and end (the end as a time when on the same day) and the reader's zone:
    ``Thursday, 3 December 2026, 14:00–16:00 (Bucharest time)``."""
    assert workshop.starts_at is not None
    assert workshop.ends_at is not None
    return tr.gettext(
        "%(moment)s (%(zone)s)",
        moment=dates.time_range(workshop.starts_at, workshop.ends_at, zone, tr.language),
        zone=dates.zone_name(tr, zone, workshop.starts_at),
    )


def _seats_line(tr: Translator, workshop: WorkshopInfo) -> str:
    left = workshop.seats_left
    if left is None:
        return tr.gettext("Seats: no limit · %(going)s going", going=workshop.counts.going)
    if left == 0:
        return tr.gettext(
            "Fully booked · %(waiting)s on the waitlist", waiting=workshop.counts.waitlist
        )
    return tr.ngettext(
        "%(n)s seat left of %(capacity)s",
        "%(n)s seats left of %(capacity)s",
        left,
        capacity=workshop.capacity,
    )


def details(tr: Translator, workshop: WorkshopInfo, *, zone: ZoneInfo, language: str) -> str:
    """The workshop's facts, escaped, as several HTML lines."""
    lines = [f"<b>{esc(workshop.title or '…')}</b>"]
    if workshop.starts_at is not None and workshop.ends_at is not None:
        lines.append("🗓 " + esc(span(tr, workshop, zone)))
    if workshop.place:
        lines.append("📍 " + esc(workshop.place))
    if workshop.url and workshop.link_after_checkin:
        lines.append("🔗 " + tr.gettext("Online: the link is given when you check in."))
    elif workshop.url:
        lines.append(f'🔗 <a href="{esc_attr(workshop.url)}">{esc(workshop.url)}</a>')
    lines.append(
        "🗣 " + tr.gettext("In %(language)s", language=language_name(workshop.language, language))
    )
    if workshop.description:
        lines.append("")
        lines.append(esc(workshop.description))
    if workshop.related_calls:
        lines.append("")
        lines.append(
            tr.gettext("Related calls: %(ids)s", ids=esc(", ".join(workshop.related_calls)))
        )
    return "\n".join(lines)


def rsvp_keyboard(
    tr: Translator, workshop: WorkshopInfo, answer: Answer | None
) -> list[list[InlineKeyboardButton]]:
    """Going / Maybe / Can't go (the member's answer ticked) and the calendar file; on the
    waitlist, Going's place holds "Leave the waitlist", never both."""

    def mark(text: str, on: bool) -> str:
        return f"{CHECK} {text}" if on else text

    going = button(mark(tr.gettext("Going"), answer is Answer.GOING), Rsvp(workshop.id, "g"))
    if answer is Answer.WAITLIST:
        # Already queued: the one thing to offer in Going's place is the way out.
        going = button(tr.gettext("Leave the waitlist"), Rsvp(workshop.id, "l"))
    elif answer is not Answer.GOING and workshop.seats_left == 0:
        going = button(tr.gettext("Join the waitlist"), Rsvp(workshop.id, "g"))
    answers = [
        going,
        button(mark(tr.gettext("Maybe"), answer is Answer.MAYBE), Rsvp(workshop.id, "m")),
        button(mark(tr.gettext("Can't go"), answer is Answer.NO), Rsvp(workshop.id, "n")),
    ]
    extra = [button("📅 " + tr.gettext("Calendar file"), CalendarFile(workshop.id))]
    if workshop.series_id is not None:
        extra.append(button("🔁 " + tr.gettext("All dates"), SeriesDates(workshop.series_id)))
    return [answers, extra]


def answer_line(tr: Translator, answer: Answer | None) -> str:
    """The member's own answer, in one line."""
    if answer is Answer.GOING:
        return tr.gettext("Your answer: going. I will remind you before it starts.")
    if answer is Answer.WAITLIST:
        return tr.gettext(
            "You are on the waitlist. If a seat frees up, it is yours and I will tell you."
        )
    if answer is Answer.MAYBE:
        return tr.gettext("Your answer: maybe.")
    if answer is Answer.NO:
        return tr.gettext("Your answer: can't go.")
    return ""


def announcement(
    tr: Translator,
    workshop: WorkshopInfo,
    *,
    answer: Answer | None,
    zone: ZoneInfo,
    private: bool = True,
    closed: bool = False,
    bot_username: str | None = None,
) -> Screen:
    """The announcement a member gets; redrawn in place when they answer.

    In a group, an answer belongs to a person: the card links to a private chat with the bot
    (``/start ws<ID>`` opens the workshop there) instead of carrying answer buttons.
    """
    language = tr.language
    parts = [kind_heading(tr, workshop.kind), details(tr, workshop, zone=zone, language=language)]
    if workshop.series_id is not None and workshop.recurrence:
        parts.append(
            "🔁 " + tr.gettext("Repeats %(rule)s", rule=repeat_text(tr, workshop.recurrence))
        )
    parts.append(_seats_line(tr, workshop))
    if workshop.rsvp_closes_at is not None and not closed:
        parts.append(
            tr.gettext(
                "Answers close: %(when)s", when=esc(moment(workshop.rsvp_closes_at, zone, language))
            )
        )
    own = answer_line(tr, answer)
    if own:
        parts.append(f"<i>{own}</i>")
    if closed:
        parts.append(tr.gettext("Answers are closed."))
        return Screen(
            "\n".join(parts),
            keyboard([[button("📅 " + tr.gettext("Calendar file"), CalendarFile(workshop.id))]]),
        )
    if not private:
        parts.append(tr.gettext("To answer, open a private chat with me and send /workshops."))
        rows_: list[list[InlineKeyboardButton]] = [
            [button("📅 " + tr.gettext("Calendar file"), CalendarFile(workshop.id))]
        ]
        if bot_username:
            link = f"https://t.me/{bot_username}?start=ws{workshop.id}"
            rows_.insert(
                0, [InlineKeyboardButton("✋ " + tr.gettext("Answer privately"), url=link)]
            )
        return Screen("\n".join(parts), keyboard(rows_))
    return Screen("\n".join(parts), keyboard(rsvp_keyboard(tr, workshop, answer)))


def change_notice(
    tr: Translator,
    workshop: WorkshopInfo,
    *,
    kind: str,
    changes: Sequence[str],
    answer: Answer,
    zone: ZoneInfo,
) -> Screen:
    """What changed (time, place) or that it was cancelled, for a member who answered."""
    language = tr.language
    if kind == "cancelled":
        text = "\n".join(
            [
                "❌ " + tr.gettext("Cancelled: %(title)s", title=esc(workshop.title)),
                tr.gettext("This workshop will not take place. Sorry for the change of plans."),
                tr.gettext("The calendar file below removes it from your calendar."),
            ]
        )
        return Screen(
            text,
            keyboard([[button("📅 " + tr.gettext("Calendar file"), CalendarFile(workshop.id))]]),
        )
    what = []
    if "time" in changes:
        what.append(tr.gettext("New time"))
    if "place" in changes:
        what.append(tr.gettext("New place"))
    if "title" in changes:
        what.append(tr.gettext("New title"))
    head = "✏️ " + tr.gettext("Changed: %(what)s", what=", ".join(what) or tr.gettext("details"))
    body = details(tr, workshop, zone=zone, language=language)
    return Screen(
        "\n".join([head, body, _seats_line(tr, workshop), f"<i>{answer_line(tr, answer)}</i>"]),
        keyboard(rsvp_keyboard(tr, workshop, answer)),
    )


def promoted_notice(tr: Translator, workshop: WorkshopInfo, *, zone: ZoneInfo) -> Screen:
    """A seat freed up and the waitlisted member got it."""
    text = "\n".join(
        [
            "🎉 " + tr.gettext("A seat freed up and it is yours."),
            details(tr, workshop, zone=zone, language=tr.language),
            f"<i>{answer_line(tr, Answer.GOING)}</i>",
            tr.gettext("If you cannot come after all, press Can't go so someone else can."),
        ]
    )
    return Screen(text, keyboard(rsvp_keyboard(tr, workshop, Answer.GOING)))


def reminder(tr: Translator, workshop: WorkshopInfo, *, zone: ZoneInfo, now: datetime) -> Screen:
    """A reminder for a member who is going."""
    assert workshop.starts_at is not None
    minutes = max(1, round((workshop.starts_at - now).total_seconds() / 60))
    if minutes >= 120:
        soon = tr.ngettext("Starts in %(n)s hour", "Starts in %(n)s hours", round(minutes / 60))
    else:
        soon = tr.ngettext("Starts in %(n)s minute", "Starts in %(n)s minutes", minutes)
    text = "\n".join(["⏰ " + soon, details(tr, workshop, zone=zone, language=tr.language)])
    return Screen(text, keyboard(rsvp_keyboard(tr, workshop, Answer.GOING)))


def status_name(tr: Translator, status: str) -> str:
    """A translated RSVP status."""
    names = {
        "going": tr.gettext("going"),
        "maybe": tr.gettext("maybe"),
        "no": tr.gettext("can't go"),
        "waitlist": tr.gettext("waitlist"),
    }
    return names.get(status, status)


def workshops_list(
    tr: Translator,
    items: Sequence[tuple[WorkshopInfo, Answer | None]],
    *,
    zone: ZoneInfo,
) -> Screen:
    """``/workshops``: upcoming workshops with the member's answer, one button row each."""
    if not items:
        return Screen(tr.gettext("No upcoming workshops for your topics right now."))
    lines = ["📣 " + tr.gettext("Upcoming workshops"), ""]
    buttons: list[list[InlineKeyboardButton]] = []
    for number, (workshop, answer) in enumerate(items, start=1):
        assert workshop.starts_at is not None
        state = status_name(tr, answer.value) if answer else tr.gettext("no answer yet")
        lines.append(
            f"{number}. <b>{esc(workshop.title)}</b> — "
            f"{esc(moment(workshop.starts_at, zone, tr.language))} · {state}"
        )
        buttons.append(
            [
                button(
                    str(number) + ". " + tr.gettext("Open and answer"),
                    Rsvp(workshop.id, "v"),
                )
            ]
        )
    return Screen("\n".join(lines), keyboard(buttons))
