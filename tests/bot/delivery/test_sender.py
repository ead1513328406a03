"""The outbox sender against the local Bot API server enforcing flood limits (time-scaled)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta
from itertools import pairwise

import pytest
from sqlalchemy import select, update
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.db.models import Member, MemberInterest, OutboxMessage
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing
from bot.delivery.sender import Sender, SenderLimits, enqueue
from bot.sandbox.localapi import LocalBotApi
from tests.bot.delivery.helpers import (
    NOW,
    SCALE,
    FakeTime,
    Setup,
    StepClock,
    digest,
    drain_all,
    fake_sender,
    make_setup,
)


async def test_a_weekly_run_to_hundreds_of_members_draws_no_429(setup: Setup) -> None:
    messages = [digest(c, m) for c, m in setup.members.items()]
    messages += [digest(c, m, part=2) for c, m in list(setup.members.items())[:30]]
    assert await enqueue(setup.db, messages, now=NOW) == 270
    assert await enqueue(setup.db, messages, now=NOW) == 0  # idempotent
    stats = await setup.sender().drain()
    assert stats.sent == 270
    assert stats.failed == {}
    assert setup.api.world.flood.rejected == 0
    received = setup.received()
    assert all(received[c] == (2 if i < 30 else 1) for i, c in enumerate(setup.members))
    async with setup.db.transaction() as session:
        rows = (await session.scalars(select(OutboxMessage))).all()
    assert {r.status for r in rows} == {"sent"}
    assert all(r.message_id for r in rows)


async def test_flood_server_errors_blocked_deactivated_and_migrated(setup: Setup) -> None:
    chats = list(setup.members)
    sim = setup.api.sim
    await sim.block(chats[0])
    sim.deactivate(chats[1])
    group, supergroup = -500, -1_000_500
    setup.api.world.add_group(group, "Group", admins=(chats[2],))
    async with setup.db.transaction() as session:
        member = Member(
            chat_id=group, chat_type="group", language="ro", created_at=NOW, last_seen_at=NOW
        )
        session.add(member)
        await session.flush()
        group_member = member.id
    await sim.migrate(group, supergroup)
    await enqueue(
        setup.db,
        [digest(c, setup.members[c]) for c in chats[:20]] + [digest(group, group_member)],
        now=NOW,
    )
    sim.fail_next(
        "sendMessage", 1, code=429, description="Too Many Requests: retry after 2", retry_after=2
    )
    sim.fail_next("sendMessage", 2, code=502, description="Bad Gateway")
    clock = StepClock()
    stats = await drain_all(setup.sender(clock), clock)
    assert stats.failed == {"blocked": 1, "deactivated": 1}
    assert stats.sent == 19
    assert stats.flood_waits == 1
    assert stats.retried == 2
    received = setup.received()
    assert received[supergroup] == 1
    assert received[group] == 0
    async with setup.db.transaction() as session:
        blocked = await session.scalar(select(Member.blocked_at).where(Member.chat_id == chats[0]))
        moved = await session.scalar(select(Member.chat_id).where(Member.id == group_member))
        failures = (
            await session.scalars(select(OutboxMessage).where(OutboxMessage.status == "failed"))
        ).all()
    assert blocked is not None
    assert blocked >= NOW  # when the (retried) row met the block
    assert moved == supergroup
    assert sorted(f.last_error or "" for f in failures) == ["blocked", "deactivated"]


async def test_a_crash_mid_run_loses_nothing_and_repeats_at_most_one(setup: Setup) -> None:
    await enqueue(setup.db, [digest(c, m) for c, m in setup.members.items()], now=NOW)
    first = await setup.sender().drain(max_messages=100)
    assert first.sent == 100
    # The worker dies while sending one more: Telegram got it, the outbox never heard back.
    async with setup.db.transaction() as session:
        row = await session.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.status == "pending")
            .order_by(OutboxMessage.id)
            .limit(1)
        )
        assert row is not None
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id)
            .values(status="sending", claimed_at=NOW)
        )
        in_flight = row.chat_id
    await setup.bot.send_message(in_flight, "<b>Digest</b> part 1", parse_mode="HTML")
    # On PostgreSQL (several workers) a row is taken over once its lease has expired.
    restarted = setup.sender(NOW + timedelta(minutes=10))
    assert await restarted.recover() == 1
    second = await restarted.drain()
    assert first.sent + second.sent == len(setup.members)
    received = setup.received()
    assert all(received[c] >= 1 for c in setup.members)  # nothing lost
    assert sum(received[c] - 1 for c in setup.members) == 1  # the one in flight, at most
    assert setup.api.world.flood.rejected == 0


async def test_a_timeout_is_retried_once(db: Database) -> None:
    async with LocalBotApi() as api:
        api.world.add_user(7, "Slow")
        async with db.transaction() as session:
            member = Member(
                chat_id=7, chat_type="private", language="en", created_at=NOW, last_seen_at=NOW
            )
            session.add(member)
            await session.flush()
            member_id = member.id
        await enqueue(db, [digest(7, member_id)], now=NOW)
        # Telegram answers too late for our read timeout, but the message does arrive.
        api.sim.delay_next("sendMessage", seconds=1.0)
        bot = Bot(api.token, base_url=api.base_url, request=HTTPXRequest(read_timeout=0.3))
        clock = StepClock()
        async with bot:
            sender = Sender(db, bot, clock=clock, limits=SenderLimits(time_scale=SCALE))
            stats = await drain_all(sender, clock)

        def copies() -> int:
            return sum(1 for m in api.world.messages.values() if m.sender.is_bot and m.chat_id == 7)

        # The late answer finishes on the server side: wait for it, not for a fixed time.
        await api.sim.wait_until(lambda: copies() >= 2, within=10)
    assert stats.sent == 1
    assert stats.retried == 1
    assert copies() == 2  # the documented single repeat of a timed-out send


@pytest.mark.postgres
async def test_two_workers_share_a_postgresql_outbox_without_duplicates(
    migrated_postgres_url: str,
) -> None:
    url = migrated_postgres_url
    first_db, second_db = Database.from_url(url), Database.from_url(url)
    try:
        async with make_setup(first_db) as setup:
            await enqueue(setup.db, [digest(c, m) for c, m in setup.members.items()], now=NOW)
            second = Sender(
                second_db, setup.bot, clock=lambda: NOW, limits=SenderLimits(time_scale=SCALE)
            )
            stats = await asyncio.gather(setup.sender().drain(), second.drain())
            received = setup.received()
    finally:
        await first_db.dispose()
        await second_db.dispose()
    assert stats[0].sent > 0
    assert stats[1].sent > 0
    assert stats[0].sent + stats[1].sent == len(setup.members)
    assert all(received[c] == 1 for c in setup.members)


# ---------------------------------------------------------------- issue 18: never jam


async def test_a_migration_onto_a_known_supergroup_merges_the_members(quiet: Setup) -> None:
    setup = quiet
    group, supergroup = -600, -1_000_600
    setup.api.world.add_group(group, "Group", admins=(10_000,))
    async with setup.db.transaction() as session:
        old = Member(chat_id=group, chat_type="group", language="ro", created_at=NOW,
                     last_seen_at=NOW, consented_at=NOW, consent_version="1")  # fmt: skip
        old.interests = [MemberInterest(kind="topic", item_id=t) for t in ("vet", "green")]
        session.add(old)
        await session.flush()
        old_id = old.id
    await setup.api.sim.migrate(group, supergroup)
    # Someone used a command in the supergroup: the new chat id already has a member row.
    async with setup.db.transaction() as session:
        new = Member(chat_id=supergroup, chat_type="supergroup", language="en",
                     created_at=NOW, last_seen_at=NOW)  # fmt: skip
        new.interests = [MemberInterest(kind="topic", item_id=t) for t in ("green", "digital")]
        session.add(new)
    others = list(setup.members.items())[:5]
    await enqueue(
        setup.db,
        [digest(group, old_id, part) for part in (1, 2, 3)] + [digest(c, m) for c, m in others],
        now=NOW,
    )
    time = FakeTime()
    stats = await drain_all(fake_sender(setup, time), time)
    assert stats.failed == {}
    assert stats.sent == 8
    texts = [m.text for m in setup.api.world.messages_in(supergroup, from_bot=True)]
    assert texts == [f"Digest part {p} for {group} & friends" for p in (1, 2, 3)]
    assert all(setup.received()[c] == 1 for c, _ in others)
    async with setup.db.transaction() as session:
        rows = (
            await session.scalars(select(Member).where(Member.chat_id.in_([group, supergroup])))
        ).all()
        interests = (
            await session.scalars(
                select(MemberInterest.item_id).where(MemberInterest.member_id == old_id)
            )
        ).all()
        outbox = (await session.scalars(select(OutboxMessage))).all()
    assert [(r.id, r.chat_id, r.chat_type) for r in rows] == [(old_id, supergroup, "supergroup")]
    assert sorted(interests) == ["digital", "green", "vet"]
    assert {r.status for r in outbox} == {"sent"}
    assert {r.member_id for r in outbox if r.chat_id == supergroup} == {old_id}


async def test_an_unexpected_error_fails_that_row_and_the_sender_goes_on(quiet: Setup) -> None:
    setup = quiet
    chats = list(setup.members.items())[:4]
    broken = replace(digest(*chats[0]), reply_markup={"inline_keyboard": 5})
    await enqueue(setup.db, [broken] + [digest(c, m) for c, m in chats[1:]], now=NOW)
    time = FakeTime()
    stats = await drain_all(fake_sender(setup, time), time)
    assert stats.sent == 3
    assert stats.failed == {"unexpected": 1}
    async with setup.db.transaction() as session:
        failed = await session.scalar(select(OutboxMessage).where(OutboxMessage.status == "failed"))
    assert failed is not None
    assert failed.chat_id == chats[0][0]
    assert failed.last_error is not None
    assert failed.last_error.startswith("unexpected TypeError")


async def test_a_half_hour_outage_is_retried_and_other_chats_go_on(quiet: Setup) -> None:
    setup = quiet
    chats = list(setup.members.items())[:5]
    head_chat, head_member = chats[0]
    messages = [digest(head_chat, head_member, 1), digest(head_chat, head_member, 2)]
    await enqueue(setup.db, messages + [digest(c, m) for c, m in chats[1:]], now=NOW)
    time = FakeTime()
    sender = fake_sender(setup, time, retry_for=timedelta(hours=1), max_retry_interval=300)
    setup.api.sim.fail_next("sendMessage", 1, code=502, description="Bad Gateway")
    first = await sender.drain()
    # The head message waits for its retry; every other chat got its message meanwhile.
    assert first.retried == 1
    assert first.sent == 4
    assert setup.received()[head_chat] == 0
    tries: list[datetime] = [time.now]
    while time.now - NOW < timedelta(minutes=30):  # Telegram answers 502 for half an hour
        async with setup.db.transaction() as session:
            head = await session.scalar(
                select(OutboxMessage).where(OutboxMessage.chat_id == head_chat)
                .order_by(OutboxMessage.id).limit(1)
            )  # fmt: skip
        assert head is not None
        assert head.status == "pending"
        assert head.not_before is not None
        time.now = head.not_before
        tries.append(time.now)
        setup.api.sim.fail_next("sendMessage", 1, code=502, description="Bad Gateway")
        await sender.drain()
    rest = await drain_all(sender, time)
    assert rest.failed == {}
    texts = [m.text for m in setup.api.world.messages_in(head_chat, from_bot=True)]
    assert texts == [f"Digest part {p} for {head_chat} & friends" for p in (1, 2)]
    gaps = [(b - a).total_seconds() for a, b in pairwise(tries)]
    assert max(gaps) <= 300  # capped backoff
    assert gaps[1:4] == [4.0, 8.0, 16.0]  # doubling from 2 s


async def test_server_errors_fail_a_message_only_after_the_horizon(quiet: Setup) -> None:
    setup = quiet
    chat, member = next(iter(setup.members.items()))
    await enqueue(setup.db, [digest(chat, member)], now=NOW)
    time = FakeTime()
    sender = fake_sender(setup, time, retry_for=timedelta(hours=1), max_retry_interval=300)
    setup.api.sim.fail_next("sendMessage", 1000, code=500, description="Internal Server Error")
    stats = await drain_all(sender, time)
    assert stats.failed == {"server error": 1}
    assert timedelta(hours=1) <= time.now - NOW <= timedelta(hours=1, minutes=5)
    async with setup.db.transaction() as session:
        row = await session.scalar(select(OutboxMessage))
    assert row is not None
    assert row.last_error == "server error: Internal Server Error"
    assert 15 <= row.attempts <= 25  # 2, 4, ... 256 s, then every 5 minutes for an hour


async def test_photos_and_documents_go_through_the_outbox(quiet: Setup) -> None:
    setup = quiet
    chat = next(iter(setup.members))
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    await enqueue(
        setup.db,
        [
            Outgoing(chat_id=chat, kind="reply", text="<b>Numbers</b>"),
            Outgoing(
                chat_id=chat,
                kind="reply",
                text="",
                media_type="photo",
                media_name="topics.png",
                media=png,
            ),
            Outgoing(
                chat_id=chat,
                kind="reply",
                text="All <i>answers</i>",
                media_type="document",
                media_name="answers.csv",
                media=b"a,b\n1,2\n",
            ),
        ],
        now=NOW,
    )
    time = FakeTime()
    stats = await drain_all(fake_sender(setup, time), time)
    assert stats.sent == 3
    sent = setup.api.world.messages_in(chat, from_bot=True)
    assert [bool(m.photo) for m in sent] == [False, True, False]
    assert sent[0].text == "Numbers"
    assert sent[1].photo is not None
    assert setup.api.world.files[sent[1].photo[-1]["file_id"]].content == png
    assert sent[2].document is not None
    assert setup.api.world.files[sent[2].document["file_id"]].content == b"a,b\n1,2\n"
    async with setup.db.transaction() as session:
        rows = (await session.scalars(select(OutboxMessage))).all()
    assert {r.status for r in rows} == {"sent"}
    assert all(r.media is None for r in rows)  # delivered bytes are not kept


async def test_a_message_scheduled_for_later_holds_nothing_back(quiet: Setup) -> None:
    setup = quiet
    chat, member = next(iter(setup.members.items()))
    later = replace(digest(chat, member, 1), not_before=NOW + timedelta(hours=10))
    await enqueue(setup.db, [later, digest(chat, member, 2)], now=NOW)
    time = FakeTime()
    stats = await fake_sender(setup, time).drain()
    assert stats.sent == 1  # part 2 now; part 1 after the quiet hours
    texts = [m.text for m in setup.api.world.messages_in(chat, from_bot=True)]
    assert texts == [f"Digest part 2 for {chat} & friends"]
