"""``inexa-bot workshops import`` end to end on a SQLite file."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import EXIT_OK, EXIT_USAGE, main
from bot.core.clock import utc_now
from bot.db.models import Member, OutboxMessage, Workshop
from bot.db.session import Database


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("INEXA_BOT_TOKEN", "INEXA_DATABASE_URL", "INEXA_CONFIG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def config(tmp_path: Path, migrated_sqlite_url: str) -> Path:
    """The CLI's config file, pointing at a migrated copy of the session's template."""
    path = tmp_path / "config.toml"
    path.write_text(
        f'[telegram]\nadmin_ids = [9000]\n[database]\nurl = "{migrated_sqlite_url}"\n',
        encoding="utf-8",
    )
    return path


def database(tmp_path: Path) -> Database:
    return Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}")


async def add_member(tmp_path: Path) -> None:
    db = database(tmp_path)
    now = utc_now()
    try:
        async with db.transaction() as session:
            session.add(
                Member(
                    chat_id=1000, chat_type="private", language="ro", created_at=now,
                    last_seen_at=now, consented_at=now, timezone="Europe/Bucharest",
                )
            )  # fmt: skip
    finally:
        await db.dispose()


async def counts(tmp_path: Path) -> tuple[int, int]:
    db = database(tmp_path)
    try:
        async with db.transaction() as session:
            workshops = await session.scalar(select(func.count()).select_from(Workshop))
            messages = await session.scalar(select(func.count()).select_from(OutboxMessage))
            return int(workshops or 0), int(messages or 0)
    finally:
        await db.dispose()


def write_csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "workshops.csv"
    path.write_text("title,start,end,place,capacity,audience\n" + "".join(rows), encoding="utf-8")
    return path


def future(days: int) -> str:
    return (utc_now() + timedelta(days=days)).strftime("%Y-%m-%d 10:00")


def test_import_publishes_once_and_announces(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(add_member(tmp_path))
    path = write_csv(
        tmp_path,
        f"Interreg partner café,{future(10)},90m,Online | https://meet.example.org/a,25,all\n",
        f"ESF+ budget clinic,{future(11)},2h,Iași,,all\n",
    )
    capsys.readouterr()
    assert main(["workshops", "import", "--config", str(config), str(path), "--dry-run"]) == EXIT_OK
    assert "2 workshop(s) are valid (dry run" in capsys.readouterr().out
    assert asyncio.run(counts(tmp_path)) == (0, 0)
    assert main(["workshops", "import", "--config", str(config), str(path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "#1  Interreg partner café: announcement queued for 1 member(s)" in out
    assert "2 published, 0 skipped" in out
    assert asyncio.run(counts(tmp_path)) == (2, 2)
    # The same file again: nothing new, nothing announced twice.
    assert main(["workshops", "import", "--config", str(config), str(path)]) == EXIT_OK
    assert "0 published, 2 skipped" in capsys.readouterr().out
    assert asyncio.run(counts(tmp_path)) == (2, 2)


def test_a_bad_row_imports_nothing(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(
        tmp_path,
        f"Good one,{future(10)},2h,Iași,10,topics\n",
        f"Bad one,{future(10)},yesterday,Iași,10,nobody\n",
    )
    assert main(["workshops", "import", "--config", str(config), str(path)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "nothing imported" in err
    assert "row 3, end: write a time (16:30), a duration (90m, 2h) or a date and time" in err
    assert "row 3, audience: topics or all" in err
    assert "Traceback" not in err
    assert asyncio.run(counts(tmp_path)) == (0, 0)


def test_missing_file_is_a_clear_message(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["workshops", "import", "--config", str(config), "nope.toml"]) == EXIT_USAGE
    assert "cannot read nope.toml" in capsys.readouterr().err


def test_an_organiser_id_beyond_64_bits_is_a_usage_error(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path, f"Good one,{future(10)},2h,Iași,10,topics\n")
    argv = ["workshops", "import", "--config", str(config), str(path), "--by", str(2**64)]
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == EXIT_USAGE
    assert "not a user id" in capsys.readouterr().err
    assert asyncio.run(counts(tmp_path)) == (0, 0)
