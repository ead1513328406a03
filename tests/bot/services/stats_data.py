"""A small alliance in November 2026 for the statistics tests: seven chats, outbox rows,
opportunities and workshops, with rows on both sides of each period boundary."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.db.models import (
    DeliveryRun,
    DigestItem,
    Follow,
    Member,
    MemberInterest,
    OpportunityRow,
    OutboxMessage,
    Workshop,
    WorkshopRsvp,
)
from bot.db.session import Database

#: Wednesday 4 to Tuesday 17 November 2026 inclusive: a cut ISO week 45, all of 46, a cut 47.
START = datetime(2026, 11, 4, tzinfo=UTC)
END = datetime(2026, 11, 18, tzinfo=UTC)
BEFORE = datetime(2026, 11, 3, 23, 59, 59, tzinfo=UTC)
JUST_IN = datetime(2026, 11, 17, 23, 59, 59, tzinfo=UTC)
EARLY = datetime(2026, 10, 1, tzinfo=UTC)


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def member(chat_id: int, **fields: object) -> Member:
    values: dict[str, object] = {
        "chat_type": "private",
        "language": "en",
        "created_at": EARLY,
        "last_seen_at": EARLY,
        **fields,
    }
    return Member(chat_id=chat_id, **values)


def opportunity(
    uid: str, source: str, programmes: list[str], first_seen: datetime
) -> OpportunityRow:
    return OpportunityRow(
        uid=uid, source_id=source, url=f"https://example.eu/{uid}", title=uid, summary="",
        language="en", status="open", deadlines=[], deadline_model="single",
        programmes=programmes, first_seen_at=first_seen, last_seen_at=first_seen,
        content_hash="x",
    )  # fmt: skip


def workshop(title: str, status: str, starts_at: datetime, capacity: int | None) -> Workshop:
    return Workshop(
        title=title, status=status, starts_at=starts_at, capacity=capacity,
        timezone="Europe/Bucharest", language="en", created_by=1, created_at=EARLY,
        updated_at=EARLY,
    )  # fmt: skip


def outbox(
    member_row: Member | None,
    kind: str,
    status: str,
    *,
    sent_at: datetime | None = None,
    claimed_at: datetime | None = None,
    created_at: datetime = EARLY,
    last_error: str | None = None,
    run: DeliveryRun | None = None,
) -> OutboxMessage:
    return OutboxMessage(
        chat_id=member_row.chat_id if member_row else 1,
        member_id=member_row.id if member_row else None,
        run_id=run.id if run else None,
        kind=kind,
        text="…",
        status=status,
        sent_at=sent_at,
        claimed_at=claimed_at,
        created_at=created_at,
        last_error=last_error,
    )


def rsvp(w: Workshop, m: Member, status: str, attended: bool | None = None) -> WorkshopRsvp:
    return WorkshopRsvp(
        workshop_id=w.id, member_id=m.id, status=status, attended=attended, answered_at=EARLY
    )


async def seed(db: Database) -> None:
    """A small alliance: seven chats, outbox rows, opportunities and workshops in November 2026."""
    async with db.transaction() as session:
        m1 = member(1, consented_at=EARLY, country="RO", org_type="ngo", language="ro")
        m2 = member(2, consented_at=EARLY, country="RO", org_type="public", paused_at=at(5))
        # Blocked wins over paused.
        m3 = member(
            3, consented_at=EARLY, country="ES", org_type="ngo", language="es",
            paused_at=at(1), blocked_at=at(10),
        )  # fmt: skip
        m4 = member(4, consented_at=JUST_IN)  # no country, no organisation type
        m5 = member(5, consented_at=END, country="IT", org_type="sme")  # consented too late
        m6 = member(6)  # never consented
        # Paused only after the period: active at its end.
        m7 = member(
            7, consented_at=EARLY, country="ES", org_type="sme", language="es", paused_at=at(20)
        )
        members = [m1, m2, m3, m4, m5, m6, m7]
        session.add_all(members)
        r1 = DeliveryRun(kind="digest", started_at=at(3))
        r2 = DeliveryRun(kind="digest", started_at=at(10))
        session.add_all([r1, r2])
        await session.flush()
        session.add_all(
            [
                MemberInterest(member_id=m1.id, kind="topic", item_id="green"),
                MemberInterest(member_id=m1.id, kind="topic", item_id="digital"),
                MemberInterest(member_id=m1.id, kind="programme", item_id="life"),
                MemberInterest(member_id=m2.id, kind="topic", item_id="green"),
                MemberInterest(member_id=m3.id, kind="topic", item_id="inclusion"),
                MemberInterest(member_id=m5.id, kind="topic", item_id="green"),
                MemberInterest(member_id=m7.id, kind="topic", item_id="green"),
            ]
        )
        session.add_all(
            [
                # A two-part digest on the first instant of the period: one digest.
                outbox(m1, "digest", "sent", sent_at=START, run=r1),
                outbox(m1, "digest", "sent", sent_at=START.replace(second=1), run=r1),
                outbox(m2, "digest", "sent", sent_at=at(10), run=r2),
                outbox(m1, "digest", "sent", sent_at=at(11), run=r2),
                outbox(m7, "alert", "sent", sent_at=JUST_IN),
                outbox(m3, "digest", "sent", sent_at=END, run=r2),  # first instant after
                outbox(m3, "digest", "sent", sent_at=BEFORE, run=r1),
                outbox(None, "report", "sent", sent_at=at(5)),  # to a coordinator
                outbox(m3, "digest", "failed", claimed_at=at(10), last_error="blocked", run=r2),
                outbox(m4, "reminder", "failed", claimed_at=at(12), last_error="timed out twice"),
                outbox(
                    m4,
                    "alert",
                    "failed",
                    claimed_at=at(12),
                    last_error="Bad Request: message is too long",
                ),
                # Never tried: counted by when it was queued.
                outbox(m4, "reminder", "failed", created_at=at(6), last_error="expired"),
                outbox(m4, "alert", "failed", claimed_at=at(13)),
                outbox(m4, "alert", "failed", claimed_at=at(20), last_error="network: boom"),
                outbox(m4, "digest", "pending", created_at=at(12)),
            ]
        )
        p1 = opportunity("eu:1", "eu_ft", ["erasmus", "life"], START)
        p2 = opportunity("eu:2", "eu_ft", ["erasmus"], at(10))
        p3 = opportunity("ro:1", "ro_gov", [], JUST_IN)
        p4 = opportunity("ro:2", "ro_gov", ["life"], END)
        p5 = opportunity("boe:1", "boe", ["esf"], at(1))
        session.add_all([p1, p2, p3, p4, p5])
        w1 = workshop("Erasmus+ info day", "published", at(6, 10), 10)
        w2 = workshop("LIFE clinic", "published", at(17, 18), None)
        w3 = workshop("Cancelled webinar", "cancelled", at(12), 20)
        w4 = workshop("A draft", "draft", at(10), None)
        w5 = workshop("Too late", "published", END, None)
        w6 = workshop("Too early", "published", BEFORE, None)
        w7 = workshop("Nobody answered", "published", at(8), 5)
        session.add_all([w1, w2, w3, w4, w5, w6, w7])
        await session.flush()
        session.add_all(
            [
                DigestItem(member_id=m1.id, opportunity_uid=p1.uid, sent_at=START),
                DigestItem(member_id=m2.id, opportunity_uid=p1.uid, sent_at=at(10)),
                DigestItem(member_id=m1.id, opportunity_uid=p2.uid, sent_at=at(11)),
                DigestItem(member_id=m1.id, opportunity_uid=p3.uid, sent_at=END),
                DigestItem(member_id=m2.id, opportunity_uid=p5.uid, sent_at=BEFORE),
                Follow(member_id=m1.id, opportunity_id=p1.id, created_at=at(5)),
                Follow(member_id=m2.id, opportunity_id=p2.id, created_at=JUST_IN),
                Follow(member_id=m7.id, opportunity_id=p1.id, created_at=END),
                Follow(member_id=m2.id, opportunity_id=p1.id, created_at=BEFORE),
                rsvp(w1, m1, "going", attended=True),
                rsvp(w1, m2, "going", attended=False),
                rsvp(w1, m7, "maybe"),
                rsvp(w1, m3, "no"),
                rsvp(w1, m4, "waitlist"),
                rsvp(w2, m1, "going"),
                rsvp(w2, m7, "going"),
                rsvp(w3, m2, "going"),
                rsvp(w4, m1, "going"),
                rsvp(w5, m1, "going"),
                rsvp(w6, m1, "going", attended=True),
            ]
        )
