"""Golden snapshots of rendered screens: review the diff when a screen changes.

``assert_screen("settings/main_menu.en", screen)`` compares the screen's text and keyboard
with ``tests/data/screens/settings/main_menu.en.txt``. Run with ``INEXA_UPDATE_SNAPSHOTS=1``
to write the files anew after a deliberate change, then read ``git diff`` before committing.
A missing file is a failure (never silently created), so a new view gets a reviewed golden.
"""

from __future__ import annotations

import os
from pathlib import Path

from telegram import InlineKeyboardMarkup

from bot.views.common import Screen

SCREENS = Path(__file__).resolve().parent / "data" / "screens"
UPDATE = os.environ.get("INEXA_UPDATE_SNAPSHOTS") == "1"


def render_keyboard(keyboard: InlineKeyboardMarkup | None) -> str:
    """One line per keyboard row: ``[label → data]`` for each button."""
    if keyboard is None:
        return "(no keyboard)"
    lines = []
    for row in keyboard.inline_keyboard:
        cells = []
        for key in row:
            target = key.callback_data or key.url or key.switch_inline_query or ""
            cells.append(f"[{key.text} → {target}]")
        lines.append(" ".join(cells))
    return "\n".join(lines)


def render_screen(screen: Screen) -> str:
    """The screen as reviewable text: its HTML, a rule, its keyboard."""
    return f"{screen.text}\n{'─' * 40}\n{render_keyboard(screen.keyboard)}\n"


def assert_screen(name: str, screen: Screen) -> None:
    """The screen matches its golden file (or, when updating, becomes it)."""
    assert_text(name, render_screen(screen))


def assert_text(name: str, actual: str) -> None:
    """Any rendered text matches its golden file ``tests/data/screens/<name>.txt``."""
    path = SCREENS / f"{name}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}; run with INEXA_UPDATE_SNAPSHOTS=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name} changed; if deliberate, update the golden and review the diff"
    )
