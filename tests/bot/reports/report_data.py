"""A small alliance with workshops in November 2026 for the report tests: people who
attended twice, registered without being marked, checked themselves in, declined to answer,
attended only outside the period or at a cancelled workshop."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.db.models import Member, OutboxMessage, Workshop, WorkshopRsvp
from bot.db.models.organisations import Organisation
from bot.db.models.participants import ParticipantProfile
from bot.db.session import Database

FIRST, LAST = date(2026, 11, 1), date(2026, 11, 30)
EARLY = datetime(2026, 9, 1, tzinfo=UTC)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def organisation(name: str, org_type: str, country: str) -> Organisation:
    return Organisation(
        name=name, org_type=org_type, country=country, status="approved",
        created_at=EARLY, updated_at=EARLY,
    )  # fmt: skip


def workshop(
    title: str,
    starts_at: datetime,
    ends_at: datetime | None,
    *,
    status: str = "published",
    place: str | None = None,
    url: str | None = None,
) -> Workshop:
    return Workshop(
        title=title, status=status, starts_at=starts_at, ends_at=ends_at, place=place, url=url,
        timezone="Europe/Bucharest", language="ro", topics=["digital"], created_by=1,
        created_at=EARLY, updated_at=EARLY,
    )  # fmt: skip


def rsvp(
    w: Workshop, m: Member, status: str, attended: bool | None, *, checked_in: bool = False
) -> WorkshopRsvp:
    return WorkshopRsvp(
        workshop_id=w.id, member_id=m.id, status=status, answered_at=EARLY, attended=attended,
        checked_in_at=w.starts_at if checked_in else None,
    )  # fmt: skip


async def seed(db: Database) -> None:
    """The people of the module docstring (see tests/bot/services/test_reports.py)."""
    async with db.transaction() as session:
        o1 = organisation("Asociația Vest", "ngo", "RO")
        o2 = organisation("Primăria Timișoara", "public", "RO")
        o3 = organisation("Tech SRL", "sme", "RO")
        o4 = organisation("Cooperativa Sur", "social_enterprise", "ES")
        o5 = organisation("Nobody Attended SRL", "sme", "RO")
        session.add_all([o1, o2, o3, o4, o5])
        await session.flush()
        orgs = {1: o1, 2: o2, 3: o3, 4: o4, 5: o5, 0: None}
        members = {}
        for n, org in [(1, 1), (2, 1), (3, 2), (4, 3), (5, 5), (6, 4), (7, 3), (8, 2), (9, 0)]:
            found = orgs[org]
            members[n] = Member(
                chat_id=1000 + n, chat_type="private", language="ro", created_at=EARLY,
                last_seen_at=EARLY, consented_at=EARLY,
                organisation_id=found.id if found is not None else None,
            )  # fmt: skip
        session.add_all(members.values())
        await session.flush()
        m = members
        session.add_all(
            [
                ParticipantProfile(
                    member_id=m[1].id, gender="female", age_band="18_29",
                    employment_status="employed", education_level="isced_5_8",
                    sensitive_consent_at=EARLY, disability="yes", updated_at=EARLY,
                ),
                # A "yes" without consent (never stored by the bot; here to prove it is ignored).
                ParticipantProfile(
                    member_id=m[2].id, gender="male", age_band="30_54",
                    employment_status="unemployed", education_level="isced_3_4",
                    disability="yes", updated_at=EARLY,
                ),
                ParticipantProfile(
                    member_id=m[3].id, gender="prefer_not", age_band="55_plus",
                    employment_status="long_term_unemployed", updated_at=EARLY,
                ),
                ParticipantProfile(
                    member_id=m[9].id, gender="non_binary", age_band="under_18",
                    employment_status="inactive", education_level="isced_0_2", updated_at=EARLY,
                ),
            ]
        )  # fmt: skip
        w1 = workshop("Digital skills", at(11, 10, 10), at(11, 10, 12), place="Timișoara")
        w2 = workshop(
            "=Online funding clinic", at(11, 12, 14), at(11, 12, 17, 30), url="https://meet.example"
        )
        w3 = workshop("Open day", at(11, 20, 9), None, place="Iași")
        w0 = workshop("October session", at(10, 20, 9), at(10, 20, 11))
        w4 = workshop("Cancelled one", at(11, 15, 9), at(11, 15, 11), status="cancelled")
        session.add_all([w1, w2, w3, w0, w4])
        await session.flush()
        session.add_all(
            [
                rsvp(w1, m[1], "going", True),
                rsvp(w1, m[2], "going", True),
                rsvp(w1, m[4], "going", None),  # going, attendance never marked
                rsvp(w2, m[1], "going", True),  # the same person again
                rsvp(w2, m[3], "going", True, checked_in=True),
                rsvp(w2, m[5], "going", False),  # marked absent
                rsvp(w3, m[6], "going", True),
                rsvp(w3, m[9], "maybe", True),
                rsvp(w0, m[7], "going", True),  # outside the period
                rsvp(w4, m[8], "going", True),  # cancelled workshop
            ]
        )
        session.add_all(
            [
                OutboxMessage(
                    chat_id=m[n].chat_id,
                    member_id=m[n].id,
                    kind=kind,
                    text="…",
                    status="sent",
                    sent_at=sent,
                    created_at=sent,
                )
                for n, kind, sent in [
                    (1, "digest", at(11, 2, 9)),
                    (1, "alert", at(11, 3, 9)),
                    (2, "digest", at(11, 2, 9)),
                    (4, "reminder", at(11, 9, 9)),
                    (7, "digest", at(10, 26, 9)),
                ]
            ]
        )
