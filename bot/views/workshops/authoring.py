"""The coordinator's workshop screens: the guided draft's questions, the preview, refusals.

Pure functions of a snapshot, the settings and a translator; typed text is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from telegram import InlineKeyboardButton

from bot.buttons.calendar import DraftKind, DraftRepeat
from bot.buttons.workshops import (
    ApplyEdit,
    CancelWorkshop,
    DiscardDraft,
    DraftAtStart,
    DraftLanguage,
    DraftSkip,
    DraftTopic,
    DraftTopicsDone,
    DraftUnlimited,
    EditField,
    Publish,
)
from bot.calendar import recurrence
from bot.config import Settings
from bot.core.i18n import Translator
from bot.core.languages import language_name
from bot.core.render import esc, excerpt
from bot.views.activity import kind_label, repeat_text
from bot.views.common import CHECK, Screen, button, keyboard, label, rows
from bot.views.workshops.cards import details, moment
from bot.views.workshops.forms import form_line, form_step, preview_buttons
from bot.workshops.fields import Problem
from bot.workshops.types import Published, WorkshopInfo


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
        "repeat_format": tr.gettext(
            "I could not read that rule. Write e.g. weekly, every 2 weeks, monthly, "
            "first tuesday or last friday, optionally with until 2027-06-30 or 8 times."
        ),
        "repeat_date": tr.gettext(
            "I could not read the date “%(date)s”. Write it like 2027-01-05.",
            date=esc(excerpt(problem.detail)),
        ),
        "repeat_start": tr.gettext(
            "The start is not one of the rule's dates (a “first Tuesday” series must start "
            "on a first Tuesday). Change the start or the rule."
        ),
        "repeat_many": tr.gettext("That makes more than 52 dates. Give an earlier end."),
        "repeat_once": tr.gettext("That rule gives a single date: choose Does not repeat."),
        "repeat_needs_start": tr.gettext("Set the start and the end first, then the repeat rule."),
    }
    return messages.get(problem.code, tr.gettext("That value cannot be used."))


def step_prompt(tr: Translator, settings: Settings, workshop: WorkshopInfo, step: str) -> Screen:
    """The question for one step of the guided flow."""
    zone = workshop.timezone
    cancel_row = [button(tr.gettext("Discard the draft"), DiscardDraft(workshop.id))]
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
        "kind": tr.gettext("What kind of activity is it?"),
        "repeat": tr.gettext(
            "Does it repeat? Press a button, or write the rule: weekly, every 2 weeks, monthly, "
            "first tuesday, last friday; then optionally until 2027-06-30 or 8 times, and "
            "except 2026-12-29, 2027-01-05. Without an end it repeats for six months. "
            "Each date is answered on its own."
        ),
    }
    if step == "form":
        return form_step(tr, workshop)
    text = prompts[step]
    buttons: list[list[InlineKeyboardButton]] = []
    if step == "description":
        buttons.append([button(tr.gettext("No description"), DraftSkip("description"))])
    elif step == "language":
        buttons.append(
            [
                button(language_name(code, tr.language, capital=True), DraftLanguage(code))
                for code in settings.i18n.languages
            ]
        )
    elif step == "capacity":
        buttons.append([button(tr.gettext("Unlimited"), DraftUnlimited())])
    elif step == "topics":
        chosen = set(workshop.topics)
        toggles = [
            button(
                f"{CHECK} {label(item, tr.language)}"
                if item.id in chosen
                else label(item, tr.language),
                DraftTopic(item.id, item.id not in chosen),
            )
            for item in settings.taxonomy.topics
        ]
        buttons.extend(rows(toggles, 2))
        buttons.append([button(tr.gettext("Done"), DraftTopicsDone())])
    elif step == "rsvp_close":
        buttons.append([button(tr.gettext("At the start"), DraftAtStart())])
    elif step == "related":
        buttons.append([button(tr.gettext("None"), DraftSkip("related"))])
    elif step == "kind":
        kinds = [button(kind_label(tr, code), DraftKind(code)) for code in KIND_CODES]
        buttons.extend(rows(kinds, 2))
    elif step == "repeat":
        buttons.extend(rows(_repeat_buttons(tr, workshop), 2))
    buttons.append(cancel_row)
    return Screen(text, keyboard(buttons))


KIND_CODES: tuple[Literal["workshop", "session", "meeting", "conference"], ...] = (
    "workshop",
    "session",
    "meeting",
    "conference",
)
_PRESETS: tuple[recurrence.Preset, ...] = ("w", "2w", "mn", "md")


def _repeat_buttons(tr: Translator, workshop: WorkshopInfo) -> list[InlineKeyboardButton]:
    """ "Does not repeat", then the presets for the draft's start (when it has one)."""
    found = [button(tr.gettext("Does not repeat"), DraftRepeat("o"))]
    if workshop.starts_at is None:
        return found
    start = workshop.starts_at.astimezone(workshop.zone)
    for code in _PRESETS:
        rule = recurrence.preset(code, start)
        if rule is not None:
            words = repeat_text(tr, rule.text())
            found.append(button(words[:1].upper() + words[1:], DraftRepeat(code)))
    return found


def repeat_line(tr: Translator, workshop: WorkshopInfo) -> str:
    """The preview's "Repeats" line: the rule in words and how many dates it makes."""
    if not workshop.recurrence:
        return tr.gettext("Repeats: no")
    if workshop.edits_id is not None:
        return tr.gettext("Repeats: part of a series; this change is for this date only")
    rule = repeat_text(tr, workshop.recurrence)
    if workshop.starts_at is None or workshop.ends_at is None:
        return tr.gettext("Repeats: %(rule)s", rule=rule)
    found = recurrence.expand(
        recurrence.stored(workshop.recurrence),
        start=workshop.starts_at.astimezone(workshop.zone),
        end=workshop.ends_at.astimezone(workshop.zone),
    )
    if isinstance(found, Problem):
        return "⚠️ " + tr.gettext("Repeats: %(rule)s", rule=rule) + " — " + problem_text(tr, found)
    return tr.ngettext(
        "Repeats: %(rule)s (%(n)s date)", "Repeats: %(rule)s (%(n)s dates)", len(found), rule=rule
    )


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
        tr.gettext("Type: %(kind)s", kind=kind_label(tr, workshop.kind)),
        repeat_line(tr, workshop),
    ]
    lines.extend(form_line(tr, workshop))
    if missing:
        lines.append("")
        lines.append("⚠️ " + tr.gettext("Still missing: %(fields)s", fields=", ".join(missing)))
    fields = [
        button(_field_name(tr, name), EditField(workshop.id, name))
        for name in (
            "title", "description", "start", "end", "place", "capacity", "rsvp_close", "kind"
        )
    ]  # fmt: skip
    if not workshop.edits_id:
        fields += [
            button(_field_name(tr, name), EditField(workshop.id, name))
            for name in ("language", "topics", "related", "repeat")
        ]
    buttons = rows(fields, 3)
    buttons.extend(preview_buttons(tr, workshop))
    if workshop.edits_id:
        if not missing:
            buttons.append([button("✅ " + tr.gettext("Apply and notify"), ApplyEdit(workshop.id))])
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
                    Publish(workshop.id, "t"),
                ),
                button(
                    "📣 " + tr.gettext("Publish to all (%(n)s)", n=everyone_count),
                    Publish(workshop.id, "a"),
                ),
            ]
        )
    buttons.append([button(tr.gettext("Discard the draft"), DiscardDraft(workshop.id))])
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
        "form": tr.gettext("Registration form"),
        "kind": tr.gettext("Type"),
        "repeat": tr.gettext("Repeats"),
    }
    return names.get(name, name)


def field_names(tr: Translator, names: Sequence[str]) -> str:
    """Translated field names, comma separated."""
    return ", ".join(_field_name(tr, n) for n in names)


def error_text(tr: Translator, code: str) -> str:
    """A :class:`~bot.workshops.types.WorkshopError` (or a stale press), in words."""
    messages = {
        "unknown": tr.gettext("There is no such workshop."),
        "cancelled": tr.gettext("This workshop was cancelled."),
        "closed": tr.gettext("Answers for this workshop are closed."),
        "incomplete": tr.gettext("The draft is not complete yet."),
        "past": tr.gettext("The start has already passed. Please change the start first."),
        "no_draft": tr.gettext("This draft no longer exists. /newworkshop starts a new one."),
        "not_member": tr.gettext("Please send /start first."),
        "is_edit": tr.gettext("This draft edits a published workshop."),
        "not_edit": tr.gettext("This draft is not an edit."),
        "repeat": tr.gettext(
            "The repeat rule no longer fits the start. Change Repeats in the preview."
        ),
        "stale": tr.gettext("This button is no longer valid."),
        "checkin_early": tr.gettext("Check-in opens an hour before the start."),
        "checkin_over": tr.gettext("This workshop has ended: check-in is closed."),
        "bad_code": tr.gettext(
            "No workshop has this check-in code. Please check it and send it again."
        ),
    }
    return messages.get(code, tr.gettext("That cannot be done now."))


def usage_text(tr: Translator, command: str) -> str:
    """A coordinator command sent without the workshop's number."""
    return tr.gettext(
        "Please give the workshop's number, e.g. /%(command)s 12. /workshops lists them.",
        command=command,
    )


def cancel_confirmation(tr: Translator, workshop: WorkshopInfo) -> Screen:
    """/cancelworkshop: are you sure, and how many members will be told."""
    text = tr.ngettext(
        "Cancel “%(title)s”? The %(n)s member who answered will be told.",
        "Cancel “%(title)s”? The %(n)s members who answered will be told.",
        workshop.counts.answered,
        title=esc(workshop.title),
    )
    confirm = button(tr.gettext("Yes, cancel it"), CancelWorkshop(workshop.id, "1"))
    return Screen(text, keyboard([[confirm]]))


def cancelled_text(tr: Translator, recipients: int) -> str:
    """The workshop is cancelled and who answered is being told."""
    return "❌ " + tr.ngettext(
        "Cancelled. %(n)s member who answered is being told.",
        "Cancelled. %(n)s members who answered are being told.",
        recipients,
    )


def published_text(tr: Translator, published: Published) -> str:
    """Published: its number, how many get the announcement, and the commands that follow."""
    workshop = published.workshop
    return (
        "✅ "
        + tr.ngettext(
            "Published as #%(id)s. The announcement is on its way to %(n)s member.",
            "Published as #%(id)s. The announcement is on its way to %(n)s members.",
            published.recipients,
            id=workshop.id,
        )
        + "\n"
        + tr.gettext(
            "/attendees %(id)s shows the answers; /editworkshop %(id)s and "
            "/cancelworkshop %(id)s change it.",
            id=workshop.id,
        )
    )


def applied_text(tr: Translator, result: Published) -> str:
    """An edit applied: what changed, who is told, who moved up from the waitlist."""
    if not result.changes:
        return tr.gettext("Nothing changed.")
    names = field_names(tr, [{"time": "start"}.get(c, c) for c in result.changes])
    answered = result.workshop.counts.answered
    if result.recipients:
        text = "✅ " + tr.ngettext(
            "Saved (%(fields)s). %(n)s member who answered is being told.",
            "Saved (%(fields)s). %(n)s members who answered are being told.",
            result.recipients,
            fields=names,
        )
    elif answered:
        # Only time, place and title are announced; a change of seats is not news for
        # those who answered (the waitlist's promotions are told below).
        text = "✅ " + tr.ngettext(
            "Saved (%(fields)s). %(n)s member answered; this change needs no notice, "
            "so their answer stands as it is.",
            "Saved (%(fields)s). %(n)s members answered; this change needs no notice, "
            "so their answers stand as they are.",
            answered,
            fields=names,
        )
    else:
        text = "✅ " + tr.gettext("Saved (%(fields)s). Nobody has answered yet.", fields=names)
    if result.promoted:
        text += "\n" + tr.ngettext(
            "%(n)s member moved up from the waitlist.",
            "%(n)s members moved up from the waitlist.",
            result.promoted,
        )
    return text
