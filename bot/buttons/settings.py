"""Buttons of the member's settings menu and of erasing their data."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import Button, button


@button("x")
@dataclass(frozen=True, slots=True)
class CloseMenu(Button):
    """Close the settings menu."""


@button("fy")
@dataclass(frozen=True, slots=True)
class ForgetConfirm(Button):
    """Erase everything about this chat, for good (the confirmation of /forget)."""


@button("fn")
@dataclass(frozen=True, slots=True)
class ForgetCancel(Button):
    """Keep everything (/forget cancelled)."""
