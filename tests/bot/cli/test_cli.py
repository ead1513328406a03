"""The command line: help everywhere, exit codes, one clear message instead of a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, main

TOKEN = "123456:ABCdefGhIJKlmnOPQRstuVWXyz_0123456"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("INEXA_BOT_TOKEN", "INEXA_DATABASE_URL", "INEXA_CONFIG", "INEXA_WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["run"],
        ["serve"],
        ["worker"],
        ["demo"],
        ["check-config"],
        ["db"],
        ["db", "upgrade"],
        ["db", "current"],
        ["db", "downgrade"],
        ["db", "backup"],
        ["db", "restore"],
        ["fetch"],
    ],
)
def test_every_command_has_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--help"])
    assert exit_info.value.code == EXIT_OK
    assert "usage: inexa-bot" in capsys.readouterr().out


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["fly"])
    assert exit_info.value.code == EXIT_USAGE
    assert "invalid choice" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["db", "downgrade"])
    assert exit_info.value.code == EXIT_USAGE


def test_run_with_a_bad_config_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _write(
        tmp_path,
        '[schedule]\ntimezone = "Europe/Atlantis"\ndigest_time = "9am"\n'
        '[i18n]\nlanguages = ["en", "de"]\n[mystery]\nx = 1\n',
    )
    assert main(["run", "--config", str(config)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "5 configuration problems" in err
    for fragment in (
        "telegram.token: required",
        "schedule.timezone: unknown time zone",
        "schedule.digest_time: must be a time of day",
        "i18n.languages: no catalog for de",
        "mystery: unknown setting",
    ):
        assert fragment in err


def test_missing_explicit_config_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check-config", "--config", str(tmp_path / "nope.toml")]) == EXIT_USAGE
    assert "file not found" in capsys.readouterr().err


def test_check_config_prints_a_summary_without_secrets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INEXA_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("INEXA_DATABASE_URL", "postgresql+asyncpg://inexa:s3cret@db/inexa")
    config = _write(tmp_path, "[telegram]\nadmin_ids = [42]\n")
    assert main(["check-config", "--config", str(config)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "configuration OK" in out
    assert "9 topics" in out
    assert TOKEN not in out
    assert "s3cret" not in out


def test_check_config_lists_parameter_problems_and_warns_without_coordinators(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INEXA_BOT_TOKEN", TOKEN)
    source = '[[sources]]\nid = "ft"\nkind = "eu-ft"\nurl = "https://example.org/api"\n'
    config = _write(
        tmp_path,
        '[privacy]\ncontroller = ""\n'
        f'{source}params = {{ page_size = "100", max_pages = "many", pages = 3 }}\n',
    )
    assert main(["check-config", "--config", str(config)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "3 configuration problems" in err
    assert "privacy.controller: must not be empty" in err
    assert "sources.0.params.max_pages: 'many' is not valid" in err
    assert "page_size" not in err.split("known:")[0]  # "100" reads as 100, as when fetching
    assert "sources.0.params.pages: unknown parameter for kind 'eu-ft'" in err

    # No coordinator: it works, with a warning on stderr.
    config = _write(tmp_path, source)
    assert main(["check-config", "--config", str(config)]) == EXIT_OK
    captured = capsys.readouterr()
    assert "configuration OK" in captured.out
    assert "admins:    0" in captured.out
    assert "warning: telegram.admin_ids: no coordinator is configured" in captured.err


def test_db_commands_upgrade_show_and_downgrade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _write(tmp_path, "")
    assert main(["db", "current", "--config", str(config)]) == EXIT_OK
    assert "current revision: empty" in capsys.readouterr().out
    assert main(["db", "upgrade", "--config", str(config)]) == EXIT_OK
    assert "(up to date)" in capsys.readouterr().out
    assert (tmp_path / "inexa-bot.sqlite3").exists()
    assert main(["db", "downgrade", "base", "--config", str(config)]) == EXIT_OK
    assert "current revision: empty" in capsys.readouterr().out
    assert main(["db", "downgrade", "zzz", "--config", str(config)]) == EXIT_USAGE
    assert "unknown revision 'zzz'" in capsys.readouterr().err


def test_run_refuses_an_out_of_date_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INEXA_BOT_TOKEN", TOKEN)
    config = _write(tmp_path, "")
    assert main(["run", "--config", str(config)]) == EXIT_FAILURE
    err = capsys.readouterr().err
    assert "inexa-bot db upgrade" in err
    assert "Traceback" not in err


def test_serve_names_the_webhook_settings_it_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INEXA_BOT_TOKEN", TOKEN)
    config = _write(tmp_path, "")
    assert main(["serve", "--config", str(config)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "webhook.url and webhook.secret_token" in err
    assert "INEXA_WEBHOOK_SECRET" in err
    config = _write(tmp_path, '[webhook]\nurl = "https://bot.example.org/telegram"\n')
    monkeypatch.setenv("INEXA_WEBHOOK_SECRET", "short")
    assert main(["serve", "--config", str(config)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "webhook.secret_token" in err
    assert "short" not in err  # a secret is never echoed, even a malformed one


def test_a_second_process_on_one_sqlite_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.config import load_settings
    from bot.db.lock import single_process_guard

    monkeypatch.setenv("INEXA_BOT_TOKEN", TOKEN)
    config = _write(tmp_path, "")
    settings = load_settings(config, must_exist=True, require_token=True)
    with single_process_guard(settings):  # the first process
        assert main(["run", "--migrate", "--config", str(config)]) == EXIT_FAILURE
    err = capsys.readouterr().err
    assert "another inexa-bot process" in err
    assert "SQLite serves one process" in err
    assert "Traceback" not in err
    # Released with its holder: the next start gets past the guard (to the schema check).
    assert main(["run", "--config", str(config)]) == EXIT_FAILURE
    assert "inexa-bot db upgrade" in capsys.readouterr().err


SCRIPT = Path(sys.executable).with_name("inexa-bot")


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed next to python")
def test_console_script_is_installed() -> None:
    result = subprocess.run(
        [str(SCRIPT), "--help"], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0
    for command in ("run", "serve", "worker", "demo", "check-config", "db"):
        assert command in result.stdout
