"""The one end-to-end test harness: the real bot, one clock, builders, scheduled jobs on demand.

    async with running_env(migrated_sqlite_url) as env:      # or the ``env`` fixture
        await env.member(ANA, topics=("vet",), country="RO", language="ro")
        await env.opportunity("ESF-1", themes=["vet"])
        env.clock.now = MONDAY_9
        await env.run_job("digests")                         # runs now, then delivers
        assert "Buletinul" in env.bot_texts(ANA)[-1]

``Env`` is the local Bot API server (``bot.sandbox.localapi``), the real PTB application started
as ``inexa-bot run`` starts it (``LocalBot``), and the test's own database. Nothing is faked
inside the bot: the only fake is the server at the Telegram edge.

* One injectable :class:`Clock`: settable, running at real speed from where it was set (the
  sender spaces two messages to one chat on it), or ``frozen``.
* Scheduled jobs never fire on their own (unless ``ticks=True``): ``await env.run_job(name)``
  runs one now, on the injected clock, and waits until the outbox has delivered what it queued.
* The outbox sender is time-scaled (:data:`SENDER_SCALE`): its pacing takes milliseconds.
* Builders write members, opportunities and workshops through the services (fast, no chat);
  :meth:`Env.onboard` walks the onboarding chat when a test is about the chat itself.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from telegram.ext import CallbackContext

from bot.app import App
from bot.buttons.onboarding import (
    ConsentYes,
    Country,
    CountryZone,
    InterestsDone,
    KeywordsDone,
    OrgNameSkip,
    OrgType,
    Topic,
)
from bot.buttons.organisations import NewOrganisation
from bot.config import Settings
from bot.context import Runtime
from bot.core import countries
from bot.core.i18n import Catalogs
from bot.db.models import OpportunityRow, OutboxMessage
from bot.db.session import Database
from bot.sandbox.localapi import LocalBotApi, Simulator, StoredMessage, World
from bot.sandbox.localrun import LocalBot, local_settings
from bot.services.members import Members, Profile
from bot.services.workshops import Workshops

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # a Wednesday, 11:00 in Bucharest
COORDINATOR, ANA, BOGDAN, LUCIA, DAN = 9000, 1000, 2000, 3000, 4000

#: The people of the default ``env``: name and Telegram language.
PEOPLE: Mapping[int, tuple[str, str | None]] = {
    COORDINATOR: ("Carmen", "en"),
    ANA: ("Ana", "ro"),
    BOGDAN: ("Bogdan", "en-GB"),
    LUCIA: ("Lucía", "es"),
}

#: The outbox sender's waits are divided by this (a second between two messages to one chat
#: becomes 20 ms), so deliveries in tests take milliseconds and still follow the same rules.
SENDER_SCALE = 50.0

#: Short names of the scheduled jobs (``bot.jobs.ticks.schedule``); full names work too.
JOBS: Mapping[str, str] = {
    "digests": "digest:weekly",
    "alerts": "alerts:changes",
    "reminders": "workshops:reminders",
    "public": "public:weekly",
    "reports": "outbox:reports",
    "purges": "privacy:purge",
    "fetch": "fetch:tick",
    "health": "sources:health",
    "summaries": "sources:health",
}

#: Scheduled ticks start this late when a test runs jobs itself (never, within a test).
NO_TICKS = 24 * 3600.0

#: The first look at the message queue after a job; pacing defers a second message to a chat
#: by a few milliseconds (scaled), so "due" means due within this margin.
_DUE_MARGIN = timedelta(seconds=1)


class Clock:
    """The one injectable clock: ``clock()`` is "now"; set ``clock.now`` to move it.

    By default it runs at real speed from where it was set: the sender spaces two messages to
    one chat by a (scaled) second of this clock, so a frozen clock would hold the second one
    back for ever. ``frozen=True`` stands still until the test moves it (no sender involved,
    or a sender whose sleep moves it: ``tests/bot/delivery/helpers.py``).
    """

    def __init__(self, now: datetime = NOW, *, frozen: bool = False) -> None:
        self.frozen = frozen
        self.now = now

    @property
    def now(self) -> datetime:
        if self.frozen:
            return self._base
        return self._base + timedelta(seconds=time.monotonic() - self._set_at)

    @now.setter
    def now(self, value: datetime) -> None:
        if value.tzinfo is None:
            raise ValueError("the clock keeps aware UTC times")
        self._base, self._set_at = value, time.monotonic()

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock on by ``delta``; return the new now."""
        self.now = self.now + delta
        return self.now

    def __call__(self) -> datetime:
        return self.now


def settings_for(
    api: LocalBotApi, url: str, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Local settings with the harness coordinator and the Bucharest schedule."""
    data: dict[str, Any] = {
        "telegram": {"admin_ids": [COORDINATOR]},
        "schedule": {"tick_seconds": 1, "timezone": "Europe/Bucharest"},
    }
    for key, value in (overrides or {}).items():
        data[key] = {**data[key], **value} if isinstance(value, dict) and key in data else value
    return local_settings(api, url, data)


def data_of(message: StoredMessage) -> list[str]:
    """Every callback_data on a message."""
    return [str(b["callback_data"]) for b in message.buttons() if "callback_data" in b]


@dataclass
class Env:
    """Everything an end-to-end test touches: server, settings, database, clock, the bot."""

    api: LocalBotApi
    settings: Settings
    db: Database
    clock: Clock = field(default_factory=Clock)
    url: str = ""
    bot: LocalBot | None = None

    # ----- the bot ---------------------------------------------------------------------
    @asynccontextmanager
    async def running(self, *, ticks: bool = False) -> AsyncIterator[LocalBot]:
        """Run the bot (again) for the block: ``ticks`` lets the scheduled jobs fire on their
        own every second; otherwise only :meth:`run_job` runs them."""
        bot = LocalBot(
            self.api,
            self.settings,
            clock=self.clock,
            fetch=True,
            first_tick=0.05 if ticks else NO_TICKS,
            sender_scale=SENDER_SCALE,
        )
        async with bot:
            self.bot = bot
            try:
                yield bot
            finally:
                self.bot = None

    @property
    def app(self) -> App:
        if self.bot is None or self.bot.app is None:
            raise RuntimeError("the bot is not running")
        return self.bot.app

    @property
    def runtime(self) -> Runtime:
        """The running bot's services (or services on the same database when it is down)."""
        if self.bot is not None and self.bot.app is not None:
            return self.app.bot_data.runtime
        catalogs = Catalogs(self.settings.i18n.languages, self.settings.i18n.default_language)
        return Runtime.build(self.settings, self.db, catalogs, self.clock)

    async def run_job(self, name: str, *, deliver: bool = True) -> None:
        """Run a scheduled job now, on the injected clock, as the job queue would; then (with
        ``deliver``) wait until the outbox has sent everything due."""
        queue = self.app.job_queue
        assert queue is not None
        jobs = queue.get_jobs_by_name(JOBS.get(name, name))
        if not jobs:
            raise LookupError(f"no scheduled job {name!r} (fetch and health need sources)")
        job = jobs[0]
        context = CallbackContext.from_job(job, self.app)
        await job.callback(context)
        if deliver:
            await self.delivered()

    async def delivered(self, *, within: float = 15.0) -> None:
        """Wake the sender and return once no message in the outbox is due any more."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            self.app.bot_data.wake_outbox()
            if not await self.queued():
                return
            if loop.time() > deadline:
                raise TimeoutError("the outbox still holds due messages")
            await asyncio.sleep(0.02)  # a poll of the database, not a wait for time to pass

    async def queued(self) -> int:
        """Messages waiting in the outbox that are due (or nearly: pacing defers by ms)."""
        horizon = self.clock() + _DUE_MARGIN
        async with self.db.transaction() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status.in_(("pending", "sending")))
                .where(or_(OutboxMessage.not_before.is_(None), OutboxMessage.not_before <= horizon))
            )
        return int(count or 0)

    # ----- the chat ----------------------------------------------------------------------
    @property
    def sim(self) -> Simulator:
        return self.api.sim

    @property
    def world(self) -> World:
        return self.api.world

    def reply(self, chat: int) -> StoredMessage:
        """The bot's latest message in the chat, passing over delivery run reports (which
        reach coordinators whenever an outbox run ends)."""
        for message in reversed(self.world.messages_in(chat, from_bot=True)):
            if not (message.text or "").startswith("📬 Run #"):
                return message
        return self.sim.last(chat)

    async def say(self, user: int, text: str, *, chat: int | None = None) -> StoredMessage:
        """Send a text and wait until the bot has handled it; return the bot's latest message."""
        await self.sim.send(user, text, chat_id=chat)
        await self.sim.settle()
        return self.reply(chat if chat is not None else user)

    async def tap(self, user: int, message: StoredMessage, data: str) -> StoredMessage:
        """Press a button and wait; return the bot's latest message in that chat."""
        await self.sim.press(user, message, data)
        await self.sim.settle()
        return self.reply(message.chat_id)

    async def tap_label(self, user: int, message: StoredMessage, label: str) -> StoredMessage:
        """Press the button labelled ``label`` and wait."""
        await self.sim.press_text(user, message, label)
        await self.sim.settle()
        return self.reply(message.chat_id)

    def reread(self, message: StoredMessage) -> StoredMessage:
        """The message as it is now (after edits)."""
        found = self.world.message(message.chat_id, message.message_id)
        assert found is not None
        return found

    def file(self, message: StoredMessage) -> bytes:
        """The document attached to a message."""
        assert message.document is not None
        return self.world.files[message.document["file_id"]].content

    def bot_messages(self, chat: int) -> list[StoredMessage]:
        return self.world.messages_in(chat, from_bot=True)

    def bot_texts(self, chat: int) -> list[str]:
        return [m.text or m.caption or "" for m in self.bot_messages(chat)]

    def texts(self, chat: int) -> list[str]:
        return [m.text or "" for m in self.bot_messages(chat)]

    async def onboard(
        self,
        user: int,
        topic: str = "vet",
        *,
        org: str | None = None,
        country: str = "RO",
        org_type: str = "ngo",
    ) -> None:
        """Walk the onboarding chat: consent, organisation (skipped without ``org``; a new one
        even when the name matches a known one), country (its first time zone when it has
        several), type, one topic, done."""
        message = await self.say(user, "/start")
        message = await self.tap(user, message, ConsentYes().data)
        if org is None:
            message = await self.tap(user, message, OrgNameSkip().data)
        else:
            message = await self.say(user, org)
            if NewOrganisation().data in data_of(message):
                # The name matches a known organisation: keep each member in their own one, as
                # before organisations had people (tests of joining tap the buttons themselves).
                message = await self.tap(user, message, NewOrganisation().data)
        message = await self.tap(user, message, Country(country).data)
        zone = CountryZone(country, 0).data  # a country with several time zones
        if zone in data_of(message):
            message = await self.tap(user, message, zone)
        for data in (
            OrgType(org_type).data,
            Topic(topic, True).data,
            InterestsDone("t").data,
            InterestsDone("p").data,
            KeywordsDone().data,
        ):
            message = await self.tap(user, message, data)

    # ----- builders ----------------------------------------------------------------------
    async def profile(self, chat_id: int) -> Profile | None:
        return await Members(self.db, self.settings).profile(chat_id)

    async def member(
        self,
        chat_id: int,
        *,
        topics: Iterable[str] = ("vet",),
        programmes: Iterable[str] = (),
        country: str | None = "RO",
        language: str = "en",
        org_type: str | None = "ngo",
        org_name: str | None = None,
        name: str | None = None,
    ) -> Profile:
        """An onboarded member (consented, with these choices), written through the members
        service as the onboarding chat would; the chat exists on the server too."""
        if chat_id not in self.world.users:
            self.world.add_user(chat_id, name or f"Member {chat_id}", language_code=language)
        return await add_member(
            self.db,
            self.settings,
            chat_id,
            now=self.clock(),
            topics=topics,
            programmes=programmes,
            country=country,
            language=language,
            org_type=org_type,
            org_name=org_name,
        )

    async def opportunity(self, uid: str, **fields: Any) -> int:
        """An opportunity row (an open call by default); returns its id."""
        row = opportunity_row(uid, now=self.clock(), **fields)
        async with self.db.transaction() as session:
            session.add(row)
            await session.flush()
            return row.id

    async def workshop(
        self,
        title: str = "Interreg partner search",
        *,
        starts_at: datetime | None = None,
        hours: float = 2,
        capacity: int | None = None,
        audience: str = "all",
        language: str = "en",
        by: int = COORDINATOR,
    ) -> int:
        """A published workshop (announced to ``audience`` through the outbox); returns its id."""
        return await publish_workshop(
            self.service(),
            title,
            now=self.clock(),
            starts_at=starts_at,
            hours=hours,
            capacity=capacity,
            audience=audience,
            language=language,
            by=by,
        )

    def service(self) -> Workshops:
        """The workshops service (the running bot's, or one on the same database)."""
        return self.runtime.workshops


async def add_member(
    db: Database,
    settings: Settings,
    chat_id: int,
    *,
    now: datetime = NOW,
    topics: Iterable[str] = ("vet",),
    programmes: Iterable[str] = (),
    country: str | None = "RO",
    language: str = "en",
    org_type: str | None = "ngo",
    org_name: str | None = None,
) -> Profile:
    """An onboarded member on any database (no bot needed)."""
    members = Members(db, settings)
    await members.seen(chat_id=chat_id, chat_type="private", language_code=language, now=now)
    await members.consent(chat_id, now=now)
    changes: dict[str, Any] = {"org_type": org_type, "org_name": org_name}
    if country is not None:
        changes["country"] = country
        zones = countries.zones(country, now.year)
        if zones:
            changes["timezone"] = zones[0]
    await members.update_profile(chat_id, **changes)
    for topic in topics:
        await members.set_interest(chat_id, "topic", topic, True)
    for programme in programmes:
        await members.set_interest(chat_id, "programme", programme, True)
    return await members.mark_onboarded(chat_id, now=now)


def opportunity_row(uid: str, *, now: datetime = NOW, **fields: Any) -> OpportunityRow:
    """An open call, first seen ``now``, closing in 40 days; ``fields`` override any column."""
    deadline = now + timedelta(days=40)
    values: dict[str, Any] = {
        "source_id": "test",
        "url": f"https://example.eu/{uid}",
        "title": f"Call {uid}",
        "summary": "",
        "language": "en",
        "status": "open",
        "deadlines": [deadline.isoformat()],
        "next_deadline": deadline,
        "deadline_model": "single",
        "first_seen_at": now,
        "last_seen_at": now,
        "content_hash": uid,
        **fields,
    }
    return OpportunityRow(uid=uid, **values)


async def publish_workshop(
    workshops: Workshops,
    title: str,
    *,
    now: datetime = NOW,
    starts_at: datetime | None = None,
    hours: float = 2,
    capacity: int | None = None,
    audience: str = "all",
    language: str = "en",
    by: int = COORDINATOR,
) -> int:
    """A workshop drafted and published by coordinator ``by``; returns its id."""
    start = starts_at or now + timedelta(days=8)
    draft = await workshops.authoring.start_draft(by, "Carmen", language=language, now=now)
    await workshops.authoring.update_draft(
        draft.id, by, step="preview", title=title, starts_at=start,
        ends_at=start + timedelta(hours=hours), place="Online",
        url="https://meet.example.org/x", capacity=capacity,
    )  # fmt: skip
    result = await workshops.authoring.publish(draft.id, by, audience=audience, now=now)
    workshop_id: int = result.workshop.id
    return workshop_id


@asynccontextmanager
async def running_env(
    url: str,
    *,
    people: Mapping[int, tuple[str, str | None]] = PEOPLE,
    overrides: Mapping[str, Any] | None = None,
    clock: Clock | None = None,
    ticks: bool = False,
    groups: Sequence[tuple[int, str, Sequence[int], Sequence[int]]] = (),
) -> AsyncIterator[Env]:
    """A local server with ``people`` (and ``groups``: id, title, admins, members), the bot
    running on database ``url`` (migrated), and the harness around both."""
    async with LocalBotApi() as api:
        for user, (name, language) in people.items():
            api.world.add_user(user, name, language_code=language)
        for chat_id, title, admins, members in groups:
            api.world.add_group(chat_id, title, admins=tuple(admins), members=tuple(members))
        settings = settings_for(api, url, overrides)
        db = Database.from_url(url)
        env = Env(api, settings, db, clock or Clock(), url)
        try:
            async with env.running(ticks=ticks):
                yield env
        finally:
            await db.dispose()
