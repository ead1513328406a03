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
    Command("calendar", N_("Your workshops and deadlines as a calendar file")),
    Command("directory", N_("Your organisation in the partner directory")),
    Command("partners", N_("Find partner organisations for a project")),
    Command("topics", N_("Choose topics and programmes")),
    Command("settings", N_("Language, digest day and time, pause")),
    Command("profile", N_("Your organisation's profile")),
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
    Command("push", N_("Send one opportunity now")),
    Command("admins", N_("Coordinators and their roles")),
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
