"""Two and three ``inexa-bot serve`` processes on one PostgreSQL database share the work.

Real subprocesses started as an operator starts them (``python -m bot serve --config ...``,
secrets from the environment), against the local Bot API server, which enforces Telegram's
flood limits on a clock ``SCALE`` times faster (``delivery.time_scale`` paces the bot the same
way). A weekly run to 2,000 members goes out through the outbox that every instance drains:

* each member gets the digest exactly once, with 0 × 429 from the server: the global limit
  and the per-chat one held across the instances (they share the budget in the database);
* every scheduled job ran once per tick: each instance's ``inexa_job_ticks_total`` matches the
  ``job_ticks`` rows it claimed, and a tick has one row;
* one instance killed with SIGKILL mid-run: the others finish its messages (its row lock
  dies with its connection), and no member gets more than one duplicate.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, insert, select

from bot.db.models import (
    DeliveryRun,
    JobTick,
    Member,
    MemberInterest,
    OpportunityRow,
    OutboxMessage,
)
from bot.db.repositories.jobs import KEEP
from bot.db.session import Database
from bot.jobs.cluster import tick_of
from bot.sandbox.localapi import FloodLimits, LocalBotApi
from tests.bot.web.test_serve import free_port

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[3]
MEMBERS = 2000
#: The server's limits run this much faster (30 x 3 = 90 messages/s), and so does the bot.
SCALE = 3.0
#: The cluster's budget (real messages/s): under 30 by a margin for the scheduling jitter
#: of several processes on a busy machine.
RATE = 26.0
TICK = 3
SECRET = "cluster-test-secret-token"
#: A generous bound for a machine shared with other work (on two free cores each test
#: takes well under a minute; see FIGURES).
WITHIN = 600.0
#: Figures of the last runs, printed for the record (pytest -s).
FIGURES: dict[str, object] = {}


@dataclass
class Instance:
    proc: asyncio.subprocess.Process
    port: int
    log: Path

    @property
    def web(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def metrics(self) -> str:
        async with httpx.AsyncClient() as client:
            return (await client.get(f"{self.web}/metrics", timeout=30)).text


@dataclass
class Cluster:
    api: LocalBotApi
    db: Database
    url: str
    folder: Path
    chats: list[int]
    instances: list[Instance] = field(default_factory=list)
    hook_port: int = field(default_factory=free_port)
    #: Wall time before the first instance started (ticks count from the epoch).
    started: float = field(default_factory=time.time)

    def config(self, port: int) -> Path:
        path = self.folder / f"instance-{port}.toml"
        path.write_text(
            f"""
[telegram]
base_url = "{self.api.base_url}"
base_file_url = "{self.api.base_file_url}"

[schedule]
tick_seconds = {TICK}
timezone = "UTC"

[delivery]
per_second = {RATE}
time_scale = {SCALE}

[webhook]
# Every instance registers the same public address (a load balancer's); here, the first's.
url = "http://127.0.0.1:{self.hook_port}/telegram"
listen = "127.0.0.1"
port = {port}
""",
            encoding="utf-8",
        )
        return path

    async def start(self, count: int) -> None:
        """Start ``count`` instances at once; returns when every one of them runs."""
        await asyncio.gather(
            *(self._start(self.hook_port if n == 0 else free_port()) for n in range(count))
        )

    async def _start(self, port: int) -> Instance:
        log = self.folder / f"instance-{port}.log"
        env = {
            **os.environ,
            "INEXA_BOT_TOKEN": self.api.token,
            "INEXA_DATABASE_URL": self.url,
            "INEXA_WEBHOOK_SECRET": SECRET,
            "PTB_TIMEDELTA": "true",
        }
        with log.open("wb") as out:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "serve", "--config", str(self.config(port)),
                cwd=ROOT, env=env, stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=out,
            )  # fmt: skip
        instance = Instance(proc, port, log)
        self.instances.append(instance)
        deadline = time.monotonic() + 60
        while b"is running" not in log.read_bytes():
            if proc.returncode is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not start:\n{log.read_text()[-3000:]}")
            await asyncio.sleep(0.1)
        return instance

    def logs(self) -> str:
        return "\n".join(f"--- {i.log.name}\n{_tail(i.log)}" for i in self.instances)

    def received(self) -> Counter[int]:
        return Counter(m.chat_id for m in self.api.world.messages.values() if m.sender.is_bot)

    async def unfinished(self) -> int:
        async with self.db.transaction() as session:
            count = await session.scalar(
                select(func.count()).where(OutboxMessage.status.in_(["pending", "sending"]))
            )
        return int(count or 0)

    async def delivered(self, within: float) -> None:
        """Wait until every member got the digest and nothing is left in the outbox."""
        chats = set(self.chats)
        world = self.api.world
        try:
            # Counting first (cheap on every change of the server's world), then checking.
            while True:
                await self.api.sim.wait_until(lambda: world.sent_count >= len(chats), within=within)
                if chats <= set(self.received()):
                    break
                await self.api.sim.wait_until(
                    lambda n=world.sent_count: world.sent_count > n,  # type: ignore[misc]
                    within=within,
                )
        except TimeoutError:
            raise AssertionError(
                f"{len(chats - set(self.received()))} member(s) still waiting, "
                f"{await self.unfinished()} unfinished row(s); logs:\n{self.logs()}"
            ) from None
        deadline = time.monotonic() + 30
        while await self.unfinished():
            assert time.monotonic() < deadline, "the outbox never emptied"
            await asyncio.sleep(0.1)

    async def ticks_match(self, instance: Instance) -> int:
        """The ticks this instance ran (its metric) are the ``job_ticks`` rows it claimed."""
        metrics = await instance.metrics()
        ran = {
            job: int(float(count))
            for job, count in re.findall(r'inexa_job_ticks_total\{job="([^"]+)"\} (\S+)', metrics)
        }
        async with self.db.transaction() as session:
            rows = await session.execute(
                select(JobTick.name, func.count())
                .where(JobTick.instance.endswith(f":{instance.proc.pid}"))
                .group_by(JobTick.name)
            )
            claimed = {name: int(count) for name, count in rows.all()}
        for job in claimed.keys() | ran.keys():
            # A tick claimed while the metrics were read is counted on the next scrape; on a
            # slow machine the oldest rows of a frequent job may have been pruned already.
            interval = {"outbox:reports": max(1, TICK // 2), "privacy:purge": 6 * 3600}.get(
                job, TICK
            )
            pruned = tick_of(time.time(), interval) - tick_of(self.started, interval) >= KEEP
            missing = claimed.get(job, 0) - ran.get(job, 0)
            assert missing <= 1 if pruned else missing in (0, 1), (job, claimed, ran)
        return sum(ran.values())

    async def stop(self) -> None:
        for instance in self.instances:
            if instance.proc.returncode is None:
                instance.proc.send_signal(signal.SIGTERM)
        for instance in self.instances:
            try:
                await asyncio.wait_for(instance.proc.wait(), 30)
            except TimeoutError:
                instance.proc.kill()
                await instance.proc.wait()


def _tail(log: Path) -> str:
    lines = log.read_text(errors="replace").splitlines()
    return "\n".join([line for line in lines if "apscheduler" not in line][-40:])


async def _seed(db: Database, api: LocalBotApi) -> list[int]:
    """2,000 members whose weekly digest is due now, and one open call for all of them."""
    now = datetime.now(UTC)
    chats = list(range(300_000, 300_000 + MEMBERS))
    for chat_id in chats:
        api.world.add_user(chat_id, f"Member {chat_id}")
    member = {
        "chat_type": "private", "language": "en", "created_at": now, "last_seen_at": now,
        "consented_at": now, "onboarded_at": now, "digest_minute": 0, "timezone": "UTC",
        "digest_weekday": (now - timedelta(days=1)).weekday(),
        "last_digest_at": now - timedelta(days=8),
    }  # fmt: skip
    async with db.transaction() as session:
        ids = await session.scalars(
            insert(Member).returning(Member.id), [{**member, "chat_id": c} for c in chats]
        )
        await session.execute(
            insert(MemberInterest),
            [{"member_id": i, "kind": "topic", "item_id": "green"} for i in ids.all()],
        )
        call = OpportunityRow(
            uid="s:green", source_id="s", url="https://e.eu/green", title="Green call",
            summary="", language="en", status="open",
            deadlines=[(now + timedelta(days=40)).isoformat()],
            next_deadline=now + timedelta(days=40), deadline_model="single", themes=["green"],
            first_seen_at=now - timedelta(days=2), last_seen_at=now, content_hash="x",
        )  # fmt: skip
        session.add(call)
    return chats


@pytest.fixture
async def cluster(migrated_postgres_url: str, tmp_path: Path) -> AsyncIterator[Cluster]:
    db = Database.from_url(migrated_postgres_url)
    try:
        async with LocalBotApi(flood=FloodLimits(time_scale=SCALE)) as api:
            chats = await _seed(db, api)
            made = Cluster(api, db, migrated_postgres_url, tmp_path, chats)
            try:
                yield made
            finally:
                await made.stop()
    finally:
        await db.dispose()


async def _digest_runs(db: Database) -> int:
    async with db.transaction() as session:
        count = await session.scalar(
            select(func.count()).select_from(DeliveryRun).where(DeliveryRun.kind == "digest")
        )
    return int(count or 0)


def _sent_by(metrics: str) -> int:
    found = re.search(r"^inexa_messages_sent_total (\S+)$", metrics, re.MULTILINE)
    return int(float(found.group(1))) if found else 0


async def test_two_instances_deliver_a_weekly_run_once_each_within_the_limits(
    cluster: Cluster,
) -> None:
    started = time.monotonic()
    await cluster.start(2)
    await cluster.delivered(within=WITHIN)
    seconds = time.monotonic() - started
    received = cluster.received()
    assert all(received[c] == 1 for c in cluster.chats), "a member got the digest twice"
    assert cluster.api.world.flood.rejected == 0, "the server answered 429"
    assert await _digest_runs(cluster.db) == 1
    shares = [_sent_by(await i.metrics()) for i in cluster.instances]
    assert all(shares), shares  # both instances sent
    assert sum(shares) == MEMBERS
    ticks = [await cluster.ticks_match(i) for i in cluster.instances]
    assert sum(ticks) > 0
    FIGURES["two"] = {"seconds": round(seconds, 1), "sent_by": shares, "ticks_by": ticks}
    print("cluster figures:", FIGURES)


async def test_three_instances_one_killed_mid_run_the_others_finish_its_work(
    cluster: Cluster,
) -> None:
    started = time.monotonic()
    await cluster.start(3)
    api = cluster.api
    await api.sim.wait_until(lambda: api.world.sent_count >= MEMBERS // 3, within=WITHIN)
    victim = next(i for i in cluster.instances if i.port != cluster.hook_port)
    assert _sent_by(await victim.metrics()) > 0  # it is taking part
    victim.proc.kill()  # SIGKILL: no clean-up of any kind
    await victim.proc.wait()
    killed_at = api.world.sent_count
    await cluster.delivered(within=WITHIN)
    seconds = time.monotonic() - started
    received = cluster.received()
    duplicates = sum(received[c] - 1 for c in cluster.chats)
    assert all(1 <= received[c] <= 2 for c in cluster.chats)
    assert duplicates <= 1, "more than the one message in flight was repeated"
    assert api.world.flood.rejected == 0, "the server answered 429"
    assert await _digest_runs(cluster.db) == 1
    survivors = [i for i in cluster.instances if i is not victim]
    after = [_sent_by(await i.metrics()) for i in survivors]
    assert sum(after) >= MEMBERS - killed_at  # the survivors sent everything left
    ticks = [await cluster.ticks_match(i) for i in survivors]
    assert sum(ticks) > 0
    FIGURES["three"] = {
        "seconds": round(seconds, 1), "killed_after": killed_at, "duplicates": duplicates,
        "survivors_sent": after, "ticks_by": ticks,
    }  # fmt: skip
    print("cluster figures:", FIGURES)
