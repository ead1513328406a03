"""The callback-data codec: compact, versioned, validated strings of at most 64 bytes.

Shape: ``<version><action>[:<arg>...]``, e.g. ``1t:green`` (toggle the topic "green").
Buttons never carry a member id: the bot acts on the chat where the button was pressed,
so forged data can at worst press a button the member could press anyway. Anything that
does not decode (old version, unknown action, bad argument) becomes :class:`Invalid`,
which handlers answer politely without changing anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

VERSION = "1"
MAX_BYTES = 64
_ARG = re.compile(r"^[A-Za-z0-9_+\-.]{1,40}$")


class Action(StrEnum):
    """What a button does. Values are short because every byte of callback data counts."""

    CONSENT_YES = "cy"
    CONSENT_NO = "cn"
    LANGUAGE = "l"  # arg: language code
    COUNTRY = "c"  # arg: ISO 3166 alpha-2, or "-" to skip
    COUNTRY_PAGE = "cp"  # arg: page number of the full list
    COUNTRY_SEARCH = "cs"  # ask for a name to search
    COUNTRY_ZONE = "cz"  # args country code, index into its zones or "-" to keep the current
    ORG_TYPE = "o"  # arg: org type id, or "-" to skip
    ORG_NAME = "on"  # ask for the organisation name
    ORG_NAME_SKIP = "os"
    TOPIC = "t"  # arg: topic id
    PROGRAMME = "p"  # arg: programme id
    ALL = "ta"  # arg: "t" topics or "p" programmes
    NONE = "tn"  # arg: "t" or "p"
    DONE = "td"  # arg: "t" (topics done, go to programmes) or "p"
    KEYWORDS = "k"  # arg: "i" include or "e" exclude: ask for words
    KEYWORDS_CLEAR = "kc"  # arg: "i" or "e"
    KEYWORDS_DONE = "kd"
    SETTINGS = "s"  # arg: which settings page to open
    WEEKDAY = "w"  # arg: 0 (Monday) .. 6
    HOUR = "h"  # arg: 0..23
    TIMEZONE = "z"  # arg: index into the offered zone list
    QUIET = "q"  # arg: quiet-hours preset id
    PAUSE = "pa"  # arg: "1" pause, "0" resume
    EMPTY_DIGEST = "e"  # arg: "1" send a note on an empty week, "0" send nothing
    ALSO_WEEK = "aw"  # arg: "1" show news and events ("Also this week"), "0" hide them
    FOLLOW = "f"  # args: opportunity row id, "1" follow / "0" unfollow
    WS_ANSWER = "wr"  # args: workshop id, g (going) / m (maybe) / n (can't go) / l (leave list)
    WS_ICS = "wi"  # arg: workshop id: send its calendar file
    WS_LANGUAGE = "wl"  # draft: arg language code
    WS_UNLIMITED = "wu"  # draft: no seat limit
    WS_TOPIC = "wt"  # draft: args topic id, "1" select / "0" drop
    WS_TOPICS_DONE = "wtd"  # draft: topics chosen
    WS_AT_START = "wc"  # draft: RSVPs close at the start
    WS_SKIP = "wn"  # draft: arg step name: leave this optional field empty
    WS_PUBLISH = "wp"  # args draft id, "t" (members with the topics) / "a" (everyone)
    WS_DISCARD = "wx"  # arg draft id
    WS_EDIT = "we"  # args draft id, field name: change one field of a draft
    WS_APPLY = "wa"  # arg edit draft id: apply to the published workshop and notify
    WS_CANCEL = "wk"  # args workshop id, "1" to confirm
    WS_ATTEND = "wm"  # args workshop id, member id, "1" came / "0" did not
    WS_CSV = "wv"  # arg workshop id: attendance as CSV
    WS_PAGE = "wg"  # args workshop id, page of the attendee list
    DIR_EDIT = "de"  # directory: arg field to change (description, roles, languages, topics)
    DIR_ROLE = "dr"  # directory: args role ("coordinator"/"partner"), "1" on / "0" off
    DIR_LANGUAGE = "dl"  # directory: args language code, "1" on / "0" off
    DIR_TOPIC = "dt"  # directory: args topic id, "1" on / "0" off
    DIR_PUBLISH = "dp"  # directory: "1" publish / "0" unpublish (remove the entry)
    DIR_SEARCH = "ds"  # /partners: args filter kind ("t", "c", "o", "-"), value, page
    DIR_INTRO = "di"  # /partners: arg entry's member row id: request an introduction
    DIR_INTRO_ANSWER = "da"  # introduction: args introduction id, "1" accept / "0" decline
    DIR_FOR_CALL = "dc"  # digest item: arg opportunity row id: partners for this call
    ADMIN_REMOVE = "ar"  # /admins: arg user id to demote
    BROADCAST_AUDIENCE = (
        "ba"  # args broadcast id, kind ("all", "topic", "country", "org_type"), value
    )
    BROADCAST_SEND = "bs"  # arg broadcast id: confirm and queue
    BROADCAST_DISCARD = "bx"  # arg broadcast id
    BROADCAST_NO_LINK = "bn"  # arg broadcast id: no link
    PUSH_SEND = "ps"  # arg opportunity row id: push it now to every member it matches
    FORGET_YES = "fy"
    FORGET_NO = "fn"
    CLOSE = "x"


_ACTIONS = {action.value: action for action in Action}

#: Presses that erase, cancel or send something for good, with their exact number of
#: arguments. Data with more or fewer does not decode, so a malformed "confirm" (say
#: ``1wk:12:1:x``) can never act: destruction needs the exact data its button carries.
DESTRUCTIVE_ARITY: dict[Action, int] = {
    Action.CONSENT_NO: 0,  # erases the chat
    Action.FORGET_YES: 0,  # erases the member
    Action.WS_CANCEL: 2,  # workshop id, "1"
    Action.WS_DISCARD: 1,  # draft id
    Action.WS_PUBLISH: 2,  # draft id, audience
    Action.WS_APPLY: 1,  # edit draft id
    Action.DIR_PUBLISH: 1,  # "1" publish / "0" remove the entry
    Action.ADMIN_REMOVE: 1,  # user id
    Action.BROADCAST_SEND: 1,  # broadcast id
    Action.BROADCAST_DISCARD: 1,  # broadcast id
    Action.PUSH_SEND: 1,  # opportunity row id
}


@dataclass(frozen=True, slots=True)
class Callback:
    """A decoded button press."""

    action: Action
    args: tuple[str, ...] = ()

    @property
    def arg(self) -> str:
        """The first argument, or an empty string."""
        return self.args[0] if self.args else ""


@dataclass(frozen=True, slots=True)
class Invalid:
    """Data that does not decode: forged, stale (old version) or malformed."""

    reason: str


class CallbackTooLong(ValueError):
    """Encoding would exceed Telegram's 64-byte limit (a programming error, caught in tests)."""


def encode(action: Action, *args: str | int) -> str:
    """Callback data for a button.

    Raises:
        CallbackTooLong: the data would not fit in 64 bytes.
        ValueError: an argument has characters the codec does not allow, or a destructive
            action gets the wrong number of arguments.
    """
    parts = [str(arg) for arg in args]
    arity = DESTRUCTIVE_ARITY.get(action)
    if arity is not None and len(parts) != arity:
        raise ValueError(f"{action.name} takes exactly {arity} arguments, not {len(parts)}")
    for part in parts:
        if not _ARG.match(part):
            raise ValueError(f"callback argument {part!r} is not allowed")
    data = ":".join([f"{VERSION}{action.value}", *parts])
    if len(data.encode()) > MAX_BYTES:
        raise CallbackTooLong(data)
    return data


def decode(data: str | None) -> Callback | Invalid:
    """The press behind ``data``, or why it cannot be trusted."""
    if not data:
        return Invalid("empty")
    if len(data.encode()) > MAX_BYTES:
        return Invalid("too long")
    if not data.startswith(VERSION):
        return Invalid("old or unknown version")
    head, *args = data[len(VERSION) :].split(":")
    action = _ACTIONS.get(head)
    if action is None:
        return Invalid(f"unknown action {head!r}")
    if any(not _ARG.match(arg) for arg in args):
        return Invalid("malformed argument")
    arity = DESTRUCTIVE_ARITY.get(action)
    if arity is not None and len(args) != arity:
        return Invalid(f"{action.name} needs exactly {arity} arguments")
    return Callback(action, tuple(args))
