"""Buttons under digest items and on the /following list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.callbacks import Button, button


@button("f")
@dataclass(frozen=True, slots=True)
class Follow(Button):
    """Follow (``on``) or unfollow a call; ``listing`` is ``"l"`` on the /following list
    (which then redraws), None under a digest item (whose button flips).

    Legacy data ``1f:12:1`` (no third field) still decodes, as a press under a digest item.
    """

    opportunity_id: int
    on: bool
    listing: Literal["l"] | None = None
