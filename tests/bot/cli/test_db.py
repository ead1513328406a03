"""``inexa-bot db``: downgrades that name what they erase and ask, backups, restores."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from bot.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, main
from bot.cli.db import prepare_upgrade
from bot.config import parse_settings
from bot.core.clock import utc_now
from bot.db import migrate
from bot.db.models import Member
from bot.db.session import Database

ROOT = Path(__file__).resolve().parents[3]
HEAD = migrate.head_revision()
PREVIOUS = migrate.known_revisions()[-2]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("INEXA_BOT_TOKEN", "INEXA_DATABASE_URL", "INEXA_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text("[telegram]\nadmin_ids = [42]\n", encoding="utf-8")
    return path


def db_file(tmp_path: Path) -> Path:
    return tmp_path / "inexa-bot.sqlite3"


async def insert_members(url: str, *chat_ids: int) -> None:
    db = Database.from_url(url)
    now = utc_now()
    try:
        async with db.transaction() as session:
            for chat_id in chat_ids:
                session.add(
                    Member(
                        chat_id=chat_id, chat_type="private", language="ro", created_at=now,
                        last_seen_at=now, consented_at=now, timezone="Europe/Bucharest",
                    )
                )  # fmt: skip
    finally:
        await db.dispose()


def add_members(tmp_path: Path, *chat_ids: int) -> None:
    asyncio.run(insert_members(f"sqlite+aiosqlite:///{db_file(tmp_path)}", *chat_ids))


def query(path: Path, sql: str) -> object:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchone()[0]


def members(path: Path) -> object:
    return query(path, "SELECT count(*) FROM members")


def revision(path: Path) -> object:
    with closing(sqlite3.connect(path)) as connection:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else row[0]


def backups(tmp_path: Path) -> list[Path]:
    return sorted(tmp_path.glob("inexa-bot.backup-*.sqlite3"))


def test_a_downgrade_that_erases_data_names_it_and_needs_a_confirmation(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--config", str(config)]
    assert main(["db", "upgrade", *args]) == EXIT_OK
    add_members(tmp_path, 1000, 1001)
    capsys.readouterr()

    # No terminal to ask on (stdin is not a tty here) and no --yes: refused, nothing changed.
    assert main(["db", "downgrade", "base", *args]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"from {HEAD} to base erases:" in err
    assert "  table members: 2 row(s)\n" in err
    assert "empty table(s): " in err
    assert "workshop_rsvps" in err
    assert "pass --yes to confirm (nothing was changed)" in err
    assert members(db_file(tmp_path)) == 2
    assert revision(db_file(tmp_path)) == HEAD
    assert backups(tmp_path) == []

    # --yes: a backup first, then the downgrade.
    assert main(["db", "downgrade", "base", "--yes", *args]) == EXIT_OK
    captured = capsys.readouterr()
    assert "current revision: empty" in captured.out
    (copy,) = backups(tmp_path)
    assert f"backup of the database before downgrading from {HEAD}: {copy}" in captured.err
    assert members(copy) == 2
    assert revision(copy) == HEAD
    assert query(db_file(tmp_path), "SELECT count(*) FROM sqlite_master WHERE name='members'") == 0


def test_a_downgrade_that_erases_nothing_goes_ahead(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--config", str(config)]
    assert main(["db", "upgrade", *args]) == EXIT_OK
    assert main(["db", "downgrade", "-1", "--no-backup", *args]) == EXIT_OK
    captured = capsys.readouterr()
    assert f"from {HEAD} to {PREVIOUS}: no stored data is lost" in captured.err
    assert f"current revision: {PREVIOUS}" in captured.out
    assert backups(tmp_path) == []
    assert main(["db", "downgrade", PREVIOUS, *args]) == EXIT_OK
    assert "already at revision" in capsys.readouterr().out
    assert main(["db", "downgrade", HEAD, *args]) == EXIT_USAGE
    assert "newer than the database's" in capsys.readouterr().err
    assert main(["db", "downgrade", "-99", *args]) == EXIT_USAGE
    assert "revision(s) deep" in capsys.readouterr().err


async def test_the_loss_names_columns_dropped_from_tables_that_stay(database_url: str) -> None:
    database = Database.from_url(database_url)
    try:
        await migrate.upgrade(database.engine)
        await insert_members(database_url, 7)
        loss = await migrate.downgrade_loss(database.engine, "0001")
        assert await migrate.downgrade_loss(database.engine, HEAD) == migrate.Loss((), ())
    finally:
        await database.dispose()
    assert ("members", "consented_at", 1) in loss.columns
    assert ("workshops", 0) in loss.tables
    assert loss.holds_data
    assert "column members.consented_at: its value in 1 row(s)" in loss.describe()


def test_backup_and_restore(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--config", str(config)]
    assert main(["db", "upgrade", *args]) == EXIT_OK
    add_members(tmp_path, 1000)
    capsys.readouterr()

    assert main(["db", "backup", *args]) == EXIT_OK
    (automatic,) = backups(tmp_path)
    assert capsys.readouterr().out == f"backup written: {automatic} (revision {HEAD}: members 1)\n"
    saved = tmp_path / "saved.sqlite3"
    assert main(["db", "backup", str(saved), *args]) == EXIT_OK
    assert members(saved) == 1
    assert query(saved, "PRAGMA journal_mode") == "delete"  # one self-contained file
    capsys.readouterr()
    assert main(["db", "backup", str(saved), *args]) == EXIT_USAGE
    assert "already exists" in capsys.readouterr().err
    nowhere = tmp_path / "missing-dir" / "copy.sqlite3"
    assert main(["db", "backup", str(nowhere), *args]) == EXIT_FAILURE
    err = capsys.readouterr().err
    assert f"inexa-bot: cannot write the backup {nowhere}: unable to open database file" in err
    assert not nowhere.exists()

    add_members(tmp_path, 1001, 1002)
    # Replacing a database that holds rows needs a confirmation.
    assert main(["db", "restore", str(saved), *args]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"Restoring {saved} (revision {HEAD}: members 1)" in err
    assert f"replaces everything in {db_file(tmp_path)} (revision {HEAD}: members 3)." in err
    assert members(db_file(tmp_path)) == 3

    assert main(["db", "restore", str(saved), "--yes", *args]) == EXIT_OK
    captured = capsys.readouterr()
    assert members(db_file(tmp_path)) == 1
    assert "(up to date)" in captured.out
    before = [p for p in backups(tmp_path) if p != automatic]
    assert len(before) == 1
    assert f"backup of the database before restoring: {before[0]}" in captured.err
    assert members(before[0]) == 3


def test_restore_only_takes_a_database_of_this_bot(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--config", str(config)]
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database", encoding="utf-8")
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE things (id INTEGER)")
    future = tmp_path / "future.sqlite3"
    with closing(sqlite3.connect(future)) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.execute("INSERT INTO alembic_version VALUES ('9999')")
        connection.commit()
    for path, message in (
        (tmp_path / "absent.sqlite3", "does not exist"),
        (text, "is not a SQLite database"),
        (other, "is a SQLite database but not one of this bot"),
        (future, "is at schema revision 9999, which this version of the bot does not know"),
    ):
        assert main(["db", "restore", str(path), "--yes", *args]) == EXIT_USAGE
        err = capsys.readouterr().err
        assert message in err, path
        assert "nothing was changed" in err
    assert not db_file(tmp_path).exists()


def test_upgrade_backs_up_a_database_with_something_to_upgrade(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--config", str(config)]
    # A new database has nothing to lose: no backup.
    assert main(["db", "upgrade", PREVIOUS, *args]) == EXIT_OK
    assert backups(tmp_path) == []
    assert "backup" not in capsys.readouterr().err
    assert main(["db", "upgrade", "--no-backup", *args]) == EXIT_OK
    assert backups(tmp_path) == []
    assert main(["db", "downgrade", PREVIOUS, "--no-backup", *args]) == EXIT_OK
    capsys.readouterr()

    assert main(["db", "upgrade", *args]) == EXIT_OK
    (copy,) = backups(tmp_path)
    assert revision(copy) == PREVIOUS
    assert f"backup of the database before upgrading from {PREVIOUS}: {copy}" in (
        capsys.readouterr().err
    )
    # Up to date: nothing to upgrade, no backup.
    assert main(["db", "upgrade", *args]) == EXIT_OK
    assert len(backups(tmp_path)) == 1


def test_run_migrate_backs_up_first(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `run --migrate` calls this before it upgrades (the bot itself is tested elsewhere).
    assert main(["db", "upgrade", PREVIOUS, "--config", str(config)]) == EXIT_OK
    settings = parse_settings({}, environ={}, base_dir=tmp_path)
    prepare_upgrade(settings, take_backup=False)
    assert backups(tmp_path) == []
    prepare_upgrade(settings, take_backup=True)
    (copy,) = backups(tmp_path)
    assert f"before upgrading from {PREVIOUS}: {copy}" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["run", "--migrate", "--no-backup", "--help"])
    assert "--no-backup" in capsys.readouterr().out


def test_postgresql_backups_name_the_tools_without_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(
        "INEXA_DATABASE_URL", "postgresql+asyncpg://inexa:s3cret@db.local:5433/inexa"
    )
    assert main(["db", "backup", "/backups/inexa.dump"]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == (
        "# the password is not shown: give it with PGPASSWORD=... or in ~/.pgpass\n"
        "pg_dump --format=custom --file=/backups/inexa.dump "
        "--dbname=postgresql://inexa@db.local:5433/inexa\n"
    )
    assert "nothing was written" in captured.err
    assert main(["db", "restore", "/backups/inexa.dump"]) == EXIT_USAGE
    out = capsys.readouterr().out
    assert "pg_restore --clean --if-exists --no-owner --single-transaction " in out
    assert main(["db", "restore", "dump.sql"]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert "psql --single-transaction --dbname=postgresql://inexa@db.local:5433/inexa" in (
        captured.out
    )
    assert "s3cret" not in captured.out + captured.err


def _in_a_terminal(argv: list[str], answer: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bot ARGV`` with a pseudo-terminal as stdin, typing ``answer``."""
    import pty

    controller, terminal = pty.openpty()
    try:
        os.write(controller, answer.encode())
        env = {k: v for k, v in os.environ.items() if not k.startswith("INEXA_")}
        env["PYTHONPATH"] = str(ROOT)
        return subprocess.run(
            [sys.executable, "-m", "bot", *argv],
            stdin=terminal,
            capture_output=True,
            text=True,
            cwd=cwd,
            env=env,
            check=False,
            timeout=120,
        )
    finally:
        os.close(terminal)
        os.close(controller)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_person_at_a_terminal_confirms_by_typing_yes(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--config", str(config)]
    assert main(["db", "upgrade", *args]) == EXIT_OK
    add_members(tmp_path, 1000)
    declined = _in_a_terminal(["db", "downgrade", "base", *args], "no\n", tmp_path)
    assert declined.returncode == EXIT_FAILURE, declined.stderr
    assert "This cannot be undone without a backup. Type yes to go on:" in declined.stderr
    assert "not confirmed; nothing was changed" in declined.stderr
    assert members(db_file(tmp_path)) == 1
    accepted = _in_a_terminal(["db", "downgrade", "base", *args], "yes\n", tmp_path)
    assert accepted.returncode == EXIT_OK, accepted.stderr
    assert "current revision: empty" in accepted.stdout
    assert len(backups(tmp_path)) == 1
