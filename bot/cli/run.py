"""Commands that run the bot: ``run`` (polling), ``serve`` (webhooks), ``worker``, ``demo``,
and ``check-config``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from typing import TYPE_CHECKING

from bot.cli.common import EXIT_OK, EXIT_USAGE, CliError, configure_logging, settings_for
from bot.cli.db import prepare_upgrade
from bot.config import ENV_WEBHOOK_SECRET, Settings, config_warnings

if TYPE_CHECKING:
    from bot.app import Mode

log = logging.getLogger("bot")
_settings = settings_for
_configure_logging = configure_logging


async def _run(settings: Settings, *, migrate: bool, mode: Mode) -> None:
    from bot.app import serve

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    scale = settings.delivery.time_scale
    await serve(settings, stop, upgrade=migrate, mode=mode, pacing_scale=scale, sender_scale=scale)


def _start(args: argparse.Namespace, mode: Mode) -> int:
    settings = _settings(args, require_token=True)
    _configure_logging(settings.logging.level, settings.logging.format)
    if mode == "webhook":
        hook = settings.webhook
        missing = [
            name
            for name, value in (
                ("webhook.url", hook.url),
                ("webhook.secret_token", hook.secret_token),
            )
            if value is None
        ]
        if missing:
            raise CliError(
                f"serve needs {' and '.join(missing)} (the secret can come from "
                f"{ENV_WEBHOOK_SECRET}); see README, Deploying",
                EXIT_USAGE,
            )
    for warning in config_warnings(settings):
        log.warning("configuration: %s", warning)
    if args.migrate:
        prepare_upgrade(settings, take_backup=not args.no_backup)
    asyncio.run(_run(settings, migrate=args.migrate, mode=mode))
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    """Run the bot with long polling until interrupted."""
    return _start(args, "polling")


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the bot behind the web server (webhooks) until interrupted."""
    return _start(args, "webhook")


def cmd_worker(args: argparse.Namespace) -> int:
    """Run scheduled work and the outbox only, until interrupted."""
    return _start(args, "worker")


def cmd_check_config(args: argparse.Namespace) -> int:
    """Validate settings and print a short summary without secrets."""
    settings = _settings(args, require_token=True)
    from bot.db.session import redact

    enabled = sum(1 for s in settings.sources if s.enabled)
    print(
        "configuration OK\n"
        f"  database:  {redact(settings.database_url)}\n"
        f"  bot API:   {settings.telegram.base_url}\n"
        f"  languages: {', '.join(settings.i18n.languages)} "
        f"(default {settings.i18n.default_language})\n"
        f"  digest:    {settings.schedule.digest_weekday} "
        f"{settings.schedule.digest_time:%H:%M} {settings.schedule.timezone}\n"
        f"  taxonomy:  {len(settings.taxonomy.topics)} topics, "
        f"{len(settings.taxonomy.programmes)} programmes\n"
        f"  sources:   {enabled} enabled of {len(settings.sources)}\n"
        f"  admins:    {len(settings.telegram.admin_ids)}"
    )
    for warning in config_warnings(settings):
        print(f"warning: {warning}", file=sys.stderr)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Play the offline demo and print its transcript."""
    from bot.sandbox.demo import run_demo

    _configure_logging("WARNING")
    print(asyncio.run(run_demo(language=args.language)))
    return EXIT_OK
