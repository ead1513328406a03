"""``inexa-bot report`` end to end on a SQLite file: numbers, files, and refusals."""

from __future__ import annotations

import asyncio
import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, main
from bot.db.session import Database
from tests.bot.services.stats_data import seed


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


def summary(directory: Path) -> dict[str, str]:
    with (directory / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        return dict(list(csv.reader(handle))[1:])


def test_report_writes_files_and_prints_a_summary(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    migrate(config)

    async def seeded() -> None:
        db = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}")
        try:
            await seed(db)
        finally:
            await db.dispose()

    asyncio.run(seeded())
    capsys.readouterr()
    out = tmp_path / "reports" / "november"
    args = ["report", "--config", str(config), "--from", "2026-11-04", "--to", "2026-11-17"]
    assert main([*args, "--out", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 17
    assert "workshops.csv" in written
    assert "pipeline.csv" in written
    assert "opportunities_by_kind.csv" in written
    assert "rsvp_vs_attendance.png" in written
    for name in written:
        assert str(out / name) in printed
    assert "reached 3 member organisations (Romania 2, Spain 1)" in printed
    assert "Between 2026-11-04 and 2026-11-17 (UTC)" in printed
    assert "3 workshops had 3 participants (4 going, 1 marked attended)" in printed
    assert "3 of 5 members were active (1 paused, 1 blocked)" in printed
    numbers = summary(out)
    assert numbers["organisations_reached"] == "3"
    assert numbers["messages_sent"] == "6"
    assert numbers["workshop_participants"] == "3"
    assert numbers["period_to"] == "2026-11-17"
    with (out / "pipeline.csv").open(encoding="utf-8-sig", newline="") as handle:
        pipeline = list(csv.reader(handle))
    assert pipeline[0] == ["indicator", "breakdown", "value"]
    assert ["applications_submitted", "", "0"] in pipeline
    assert ["success_rate", "", "n/a"] in pipeline


def test_dates_default_to_the_last_thirty_days(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    migrate(config)
    before = datetime.now(UTC).date()
    assert main(["report", "--config", str(config), "--out", str(tmp_path / "out")]) == EXIT_OK
    after = datetime.now(UTC).date()
    numbers = summary(tmp_path / "out")
    assert numbers["period_to"] in {before.isoformat(), after.isoformat()}
    assert numbers["period_from"] in {
        (before - timedelta(days=30)).isoformat(),
        (after - timedelta(days=30)).isoformat(),
    }
    assert "reached 0 member organisations (none)" in capsys.readouterr().out
    # --to alone moves the window with it.
    assert (
        main(
            ["report", "--config", str(config), "--to", "2026-03-01", "--out", str(tmp_path / "m")]
        )
        == EXIT_OK
    )
    assert summary(tmp_path / "m")["period_from"] == "2026-01-30"


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
