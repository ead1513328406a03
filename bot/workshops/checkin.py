"""Self check-in rules (pure): the code, its deep link, and the time window.

A coordinator shows a short code (and a QR code of the ``/start ci<CODE>`` deep link) at the
start; attendees scan it or type the code to mark themselves present. The code uses capitals
and digits that cannot be mistaken for one another (no 0/O, 1/I/L), so it can be read off a
projector.
"""

from __future__ import annotations

import io
import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum

import qrcode  # no stubs published

#: Letters and digits that read unambiguously.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: The code's length: 31**6 ≈ 887 million codes.
LENGTH = 6
#: The deep-link payload prefix (``/start ci<CODE>``).
DEEP_LINK_PREFIX = "ci"
#: Attendees may check in from this long before the start...
OPENS_BEFORE = timedelta(minutes=30)
#: ... until the end; the coordinator's screen is offered from this long before the start.
SCREEN_BEFORE = timedelta(hours=1)

_CODE = re.compile(rf"[{ALPHABET}]{{{LENGTH}}}")


class Window(StrEnum):
    """Where ``now`` falls relative to a workshop's check-in window."""

    EARLY = "early"
    OPEN = "open"
    OVER = "over"


def new_code(pick: Callable[[str], str] = secrets.choice) -> str:
    """A fresh random code (``pick`` chooses one character; a test may pass its own)."""
    return "".join(pick(ALPHABET) for _ in range(LENGTH))


def parse_code(text: str) -> str | None:
    """The code in what a person typed or the deep link carried (``ci`` prefix, spaces,
    lower case and a leading slash-command tolerated); None when it is not a code."""
    cleaned = re.sub(r"[\s-]+", "", text).upper()
    if cleaned.startswith("/CHECKIN"):
        cleaned = cleaned.removeprefix("/CHECKIN")
    if len(cleaned) == LENGTH + len(DEEP_LINK_PREFIX) and cleaned.startswith("CI"):
        cleaned = cleaned[len(DEEP_LINK_PREFIX) :]
    return cleaned if _CODE.fullmatch(cleaned) else None


def looks_like_code(text: str) -> bool:
    """A message that is nothing but a code (sent without a command)."""
    stripped = text.strip()
    return len(stripped) <= LENGTH + 2 and parse_code(stripped) is not None


def deep_link(bot_username: str, code: str) -> str:
    """The link the QR code holds."""
    return f"https://t.me/{bot_username}?start={DEEP_LINK_PREFIX}{code}"


def window(now: datetime, *, starts_at: datetime, ends_at: datetime | None) -> Window:
    """Whether attendees may check in at ``now``: from 30 minutes before the start to the end
    (to 30 minutes after the start when the end is unknown)."""
    if now < starts_at - OPENS_BEFORE:
        return Window.EARLY
    end = ends_at if ends_at is not None and ends_at > starts_at else starts_at + OPENS_BEFORE
    return Window.OPEN if now <= end else Window.OVER


def screen_available(now: datetime, *, starts_at: datetime, ends_at: datetime | None) -> bool:
    """The coordinator's check-in screen is offered from an hour before the start to the end."""
    return (
        now >= starts_at - SCREEN_BEFORE
        and window(now, starts_at=starts_at, ends_at=ends_at) is not Window.OVER
    )


def qr_png(link: str) -> bytes:
    """A QR code image (PNG) of ``link``, large enough to scan from a projector."""
    code = qrcode.QRCode(border=2, box_size=10, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(link)
    code.make(fit=True)
    image = code.make_image()
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
