"""What every handler and job can reach, typed (instead of ``bot_data["key"]``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ExtBot

from bot.config import Settings
from bot.core.clock import Clock
from bot.core.i18n import Catalogs
from bot.db.session import Database
from bot.services.broadcasts import Broadcasts
from bot.services.calendar import Calendars
from bot.services.conversations import Conversations
from bot.services.coordinators import Coordinators
from bot.services.digests import Digests, WeeklyDigests
from bot.services.directory import Directory
from bot.services.follows import Follows
from bot.services.followup import FollowUps
from bot.services.ingestion import Ingestion
from bot.services.members import Members
from bot.services.organisations import Organisations
from bot.services.pipeline import Pipeline
from bot.services.proposals import Proposals
from bot.services.public import PublicFace
from bot.services.roster import Roster
from bot.services.source_health import SourceHealthReports
from bot.services.surveys import Surveys
from bot.services.workshops import Workshops
from bot.views.followup import ACTION_NOTICES
from bot.views.organisations import NOTICES as ORG_NOTICES
from bot.views.pipeline import TEXTS as PIPELINE_TEXTS
from bot.views.proposals import PROPOSAL_NOTICES
from bot.views.public import PUBLIC
from bot.views.surveys.answer import SURVEY_NOTICES
from bot.views.workshops import NOTICES

if TYPE_CHECKING:
    from bot.delivery.sender import Sender
    from bot.web.metrics import Metrics
    from bot.web.server import WebServer


@dataclass(frozen=True, slots=True)
class Runtime:
    """The application's long-lived collaborators, built once by the composition root.

    Services hold no per-request state (each call opens its own transaction), so one
    instance of each serves every update and job.
    """

    settings: Settings
    db: Database
    catalogs: Catalogs
    clock: Clock
    members: Members
    conversations: Conversations
    coordinators: Coordinators
    digests: Digests
    weekly: WeeklyDigests
    follows: Follows
    workshops: Workshops
    broadcasts: Broadcasts
    directory: Directory
    ingestion: Ingestion
    source_health: SourceHealthReports
    pipeline: Pipeline
    followups: FollowUps
    surveys: Surveys
    proposals: Proposals
    calendar: Calendars
    public: PublicFace
    organisations: Organisations
    roster: Roster

    @classmethod
    def build(cls, settings: Settings, db: Database, catalogs: Catalogs, clock: Clock) -> Runtime:
        """Every service, wired to one database, settings, catalogs and clock."""
        digests = Digests(db, settings)
        ingestion = Ingestion(db, settings)
        workshops = Workshops(db, settings, catalogs, NOTICES, PUBLIC)
        return cls(
            settings=settings,
            db=db,
            catalogs=catalogs,
            clock=clock,
            members=Members(db, settings),
            conversations=Conversations(db),
            coordinators=Coordinators(db, settings),
            digests=digests,
            weekly=WeeklyDigests(db, settings, catalogs, digests),
            follows=Follows(db),
            workshops=workshops,
            broadcasts=Broadcasts(db, settings, catalogs, digests),
            directory=Directory(db, settings),
            ingestion=ingestion,
            source_health=SourceHealthReports(db, settings, ingestion),
            pipeline=Pipeline(db, settings, catalogs, PIPELINE_TEXTS),
            followups=FollowUps(db, settings, catalogs, ACTION_NOTICES),
            surveys=Surveys(db, settings, catalogs, SURVEY_NOTICES),
            proposals=Proposals(db, settings, catalogs, PROPOSAL_NOTICES),
            calendar=Calendars(db, workshops, catalogs),
            public=PublicFace(db, settings, catalogs, PUBLIC),
            organisations=Organisations(db, settings, catalogs, ORG_NOTICES),
            roster=Roster(db),
        )


class BotData:
    """PTB's ``bot_data``: holds the :class:`Runtime`, set before the application starts."""

    def __init__(self) -> None:
        self._runtime: Runtime | None = None
        #: The outbox sender, running beside the application (it keeps pacing state).
        self.sender: Sender | None = None
        #: The process's Prometheus metrics (None in code paths that serve no metrics).
        self.metrics: Metrics | None = None
        #: The web server beside the bot (None when there is none); tests read its port.
        self.web: WebServer | None = None

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
