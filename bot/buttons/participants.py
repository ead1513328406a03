"""Buttons of registration forms (the coordinator's choice of fields, members' answers and
consent, the review in /profile), self check-in and the workshop-language setting."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import Button, button
from bot.participants.fields import Field

# --- the coordinator's draft -----------------------------------------------------------------


@button("rf")
@dataclass(frozen=True, slots=True)
class DraftFormField(Button):
    """Ask (``on``) or drop one field in the draft's registration form (the target state)."""

    field: Field
    on: bool


@button("rfd")
@dataclass(frozen=True, slots=True)
class DraftFormDone(Button):
    """The form is chosen: back to the preview."""


@button("rl")
@dataclass(frozen=True, slots=True)
class DraftLinkAfterCheckin(Button):
    """Give the online link only after check-in (``on``), or with the answer as before."""

    draft_id: int
    on: bool


# --- members answering a form ----------------------------------------------------------------


@button("ra")
@dataclass(frozen=True, slots=True)
class FormAnswer(Button):
    """One answer (a code of ``CHOICES`` or ``prefer_not``); ``workshop_id`` 0 = from /profile."""

    workshop_id: int
    field: Field
    code: str


@button("rc")
@dataclass(frozen=True, slots=True)
class FormConsent(Button):
    """Agree (``give``) or not to the sensitive questions."""

    workshop_id: int
    give: bool


# --- the review in /profile ------------------------------------------------------------------


@button("rp")
@dataclass(frozen=True, slots=True)
class ParticipantPage(Button):
    """Open the review of one's registration answers."""


@button("re")
@dataclass(frozen=True, slots=True)
class ParticipantEdit(Button):
    """Answer one field again."""

    field: Field


@button("rx")
@dataclass(frozen=True, slots=True)
class ParticipantErase(Button):
    """Erase every registration answer (``confirm`` is "1" on the confirmation)."""

    confirm: bool


@button("rw")
@dataclass(frozen=True, slots=True)
class WithdrawConsent(Button):
    """Withdraw the sensitive consent: those answers are erased."""


@button("rs")
@dataclass(frozen=True, slots=True)
class SensitiveAgain(Button):
    """Open the sensitive questions again (after saying no)."""


# --- check-in and settings -------------------------------------------------------------------


@button("rk")
@dataclass(frozen=True, slots=True)
class CheckinScreen(Button):
    """The coordinator's check-in screen: code and QR code."""

    workshop_id: int


@button("ry")
@dataclass(frozen=True, slots=True)
class AnyLanguage(Button):
    """Announcements of workshops in any language (``on``) or only in one's own."""

    on: bool
