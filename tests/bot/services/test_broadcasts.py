"""Broadcast audiences and pushing one opportunity, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.config import parse_settings
from bot.core.i18n import Catalogs
from bot.db.models import DigestItem, Member, MemberInterest, OpportunityRow, OutboxMessage
from bot.db.session import Database
from bot.services.broadcasts import BroadcastError, Broadcasts

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
COORDINATOR = 9000


def service(db: Database) -> Broadcasts:
    return Broadcasts(db, parse_settings({}, environ={}), Catalogs(["en", "ro", "es"], "en"))


async def seed(db: Database) -> None:
    people = [
        (1, "RO", "ngo", "vet", None, None),
        (2, "RO", "public", "vet", None, None),
        (3, "ES", "ngo", "green", None, None),
        (4, "ES", "sme", "vet", NOW, None),  # paused
        (5, "RO", "ngo", "vet", None, NOW),  # blocked
    ]
    async with db.transaction() as session:
        for number, country, kind, topic, paused, blocked in people:
            member = Member(
                chat_id=number, chat_type="private", language="en", created_at=NOW,
                last_seen_at=NOW, consented_at=NOW, onboarded_at=NOW, country=country,
                org_type=kind, paused_at=paused, blocked_at=blocked, timezone="Europe/Madrid",
            )  # fmt: skip
            session.add(member)
            await session.flush()
            session.add(MemberInterest(member_id=member.id, kind="topic", item_id=topic))
        session.add(
            Member(chat_id=6, chat_type="private", language="en", created_at=NOW, last_seen_at=NOW)
        )


@pytest.mark.parametrize(
    ("audience", "value", "expected"),
    [("all", None, 3), ("topic", "vet", 2), ("country", "ES", 1), ("org_type", "ngo", 2),
     ("country", "FR", 0)],
)  # fmt: skip
async def test_audience_counts(
    db: Database, audience: str, value: str | None, expected: int
) -> None:
    await seed(db)
    assert await service(db).count(audience, value) == expected


async def test_send_queues_once_to_the_audience(db: Database) -> None:
    await seed(db)
    broadcasts = service(db)
    draft = await broadcasts.start(COORDINATOR, now=NOW)
    await broadcasts.update(draft.id, COORDINATOR, text="<b>Hi</b>", audience="country",
                            audience_value="RO")  # fmt: skip
    sent = await broadcasts.send(
        draft.id, COORDINATOR, now=NOW, render=lambda lang, text, link: f"[{lang}] {text}"
    )
    assert sent == 2
    with pytest.raises(BroadcastError):
        await broadcasts.send(draft.id, COORDINATOR, now=NOW, render=lambda *a: "")
    with pytest.raises(BroadcastError):
        await broadcasts.update(draft.id, 1234, text="hijack")
    async with db.transaction() as session:
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.chat_id))).all()
        assert [(r.chat_id, r.text, r.kind) for r in rows] == [
            (1, "[en] <b>Hi</b>", "broadcast"),
            (2, "[en] <b>Hi</b>", "broadcast"),
        ]


async def test_push_reaches_matching_members_and_counts_as_shown(db: Database) -> None:
    await seed(db)
    async with db.transaction() as session:
        row = OpportunityRow(
            uid="eu-ft:X", source_id="eu-ft", url="https://e.eu/x", title="VET excellence",
            summary="", language="en", call_id="X-1", status="open",
            deadlines=[(NOW + timedelta(days=30)).isoformat()],
            next_deadline=NOW + timedelta(days=30),
            deadline_model="single", themes=["vet"], first_seen_at=NOW, last_seen_at=NOW,
            content_hash="h",
        )  # fmt: skip
        session.add(row)
        await session.flush()
        row_id = row.id
    broadcasts = service(db)
    found = await broadcasts.find_opportunity("X-1")
    assert found is not None
    assert found.id == row_id
    assert len(await broadcasts.push_recipients(row_id, now=NOW)) == 2
    assert await broadcasts.push(row_id, now=NOW, heading=lambda lang: "PUSH") == 2
    assert await broadcasts.push(row_id, now=NOW, heading=lambda lang: "PUSH") == 0  # never twice
    async with db.transaction() as session:
        texts = (await session.scalars(select(OutboxMessage.text))).all()
        assert len(texts) == 2
        assert all(t.startswith("PUSH\n\n<b>VET excellence</b>") for t in texts)
        shown = (await session.scalars(select(DigestItem.opportunity_uid))).all()
        assert sorted(shown) == ["eu-ft:X", "eu-ft:X"]


@pytest.mark.parametrize("kind", ["news", "event", "result"])
async def test_only_funding_kinds_are_pushed(db: Database, kind: str) -> None:
    await seed(db)
    async with db.transaction() as session:
        row = OpportunityRow(
            uid=f"rss:{kind}", source_id="rss", url="https://e.eu/n", title="VET info day",
            summary="", language="en", status="unknown", deadlines=[], deadline_model="unknown",
            themes=["vet"], first_seen_at=NOW, last_seen_at=NOW, content_hash="h", kind=kind,
        )  # fmt: skip
        session.add(row)
        await session.flush()
        row_id = row.id
    broadcasts = service(db)
    assert await broadcasts.push_recipients(row_id, now=NOW) == []
    with pytest.raises(BroadcastError) as refused:
        await broadcasts.push(row_id, now=NOW, heading=lambda lang: "PUSH")
    assert refused.value.code == "not_funding"
    async with db.transaction() as session:
        assert (await session.scalars(select(OutboxMessage))).all() == []
