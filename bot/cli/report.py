"""``inexa-bot report``: the funder's report for a period as an XLSX workbook or CSV files."""

from __future__ import annotations

import argparse
import asyncio
import re
from datetime import date, timedelta
from pathlib import Path

from bot.cli.common import EXIT_OK, EXIT_USAGE, CliError, add_config_option, configure_logging
from bot.cli.common import settings_for as _settings
from bot.config import Settings
from bot.reports.model import Report


def add_report_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``report`` subcommand and its options."""
    report = sub.add_parser(
        "report",
        help="write the funder's report (XLSX workbook or CSV files, plus charts)",
        description="Count participants (people marked attended, each once), their ESF+ "
        "characteristics, the organisations supported, the workshops held and the reach for "
        "a period, and write them to DIR as one XLSX workbook (or CSV files) plus PNG charts. "
        "Dates are inclusive days in UTC.",
    )
    add_config_option(report)
    report.add_argument(
        "--from",
        dest="date_from",
        metavar="YYYY-MM-DD",
        help="first day (default: 30 days before --to)",
    )
    report.add_argument(
        "--to", dest="date_to", metavar="YYYY-MM-DD", help="last day (default: today in UTC)"
    )
    report.add_argument("--out", metavar="DIR", required=True, help="directory for the files")
    report.add_argument(
        "--format", choices=("xlsx", "csv"), default="xlsx", help="one workbook or CSV files"
    )
    report.add_argument(
        "--language", choices=("en", "ro", "es"), help="language (default: the bot's default)"
    )


def _report_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    # fromisoformat alone would also take "20261104" or "2026-W45-3".
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is None:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise CliError(f"{option}: {value!r} is not a date (YYYY-MM-DD)", EXIT_USAGE) from None


def report_period(args: argparse.Namespace, today: date) -> tuple[date, date]:
    """``--from`` and ``--to`` as inclusive days (default: the 30 days up to today)."""
    last = _report_day(args.date_to, "--to") or today
    first = _report_day(args.date_from, "--from") or last - timedelta(days=30)
    if first > last:
        raise CliError(f"--from {first} is after --to {last}", EXIT_USAGE)
    return first, last


async def _collect(settings: Settings, first: date, last: date) -> Report:
    from bot.app import open_database
    from bot.services.reports import collect_report

    db = await open_database(settings, upgrade=False)
    try:
        return await collect_report(db, first, last)
    finally:
        await db.dispose()


def write_files(
    report: Report, settings: Settings, language: str, out: Path, file_format: str
) -> list[Path]:
    """The workbook (or CSV files) and the charts in ``out``; the paths written."""
    from bot.core.i18n import Catalogs
    from bot.core.labels import taxonomy_label
    from bot.reports.figures import report_charts
    from bot.reports.workbook import (
        Heading,
        file_name,
        heading_lines,
        report_workbook,
        sheets,
        write_csv,
    )

    tr = Catalogs(settings.i18n.languages, settings.i18n.default_language).get(language)
    heading = Heading(settings.project.acknowledgement_in(language), settings.project.reference)

    def topic(item: str) -> str:
        return taxonomy_label(settings, "topic", item, language)

    charts = report_charts(report, tr)
    out.mkdir(parents=True, exist_ok=True)
    if file_format == "csv":
        written = write_csv(
            sheets(report, tr, topic_label=topic), heading_lines(tr, heading, report), out
        )
    else:
        path = out / file_name(report, "xlsx")
        path.write_bytes(report_workbook(report, tr, heading, topic_label=topic, charts=charts))
        written = [path]
    for name, png in charts.items():
        chart = out / f"{name}.png"
        chart.write_bytes(png)
        written.append(chart)
    return written


def cmd_report(args: argparse.Namespace) -> int:
    """Write the report for a period and print its summary."""
    from bot.core.clock import utc_now
    from bot.core.i18n import Catalogs
    from bot.reports.summary import summary_text

    first, last = report_period(args, utc_now().date())
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"--out {out} exists and is not a directory", EXIT_USAGE)
    settings = _settings(args, require_token=False)
    configure_logging("WARNING")
    language = args.language or settings.i18n.default_language
    if language not in settings.i18n.languages:
        raise CliError(f"--language {language} is not enabled in [i18n]", EXIT_USAGE)
    report = asyncio.run(_collect(settings, first, last))
    written = write_files(report, settings, language, out, args.format)
    tr = Catalogs(settings.i18n.languages, settings.i18n.default_language).get(language)
    print("\n".join(["files written:", *(f"  {path}" for path in written), ""]))
    print(summary_text(tr, report))
    return EXIT_OK
