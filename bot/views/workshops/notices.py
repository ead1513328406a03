"""The messages workshop services queue, rendered by the views (the services' :class:`Notices`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.i18n import Translator
from bot.views.common import Screen
from bot.views.workshops import cards
from bot.workshops.seats import Answer
from bot.workshops.types import Rendered, WorkshopInfo


def rendered(screen: Screen) -> Rendered:
    """A screen as outbox data (the keyboard as Telegram's JSON)."""
    return Rendered(screen.text, screen.keyboard.to_dict() if screen.keyboard else None)


class ScreenNotices:
    """Implements :class:`bot.workshops.types.Notices` with the workshop cards."""

    def announcement(
        self,
        tr: Translator,
        workshop: WorkshopInfo,
        *,
        zone: ZoneInfo,
        private: bool,
        bot_username: str | None,
    ) -> Rendered:
        """The announcement of a new workshop."""
        return rendered(
            cards.announcement(
                tr, workshop, answer=None, zone=zone, private=private, bot_username=bot_username
            )
        )

    def change_notice(
        self,
        tr: Translator,
        workshop: WorkshopInfo,
        *,
        kind: str,
        changes: Sequence[str],
        answer: Answer,
        zone: ZoneInfo,
    ) -> Rendered:
        """What changed (or that it was cancelled), for a member who answered."""
        return rendered(
            cards.change_notice(tr, workshop, kind=kind, changes=changes, answer=answer, zone=zone)
        )

    def promoted(self, tr: Translator, workshop: WorkshopInfo, *, zone: ZoneInfo) -> Rendered:
        """A waitlisted member got a seat."""
        return rendered(cards.promoted_notice(tr, workshop, zone=zone))

    def reminder(
        self, tr: Translator, workshop: WorkshopInfo, *, zone: ZoneInfo, now: datetime
    ) -> Rendered:
        """A reminder for a member who is going."""
        return rendered(cards.reminder(tr, workshop, zone=zone, now=now))


NOTICES = ScreenNotices()
