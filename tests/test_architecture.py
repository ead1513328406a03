"""The shape holds: layers import downwards, modules stay small, every package says what it holds.

Layers (docs/design.md, "One conversation state, typed buttons, layers"):

* ``feeds`` is framework-free: no ``bot``, no ``telegram``, no SQLAlchemy;
* handlers are thin: no SQLAlchemy and no ``bot.db`` (they call services);
* services decide and store, never present: no ``telegram``, no ``bot.views``, no ``bot.handlers``;
* views are pure screens: no services (the data they show comes from ``types`` modules).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Package (path prefix) -> modules it must not import (a module or any submodule of it).
RULES: Mapping[str, tuple[str, ...]] = {
    "feeds/": ("bot", "telegram", "sqlalchemy"),
    "bot/handlers/": ("sqlalchemy", "bot.db"),
    "bot/services/": ("telegram", "bot.views", "bot.handlers"),
    "bot/views/": ("bot.services",),
}
#: The most lines a module may have; data tables (long, flat, no logic) are exempt.
MAX_LINES = 500
DATA_TABLES: frozenset[str] = frozenset(
    {"bot/db/models/__init__.py"}
)  # table declarations, no logic


def imported_modules(source: str) -> Iterator[str]:
    """Every module a source imports, absolute (``from bot import views`` gives ``bot.views``)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def violations(sources: Mapping[str, str]) -> list[str]:
    """``path: imports module`` for every import a layer rule forbids."""
    found = []
    for path, source in sorted(sources.items()):
        banned = [b for prefix, rule in RULES.items() if path.startswith(prefix) for b in rule]
        for module in sorted(set(imported_modules(source))):
            if any(module == b or module.startswith(b + ".") for b in banned):
                found.append(f"{path}: imports {module}")
    return found


def project_sources() -> dict[str, str]:
    """Every module of ``bot`` and ``feeds``, by path relative to the project root."""
    return {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
        for package in ("bot", "feeds")
        for path in (ROOT / package).rglob("*.py")
    }


def test_layers_hold() -> None:
    assert violations(project_sources()) == []


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("bot/services/workshops.py", "from bot.views import workshops as views"),
        ("bot/services/workshops.py", "from bot.views.workshops import card"),
        ("bot/services/broadcasts.py", "from telegram import InlineKeyboardMarkup"),
        ("bot/services/digests.py", "from bot.handlers.common import send"),
        ("bot/handlers/coordinator.py", "from sqlalchemy import select"),
        ("bot/handlers/coordinator.py", "from bot.db.models import Member"),
        ("bot/handlers/stats.py", "import bot.db.session"),
        ("bot/views/workshops.py", "from bot.services.workshops import WorkshopInfo"),
        ("bot/views/onboarding.py", "from bot import services"),
        ("feeds/sources/eu_ft.py", "import telegram"),
        ("feeds/http.py", "from sqlalchemy.orm import Session"),
        ("feeds/types.py", "from bot.config import Settings"),
    ],
)
def test_each_kind_of_violation_is_caught(path: str, source: str) -> None:
    found = violations({path: source})
    assert found, source
    assert all(line.startswith(f"{path}: imports ") for line in found)


def test_allowed_imports_pass() -> None:
    assert not violations(
        {
            "bot/handlers/workshops.py": "from bot.services.workshops import Workshops",
            "bot/services/workshops.py": "from bot.db.repositories import workshops",
            "bot/views/workshops.py": "from bot.workshops.types import WorkshopInfo",
            "feeds/http.py": "import httpx",
        }
    )


def test_no_module_is_too_long() -> None:
    long = {
        path: len(source.splitlines())
        for path, source in project_sources().items()
        if len(source.splitlines()) > MAX_LINES and path not in DATA_TABLES
    }
    assert long == {}, f"split these along their seams (at most {MAX_LINES} lines): {long}"


def test_every_package_says_what_it_holds() -> None:
    silent = []
    for package in ("bot", "feeds", "migrations"):
        for init in (ROOT / package).rglob("__init__.py"):
            tree = ast.parse(init.read_text(encoding="utf-8"))
            if not ast.get_docstring(tree):
                silent.append(init.relative_to(ROOT).as_posix())
    assert silent == [], "give each package a one-line docstring"
