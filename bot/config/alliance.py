"""Settings of the alliance's own work: the funded project, membership, the project pipeline."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from bot.config.base import LanguageCode
from bot.config.base import Section as _Section


class ProjectSettings(_Section):
    """The funded project the alliance runs: its acknowledgement goes on every public post and
    every report sheet, as the programme's visibility rules require."""

    #: The acknowledgement per language (en, ro, es), e.g. "Proiect cofinanțat de Uniunea
    #: Europeană prin Programul Educație și Ocupare 2021–2027"; English is the fallback.
    acknowledgement: dict[LanguageCode, str] = Field(default_factory=dict)
    #: The project's reference with its funder (e.g. the MySMIS code); empty when none.
    reference: str = ""

    @field_validator("acknowledgement")
    @classmethod
    def _one_line_each(cls, value: dict[str, str]) -> dict[str, str]:
        for lang, text in value.items():
            if not text.strip() or len(text) > 400 or "\n" in text:
                raise ValueError(f"acknowledgement.{lang} must be one line of 1-400 characters")
        return {lang: text.strip() for lang, text in value.items()}

    @field_validator("reference")
    @classmethod
    def _short_reference(cls, value: str) -> str:
        if len(value) > 80 or "\n" in value:
            raise ValueError("must be one line of at most 80 characters")
        return value.strip()

    def acknowledgement_in(self, language: str) -> str:
        """The acknowledgement in ``language``, else English, else any; "" when none is set."""
        text = self.acknowledgement.get(language) or self.acknowledgement.get("en")
        if text is None and self.acknowledgement:
            text = next(iter(self.acknowledgement.values()))
        return text or ""


class MembershipSettings(_Section):
    """Who may join the alliance through the bot."""

    #: "open": anyone who consents; "approval": a new organisation waits for a coordinator;
    #: "invite": organisations join through a partner's invite link.
    mode: Literal["open", "approval", "invite"] = "open"


class PipelineSettings(_Section):
    """The project pipeline (issue 17): partner requests, reminders, the coordinators' view."""

    #: Partner requests one member may have open at a time.
    open_requests: int = Field(default=3, ge=1, le=50)
    #: Days before the call's deadline to remind projects not submitted yet.
    writing_reminder_days: int = Field(default=7, ge=1, le=60)
    #: Weeks after the deadline to ask what came of a submitted application.
    outcome_weeks: int = Field(default=12, ge=1, le=104)
    #: /pipeline: a project in one stage longer than this is "stuck".
    stuck_days: int = Field(default=30, ge=1, le=365)
    #: /pipeline: calls followed by at least this many members, with no plan, are shown.
    convene_followers: int = Field(default=3, ge=1, le=1000)
