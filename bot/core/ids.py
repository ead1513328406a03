"""Numbers members send us (row ids, user ids, pages) parsed in one place, within 64 bits.

Every database key here is a 64-bit signed integer (PostgreSQL ``BIGINT``, SQLite
``INTEGER``) and Telegram ids fit in one too. A longer number from a deep link
(``/start ws…``), a command argument or button data would reach the driver and raise
``OverflowError``; parsed here, it is simply not an id.
"""

from __future__ import annotations

#: The largest value a 64-bit signed database column holds.
ID_MAX = 2**63 - 1
_DIGITS_MAX = len(str(ID_MAX))


def parse_id(text: str | None, *, maximum: int = ID_MAX) -> int | None:
    """``text`` as a whole number from 0 to ``maximum``, or None.

    Only ASCII digits count (``int()`` would also take "٣" or " 7 "), and the length is
    checked before converting, so a 4,000-digit "number" costs nothing.
    """
    if not text or len(text) > _DIGITS_MAX or not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if value <= min(maximum, ID_MAX) else None


def require_id(text: str | None, *, maximum: int = ID_MAX) -> int:
    """Like :func:`parse_id`, for button data: raises ``ValueError`` instead of None."""
    value = parse_id(text, maximum=maximum)
    if value is None:
        raise ValueError(f"not an id: {(text or '')[:24]!r}")
    return value
