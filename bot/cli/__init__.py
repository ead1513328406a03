"""``inexa-bot``: the command line. Exit codes: 0 ok, 2 bad usage or config, 1 runtime failure.

Every failure a user can cause ends in one clear message on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.cli.common import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    configure_logging,
    settings_for,
)
from bot.cli.common import add_config_option as _add_config_option
from bot.cli.db import add_db_parser, cmd_db
from bot.cli.report import add_report_parser, cmd_report
from bot.cli.run import cmd_check_config, cmd_demo, cmd_run, cmd_serve, cmd_worker
from bot.config import ConfigError, Settings
from bot.core.ids import parse_id

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "CliError", "build_parser", "main"]

log = logging.getLogger("bot")


def _user_id(text: str) -> int:
    """A Telegram user id on the command line (bounded like every id; see ``bot.core.ids``)."""
    value = parse_id(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"not a user id: {text[:24]!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with ``--help`` on every subcommand."""
    parser = argparse.ArgumentParser(
        prog="inexa-bot",
        description="INEXA Alliance Telegram bot: funding opportunities and workshops for members.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = sub.add_parser("run", help="run the bot (long polling)", description="Run the bot.")
    _add_config_option(run)
    run.add_argument(
        "--migrate", action="store_true", help="upgrade the database schema first if needed"
    )
    run.add_argument(
        "--no-backup",
        action="store_true",
        help="with --migrate: do not back up a SQLite database before upgrading it",
    )

    serve_cmd = sub.add_parser(
        "serve",
        help="run the bot behind a web server (Telegram webhooks, /healthz, /readyz, /metrics)",
        description="Run the bot with webhooks; needs [webhook] url and secret_token.",
    )
    _add_config_option(serve_cmd)
    worker = sub.add_parser(
        "worker",
        help="run only scheduled work and the outbox (no updates); /healthz, /readyz, /metrics",
        description="Run scheduled jobs and the outbox sender, for deployments that separate them.",
    )
    _add_config_option(worker)
    for command in (serve_cmd, worker):
        command.add_argument(
            "--migrate",
            action="store_true",
            help="upgrade the database schema first if needed (run it on one instance only)",
        )
        command.add_argument(
            "--no-backup",
            action="store_true",
            help="with --migrate: do not back up a SQLite database before upgrading it",
        )

    demo = sub.add_parser(
        "demo",
        help="offline demo: local Bot API server, real bot, scripted member",
        description="Start a local Bot API server and the real bot on a temporary database, "
        "play a short member conversation and print the transcript. Needs no token "
        "and no network.",
    )
    demo.add_argument(
        "--language", choices=("en", "ro", "es"), default="en", help="the member's language"
    )

    check = sub.add_parser(
        "check-config",
        help="validate the settings file and exit",
        description="Validate the settings as `run` would use them; list every problem.",
    )
    _add_config_option(check)

    fetch = sub.add_parser(
        "fetch",
        help="fetch sources now and print a summary table",
        description="Fetch the due sources now (or the one named with --source), store the "
        "opportunities and print new/changed/unchanged/failed counts per source.",
    )
    _add_config_option(fetch)
    fetch.add_argument(
        "--source", metavar="ID", action="append", help="only this source (repeatable)"
    )
    fetch.add_argument("--dry-run", action="store_true", help="fetch and report, but store nothing")
    fetch.add_argument("--all", action="store_true", help="fetch every enabled source, due or not")

    sources = sub.add_parser(
        "sources",
        help="show the health of every source",
        description="Last success, last error, consecutive failures, next check and items "
        "per source.",
    )
    _add_config_option(sources)

    add_report_parser(sub)

    workshops = sub.add_parser(
        "workshops",
        help="import workshops from a file",
        description="Workshops from the command line.",
    )
    workshops_sub = workshops.add_subparsers(
        dest="workshops_command", metavar="ACTION", required=True
    )
    importing = workshops_sub.add_parser(
        "import",
        help="publish many workshops from a TOML or CSV file",
        description="Check every row of FILE ([[workshops]] tables in .toml, or a .csv with a "
        "header row; columns: title, description, start, end, timezone, place, url, language, "
        "capacity, topics, rsvp_close, related, audience), then publish them all and queue "
        "their announcements, or nothing if any row has a problem. Workshops already stored "
        "with the same title and start are skipped.",
    )
    _add_config_option(importing)
    importing.add_argument("file", metavar="FILE", help="a .toml or .csv file")
    importing.add_argument(
        "--dry-run", action="store_true", help="check the file and show what would be published"
    )
    importing.add_argument(
        "--by",
        metavar="USER_ID",
        type=_user_id,
        help="the coordinator shown as organiser (default: the first admin id)",
    )

    add_db_parser(sub)
    return parser


# Short local names for the shared helpers (bot.cli.common), used by every command below.
_settings = settings_for
_configure_logging = configure_logging


async def _fetch(settings: Settings, args: argparse.Namespace) -> tuple[str, list[str]]:
    """The summary table, and each failed source with its reason."""
    from bot.app import open_database
    from bot.core.clock import utc_now
    from bot.jobs.fetch import fetch_due, render_table
    from feeds.http import Fetcher

    known = {s.id for s in settings.sources}
    wanted = list(args.source or [])
    if args.all:
        wanted = [s.id for s in settings.sources if s.enabled]
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise CliError(
            f"unknown source {', '.join(unknown)}; "
            f"configured: {', '.join(sorted(known)) or 'none'}",
            EXIT_USAGE,
        )
    if not settings.sources:
        raise CliError("no [[sources]] configured; see config.example.toml", EXIT_USAGE)
    db = await open_database(settings, upgrade=False)
    try:
        async with Fetcher.create() as fetcher:
            reports = await fetch_due(
                db,
                settings,
                clock=utc_now,
                fetcher=fetcher,
                only=wanted or None,
                dry_run=args.dry_run,
                progress=lambda line: print(line, file=sys.stderr),
            )
    finally:
        await db.dispose()
    if not reports:
        return "nothing is due; use --all or --source ID to fetch anyway", []
    suffix = "\n(dry run: nothing was stored)" if args.dry_run else ""
    failed = [f"{r.source_id} ({r.error})" for r in reports if r.error is not None]
    return render_table(reports) + suffix, failed


def cmd_fetch(args: argparse.Namespace) -> int:
    """Fetch sources now; exit 1 when any of them failed, so cron and CI notice."""
    settings = _settings(args, require_token=False)
    _configure_logging("WARNING")
    table, failed = asyncio.run(_fetch(settings, args))
    print(table)
    if failed:
        raise CliError(f"{len(failed)} source(s) failed: {'; '.join(failed)}", EXIT_FAILURE)
    return EXIT_OK


async def _sources(settings: Settings) -> str:
    from bot.app import open_database
    from bot.services.ingestion import Ingestion

    db = await open_database(settings, upgrade=False)
    try:
        ingestion = Ingestion(db, settings)
        await ingestion.sync_sources()
        rows = await ingestion.health()
    finally:
        await db.dispose()
    if not rows:
        return "no [[sources]] configured; see config.example.toml"

    def fmt(value: object) -> str:
        return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else "-"

    header = (
        f"{'source':<22} {'kind':<8} {'on':<3} {'last success':<17} {'failures':>8} "
        f"{'next check':<17} {'items':>6}  last error"
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append(
            f"{r.id:<22} {r.kind:<8} {'yes' if r.enabled else 'no':<3} "
            f"{fmt(r.last_success_at):<17} {r.consecutive_failures:>8} "
            f"{fmt(r.next_check_at):<17} {r.items:>6}  {r.last_error or '-'}"
        )
    lines.append("times in UTC")
    return "\n".join(lines)


def cmd_sources(args: argparse.Namespace) -> int:
    """Show source health."""
    settings = _settings(args, require_token=False)
    _configure_logging("WARNING")
    print(asyncio.run(_sources(settings)))
    return EXIT_OK


async def _import_workshops(settings: Settings, args: argparse.Namespace) -> str:
    from bot.app import open_database
    from bot.context import Runtime
    from bot.core.clock import utc_now
    from bot.core.i18n import Catalogs
    from bot.workshops.importing import ImportFileError, check_rows, read_rows

    now = utc_now()
    try:
        rows = read_rows(Path(args.file))
    except ImportFileError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    if not rows:
        raise CliError(f"{args.file} holds no workshops", EXIT_USAGE)
    items, problems = check_rows(
        rows,
        now=now,
        default_zone=settings.schedule.timezone,
        languages=settings.i18n.languages,
        topics=[t.id for t in settings.taxonomy.topics],
    )
    if problems:
        lines = [f"{args.file}: nothing imported; fix these and run again:"]
        lines += [f"  {p.render()}" for p in problems]
        raise CliError("\n".join(lines), EXIT_USAGE)
    if args.dry_run:
        lines = [f"{len(items)} workshop(s) are valid (dry run: nothing was stored):"]
        lines += [f"  {i.starts_at:%Y-%m-%d %H:%M} {i.timezone}  {i.title}" for i in items]
        return "\n".join(lines)
    organiser = args.by if args.by is not None else next(iter(settings.telegram.admin_ids), None)
    if organiser is None:
        raise CliError("no admin_ids in [telegram]; pass --by USER_ID", EXIT_USAGE)
    db = await open_database(settings, upgrade=False)
    try:
        catalogs = Catalogs(settings.i18n.languages, settings.i18n.default_language)
        workshops = Runtime.build(settings, db, catalogs, utc_now).workshops
        published, skipped = await workshops.authoring.import_many(
            items, created_by=organiser, organiser_name=settings.privacy.controller, now=now
        )
    finally:
        await db.dispose()
    lines = [
        f"#{p.workshop.id}  {p.workshop.title}: announcement queued for {p.recipients} member(s)"
        for p in published
    ]
    lines += [f"skipped (already stored): row {s.row} {s.title}" for s in skipped]
    lines.append(
        f"{len(published)} published, {len(skipped)} skipped; the running bot sends the "
        "announcements."
    )
    return "\n".join(lines)


def cmd_workshops(args: argparse.Namespace) -> int:
    """Workshop actions from the command line."""
    settings = _settings(args, require_token=False)
    _configure_logging("WARNING")
    print(asyncio.run(_import_workshops(settings, args)))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "workshops": cmd_workshops,
    "fetch": cmd_fetch,
    "sources": cmd_sources,
    "report": cmd_report,
    "run": cmd_run,
    "serve": cmd_serve,
    "worker": cmd_worker,
    "demo": cmd_demo,
    "check-config": cmd_check_config,
    "db": cmd_db,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``inexa-bot`` command."""
    # python-telegram-bot 22: RetryAfter.retry_after as a timedelta, no deprecation warning.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ConfigError as exc:
        print(exc.render(), file=sys.stderr)
        return EXIT_USAGE
    except CliError as exc:
        print(f"inexa-bot: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return EXIT_OK
    except Exception as exc:
        from bot.app import SchemaOutOfDate
        from bot.db.lock import AnotherProcess

        if isinstance(exc, SchemaOutOfDate | AnotherProcess):
            print(f"inexa-bot: {exc}", file=sys.stderr)
            return EXIT_FAILURE
        # Unexpected: keep the details in the log for the operator, one line for the user.
        log.debug("unexpected failure", exc_info=True)
        print(f"inexa-bot: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
