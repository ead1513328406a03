"""What every handler and job can reach, typed (instead of ``bot_data["key"]``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ExtBot

from bot.clock import Clock
from bot.config import Settings
from bot.db.session import Database
from bot.i18n import Catalogs
from bot.services.conversations import Conversations
from bot.services.members import Members

if TYPE_CHECKING:
    from bot.delivery.sender import Sender


@dataclass(frozen=True, slots=True)
class Runtime:
    """The application's long-lived collaborators, built once by the composition root."""

    settings: Settings
    db: Database
    catalogs: Catalogs
    clock: Clock

    @property
    def members(self) -> Members:
        """Member use-cases."""
        return Members(self.db, self.settings)

    @property
    def conversations(self) -> Conversations:
        """Each chat's one conversation state."""
        return Conversations(self.db)


class BotData:
    """PTB's ``bot_data``: holds the :class:`Runtime`, set before the application starts."""

    def __init__(self) -> None:
        self._runtime: Runtime | None = None
        #: The outbox sender, running beside the application (it keeps pacing state).
        self.sender: Sender | None = None

    def wake_outbox(self) -> None:
        """Messages were queued: let the sender take them now rather than at its next poll."""
        if self.sender is not None:
            self.sender.wake()

    def attach(self, runtime: Runtime) -> None:
        """Give handlers their collaborators."""
        self._runtime = runtime

    @property
    def runtime(self) -> Runtime:
        """The collaborators; raises if the application was built without them."""
        if self._runtime is None:
            raise RuntimeError("the application was started without a Runtime")
        return self._runtime


Ctx = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
