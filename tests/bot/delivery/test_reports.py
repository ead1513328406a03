"""Run reports go to coordinators through the outbox: queued with the run's mark, retried."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.core.i18n import Catalogs
from bot.db.models import DeliveryRun, OutboxMessage
from bot.db.session import Database
from bot.delivery.outgoing import Outgoing
from bot.delivery.sender import enqueue
from bot.services.delivery import queue_run_reports
from tests.bot.delivery.helpers import NOW, FakeTime, Setup, drain_all, fake_sender

COORDINATORS = [900_001, 900_002, 900_003, 900_004, 900_005]


async def test_run_reports_are_queued_once_and_survive_a_429(quiet: Setup, db: Database) -> None:
    setup = quiet
    for user_id in COORDINATORS:
        setup.api.world.add_user(user_id, f"Coordinator {user_id}")
    chats = list(setup.members.items())[:3]
    async with db.transaction() as session:
        run = DeliveryRun(kind="digest", started_at=NOW)
        session.add(run)
        await session.flush()
        run_id = run.id
    await enqueue(
        db,
        [Outgoing(chat_id=c, member_id=m, kind="digest", text="Digest") for c, m in chats],
        now=NOW,
        run_id=run_id,
    )
    tr = Catalogs(["en", "ro", "es"], "en").get("en")
    readers = dict.fromkeys(COORDINATORS, tr)
    # Not finished yet: nothing to report.
    assert await queue_run_reports(db, readers, now=NOW) == []
    time = FakeTime()
    sender = fake_sender(setup, time)
    await drain_all(sender, time)
    reports = await queue_run_reports(db, readers, now=NOW + timedelta(minutes=1))
    assert [r.run_id for r in reports] == [run_id]
    assert await queue_run_reports(db, readers, now=NOW + timedelta(minutes=2)) == []
    # Telegram refuses the first report (it used to be lost) and then has an outage.
    setup.api.sim.fail_next("sendMessage", 1, code=429, description="Too Many Requests",
                            retry_after=3)  # fmt: skip
    setup.api.sim.fail_next("sendMessage", 2, code=502, description="Bad Gateway")
    stats = await drain_all(sender, time)
    assert stats.sent == len(COORDINATORS)
    assert stats.failed == {}
    for user_id in COORDINATORS:
        texts = [m.text or "" for m in setup.api.world.messages_in(user_id, from_bot=True)]
        assert len(texts) == 1
        assert texts[0].startswith(f"📬 Run #{run_id} (weekly digest)")
    async with db.transaction() as session:
        reported = await session.scalar(
            select(DeliveryRun.reported).where(DeliveryRun.id == run_id)
        )
        keys = (
            await session.scalars(
                select(OutboxMessage.dedupe_key).where(OutboxMessage.kind == "report")
            )
        ).all()
    assert reported is True
    assert sorted(k or "" for k in keys) == sorted(f"run-report:{run_id}:{u}" for u in COORDINATORS)
