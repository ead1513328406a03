"""Is this instance ready to serve: database reachable, schema current, Bot API reachable."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.db import migrate
from bot.db.repositories import health as repo
from bot.db.session import Database

log = logging.getLogger(__name__)

#: Seconds a successful Bot API check is trusted (probes come every few seconds; Telegram's
#: limits are not spent on them).
BOT_API_TTL = 30.0


@dataclass(frozen=True, slots=True)
class Readiness:
    """Each check's result: ``"ok"`` or what is wrong."""

    database: str
    schema: str
    bot_api: str

    @property
    def ready(self) -> bool:
        """Every check passed."""
        return self.database == self.schema == self.bot_api == "ok"


@dataclass(frozen=True, slots=True)
class QueueFigures:
    """The outbox and the weekly run, as the metrics report them."""

    pending: int
    oldest_pending: datetime | None
    last_weekly_run: datetime | None


class Health:
    """Readiness checks and queue figures for the web server's probes."""

    def __init__(
        self,
        db: Database,
        bot_api: Callable[[], Awaitable[object]],
        *,
        monotonic: Callable[[], float],
    ) -> None:
        self.db = db
        self._bot_api = bot_api
        self._monotonic = monotonic
        self._bot_api_ok_at: float | None = None

    async def readiness(self) -> Readiness:
        """Check the database, its schema and the Bot API; never raises."""
        database = schema = "ok"
        try:
            async with self.db.transaction() as session:
                await repo.ping(session)
        except Exception as error:  # a probe reports every failure instead of raising
            log.warning("readiness: database unreachable: %s", error)
            database = schema = f"unreachable: {type(error).__name__}"
        else:
            try:
                status = await migrate.schema_status(self.db.engine)
                if not status.up_to_date:
                    schema = f"at {status.current or 'empty'}, code needs {status.head}"
            except Exception as error:  # same: report, do not raise
                schema = f"unknown: {type(error).__name__}"
        return Readiness(database, schema, await self._check_bot_api())

    async def _check_bot_api(self) -> str:
        now = self._monotonic()
        if self._bot_api_ok_at is not None and now - self._bot_api_ok_at < BOT_API_TTL:
            return "ok"
        try:
            await self._bot_api()
        except Exception as error:  # a probe reports every failure instead of raising
            log.warning("readiness: Bot API unreachable: %s", error)
            self._bot_api_ok_at = None
            return f"unreachable: {type(error).__name__}"
        self._bot_api_ok_at = now
        return "ok"

    async def figures(self) -> QueueFigures:
        """The outbox queue and the last weekly run."""
        async with self.db.transaction() as session:
            pending, oldest = await repo.outbox_queue(session)
            last_run = await repo.last_weekly_run(session)
        return QueueFigures(pending, oldest, last_run)
