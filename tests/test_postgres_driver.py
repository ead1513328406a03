"""The README's two commands: a PostgreSQL server without its driver skips, never errors."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: A pytest plugin that makes ``import asyncpg`` fail, as in a venv without the driver.
BLOCKER = """
import sys
from importlib.abc import MetaPathFinder


class _NoAsyncpg(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "asyncpg" or name.startswith("asyncpg."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, _NoAsyncpg())
"""

#: A cheap test that runs on SQLite and on PostgreSQL.
TARGET = "tests/test_migrations.py::test_upgrade_to_head_matches_models"


def _pytest_without_asyncpg(tmp_path: Path, *, require: bool) -> subprocess.CompletedProcess[str]:
    (tmp_path / "no_asyncpg.py").write_text(BLOCKER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "INEXA_REQUIRE_POSTGRES"}
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(ROOT)])
    if require:
        env["INEXA_REQUIRE_POSTGRES"] = "1"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no_asyncpg",
            "-p",
            "no:cacheprovider",
            "-rs",
            TARGET,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_a_missing_driver_skips_the_postgresql_tests(tmp_path: Path) -> None:
    result = _pytest_without_asyncpg(tmp_path, require=False)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "1 passed, 1 skipped" in out
    assert "the PostgreSQL driver is not installed" in out
    assert "pip install -e '.[dev]'" in out


def test_a_missing_driver_fails_clearly_when_postgresql_is_required(tmp_path: Path) -> None:
    result = _pytest_without_asyncpg(tmp_path, require=True)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "1 passed, 1 error" in out
    assert "PostgreSQL is required (INEXA_REQUIRE_POSTGRES=1)" in out
    assert "the PostgreSQL driver is not installed" in out
    assert "Traceback" not in out


def test_the_dev_extra_installs_the_postgresql_driver() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    assert set(extras["postgres"]) <= set(extras["dev"])
