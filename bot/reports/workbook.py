"""The report as an XLSX workbook (one sheet per table) or as CSV files, in one language.

Every sheet opens with the programme's acknowledgement and the project's reference (the
funder's visibility rules), then the table's header, frozen. Dates are real dates, counts
are numbers; a hidden small count is the text ``"<5"`` (or ``"*"``). Texts that came from
people (titles, organisation names) are stored as text, never as formulas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import ColumnDimension, DimensionHolder

from bot.core import dates
from bot.core.i18n import Translator
from bot.core.labels import country_label, language_label, org_type_label
from bot.reports.export import safe_cell
from bot.reports.model import Report
from bot.reports.summary import summary_text
from bot.reports.suppression import HIDDEN, SMALL, THRESHOLD
from bot.surveys.results import rows as survey_rows
from bot.views.pipeline.overview import indicator_label

Cell = str | int | float | date | datetime | None

#: Rows above each table: acknowledgement, reference and period, blank.
PREAMBLE_ROWS = 3
_MAX_WIDTH = 60
_XLSX_DATETIME = "yyyy-mm-dd hh:mm"
_XLSX_DATE = "yyyy-mm-dd"


@dataclass(frozen=True, slots=True)
class Sheet:
    """One table: its file stem, sheet title, header and rows."""

    stem: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: Lines written under the table (notes on how it was counted).
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Heading:
    """What opens every sheet."""

    acknowledgement: str
    reference: str


def heading_lines(tr: Translator, heading: Heading, report: Report) -> tuple[str, str]:
    """The acknowledgement, then the reference and period, in ``tr``'s language."""
    period = dates.period(report.first, report.last, tr.language)
    if heading.reference:
        second = tr.gettext(
            "Project %(reference)s · period %(period)s", reference=heading.reference, period=period
        )
    else:
        second = tr.gettext("Period %(period)s", period=period)
    return heading.acknowledgement, second


def _format(tr: Translator, online: bool, in_person: bool) -> str:
    if online and in_person:
        return tr.gettext("In person and online")
    return tr.gettext("Online") if online else tr.gettext("In person")


def _local(moment: datetime, zone: str) -> datetime:
    # Spreadsheets have no time zones: the workshop's own wall-clock time, zone in its column.
    return moment.astimezone(dates.zone(zone)).replace(tzinfo=None)


def sheets(
    report: Report, tr: Translator, *, topic_label: Callable[[str], str] = str
) -> list[Sheet]:
    """Every table of the report, translated."""
    lang = tr.language
    hidden_note = tr.gettext(
        "%(small)s: fewer than %(n)s people; %(hidden)s: hidden so that a small count cannot be "
        "worked out from the total.",
        small=SMALL,
        n=THRESHOLD,
        hidden=HIDDEN,
    )
    counted_note = tr.gettext(
        "Participants are people marked as attending (by a coordinator or by their own "
        "check-in) at a workshop that started in the period, each counted once."
    )
    indicators = Sheet(
        "indicators",
        tr.gettext("Indicators"),
        (tr.gettext("Section"), tr.gettext("Code"), tr.gettext("Indicator"), tr.gettext("Value")),
        tuple(
            (tr.gettext(i.section), i.code or "", tr.gettext(i.label), i.value)
            for i in report.indicators
        ),
        notes=(counted_note, hidden_note),
    )
    activities = Sheet(
        "activities",
        tr.gettext("Activities"),
        (
            tr.gettext("Date"),
            tr.gettext("Starts (local time)"),
            tr.gettext("Time zone"),
            tr.gettext("Hours"),
            tr.gettext("Workshop"),
            tr.gettext("Place"),
            tr.gettext("Format"),
            tr.gettext("Language"),
            tr.gettext("Topics"),
            tr.gettext("Registered"),
            tr.gettext("Attended"),
            tr.gettext("Organisations"),
        ),
        tuple(
            (
                _local(a.starts_at, a.timezone).date(),
                _local(a.starts_at, a.timezone),
                a.timezone,
                a.hours,
                a.title,
                a.place or "",
                _format(tr, a.online, a.in_person),
                language_label(a.language, lang),
                ", ".join(topic_label(t) for t in a.topics),
                a.registered,
                a.attended,
                a.organisations,
            )
            for a in report.activities
        ),
    )
    organisations = Sheet(
        "organisations",
        tr.gettext("Organisations supported"),
        (
            tr.gettext("Organisation"),
            tr.gettext("Type"),
            tr.gettext("Country"),
            tr.gettext("Participants"),
        ),
        tuple(
            (
                o.name,
                org_type_label(tr, o.org_type) if o.org_type else tr.gettext("Not stated"),
                country_label(o.country, lang) if o.country else tr.gettext("Not stated"),
                o.participants,
            )
            for o in report.organisations
        ),
        notes=(tr.gettext("Organisations with at least one participant in the period."),),
    )
    reach = report.reach
    reach_sheet = Sheet(
        "reach",
        tr.gettext("Reach"),
        (tr.gettext("Indicator"), tr.gettext("Value")),
        (
            (tr.gettext("People sent at least one message"), reach.members_reached),
            (tr.gettext("Organisations of those people"), reach.organisations_reached),
            (tr.gettext("Weekly digests sent"), reach.digests_sent),
            (tr.gettext("Funding calls passed on in digests"), reach.calls_disseminated),
            (tr.gettext("Calls followed by members"), reach.follows),
        ),
    )
    summary = Sheet(
        "summary",
        tr.gettext("Summary"),
        (tr.gettext("Summary"),),
        ((summary_text(tr, report),),),
    )
    projects = Sheet(
        "projects",
        tr.gettext("Projects"),
        (tr.gettext("Indicator"), tr.gettext("Breakdown"), tr.gettext("Value")),
        tuple(
            (indicator_label(tr, key), breakdown, _number(value))
            for key, breakdown, value in report.pipeline
        ),
        notes=(
            tr.gettext(
                "The alliance's project pipeline since it began (not only this period): plans "
                "to apply, consortia and results members recorded in the bot."
            ),
        ),
    )
    return [
        summary,
        indicators,
        activities,
        organisations,
        reach_sheet,
        projects,
        _surveys(report, tr),
    ]


def _surveys(report: Report, tr: Translator) -> Sheet:
    """Every survey of the period, question by question: counts per option, free answers."""
    found: list[tuple[Cell, ...]] = []
    for survey, answers in report.surveys:
        for row in survey_rows(survey, answers, tr.gettext)[1:]:
            _id, title, number, question, _kind, option, count, percent, answered, skipped, text = (
                row
            )
            found.append(
                (
                    title,
                    _number(number),
                    question,
                    option,
                    _number(count) if count else None,
                    _number(percent) if percent else None,
                    _number(answered),
                    _number(skipped),
                    text,
                )
            )
    return Sheet(
        "surveys",
        tr.gettext("Surveys"),
        (
            tr.gettext("Survey"),
            tr.gettext("Question no."),
            tr.gettext("Question"),
            tr.gettext("Option"),
            tr.gettext("Answers"),
            tr.gettext("Percent"),
            tr.gettext("Answered"),
            tr.gettext("Skipped"),
            tr.gettext("Free answer"),
        ),
        tuple(found),
        notes=(
            tr.gettext(
                "Surveys sent in the period, feedback polls included; answers are anonymous."
            ),
        ),
    )


def _number(value: str) -> Cell:
    """A pipeline figure as a number when it is one ("12", "1500.00"), else as written."""
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in value else number


def _cell(sheet: WriteOnlyWorksheet, value: Cell, **style: Any) -> Cell | XlCell:
    if isinstance(value, datetime):
        style["number_format"] = _XLSX_DATETIME
    elif isinstance(value, date):
        style["number_format"] = _XLSX_DATE
    special = isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES)
    if not style and not special:
        return value  # as it is, the fast way: openpyxl reads only these texts as non-text
    cell = WriteOnlyCell(sheet)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _width(value: Cell) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 11
    return len(str(value)) if value is not None else 0


def _preamble(sheet: WriteOnlyWorksheet, preamble: tuple[str, str]) -> None:
    sheet.append([_cell(sheet, preamble[0], font=Font(italic=True, bold=True))])
    sheet.append([_cell(sheet, preamble[1], font=Font(italic=True))])
    sheet.append([])


def _fill(sheet: WriteOnlyWorksheet, table: Sheet, preamble: tuple[str, str]) -> None:
    # Write-only sheets stream rows: widths and the frozen pane are set before any row.
    top = PREAMBLE_ROWS + 1
    sheet.freeze_panes = f"A{top + 1}"
    # Present at run time, missing from the type stubs of write-only sheets.
    widths: DimensionHolder[str, ColumnDimension] = sheet.column_dimensions  # type: ignore[attr-defined]
    for column in range(1, len(table.header) + 1):
        cells = [table.header[column - 1], *(row[column - 1] for row in table.rows[:2000])]
        width = min(max(_width(v) for v in cells) + 2, _MAX_WIDTH)
        widths[get_column_letter(column)].width = max(width, 8)
    if table.stem == "summary":
        widths["A"].width = 100
    _preamble(sheet, preamble)
    sheet.append([_cell(sheet, name, font=Font(bold=True)) for name in table.header])
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in table.rows:
        if table.stem == "summary":
            sheet.append([_cell(sheet, value, alignment=wrap) for value in values])
        else:
            sheet.append([_cell(sheet, value) for value in values])
    if table.notes:
        sheet.append([])
        for note in table.notes:
            sheet.append([_cell(sheet, note)])


def workbook_bytes(
    tables: Sequence[Sheet],
    preamble: tuple[str, str],
    *,
    charts: Mapping[str, bytes] | None = None,
    charts_title: str = "Charts",
) -> bytes:
    """The workbook: one sheet per table, then a sheet with the charts (if any).

    Written in openpyxl's write-only (streaming) mode: a year of a large alliance has tens of
    thousands of organisation rows.
    """
    book = Workbook(write_only=True)
    for table in tables:
        _fill(book.create_sheet(_sheet_title(table.title)), table, preamble)
    if charts:
        sheet = book.create_sheet(_sheet_title(charts_title))
        _preamble(sheet, preamble)
        row = PREAMBLE_ROWS + 1
        for png in charts.values():
            image = Image(io.BytesIO(png))
            # 1080x1350 shown at a third of its size: readable, and three fit across a screen.
            image.width, image.height = 360, 450
            image.anchor = f"A{row}"
            sheet.add_image(image)
            row += 24
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in sheet names and more than 31 characters.
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)
    return cleaned[:31]


def write_csv(tables: Sequence[Sheet], preamble: tuple[str, str], directory: Path) -> list[Path]:
    """One CSV file per table (UTF-8 with BOM, for Excel), the preamble on top of each."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = directory / f"{table.stem}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerows([[line] for line in preamble])
            writer.writerow([])
            writer.writerow(table.header)
            writer.writerows([_csv(value) for value in row] for row in table.rows)
            if table.notes:
                writer.writerow([])
                writer.writerows([[note] for note in table.notes])
        written.append(path)
    return written


def _csv(value: Cell) -> str | int | float | None:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value) if isinstance(value, str) else value


def report_workbook(
    report: Report,
    tr: Translator,
    heading: Heading,
    *,
    topic_label: Callable[[str], str] = str,
    charts: Mapping[str, bytes] | None = None,
) -> bytes:
    """The whole report as XLSX bytes, in ``tr``'s language, charts on their own sheet."""
    return workbook_bytes(
        sheets(report, tr, topic_label=topic_label),
        heading_lines(tr, heading, report),
        charts=charts,
        charts_title=tr.gettext("Charts"),
    )


def file_name(report: Report, extension: str) -> str:
    """``report-2026-11-01-2026-11-30.xlsx``."""
    return f"report-{report.first.isoformat()}-{report.last.isoformat()}.{extension}"
