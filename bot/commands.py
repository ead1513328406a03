"""The bot's command menu, registered with setMyCommands in every language."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.i18n import N_, Catalogs


@dataclass(frozen=True, slots=True)
class Command:
    """A command shown in Telegram's menu."""

    name: str
    description: str


#: Member commands, in menu order. Later features append theirs here.
MEMBER_COMMANDS: tuple[Command, ...] = (
    Command("start", N_("Start or open your settings")),
    Command("digest", N_("Your funding digest now")),
    Command("following", N_("The calls you follow")),
    Command("workshops", N_("Upcoming workshops and your answers")),
    Command("calendar", N_("The alliance calendar, and yours as a file or a link")),
    Command("checkin", N_("Check in to a workshop with its code")),
    Command("actions", N_("Next steps agreed at workshops")),
    Command("propose", N_("Propose a mutual-learning session")),
    Command("proposals", N_("Proposed sessions: upvote what you want")),
    Command("directory", N_("Your organisation in the partner directory")),
    Command("partners", N_("Find partner organisations for a project")),
    Command("showcase", N_("Present your organisation on the alliance's channel")),
    Command("projects", N_("Your projects: plans to apply and their stages")),
    Command("partnerrequests", N_("Partner requests to answer, and your own")),
    Command("topics", N_("Choose topics and programmes")),
    Command("settings", N_("Language, digest day and time, pause")),
    Command("profile", N_("Your organisation's profile")),
    Command("organisation", N_("Your organisation: its details and invite links")),
    Command("invite", N_("Invite links with QR codes for new organisations")),
    Command("mydata", N_("Download the data I hold about you")),
    Command("forget", N_("Erase all your data")),
    Command("help", N_("What this bot does and how to use it")),
)


#: Coordinator commands (checked against the role on every use; shown in /help to coordinators).
COORDINATOR_COMMANDS: tuple[Command, ...] = (
    Command("newworkshop", N_("Create and announce a workshop")),
    Command("editworkshop", N_("Change a workshop")),
    Command("cancelworkshop", N_("Cancel a workshop")),
    Command("attendees", N_("Answers and attendance of a workshop")),
    Command("stats", N_("Reach and impact with charts")),
    Command("report", N_("The funder's report: Excel workbook and charts")),
    Command("broadcast", N_("A message to members")),
    Command("newsurvey", N_("Ask members a short survey")),
    Command("surveys", N_("Survey results")),
    Command("push", N_("Send one opportunity now")),
    Command("pipeline", N_("Every project by stage, and calls to convene")),
    Command("highlight", N_("Put a call's deadlines in the alliance calendar")),
    Command("channel", N_("The alliance's public channel and forum topics")),
    Command("forumtopic", N_("Post a topic's calls in this forum topic")),
    Command("admins", N_("Coordinators and their roles")),
    Command("members", N_("Members by organisation, approvals and exports")),
)


def localized(catalogs: Catalogs, language: str) -> list[tuple[str, str]]:
    """``(command, description)`` pairs for one language."""
    tr = catalogs.get(language)
    return [(c.name, tr.gettext(c.description)) for c in MEMBER_COMMANDS]


def coordinator_menu(catalogs: Catalogs, language: str) -> list[tuple[str, str]]:
    """A coordinator's menu: the member commands, then the coordinator ones."""
    tr = catalogs.get(language)
    return localized(catalogs, language) + [
        (c.name, tr.gettext(c.description)) for c in COORDINATOR_COMMANDS
    ]
