"""Participant counts from a seeded database, on SQLite and PostgreSQL: people counted once,
only marked attendance counts, hours from durations, small counts suppressed, and sensitive
answers counted only under consent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from bot.config import parse_settings
from bot.core.i18n import Catalogs
from bot.db.models import Member, WorkshopRsvp
from bot.db.models.organisations import Organisation
from bot.db.models.participants import ParticipantProfile
from bot.db.session import Database
from bot.participants.aggregate import NOT_ASKED
from bot.participants.fields import PREFER_NOT, Field
from bot.services.workshops import Workshops
from bot.views.workshops.notices import NOTICES
from tests.harness import add_member, publish_workshop

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
SETTINGS = parse_settings({"telegram": {"admin_ids": [9000]}}, environ={})


async def test_participation_and_characteristics(migrated_database_url: str) -> None:
    db = Database.from_url(migrated_database_url)
    try:
        workshops = Workshops(db, SETTINGS, Catalogs(["en", "ro", "es"], "en"), NOTICES)
        chats = list(range(100, 116))  # 16 people
        for chat in chats:
            await add_member(db, SETTINGS, chat, now=NOW)
        first = await publish_workshop(workshops, "First", now=NOW, hours=3)
        second = await publish_workshop(
            workshops, "Second", now=NOW, starts_at=NOW + timedelta(days=9), hours=1.5
        )
        async with db.transaction() as session:
            members = {m.chat_id: m for m in (await session.scalars(select(Member))).all()}
            orgs = [
                Organisation(name=f"Org {i}", status="approved", created_at=NOW, updated_at=NOW)
                for i in range(3)
            ]
            session.add_all(orgs)
            await session.flush()
            for index, chat in enumerate(chats):
                members[chat].organisation_id = orgs[index % 3].id if index < 12 else None

            def rsvp(workshop_id: int, chat: int, attended: bool | None) -> WorkshopRsvp:
                return WorkshopRsvp(
                    workshop_id=workshop_id, member_id=members[chat].id, status="going",
                    display_name="x", answered_at=NOW, reminders=[], attended=attended,
                )  # fmt: skip

            # The first workshop: 10 came, 2 did not, 2 were never marked ("going" only).
            session.add_all(rsvp(first, chat, True) for chat in chats[:10])
            session.add_all(rsvp(first, chat, False) for chat in chats[10:12])
            session.add_all(rsvp(first, chat, None) for chat in chats[12:14])
            # The second: 4 of the same people again and one newcomer without organisation.
            session.add_all(rsvp(second, chat, True) for chat in [*chats[:4], chats[15]])

            # Answers: 7 women, 3 men (a small cell), the rest never asked; 6 gave the
            # sensitive consent (4 say yes to disability); 2 answered "yes" without consent,
            # which must not count (it could only be left by a bug; the query ignores it).
            for index, chat in enumerate(chats[:10]):
                session.add(
                    ParticipantProfile(
                        member_id=members[chat].id,
                        gender="female" if index < 7 else "male",
                        age_band=PREFER_NOT,
                        sensitive_consent_at=NOW if index < 6 else None,
                        disability="yes" if index < 4 or index in (8, 9) else "no",
                        updated_at=NOW,
                    )
                )
            ids = [members[chat].id for chat in chats]

        participation = await workshops.forms.participation()
        assert participation.workshops == 2
        assert participation.people == 11  # 10 + the newcomer; the 4 repeats count once
        assert participation.organisations == 3
        assert participation.attendances == 15
        assert participation.hours == Decimal("37.50")  # 10 × 3 h + 5 × 1.5 h
        only_first = await workshops.forms.participation(end=NOW + timedelta(days=9))
        assert (only_first.people, only_first.hours) == (10, Decimal("30.00"))

        counts = await workshops.forms.characteristics(ids)
        gender = counts[Field.GENDER]
        assert gender.total == 16
        # 7 women, 3 men (hidden), 0 non-binary, 0 declined, 6 never asked: the 6 is hidden
        # too, or 16 - 7 would give the 3 men away.
        assert [cell.text for cell in gender.cells] == ["7", "<5", "0", "0", "<5"]
        assert gender.cell(NOT_ASKED).count is None
        disability = counts[Field.DISABILITY]
        # Only the 6 who consented count: 4 yes, 2 no; the rest are "not asked".
        assert disability.cell(NOT_ASKED).text == "10"
        assert disability.cell("yes").suppressed
        assert disability.cell("no").suppressed
        assert counts[Field.AGE_BAND].cell(PREFER_NOT).text == "10"
    finally:
        await db.dispose()
