"""Follow-up screens: a workshop's follow-up menu, materials, next steps, /actions (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import groupby

from telegram import InlineKeyboardButton

from bot.buttons.followup import (
    ActionDiscard,
    ActionDone,
    ActionNew,
    ActionOwner,
    FeedbackDelay,
    FollowUpOpen,
    FollowUpStop,
    MaterialsStart,
    MessageAttendees,
)
from bot.core import dates
from bot.core.i18n import Translator
from bot.core.render import esc, excerpt
from bot.followup.rules import MATERIALS_IDLE, TEXT_MAX, TEXT_MIN
from bot.followup.types import ActionInfo, Candidate, FollowUpInfo, MaterialsAudience
from bot.views.common import CHECK, Screen, button, keyboard
from bot.views.workshops.notices import rendered
from bot.workshops.types import Rendered


def follow_up(
    tr: Translator, info: FollowUpInfo, items: Sequence[ActionInfo], *, now: datetime, zone: str
) -> Screen:
    """A workshop's follow-up menu: materials, a message, next steps with their state."""
    lines = [
        "📎 <b>"
        + tr.gettext("Follow-up of #%(id)s %(title)s", id=info.workshop_id, title=esc(info.title))
        + "</b>",
        tr.gettext(
            "Attended: %(attended)s · registered: %(registered)s",
            attended=info.attended,
            registered=info.registered,
        ),
    ]
    if items:
        lines += ["", "<b>" + tr.gettext("Next steps") + "</b>"]
        lines += [item_line(tr, item, now=now, zone=zone) for item in items]
    buttons: list[list[InlineKeyboardButton]] = [
        [
            button(
                "📤 " + tr.gettext("Materials to who came (%(n)s)", n=info.attended),
                MaterialsStart(info.workshop_id, "attended"),
            )
        ],
        [
            button(
                "📤 " + tr.gettext("Materials to everyone who answered (%(n)s)", n=info.answered),
                MaterialsStart(info.workshop_id, "answered"),
            )
        ],
        [
            button(
                "✉️ " + tr.gettext("Message who came"),
                MessageAttendees(info.workshop_id, "attended"),
            ),
            button(
                "✉️ " + tr.gettext("Message registered"),
                MessageAttendees(info.workshop_id, "registered"),
            ),
        ],
        [button("➕ " + tr.gettext("Add a next step"), ActionNew(info.workshop_id))],
    ]
    if info.feedback_sent:
        lines += ["", tr.gettext("The feedback poll was sent: /surveys shows its results.")]
    else:
        if info.feedback_hours:
            when = tr.ngettext(
                "The feedback poll goes to who came %(n)s hour after the end.",
                "The feedback poll goes to who came %(n)s hours after the end.",
                info.feedback_hours,
            )
        else:
            when = tr.gettext("No feedback poll is planned for this workshop.")
        lines += ["", when]
        choices = [
            button(
                (CHECK + " " if hours == info.feedback_hours else "")
                + (tr.gettext("Poll after %(n)s h", n=hours) if hours else tr.gettext("No poll")),
                FeedbackDelay(info.workshop_id, hours),
            )
            for hours in FEEDBACK_CHOICES
        ]
        buttons.append(choices)
    return Screen(clipped(tr, lines), keyboard(buttons))


#: Delays (hours after the end) a coordinator can pick for the feedback poll; 0: none.
FEEDBACK_CHOICES = (2, 24, 0)
#: Room for a screen's text (Telegram's limit is 4096 characters).
TEXT_ROOM = 3800
#: Room for the overdue next steps in the weekly summary (source health comes first).
OVERDUE_ROOM = 1500
#: Characters of a next step's text shown in a list (the card shows all of it).
LINE_TEXT = 120


def clipped(tr: Translator, lines: Sequence[str], room: int = TEXT_ROOM) -> str:
    """The lines joined, cut at a line boundary to fit ``room``, saying that more exist."""
    text = "\n".join(lines)
    if len(text) <= room:
        return text
    cut = text[:room].rsplit("\n", 1)[0]
    return cut + "\n" + tr.gettext("…and more, not shown here.")


def audience_words(tr: Translator, audience: str, workshop_id: int) -> str:
    """Who a workshop audience is, inside a sentence (plain text)."""
    if audience == "attended":
        return tr.gettext("members who attended #%(id)s", id=workshop_id)
    if audience == "answered":
        return tr.gettext("members who answered #%(id)s", id=workshop_id)
    return tr.gettext("members registered for #%(id)s", id=workshop_id)


def materials_prompt(
    tr: Translator, workshop_id: int, audience: MaterialsAudience, count: int
) -> Screen:
    """Materials mode: what the coordinator sends next goes to the audience."""
    return Screen(
        tr.ngettext(
            "Send or forward the materials now: documents, photos, or a message with links. "
            "Each one goes to %(who)s (%(n)s person) as soon as you send it. "
            "Press Done when finished.",
            "Send or forward the materials now: documents, photos, or a message with links. "
            "Each one goes to %(who)s (%(n)s people) as soon as you send it. "
            "Press Done when finished.",
            count,
            who=esc(audience_words(tr, audience, workshop_id)),
        ),
        keyboard([[button(tr.gettext("Done"), FollowUpStop(workshop_id))]]),
    )


def material_queued(tr: Translator, workshop_id: int, count: int) -> Screen:
    """One item was queued."""
    return Screen(
        "✅ "
        + tr.ngettext(
            "Queued for %(n)s person. Send more, or press Done.",
            "Queued for %(n)s people. Send more, or press Done.",
            count,
        ),
        keyboard([[button(tr.gettext("Done"), FollowUpStop(workshop_id))]]),
    )


def materials_ended(tr: Translator, workshop_id: int) -> Screen:
    """Materials mode ended by itself: nothing was sent."""
    return Screen(
        tr.gettext(
            "Nothing was sent: passing materials on ended after %(n)s minutes without any. "
            "Open the follow-up again to send more.",
            n=int(MATERIALS_IDLE.total_seconds() // 60),
        ),
        keyboard(
            [[button("📎 " + tr.gettext("Back to the follow-up"), FollowUpOpen(workshop_id))]]
        ),
    )


def material_too_big(tr: Translator, limit_mb: int) -> Screen:
    """A file over the download limit."""
    return Screen(
        tr.gettext("That file is too big: %(n)s MB at most. Send a link to it instead.", n=limit_mb)
    )


def material_heading(tr: Translator, workshop_id: int, title: str) -> str:
    """The line above materials members get (HTML)."""
    return (
        "📎 <b>" + tr.gettext("Materials from the workshop “%(title)s”", title=esc(title)) + "</b>"
    )


# --------------------------------------------------------------------------- next steps


def ask_text(tr: Translator, item_id: int) -> Screen:
    """The first answer of a next step: what is to be done."""
    return Screen(
        tr.gettext(
            "What is the next step? Send it in one message (%(min)s-%(max)s characters).",
            min=TEXT_MIN,
            max=TEXT_MAX,
        ),
        keyboard([[button(tr.gettext("Discard"), ActionDiscard(item_id))]]),
    )


def bad_text(tr: Translator) -> Screen:
    """The text is too short or too long."""
    return Screen(
        tr.gettext("Please send %(min)s to %(max)s characters.", min=TEXT_MIN, max=TEXT_MAX)
    )


def ask_owner(tr: Translator, item: ActionInfo, candidates: Sequence[Candidate]) -> Screen:
    """Who does it: one button per attendee (who came, else who registered)."""
    if not candidates:
        return Screen(
            tr.gettext("Nobody attended or registered, so nobody can own a next step yet."),
            keyboard([[button(tr.gettext("Discard"), ActionDiscard(item.id))]]),
        )
    options = [
        [
            button(
                " · ".join(
                    p
                    for p in (c.name or tr.gettext("member %(id)s", id=c.member_id), c.org_name)
                    if p
                ),
                ActionOwner(item.id, c.member_id),
            )
        ]
        for c in candidates[:40]
    ]
    return Screen(
        tr.gettext("Who does it? Choose the person (and their organisation):")
        + "\n\n"
        + f"<i>{esc(item.text)}</i>",
        keyboard(options, [[button(tr.gettext("Discard"), ActionDiscard(item.id))]]),
    )


def ask_due(tr: Translator, item: ActionInfo) -> Screen:
    """By when."""
    return Screen(
        tr.gettext("By when? Send the due date, e.g. 2026-12-15 or 15.12.2026."),
        keyboard([[button(tr.gettext("Discard"), ActionDiscard(item.id))]]),
    )


def due_problem(tr: Translator, code: str) -> Screen:
    """A due date that cannot be used."""
    texts = {
        "past": tr.gettext("That day has passed. Send a date from today on."),
        "far": tr.gettext("That is more than a year away. Please check the date."),
    }
    return Screen(
        texts.get(
            code, tr.gettext("I could not read that date. Send it as 2026-12-15 or 15.12.2026.")
        )
    )


def action_saved(tr: Translator, item: ActionInfo) -> Screen:
    """The item is open and its owner told."""
    return Screen(
        "✅ "
        + tr.gettext(
            "Next step saved; %(owner)s is told and will be reminded the day before.",
            owner=esc(item.owner_label),
        ),
        keyboard(
            [[button("📎 " + tr.gettext("Back to the follow-up"), FollowUpOpen(item.workshop_id))]]
        ),
    )


def discarded(tr: Translator) -> Screen:
    """An unfinished item was thrown away."""
    return Screen(tr.gettext("Discarded."))


def due_text(tr: Translator, item: ActionInfo) -> str:
    """ "due 15 Dec 2026" in the reader's language."""
    if item.due_on is None:
        return ""
    return tr.gettext("due %(day)s", day=dates.day(item.due_on, tr.language))


def item_line(tr: Translator, item: ActionInfo, *, now: datetime, zone: str) -> str:
    """One item in a list: state, text, owner, due day (overdue marked)."""
    mark = CHECK if item.status == "done" else ("⏰" if item.overdue_at(now) else "▫️")
    parts = [f"{mark} {esc(excerpt(item.text, LINE_TEXT))}"]
    if item.owner_label:
        parts.append(esc(item.owner_label))
    if item.due_on is not None:
        due = due_text(tr, item)
        parts.append(f"<b>{due}</b>" if item.overdue_at(now) else due)
    return " — ".join(parts)


def _card(tr: Translator, item: ActionInfo, heading: str) -> Screen:
    text = "\n".join(
        [
            heading,
            "",
            f"<b>{esc(item.text)}</b>",
            tr.gettext("From the workshop “%(title)s”.", title=esc(item.workshop_title)),
            due_text(tr, item),
        ]
    )
    if item.status == "done":
        return Screen(text + "\n\n" + CHECK + " " + tr.gettext("Done. Thank you!"))
    return Screen(
        text,
        keyboard([[button(CHECK + " " + tr.gettext("Mark as done"), ActionDone(item.id, False))]]),
    )


def assigned(tr: Translator, item: ActionInfo) -> Screen:
    """The owner is told about a new next step."""
    return _card(tr, item, "📝 " + tr.gettext("A next step for you"))


def reminder(tr: Translator, item: ActionInfo) -> Screen:
    """The owner is reminded the day before."""
    return _card(tr, item, "⏰ " + tr.gettext("Reminder: this next step is due tomorrow"))


def done_card(tr: Translator, item: ActionInfo) -> Screen:
    """The card redrawn once done."""
    return _card(tr, item, "📝 " + tr.gettext("A next step for you"))


def actions_list(
    tr: Translator,
    mine: Sequence[ActionInfo],
    everyone: Sequence[ActionInfo] | None,
    *,
    now: datetime,
    zone: str,
) -> Screen:
    """/actions: the member's open items (with done buttons); for coordinators every open item
    by workshop."""
    lines = ["<b>" + tr.gettext("Your next steps") + "</b>"]
    buttons: list[list[InlineKeyboardButton]] = []
    if not mine:
        lines.append(tr.gettext("Nothing open for you."))
    for position, item in enumerate(mine, start=1):
        lines.append(
            f"{position}. " + item_line(tr, item, now=now, zone=zone) + f" (#{item.workshop_id})"
        )
        buttons.append(
            [
                button(
                    str(position) + ". " + CHECK + " " + tr.gettext("Mark as done"),
                    ActionDone(item.id, True),
                )
            ]
        )
    if everyone is not None:
        lines += ["", "<b>" + tr.gettext("All open next steps, by workshop") + "</b>"]
        if not everyone:
            lines.append(tr.gettext("None."))
        for workshop_id, group in groupby(everyone, key=lambda i: i.workshop_id):
            items = list(group)
            lines.append(f"#{workshop_id} <i>{esc(items[0].workshop_title)}</i>")
            lines += ["  " + item_line(tr, item, now=now, zone=zone) for item in items]
    return Screen(clipped(tr, lines), keyboard(buttons[:20]) if buttons else None)


def overdue_section(tr: Translator, items: Sequence[ActionInfo]) -> str:
    """The weekly summary's part on next steps past their due day (HTML)."""
    if not items:
        return ""
    lines = [
        "<b>"
        + tr.ngettext("%(n)s next step is overdue", "%(n)s next steps are overdue", len(items))
        + "</b>"
    ]
    for item in items:
        owner, due = esc(item.owner_label), due_text(tr, item)
        text = esc(excerpt(item.text, LINE_TEXT))
        lines.append(f"⏰ #{item.workshop_id} {text} — {owner} — {due}")
    return clipped(tr, lines, OVERDUE_ROOM)


def error_text(tr: Translator, code: str) -> str:
    """The words for a refused follow-up request."""
    texts = {
        "not_started": tr.gettext("The follow-up opens once the workshop has started."),
        "not_owner": tr.gettext("Only the person it was given to can mark it done."),
        "no_draft": tr.gettext("This next step is no longer being written."),
        "unknown": tr.gettext("I do not know that workshop or next step."),
    }
    return texts.get(code, tr.gettext("This button is no longer valid."))


class ScreenActionNotices:
    """Implements :class:`bot.followup.types.ActionNotices` with these screens."""

    def assigned(self, tr: Translator, item: ActionInfo) -> Rendered:
        """The owner is told about a new next step."""
        return rendered(assigned(tr, item))

    def reminder(self, tr: Translator, item: ActionInfo) -> Rendered:
        """The owner is reminded the day before it is due."""
        return rendered(reminder(tr, item))

    def material_heading(self, tr: Translator, workshop_id: int, title: str) -> str:
        """The line above materials forwarded to attendees (HTML)."""
        return material_heading(tr, workshop_id, title)


ACTION_NOTICES = ScreenActionNotices()


def caption_too_long(tr: Translator, limit: int) -> Screen:
    """A caption over what fits under the heading."""
    return Screen(
        tr.gettext(
            "That caption is too long: %(n)s characters at most. Send the text as its own message.",
            n=limit,
        )
    )
