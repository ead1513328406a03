"""What every ``inexa-bot`` command shares: exit codes, the error type, settings and logging."""

from __future__ import annotations

import argparse
import logging
import sys

from bot.config import ENV_CONFIG, Settings, load_settings, resolve_config_path
from bot.core.jsonlog import JsonFormatter

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A failure to report to the user with an exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.code = code


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """``--config PATH`` on a subcommand."""
    parser.add_argument(
        "--config",
        metavar="PATH",
        help=f"TOML settings file (default: ${ENV_CONFIG} or ./config.toml)",
    )


def settings_for(args: argparse.Namespace, *, require_token: bool) -> Settings:
    """The settings named by ``--config`` (or the environment, or ./config.toml)."""
    explicit: str | None = getattr(args, "config", None)
    path = resolve_config_path(explicit)
    return load_settings(path, must_exist=explicit is not None, require_token=require_token)


def configure_logging(level: str, style: str = "text") -> None:
    """Log to stderr at ``level`` (``style`` "json": one JSON object per line).

    httpx's request lines are kept out: with Telegram, the URL contains the token.
    """
    handler = logging.StreamHandler(sys.stderr)
    if style == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])
    # httpx logs every request URL, and with Telegram that URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
