"""``inexa-bot db``: schema migrations, backups and restores.

Nothing here loses data without saying so first: a downgrade names the tables and columns
it drops with their rows and asks before it drops anything stored; a restore says what it
replaces and asks; both, and every upgrade, take a SQLite backup first unless told not to.
Without a terminal to ask on, ``--yes`` is the only way to confirm.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.cli.common import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    add_config_option,
    configure_logging,
    settings_for,
)
from bot.config import Settings
from bot.core.clock import utc_now
from bot.db import backup, migrate
from bot.db.session import Database, redact

ACTIONS = ("upgrade", "current", "downgrade", "backup", "restore")


def add_db_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``db`` command and its actions, each with ``--help``."""
    db = sub.add_parser(
        "db",
        help="database schema, backups and restores",
        description="Manage the schema, back up and restore the database.",
    )
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    no_backup = "do not back up a SQLite database first"
    yes = "confirm without asking (for scripts)"

    upgrade = actions.add_parser(
        "upgrade",
        help="upgrade the schema (to head by default)",
        description="Upgrade the schema (to head by default). A SQLite database is backed up "
        "first to a timestamped file next to it when there is something to upgrade.",
    )
    upgrade.add_argument("revision", nargs="?", default="head", help="target (head)")
    upgrade.add_argument("--no-backup", action="store_true", help=no_backup)

    actions.add_parser(
        "current",
        help="show the schema revision of the database and of the code",
        description="Show the schema revision of the database and of the code.",
    )

    downgrade = actions.add_parser(
        "downgrade",
        help="downgrade the schema to REV (`base` empties the database)",
        description="Downgrade the schema to REV (a revision, -N steps, or `base`, which "
        "empties the database). Lists the tables and columns that would be dropped with "
        "their rows and asks before dropping anything stored; a SQLite database is backed "
        "up first.",
    )
    downgrade.add_argument("revision", metavar="REV", help="target revision, e.g. 0001")
    downgrade.add_argument("--yes", action="store_true", help=yes)
    downgrade.add_argument("--no-backup", action="store_true", help=no_backup)

    taking = actions.add_parser(
        "backup",
        help="copy the database to a file (SQLite; prints the pg_dump command for PostgreSQL)",
        description="Copy a SQLite database with SQLite's online backup API (safe while the "
        "bot runs) to FILE, or to a timestamped file next to the database. For PostgreSQL, "
        "print the pg_dump command to run instead.",
    )
    taking.add_argument("file", metavar="FILE", nargs="?", help="the new backup file")

    restore = actions.add_parser(
        "restore",
        help="replace the database with a backup (SQLite; prints the command for PostgreSQL)",
        description="Replace the SQLite database with the backup FILE, after checking that "
        "it is a database of this bot at a known revision and asking. Stop the bot first. "
        "The current database is backed up first. For PostgreSQL, print the pg_restore or "
        "psql command to run instead.",
    )
    restore.add_argument("file", metavar="FILE", help="a backup made by `inexa-bot db backup`")
    restore.add_argument("--yes", action="store_true", help=yes)
    restore.add_argument("--no-backup", action="store_true", help=no_backup)

    for parser in actions.choices.values():
        add_config_option(parser)


def confirm(question: str, *, assume_yes: bool) -> None:
    """Go on when ``--yes`` was given or the person at the terminal types yes.

    Raises:
        CliError: no terminal to ask on (exit 2), or the answer was not yes (exit 1).
    """
    if assume_yes:
        return
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        raise CliError(
            "this needs a confirmation and there is no terminal to ask on; "
            "pass --yes to confirm (nothing was changed)",
            EXIT_USAGE,
        )
    print(f"{question} Type yes to go on: ", end="", file=sys.stderr, flush=True)
    if stdin.readline().strip().lower() not in {"yes", "y"}:
        raise CliError("not confirmed; nothing was changed", EXIT_FAILURE)


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def backup_first(settings: Settings, why: str) -> Path | None:
    """Back up a SQLite database file that exists; say where the copy went."""
    database = backup.sqlite_file(settings.database_url)
    if database is None or not database.is_file():
        return None
    target = backup.backup_path(database, utc_now())
    try:
        backup.backup_sqlite(database, target)
    except backup.BackupError as exc:
        raise CliError(f"{exc}; nothing was changed", EXIT_FAILURE) from None
    _say(f"backup of the database {why}: {target}")
    return target


async def _status(settings: Settings) -> migrate.SchemaStatus:
    db = Database.from_url(settings.database_url)
    try:
        return await migrate.schema_status(db.engine)
    finally:
        await db.dispose()


def _render_status(settings: Settings, status: migrate.SchemaStatus) -> str:
    state = "up to date" if status.up_to_date else "upgrade needed: inexa-bot db upgrade"
    return (
        f"database {redact(settings.database_url)}\n"
        f"  current revision: {status.current or 'empty'}\n"
        f"  code revision:    {status.head} ({state})"
    )


def prepare_upgrade(settings: Settings, *, take_backup: bool, target: str = "head") -> None:
    """Before an upgrade: back up a SQLite database that holds a schema to upgrade."""
    status = asyncio.run(_status(settings))
    wanted = status.head if target == "head" else target
    if status.current is None or status.current == wanted:
        return
    if backup.sqlite_file(settings.database_url) is None:
        _say(
            "no automatic backup on PostgreSQL: `inexa-bot db backup` prints the pg_dump "
            "command to run before upgrading"
        )
        return
    if take_backup:
        backup_first(settings, f"before upgrading from {status.current}")


async def _upgrade(settings: Settings, revision: str) -> migrate.SchemaStatus:
    db = Database.from_url(settings.database_url)
    try:
        await migrate.upgrade(db.engine, revision)
        return await migrate.schema_status(db.engine)
    finally:
        await db.dispose()


@dataclass(frozen=True, slots=True)
class _DowngradePlan:
    current: str
    target: str
    loss: migrate.Loss


async def _plan_downgrade(settings: Settings, revision: str) -> _DowngradePlan:
    db = Database.from_url(settings.database_url)
    try:
        status = await migrate.schema_status(db.engine)
        try:
            target = migrate.resolve_downgrade_target(status.current, revision)
        except ValueError as exc:
            raise CliError(str(exc), EXIT_USAGE) from None
        loss = await migrate.downgrade_loss(db.engine, target)
        return _DowngradePlan(current=status.current or "", target=target, loss=loss)
    finally:
        await db.dispose()


async def _downgrade(settings: Settings, target: str) -> migrate.SchemaStatus:
    db = Database.from_url(settings.database_url)
    try:
        await migrate.downgrade(db.engine, target)
        return await migrate.schema_status(db.engine)
    finally:
        await db.dispose()


def _cmd_downgrade(settings: Settings, args: argparse.Namespace) -> str:
    plan = asyncio.run(_plan_downgrade(settings, args.revision))
    where = redact(settings.database_url)
    if plan.target == plan.current:
        return f"database {where} is already at revision {plan.current}; nothing to do"
    if plan.loss.holds_data:
        _say(f"Downgrading {where} from {plan.current} to {plan.target} erases:")
        for line in plan.loss.describe():
            _say(f"  {line}")
        confirm("This cannot be undone without a backup.", assume_yes=args.yes)
    else:
        _say(f"Downgrading {where} from {plan.current} to {plan.target}: no stored data is lost.")
    if not args.no_backup:
        backup_first(settings, f"before downgrading from {plan.current}")
    return _render_status(settings, asyncio.run(_downgrade(settings, plan.target)))


def _cmd_backup(settings: Settings, args: argparse.Namespace) -> str:
    database = backup.sqlite_file(settings.database_url)
    if database is None:
        print("\n".join(backup.pg_dump_command(settings.database_url, args.file or "inexa.dump")))
        raise CliError(
            "PostgreSQL is backed up with pg_dump: run the command above (nothing was written)",
            EXIT_USAGE,
        )
    target = Path(args.file) if args.file else backup.backup_path(database, utc_now())
    if target.exists():
        raise CliError(f"{target} already exists; choose a new file name", EXIT_USAGE)
    try:
        backup.backup_sqlite(database, target)
        saved = backup.contents(target)
    except backup.BackupError as exc:
        raise CliError(str(exc), EXIT_FAILURE) from None
    return f"backup written: {target} ({saved.summary()})"


def _cmd_restore(settings: Settings, args: argparse.Namespace) -> str:
    database = backup.sqlite_file(settings.database_url)
    if database is None:
        print("\n".join(backup.pg_restore_command(settings.database_url, args.file)))
        raise CliError(
            "PostgreSQL is restored with pg_restore (or psql for a .sql file): run the command "
            "above into the bot's database, with the bot stopped (nothing was changed)",
            EXIT_USAGE,
        )
    source = Path(args.file)
    try:
        incoming = backup.check_restorable(source, migrate.known_revisions())
        current = backup.contents(database) if database.is_file() else None
    except backup.BackupError as exc:
        raise CliError(f"{exc}; nothing was changed", EXIT_USAGE) from None
    if source.resolve() == database.resolve():
        raise CliError("the file to restore is the database itself", EXIT_USAGE)
    _say(f"Restoring {source} ({incoming.summary()})")
    if current is not None and any(current.rows.values()):
        _say(f"replaces everything in {database} ({current.summary()}).")
        confirm("Stop the bot before restoring.", assume_yes=args.yes)
        if not args.no_backup:
            backup_first(settings, "before restoring")
    try:
        backup.restore_sqlite(source, database)
    except backup.BackupError as exc:
        raise CliError(str(exc), EXIT_FAILURE) from None
    restored = asyncio.run(_status(settings))
    return _render_status(settings, restored)


def cmd_db(args: argparse.Namespace) -> int:
    """Upgrade, downgrade, show the schema revision, back up or restore."""
    settings = settings_for(args, require_token=False)
    configure_logging("WARNING")
    action = args.db_command
    if action == "upgrade":
        prepare_upgrade(settings, take_backup=not args.no_backup, target=args.revision)
        output = _render_status(settings, asyncio.run(_upgrade(settings, args.revision)))
    elif action == "downgrade":
        output = _cmd_downgrade(settings, args)
    elif action == "backup":
        output = _cmd_backup(settings, args)
    elif action == "restore":
        output = _cmd_restore(settings, args)
    else:
        output = _render_status(settings, asyncio.run(_status(settings)))
    print(output)
    return EXIT_OK
