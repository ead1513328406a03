"""Buttons of /push."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import Button, button


@button("ps")
@dataclass(frozen=True, slots=True)
class PushSend(Button):
    """Queue the previewed opportunity to every member it matches now."""

    opportunity_id: int
