"""The workbook read back with openpyxl: sheets, frozen headers, real dates and numbers, the
acknowledgement on every sheet, texts never formulas; CSV twins of each sheet."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.styles.numbers import is_date_format

from bot.core.i18n import Catalogs
from bot.reports.figures import report_charts
from bot.reports.model import (
    AttendeeRow,
    OrganisationRow,
    Reach,
    Report,
    WorkshopRow,
    build_report,
)
from bot.reports.workbook import PREAMBLE_ROWS, Heading, report_workbook, sheets, write_csv

CATALOGS = Catalogs(["en", "ro", "es"], "en")
HEADING = Heading("Proiect cofinanțat de Uniunea Europeană", "MySMIS 123456")
EVIL = '=HYPERLINK("https://evil.example","x")'


def sample() -> Report:
    starts = datetime(2026, 11, 10, 8, tzinfo=UTC)  # 10:00 in Bucharest
    return build_report(
        date(2026, 11, 1),
        date(2026, 11, 30),
        workshops=[
            WorkshopRow(
                1,
                EVIL,
                starts,
                starts.replace(hour=10),
                "Europe/Bucharest",
                "Timișoara",
                "https://meet.example",
                "ro",
                ("digital",),
                4,
                3,
                2,
            ),
        ],
        attendees=[AttendeeRow(n, 1, gender="female") for n in range(3)],
        organisations=[OrganisationRow(1, "Asociația Vest", "ngo", "RO", 3)],
        reach=Reach(10, 4, 9, 12, 2),
        registered_people=4,
    )


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        ("en", ["Summary", "Indicators", "Activities", "Organisations supported", "Reach"]),
        ("ro", ["Rezumat", "Indicatori", "Activități", "Organizații sprijinite", "Acoperire"]),
    ],
)
def test_the_workbook_reads_back(language: str, titles: list[str]) -> None:
    report = sample()
    tr = CATALOGS.get(language)
    data = report_workbook(report, tr, HEADING, charts=report_charts(report, tr))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:5] == titles
    assert len(book.sheetnames) == 8  # the projects, the surveys, then the charts
    for title in titles:
        sheet = book[title]
        assert sheet["A1"].value == HEADING.acknowledgement
        assert "MySMIS 123456" in str(sheet["A2"].value)
        assert sheet.freeze_panes == f"A{PREAMBLE_ROWS + 2}"
        assert sheet.column_dimensions["A"].width >= 8
    activities = book[titles[2]]
    row = PREAMBLE_ROWS + 2
    assert activities.cell(row, 1).value == datetime(2026, 11, 10, tzinfo=UTC).replace(
        tzinfo=None
    )  # a real date
    assert is_date_format(activities.cell(row, 1).number_format)
    assert activities.cell(row, 2).value == datetime(2026, 11, 10, 10, tzinfo=UTC).replace(
        tzinfo=None
    )  # local
    assert activities.cell(row, 4).value == 2  # hours, a number
    assert activities.cell(row, 5).value == EVIL
    assert activities.cell(row, 5).data_type == "s"  # text, not a formula
    assert activities.cell(row, 10).value == 4
    indicators = book[titles[1]]
    codes = {indicators.cell(r, 2).value: indicators.cell(r, 4).value for r in range(5, 60)}
    assert codes["EECO01"] == 3
    assert codes["EECO12"] == "<5"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        media = [n for n in archive.namelist() if n.startswith("xl/media/")]
    assert len(media) == 4  # the charts, embedded


def test_csv_files_mirror_the_sheets(tmp_path: Path) -> None:
    report = sample()
    tr = CATALOGS.get("es")
    tables = sheets(report, tr)
    written = write_csv(tables, ("Ack", "Ref"), tmp_path)
    assert [p.name for p in written] == [f"{t.stem}.csv" for t in tables]
    text = (tmp_path / "organisations.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "Ack"
    assert "Asociația Vest" in text
