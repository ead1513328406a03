"""Workshop screens and messages, as pure functions of a snapshot and a translator.

Every text a coordinator typed (title, description, place) is escaped here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton

from bot.callbacks import Action
from bot.config import Settings
from bot.core import dates
from bot.core.i18n import Translator
from bot.core.languages import language_name
from bot.core.render import esc, esc_attr, excerpt
from bot.views.common import CHECK, Screen, button, keyboard, label, rows
from bot.workshops.fields import Problem
from bot.workshops.seats import Answer

if TYPE_CHECKING:
    from bot.services.workshops import Attendee, WorkshopInfo

__all__ = ["Screen"]

ANSWER_CODES = {Answer.GOING: "g", Answer.MAYBE: "m", Answer.NO: "n"}
ATTENDEES_PER_PAGE = 10


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
    if workshop.url:
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

    going = button(
        mark(tr.gettext("Going"), answer is Answer.GOING), Action.WS_ANSWER, workshop.id, "g"
    )
    if answer is Answer.WAITLIST:
        # Already queued: the one thing to offer in Going's place is the way out.
        going = button(tr.gettext("Leave the waitlist"), Action.WS_ANSWER, workshop.id, "l")
    elif answer is not Answer.GOING and workshop.seats_left == 0:
        going = button(tr.gettext("Join the waitlist"), Action.WS_ANSWER, workshop.id, "g")
    answers = [
        going,
        button(
            mark(tr.gettext("Maybe"), answer is Answer.MAYBE), Action.WS_ANSWER, workshop.id, "m"
        ),
        button(
            mark(tr.gettext("Can't go"), answer is Answer.NO), Action.WS_ANSWER, workshop.id, "n"
        ),
    ]
    extra = [button("📅 " + tr.gettext("Calendar file"), Action.WS_ICS, workshop.id)]
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
    parts = ["📣 " + tr.gettext("Workshop"), details(tr, workshop, zone=zone, language=language)]
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
            keyboard([[button("📅 " + tr.gettext("Calendar file"), Action.WS_ICS, workshop.id)]]),
        )
    if not private:
        parts.append(tr.gettext("To answer, open a private chat with me and send /workshops."))
        rows_: list[list[InlineKeyboardButton]] = [
            [button("📅 " + tr.gettext("Calendar file"), Action.WS_ICS, workshop.id)]
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
            keyboard([[button("📅 " + tr.gettext("Calendar file"), Action.WS_ICS, workshop.id)]]),
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


def problem_text(tr: Translator, problem: Problem) -> str:
    """A refused value, explained."""
    messages = {
        "title_length": tr.gettext("Please send a title of 3 to 200 characters."),
        "description_length": tr.gettext("The description is too long: 2000 characters at most."),
        "zone": tr.gettext(
            "I do not know the time zone “%(zone)s”. Use a name like Europe/Madrid.",
            zone=esc(excerpt(problem.detail)),
        ),
        "datetime_format": tr.gettext(
            "I could not read that date and time. Write it like 2026-12-03 14:00, "
            "optionally followed by a time zone such as Europe/Madrid."
        ),
        "past": tr.gettext("That moment has already passed. Please send a future date and time."),
        "end_format": tr.gettext(
            "I could not read the end. Send a time (16:30), a duration (90m, 2h) "
            "or a date and time."
        ),
        "end_before_start": tr.gettext("The end must come after the start."),
        "too_long": tr.gettext("A workshop can last at most 14 days. Please check the end."),
        "link": tr.gettext(
            "That link does not look right. Send a full link starting with https://"
        ),
        "place_empty": tr.gettext("Please send a place, an online link, or both separated by |."),
        "place_length": tr.gettext("The place is too long: 300 characters at most."),
        "capacity": tr.gettext("Send a number of seats (1 to 100000), or press Unlimited."),
        "rsvp_after_start": tr.gettext("Answers must close before the workshop starts."),
        "related_many": tr.gettext("At most 10 related calls, please."),
        "related_id": tr.gettext(
            "“%(id)s” does not look like a call identifier.", id=esc(excerpt(problem.detail))
        ),
    }
    return messages.get(problem.code, tr.gettext("That value cannot be used."))


def step_prompt(tr: Translator, settings: Settings, workshop: WorkshopInfo, step: str) -> Screen:
    """The question for one step of the guided flow."""
    zone = workshop.timezone
    cancel_row = [button(tr.gettext("Discard the draft"), Action.WS_DISCARD, workshop.id)]
    prompts = {
        "title": tr.gettext("New workshop. What is its title?"),
        "description": tr.gettext(
            "Describe it in a few sentences (what members will learn, for whom)."
        ),
        "start": tr.gettext(
            "When does it start? Write the date and time like 2026-12-03 14:00. "
            "Times are in %(zone)s unless you add another zone (2026-12-03 14:00 Europe/Madrid).",
            zone=esc(zone),
        ),
        "end": tr.gettext(
            "When does it end? Send a time (16:30), a duration (90m, 2h) or a date and time."
        ),
        "place": tr.gettext(
            "Where? Send an address or room, an online link (https://…), or both separated by |."
        ),
        "language": tr.gettext("In which language is it held?"),
        "capacity": tr.gettext("How many seats? Send a number, or press Unlimited."),
        "topics": tr.gettext(
            "Which topics is it about? Members who follow them get the announcement."
        ),
        "rsvp_close": tr.gettext(
            "When do answers close? Send a date and time like 2026-12-02 18:00, "
            "or press At the start."
        ),
        "related": tr.gettext(
            "Related calls: send their identifiers separated by commas, or press None."
        ),
    }
    text = prompts[step]
    buttons: list[list[InlineKeyboardButton]] = []
    if step == "description":
        buttons.append([button(tr.gettext("No description"), Action.WS_SKIP, "description")])
    elif step == "language":
        buttons.append(
            [
                button(language_name(code, tr.language, capital=True), Action.WS_LANGUAGE, code)
                for code in settings.i18n.languages
            ]
        )
    elif step == "capacity":
        buttons.append([button(tr.gettext("Unlimited"), Action.WS_UNLIMITED)])
    elif step == "topics":
        chosen = set(workshop.topics)
        toggles = [
            button(
                f"{CHECK} {label(item, tr.language)}"
                if item.id in chosen
                else label(item, tr.language),
                Action.WS_TOPIC,
                item.id,
                0 if item.id in chosen else 1,
            )
            for item in settings.taxonomy.topics
        ]
        buttons.extend(rows(toggles, 2))
        buttons.append([button(tr.gettext("Done"), Action.WS_TOPICS_DONE)])
    elif step == "rsvp_close":
        buttons.append([button(tr.gettext("At the start"), Action.WS_AT_START)])
    elif step == "related":
        buttons.append([button(tr.gettext("None"), Action.WS_SKIP, "related")])
    buttons.append(cancel_row)
    return Screen(text, keyboard(buttons))


def topics_line(tr: Translator, settings: Settings, topics: Sequence[str]) -> str:
    """The workshop's topics by label."""
    labels = {item.id: label(item, tr.language) for item in settings.taxonomy.topics}
    return ", ".join(labels.get(t, t) for t in topics) or tr.gettext("none (everyone)")


def preview(
    tr: Translator,
    settings: Settings,
    workshop: WorkshopInfo,
    *,
    audience_count: int,
    everyone_count: int,
    missing: Sequence[str],
) -> Screen:
    """The draft as members will see it, with what the coordinator can still do."""
    zone = workshop.zone
    capacity = tr.gettext("unlimited") if workshop.capacity is None else str(workshop.capacity)
    closes = (
        moment(workshop.rsvp_closes_at, zone, tr.language)
        if workshop.rsvp_closes_at
        else tr.gettext("at the start")
    )
    lines = [
        "👀 " + (tr.gettext("Edit preview") if workshop.edits_id else tr.gettext("Preview")),
        "",
        details(tr, workshop, zone=zone, language=tr.language),
        "",
        tr.gettext("Seats: %(capacity)s", capacity=esc(capacity)),
        tr.gettext("Topics: %(topics)s", topics=esc(topics_line(tr, settings, workshop.topics))),
        tr.gettext("Answers close: %(when)s", when=esc(closes)),
    ]
    if missing:
        lines.append("")
        lines.append("⚠️ " + tr.gettext("Still missing: %(fields)s", fields=", ".join(missing)))
    fields = [
        button(_field_name(tr, name), Action.WS_EDIT, workshop.id, name)
        for name in ("title", "description", "start", "end", "place", "capacity", "rsvp_close")
    ]
    if not workshop.edits_id:
        fields += [
            button(_field_name(tr, name), Action.WS_EDIT, workshop.id, name)
            for name in ("language", "topics", "related")
        ]
    buttons = rows(fields, 3)
    if workshop.edits_id:
        if not missing:
            buttons.append(
                [button("✅ " + tr.gettext("Apply and notify"), Action.WS_APPLY, workshop.id)]
            )
    elif not missing:
        lines.append("")
        lines.append(
            tr.ngettext(
                "Publishing to members with these topics reaches %(n)s member.",
                "Publishing to members with these topics reaches %(n)s members.",
                audience_count,
            )
        )
        buttons.append(
            [
                button(
                    "📣 " + tr.gettext("Publish to %(n)s", n=audience_count),
                    Action.WS_PUBLISH,
                    workshop.id,
                    "t",
                ),
                button(
                    "📣 " + tr.gettext("Publish to all (%(n)s)", n=everyone_count),
                    Action.WS_PUBLISH,
                    workshop.id,
                    "a",
                ),
            ]
        )
    buttons.append([button(tr.gettext("Discard the draft"), Action.WS_DISCARD, workshop.id)])
    return Screen("\n".join(lines), keyboard(buttons))


def _field_name(tr: Translator, name: str) -> str:
    names = {
        "title": tr.gettext("Title"),
        "description": tr.gettext("Description"),
        "start": tr.gettext("Start"),
        "end": tr.gettext("End"),
        "place": tr.gettext("Place"),
        "capacity": tr.gettext("Seats"),
        "rsvp_close": tr.gettext("Answers close"),
        "language": tr.gettext("Language"),
        "topics": tr.gettext("Topics"),
        "related": tr.gettext("Related calls"),
    }
    return names.get(name, name)


def field_names(tr: Translator, names: Sequence[str]) -> str:
    """Translated field names, comma separated."""
    return ", ".join(_field_name(tr, n) for n in names)


def status_name(tr: Translator, status: str) -> str:
    """A translated RSVP status."""
    names = {
        "going": tr.gettext("going"),
        "maybe": tr.gettext("maybe"),
        "no": tr.gettext("can't go"),
        "waitlist": tr.gettext("waitlist"),
    }
    return names.get(status, status)


def attendees_view(
    tr: Translator,
    workshop: WorkshopInfo,
    attendees: Sequence[Attendee],
    *,
    page: int,
    marking: bool,
) -> Screen:
    """Counts and names by answer; after the start, buttons to mark who came."""
    c = workshop.counts
    lines = [
        tr.gettext("Attendees of #%(id)s %(title)s", id=workshop.id, title=esc(workshop.title)),
        tr.gettext(
            "Going %(going)s · maybe %(maybe)s · waitlist %(waitlist)s · can't go %(no)s",
            going=c.going,
            maybe=c.maybe,
            waitlist=c.waitlist,
            no=c.no,
        ),
    ]
    if workshop.capacity is not None:
        lines.append(tr.gettext("Seats: %(capacity)s", capacity=workshop.capacity))
    if marking:
        lines.append(tr.gettext("Attended: %(n)s", n=c.attended))
    if workshop.status == "cancelled":
        lines.append(tr.gettext("This workshop was cancelled."))
    if not attendees:
        lines.append("")
        lines.append(tr.gettext("Nobody has answered yet."))
        return Screen("\n".join(lines))
    pages = max(1, -(-len(attendees) // ATTENDEES_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = attendees[page * ATTENDEES_PER_PAGE : (page + 1) * ATTENDEES_PER_PAGE]
    lines.append("")
    buttons: list[list[InlineKeyboardButton]] = []
    for position, person in enumerate(shown, start=page * ATTENDEES_PER_PAGE + 1):
        who = person.display_name or tr.gettext("member %(id)s", id=person.member_id)
        org = f" · {person.org_name}" if person.org_name else ""
        came = {True: " ✅", False: " ✖️", None: ""}[person.attended] if marking else ""
        lines.append(f"{position}. {esc(who)}{esc(org)} — {status_name(tr, person.status)}{came}")
        if marking and person.status in {"going", "maybe", "waitlist"}:
            buttons.append(
                [
                    button(
                        f"{position}. "
                        + (CHECK + " " if person.attended else "")
                        + tr.gettext("came"),
                        Action.WS_ATTEND,
                        workshop.id,
                        person.member_id,
                        1,
                    ),
                    button(
                        f"{position}. "
                        + ("✖️ " if person.attended is False else "")
                        + tr.gettext("did not come"),
                        Action.WS_ATTEND,
                        workshop.id,
                        person.member_id,
                        0,
                    ),
                ]
            )
    nav = []
    if page > 0:
        nav.append(button("◀️", Action.WS_PAGE, workshop.id, page - 1))
    if page < pages - 1:
        nav.append(button("▶️", Action.WS_PAGE, workshop.id, page + 1))
    if nav:
        buttons.append(nav)
    buttons.append([button("⬇️ " + tr.gettext("Export CSV"), Action.WS_CSV, workshop.id)])
    return Screen("\n".join(lines), keyboard(buttons))


def _cell(value: str) -> str:
    # Spreadsheets run cells that start with these as formulas (CSV injection).
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def attendees_csv(workshop: WorkshopInfo, attendees: Sequence[Attendee]) -> bytes:
    """One row per answer, for reports (UTF-8 with a BOM so spreadsheet programs read it)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "workshop_id",
            "workshop",
            "starts_at_utc",
            "member_id",
            "name",
            "organisation",
            "country",
            "organisation_type",
            "answer",
            "answered_at_utc",
            "attended",
        ]
    )
    for person in attendees:
        writer.writerow(
            [
                workshop.id,
                _cell(workshop.title),
                workshop.starts_at.isoformat() if workshop.starts_at else "",
                person.member_id,
                _cell(person.display_name),
                _cell(person.org_name),
                person.country,
                person.org_type,
                person.status,
                person.answered_at.isoformat(),
                {True: "yes", False: "no", None: ""}[person.attended],
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


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
                    Action.WS_ANSWER,
                    workshop.id,
                    "v",
                )
            ]
        )
    return Screen("\n".join(lines), keyboard(buttons))


def coordinator_list(tr: Translator, items: Sequence[WorkshopInfo], *, zone: ZoneInfo) -> str:
    """Workshops with ids and counts, for coordinators."""
    if not items:
        return tr.gettext("No upcoming workshops. /newworkshop creates one.")
    lines = [tr.gettext("Workshops (id, start, answers):")]
    for workshop in items:
        assert workshop.starts_at is not None
        state = " ❌" if workshop.status == "cancelled" else ""
        lines.append(
            f"#{workshop.id} <b>{esc(workshop.title)}</b>{state} — "
            f"{esc(moment(workshop.starts_at, zone, tr.language))} · "
            + tr.gettext(
                "%(going)s going, %(waitlist)s waiting",
                going=workshop.counts.going,
                waitlist=workshop.counts.waitlist,
            )
        )
    lines.append("")
    lines.append(tr.gettext("/attendees ID · /editworkshop ID · /cancelworkshop ID"))
    return "\n".join(lines)
