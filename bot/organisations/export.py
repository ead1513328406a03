"""The coordinators' roster as files: CSV (UTF-8 with BOM) and XLSX (pure: rows in, bytes out).

Text cells are guarded against formula injection (organisation names are typed by people).
The XLSX sheet has a frozen header, column widths fitted to the content and dates as dates.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | date | None


@dataclass(frozen=True, slots=True)
class Table:
    """A header row (translated) and the rows under it."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def safe(value: Cell) -> Cell:
    """A text a spreadsheet will not take for a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(table: Table) -> bytes:
    """The table as CSV a spreadsheet opens (dates ISO)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow(
            ["" if c is None else c.isoformat() if isinstance(c, date) else safe(c) for c in row]
        )
    return ("\ufeff" + out.getvalue()).encode()


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """The tables as one workbook, one sheet each."""
    book = Workbook()
    first = True
    for table in tables:
        sheet = book.active if first and book.active is not None else book.create_sheet()
        first = False
        sheet.title = table.title[:31]
        sheet.append(list(table.header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([safe(c) for c in row])
        for index, column in enumerate(zip(table.header, *table.rows, strict=False), start=1):
            cells = sheet.iter_rows(min_col=index, max_col=index, min_row=2)
            for (cell,) in cells:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
            width = max(len(_shown(c)) for c in column)
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _shown(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
