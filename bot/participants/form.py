"""A workshop's registration form as a pure decision: which question comes next for a person,
and whether an answer is valid.

Each field is asked once per person (their answers live in ``participant_profiles``, shared by
every workshop): the form asks only what is still unanswered. The ready fields and the ESF+
ones come first in the form's fixed order; the sensitive characteristics (GDPR Art. 9) only
after the person gave the extra consent, and never again once they said no (or withdrew).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.participants.fields import ESF_FIELDS, FREE_TEXT, SENSITIVE, Field, allowed

#: The order every form asks its fields in.
ORDER: tuple[Field, ...] = (Field.JOB_TITLE, Field.ORG_ROLE, *ESF_FIELDS)
#: The longest free-text answer kept (the column's width).
MAX_TEXT = 120


@dataclass(frozen=True, slots=True)
class Answers:
    """What a person has answered so far (None: never asked) and their sensitive consent."""

    values: Mapping[Field, str | None]
    consented: bool = False
    #: They declined (or withdrew) the sensitive questions: not asked again.
    declined: bool = False

    def get(self, field: Field) -> str | None:
        """The stored answer of one field."""
        return self.values.get(field)


@dataclass(frozen=True, slots=True)
class Ask:
    """Ask this field next."""

    field: Field


@dataclass(frozen=True, slots=True)
class AskConsent:
    """Ask for the sensitive consent first; ``fields`` are the sensitive questions the form
    would then ask."""

    fields: tuple[Field, ...]


Question = Ask | AskConsent


def normalised(fields: Iterable[str]) -> tuple[Field, ...]:
    """A form's stored codes as fields in asking order (unknown codes and repeats dropped)."""
    known = {str(f) for f in fields}
    return tuple(f for f in ORDER if f.value in known)


def next_question(form: Iterable[str], answers: Answers) -> Question | None:
    """The next question of ``form`` for a person with ``answers``; None when done."""
    fields = normalised(form)
    for field in fields:
        if field not in SENSITIVE and answers.get(field) is None:
            return Ask(field)
    sensitive = tuple(f for f in fields if f in SENSITIVE and answers.get(f) is None)
    if not sensitive or answers.declined:
        return None
    if not answers.consented:
        return AskConsent(sensitive)
    return Ask(sensitive[0])


def remaining(form: Iterable[str], answers: Answers) -> int:
    """How many questions of the form are still to be asked (the consent screen not counted)."""
    fields = normalised(form)
    return sum(
        1 for f in fields if answers.get(f) is None and (f not in SENSITIVE or not answers.declined)
    )


def clean_text(text: str) -> str | None:
    """A typed job title or role, trimmed and on one line; None when empty or too long."""
    cleaned = re.sub(r"\s+", " ", text).strip()
    if not cleaned or len(cleaned) > MAX_TEXT:
        return None
    return cleaned


def valid(field: Field, value: str, *, consented: bool) -> bool:
    """Whether ``value`` may be stored for ``field`` (free text already cleaned); a sensitive
    answer only with consent."""
    if field in SENSITIVE and not consented:
        return False
    if field in FREE_TEXT:
        return clean_text(value) == value
    return allowed(field, value)
