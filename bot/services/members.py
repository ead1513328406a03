"""Member use-cases. Each public function owns exactly one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.db.models import Member
from bot.db.repositories import members as repo
from bot.db.session import Database


@dataclass(frozen=True, slots=True)
class MemberView:
    """What handlers need to know about a member."""

    id: int
    chat_id: int
    chat_type: str
    language: str
    is_new: bool


def pick_language(language_code: str | None, *, enabled: tuple[str, ...], default: str) -> str:
    """Guess the interface language from Telegram's ``language_code`` (``ro-RO`` -> ``ro``)."""
    if language_code:
        primary = language_code.split("-", 1)[0].lower()
        if primary in enabled:
            return primary
    return default


async def seen(
    db: Database, *, chat_id: int, chat_type: str, language: str, now: datetime
) -> MemberView:
    """Record that a chat talked to us; create it with ``language`` the first time."""
    async with db.transaction() as session:
        member = await repo.by_chat_id(session, chat_id)
        is_new = member is None
        if member is None:
            member = repo.add(
                session,
                Member(
                    chat_id=chat_id,
                    chat_type=chat_type,
                    language=language,
                    created_at=now,
                    last_seen_at=now,
                ),
            )
        else:
            member.last_seen_at = now
            # Coming back is the clearest sign the block is over.
            member.blocked_at = None
        await session.flush()
        return MemberView(
            id=member.id,
            chat_id=member.chat_id,
            chat_type=member.chat_type,
            language=member.language,
            is_new=is_new,
        )
