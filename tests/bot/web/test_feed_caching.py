"""Conditional requests for calendar feeds (RFC 9110 13.2.2): ETag first, then the date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.services.calendar import FeedBody
from bot.web.app import not_modified

FEED = FeedBody(b"BEGIN:VCALENDAR", '"abc"', datetime(2026, 11, 30, 8, 0, 5, tzinfo=UTC))


@pytest.mark.parametrize(
    ("if_none_match", "if_modified_since", "expected"),
    [
        (None, None, False),
        ('"abc"', None, True),
        ('W/"abc"', None, True),  # weak comparison
        ('"old", "abc"', None, True),
        ("*", None, True),
        ('"old"', None, False),
        # If-None-Match decides when present, whatever the date says.
        ('"old"', "Mon, 30 Nov 2026 09:00:00 GMT", False),
        (None, "Mon, 30 Nov 2026 08:00:05 GMT", True),  # the same second
        (None, "Mon, 30 Nov 2026 09:00:00 GMT", True),
        (None, "Mon, 30 Nov 2026 08:00:04 GMT", False),  # changed after it
        (None, "not a date", False),
    ],
)
def test_not_modified(
    if_none_match: str | None, if_modified_since: str | None, expected: bool
) -> None:
    assert not_modified(FEED, if_none_match, if_modified_since) is expected
