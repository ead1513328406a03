"""``inexa-bot report`` end to end on a SQLite file: numbers, files, and refusals."""

from __future__ import annotations

import asyncio
import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, main
from bot.core import dates
from bot.db.session import Database
from tests.bot.reports.report_data import seed


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("INEXA_BOT_TOKEN", "INEXA_DATABASE_URL", "INEXA_CONFIG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "bot.sqlite3"}"\n', encoding="utf-8"
    )
    return path


def migrate(config: Path) -> None:
    assert main(["db", "upgrade", "--config", str(config)]) == EXIT_OK


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def seed_file(tmp_path: Path) -> None:
    async def seeded() -> None:
        db = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}")
        try:
            await seed(db)
        finally:
            await db.dispose()

    asyncio.run(seeded())


def test_report_writes_a_workbook_and_charts_and_prints_a_summary(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    migrate(config)
    seed_file(tmp_path)
    capsys.readouterr()
    out = tmp_path / "reports" / "november"
    args = ["report", "--config", str(config), "--from", "2026-11-01", "--to", "2026-11-30"]
    assert main([*args, "--out", str(out), "--language", "ro"]) == EXIT_OK
    printed = capsys.readouterr().out
    written = sorted(p.name for p in out.iterdir())
    assert written == [
        "organisations_by_type.png",
        "participants_by_age.png",
        "participants_by_gender.png",
        "report-2026-11-01-2026-11-30.xlsx",
        "workshops.png",
    ]
    for name in written:
        assert str(out / name) in printed
    assert "5 persoane au participat" in printed
    book = load_workbook(out / "report-2026-11-01-2026-11-30.xlsx")
    assert book.sheetnames[:2] == ["Rezumat", "Indicatori"]


def test_report_as_csv_files(config: Path, tmp_path: Path) -> None:
    migrate(config)
    seed_file(tmp_path)
    out = tmp_path / "csv"
    args = ["report", "--config", str(config), "--from", "2026-11-01", "--to", "2026-11-30"]
    assert main([*args, "--out", str(out), "--format", "csv"]) == EXIT_OK
    assert {p.name for p in out.glob("*.csv")} == {
        "summary.csv", "indicators.csv", "activities.csv", "organisations.csv", "reach.csv",
        "projects.csv", "surveys.csv",
    }  # fmt: skip
    assert (out / "indicators.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    rows = csv_rows(out / "indicators.csv")
    assert rows[3] == ["Section", "Code", "Indicator", "Value"]
    assert ["Participants", "EECO01", "Total number of participants", "5"] in rows
    activities = csv_rows(out / "activities.csv")
    # A title starting with "=" is defused for spreadsheets.
    assert any(row[4:5] == ["'=Online funding clinic"] for row in activities)


def test_dates_default_to_the_last_thirty_days(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    migrate(config)
    before = datetime.now(UTC).date()
    args = ["report", "--config", str(config), "--format", "csv"]
    assert main([*args, "--out", str(tmp_path / "out")]) == EXIT_OK
    after = datetime.now(UTC).date()
    printed = capsys.readouterr().out
    assert "0 people took part" in printed
    assert any(
        f"In the period {dates.period(d - timedelta(days=30), d, 'en')} " in printed
        for d in (before, after)
    )
    assert main([*args, "--to", "2026-03-01", "--out", str(tmp_path / "m")]) == EXIT_OK
    assert csv_rows(tmp_path / "m" / "reach.csv")[1] == [
        "Period " + dates.period(date(2026, 1, 30), date(2026, 3, 1), "en")
    ]


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (["--from", "2026-13-01"], "--from: '2026-13-01' is not a date (YYYY-MM-DD)"),
        (["--to", "yesterday"], "--to: 'yesterday' is not a date (YYYY-MM-DD)"),
        (["--to", "2026W473"], "--to: '2026W473' is not a date (YYYY-MM-DD)"),
        (
            ["--from", "2026-11-20", "--to", "2026-11-01"],
            "--from 2026-11-20 is after --to 2026-11-01",
        ),
    ],
)
def test_bad_dates_are_usage_errors(
    config: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    dates: list[str],
    message: str,
) -> None:
    out = tmp_path / "out"
    assert main(["report", "--config", str(config), *dates, "--out", str(out)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err == f"inexa-bot: {message}\n"
    assert not out.exists()


def test_out_must_be_a_directory(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    migrate(config)
    capsys.readouterr()
    assert main(["report", "--config", str(config), "--out", str(config)]) == EXIT_USAGE
    assert "is not a directory" in capsys.readouterr().err


def test_an_old_schema_is_refused(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["report", "--config", str(config), "--out", str(out)]) == EXIT_FAILURE
    err = capsys.readouterr().err
    assert "inexa-bot db upgrade" in err
    assert "Traceback" not in err
    assert not out.exists()
