"""What the bot waits for in a chat, as a value; pure, no I/O.

One state per chat (see :mod:`bot.db.repositories.conversations`): a ``kind`` names the feature
and what it asked for, ``ref`` says which question or draft (``workshop_draft`` + ``12:title``).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Member-level questions (onboarding, settings, the directory entry).
ORG_NAME = "org_name"
COUNTRY_SEARCH = "country_search"
KEYWORDS = "keywords"
DIRECTORY = "directory"
#: A registration form's free-text question (``participant`` + ``12:job_title``; 0 = /profile).
PARTICIPANT = "participant"
#: The project pipeline: a partner request's expertise (``x:<id>``), an amount (``a:<id>``).
PIPELINE = "pipeline"
#: A field of the person's organisation (``organisation:website``).
ORGANISATION = "organisation"
#: Words to search the coordinators' roster (``/members``) with.
MEMBERS_SEARCH = "members_search"
#: Coordinator drafts: the draft stays a row when the chat turns to something else.
WORKSHOP_DRAFT = "workshop_draft"
#: A draft copy of a published workshop (``/editworkshop``).
WORKSHOP_EDIT = "workshop_edit"
BROADCAST = "broadcast"
#: After a workshop (coordinators): materials to pass on (``m:12:attended:<minute of the last
#: item>``) or a next step being written (``a:5:text``, ``a:5:due``).
FOLLOWUP = "followup"
#: Surveys: a coordinator's draft (``d:4:title``, ``d:4:q:single``) or a member's free-text
#: answer (``a:4:17:0``: survey, question, whether they came from their summary).
SURVEY = "survey"
#: A member's session proposal being written (``3:topic``, ``3:details``).
PROPOSAL = "proposal"
#: ``/report``'s custom period: two dates typed by a coordinator.
REPORT_DATES = "report_dates"

MEMBER_KINDS = frozenset(
    {ORG_NAME, COUNTRY_SEARCH, KEYWORDS, DIRECTORY, PARTICIPANT, PIPELINE, ORGANISATION}
)
WORKSHOP_KINDS = frozenset({WORKSHOP_DRAFT, WORKSHOP_EDIT})
DRAFT_KINDS = WORKSHOP_KINDS | {BROADCAST}
KINDS = MEMBER_KINDS | DRAFT_KINDS | {FOLLOWUP, SURVEY, PROPOSAL, MEMBERS_SEARCH, REPORT_DATES}
REF_MAX = 48


@dataclass(frozen=True)
class Waiting:
    """One chat's conversation state."""

    kind: str
    ref: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown conversation kind {self.kind!r}")
        if self.ref is not None and not 0 < len(self.ref) <= REF_MAX:
            raise ValueError(f"bad conversation reference {self.ref!r}")

    @classmethod
    def parse(cls, text: str) -> Waiting:
        """``kind`` or ``kind:ref`` (the form used in logs, docs and the legacy column)."""
        kind, _, ref = text.partition(":")
        return cls(kind, ref or None)

    def __str__(self) -> str:
        return self.kind if self.ref is None else f"{self.kind}:{self.ref}"

    @property
    def draft_id(self) -> int | None:
        """The draft a coordinator flow waits on (``12`` in ``workshop_draft:12:title``)."""
        if self.kind not in DRAFT_KINDS or self.ref is None:
            return None
        head = self.ref.split(":", 1)[0]
        return int(head) if head.isdigit() else None

    @property
    def step(self) -> str | None:
        """The draft's step the chat waits on (``title`` in ``workshop_draft:12:title``)."""
        if self.kind not in DRAFT_KINDS or self.ref is None or ":" not in self.ref:
            return None
        return self.ref.split(":", 1)[1]


def draft(kind: str, draft_id: int, step: str) -> Waiting:
    """The state of a coordinator draft at ``step``."""
    return Waiting(kind, f"{draft_id}:{step}")


def abandoned(before: Waiting | None, now: Waiting | None) -> Waiting | None:
    """The unfinished draft a flow start turned away from (to tell the user it is kept), if any.

    Member-level questions are simply replaced; a draft is worth a word, unless the new state is
    the same draft again (resuming it).
    """
    if before is None or before.kind not in DRAFT_KINDS or before.draft_id is None:
        return None
    if now is not None and now.kind == before.kind and now.draft_id == before.draft_id:
        return None
    return before
