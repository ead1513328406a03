"""Buttons of /admins."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import Button, button


@button("ar")
@dataclass(frozen=True, slots=True)
class RemoveCoordinator(Button):
    """Demote a coordinator promoted in chat (config admins only)."""

    user_id: int
