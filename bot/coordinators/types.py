"""One coordinator as ``/admins`` lists them (plain data)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CoordinatorEntry:
    """One coordinator as ``/admins`` lists them."""

    user_id: int
    display_name: str
    from_config: bool
