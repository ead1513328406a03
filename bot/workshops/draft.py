"""The guided workshop draft as a pure step machine: given a draft and an input, what to save
and which step comes next (or why the input was refused). No I/O: the service saves, the
handler shows the next question.

A step name ending in :data:`SINGLE` was opened from the preview ("change the start"): once it
is answered, the flow returns to the preview instead of walking on through the steps. An edit
of a published workshop always returns to the preview.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.calendar import recurrence
from bot.workshops import fields
from bot.workshops.fields import Problem
from bot.workshops.types import WorkshopInfo

#: The guided steps of a new workshop, in order ("preview" ends the flow).
STEPS = (
    "title",
    "description",
    "start",
    "end",
    "place",
    "language",
    "capacity",
    "topics",
    "rsvp_close",
    "related",
    "preview",
)
#: A step name with this suffix was opened from the preview: answer it, then back to the preview.
SINGLE = "!"
#: Steps answered by typing (the others take buttons).
TEXT_STEPS = frozenset(
    {"title", "description", "start", "end", "place", "capacity", "rsvp_close", "related",
     "repeat"}
)  # fmt: skip
#: Fields a coordinator may change on a published workshop (from the edit preview).
EDITABLE = ("title", "description", "start", "end", "place", "capacity", "rsvp_close", "kind")
#: Fields only a new draft may change (an edit keeps what members were announced; an
#: occurrence of a series is edited on its own, so an edit never repeats).
NEW_ONLY = ("language", "topics", "related", "form", "repeat")
#: Activity types (``workshops.kind``).
KINDS = ("workshop", "session", "meeting", "conference")
#: Fields whose change members are told about.
NOTIFY_FIELDS = frozenset({"starts_at", "ends_at", "place", "url", "title"})
#: The changes (see :func:`changed_fields`) that are announced to members who answered.
ANNOUNCED_CHANGES = frozenset({"time", "place", "title"})
#: The columns a draft holds and an edit copies onto its workshop.
COPIED = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "timezone",
    "place",
    "url",
    "language",
    "capacity",
    "topics",
    "audience",
    "rsvp_closes_at",
    "related_calls",
    "registration_fields",
    "link_after_checkin",
    "kind",
    "recurrence",
)
#: Optional steps a button leaves empty, with the values that empties them.
SKIPPABLE: dict[str, dict[str, object]] = {
    "description": {"description": ""},
    "related": {"related_calls": []},
}


# --- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """The coordinator typed an answer to the current step."""

    text: str


@dataclass(frozen=True, slots=True)
class Language:
    """A language button."""

    code: str


@dataclass(frozen=True, slots=True)
class Unlimited:
    """The "Unlimited" seats button."""


@dataclass(frozen=True, slots=True)
class TopicsDone:
    """The "Done" button under the topics."""


@dataclass(frozen=True, slots=True)
class AtStart:
    """Answers close at the start."""


@dataclass(frozen=True, slots=True)
class Skip:
    """Leave an optional field empty ("No description", "None")."""

    step: str


@dataclass(frozen=True, slots=True)
class FormDone:
    """The "Done" button under the registration form's fields."""


@dataclass(frozen=True, slots=True)
class Kind:
    """An activity-type button."""

    code: str


@dataclass(frozen=True, slots=True)
class Repeat:
    """A repeat button: once, or a preset rule from the start (see ``recurrence.preset``)."""

    code: recurrence.Preset


Input = Text | Language | Unlimited | TopicsDone | AtStart | Skip | FormDone | Kind | Repeat


@dataclass(frozen=True, slots=True)
class Advance:
    """Save ``values`` and move the draft to ``step``."""

    step: str
    values: Mapping[str, object] = field(default_factory=dict)


# --- the machine -----------------------------------------------------------------------------


def current_step(draft: WorkshopInfo) -> str | None:
    """The step the draft is at, without the "opened from the preview" mark."""
    return draft.draft_step.rstrip(SINGLE) if draft.draft_step is not None else None


def next_step(draft: WorkshopInfo) -> str:
    """The step after the current one (the preview after a single-field change or an edit)."""
    if draft.draft_step is None:
        raise ValueError("the draft is not in the guided flow")
    if draft.draft_step.endswith(SINGLE) or draft.edits_id is not None:
        return "preview"
    position = STEPS.index(draft.draft_step)
    return STEPS[min(position + 1, len(STEPS) - 1)]


def takes_text(draft: WorkshopInfo) -> bool:
    """The draft's current step is answered by typing."""
    return current_step(draft) in TEXT_STEPS


def step(
    draft: WorkshopInfo, given: Input, *, now: datetime, languages: Collection[str]
) -> Advance | Problem | None:
    """What ``given`` does to ``draft``: an :class:`Advance`, a :class:`Problem` with the typed
    value, or None when the input does not fit (a stale button, text for a button step).

    Buttons act on whichever step the draft is at (as they always have): a press on an older
    question still sets its field and moves on from the current step.
    """
    if draft.draft_step is None:
        return None
    values: Mapping[str, object] | Problem
    if isinstance(given, Text):
        name = current_step(draft)
        if name not in TEXT_STEPS:
            return None
        values = parse_step(name, given.text, draft, now=now)
        if isinstance(values, Problem):
            return values
    elif isinstance(given, Language):
        if given.code not in languages:
            return None
        values = {"language": given.code}
    elif isinstance(given, Unlimited):
        values = {"capacity": None}
    elif isinstance(given, AtStart):
        values = {"rsvp_closes_at": None}
    elif isinstance(given, Kind):
        if given.code not in KINDS:
            return None
        values = {"kind": given.code}
    elif isinstance(given, Repeat):
        if given.code == "o":
            values = {"recurrence": None}
        elif draft.starts_at is None:
            return Problem("repeat_needs_start")
        else:
            rule = recurrence.preset(given.code, draft.starts_at.astimezone(draft.zone))
            values = {"recurrence": rule.text() if rule else None}
    elif isinstance(given, Skip):
        if given.step not in SKIPPABLE:
            return None
        values = SKIPPABLE[given.step]
    else:
        values = {}
    return Advance(next_step(draft), dict(values))


def parse_step(
    name: str, text: str, draft: WorkshopInfo, *, now: datetime
) -> dict[str, object] | Problem:
    """The fields one typed answer to step ``name`` sets, or why it was refused."""
    zone = draft.zone
    if name == "title":
        title = fields.parse_title(text)
        return title if isinstance(title, Problem) else {"title": title}
    if name == "description":
        description = fields.parse_description(text)
        return description if isinstance(description, Problem) else {"description": description}
    if name == "start":
        start = fields.parse_start(text, zone=zone, now=now)
        if isinstance(start, Problem):
            return start
        values: dict[str, object] = {"starts_at": start, "timezone": str(start.tzinfo)}
        if draft.starts_at is not None and draft.ends_at is not None:
            # Moving the start keeps the length, so the end is not left before the start.
            values["ends_at"] = start + (draft.ends_at - draft.starts_at)
        if draft.rsvp_closes_at is not None and draft.rsvp_closes_at > start:
            values["rsvp_closes_at"] = None
        if draft.recurrence is not None and draft.edits_id is None:
            # A rule such as "first Tuesday" was chosen for the old start (an edit of one
            # date of a series keeps the series' rule, which it only shows).
            values["recurrence"] = None
        return values
    if name == "end":
        if draft.starts_at is None:
            return Problem("end_before_start")
        end = fields.parse_end(text, start=draft.starts_at.astimezone(zone))
        return end if isinstance(end, Problem) else {"ends_at": end}
    if name == "place":
        place = fields.parse_place(text)
        if isinstance(place, Problem):
            return place
        return {"place": place[0], "url": place[1]}
    if name == "capacity":
        capacity = fields.parse_capacity(text)
        return capacity if isinstance(capacity, Problem) else {"capacity": capacity}
    if name == "rsvp_close":
        if draft.starts_at is None:
            return Problem("datetime_format")
        closes = fields.parse_rsvp_close(text, zone=zone, now=now, start=draft.starts_at)
        return closes if isinstance(closes, Problem) else {"rsvp_closes_at": closes}
    if name == "repeat":
        if draft.starts_at is None or draft.ends_at is None:
            return Problem("repeat_needs_start")
        rule = recurrence.parse(text, start=draft.starts_at.astimezone(zone))
        return rule if isinstance(rule, Problem) else {"recurrence": rule.text()}
    if name == "related":
        related = fields.parse_related(text)
        return related if isinstance(related, Problem) else {"related_calls": related}
    raise ValueError(f"{name!r} is not a text step")


def editable(draft: WorkshopInfo) -> tuple[str, ...]:
    """The fields the preview offers to change (an edit keeps language, topics, related)."""
    return EDITABLE if draft.edits_id is not None else EDITABLE + NEW_ONLY


def edit_step(draft: WorkshopInfo, name: str) -> str | None:
    """The step that changes field ``name`` from the preview, or None if it may not change."""
    return name + SINGLE if name in editable(draft) else None


def toggled(topics: tuple[str, ...], topic: str, on: bool) -> list[str]:
    """The topics with ``topic`` selected (``on``) or dropped, order kept, never twice.

    The press carries its target state, so applying it twice changes nothing the second time.
    """
    kept = [t for t in topics if t != topic]
    return [*kept, topic] if on else kept


def missing_fields(workshop: WorkshopInfo) -> list[str]:
    """Required fields a draft still lacks (publishing refuses until there are none)."""
    missing = []
    if not workshop.title:
        missing.append("title")
    if workshop.starts_at is None:
        missing.append("start")
    if workshop.ends_at is None:
        missing.append("end")
    if not workshop.place and not workshop.url:
        missing.append("place")
    return missing


def changed_fields(before: WorkshopInfo, after: WorkshopInfo) -> tuple[str, ...]:
    """Which of the fields members care about differ (for the change notice)."""
    names = []
    if before.starts_at != after.starts_at or before.ends_at != after.ends_at:
        names.append("time")
    if before.place != after.place or before.url != after.url:
        names.append("place")
    if before.title != after.title:
        names.append("title")
    if before.description != after.description:
        names.append("description")
    if before.capacity != after.capacity:
        names.append("capacity")
    if before.rsvp_closes_at != after.rsvp_closes_at:
        names.append("rsvp_close")
    return tuple(names)


#: The publish button's audience code and the stored audience.
AUDIENCES: dict[str, str] = {"t": "topics", "a": "all"}
