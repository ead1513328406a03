"""What the pipeline's service needs from its views to queue messages (a protocol, so the
service never imports views): each returns Telegram HTML and a keyboard as Bot API JSON."""

from __future__ import annotations

from typing import Any, Protocol

from bot.config import Settings
from bot.core.i18n import Translator
from bot.pipeline.types import ProjectCard, RequestCard

Message = tuple[str, dict[str, Any] | None]


class PipelineTexts(Protocol):
    """The messages the service queues to other members' chats."""

    def request(self, tr: Translator, settings: Settings, card: RequestCard) -> Message:
        """A partner request as a fitting member receives it (I'm interested / Not for us)."""
        ...

    def request_closed(self, tr: Translator, card: RequestCard) -> Message:
        """Told to the author when their request closed by itself."""
        ...

    def writing_reminder(self, tr: Translator, card: ProjectCard) -> Message:
        """The call's deadline is near and the project is not submitted yet."""
        ...

    def outcome_question(self, tr: Translator, card: ProjectCard) -> Message:
        """What came of the submitted application?"""
        ...
