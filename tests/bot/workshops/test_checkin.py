"""Self check-in rules: codes that read unambiguously, the deep link, the time window."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.workshops.checkin import (
    ALPHABET,
    LENGTH,
    Window,
    deep_link,
    looks_like_code,
    new_code,
    parse_code,
    qr_png,
    screen_available,
    window,
)

START = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
END = START + timedelta(hours=2)


@given(st.integers(0, 2**32))
def test_new_codes_parse_back_in_any_spelling(seed: int) -> None:

    code = new_code(random.Random(seed).choice)
    assert len(code) == LENGTH
    assert set(code) <= set(ALPHABET)
    assert parse_code(code) == code
    assert parse_code(code.lower()) == code
    assert parse_code(f"ci{code}") == code
    assert parse_code(f"/checkin {code[:3]} {code[3:]}") == code
    assert looks_like_code(f" {code.lower()} ")


def test_what_is_not_a_code() -> None:
    assert parse_code("hello!") is None
    assert parse_code("O0I1L5") is None  # ambiguous characters are never in a code
    assert parse_code("ABCDEFG") is None
    assert not looks_like_code("Project manager")


def test_deep_link_and_qr_image() -> None:
    link = deep_link("inexa_bot", "ABC234")
    assert link == "https://t.me/inexa_bot?start=ciABC234"
    assert qr_png(link).startswith(b"\x89PNG\r\n\x1a\n")


def test_the_window_opens_30_minutes_before_and_closes_at_the_end() -> None:
    assert window(START - timedelta(minutes=31), starts_at=START, ends_at=END) is Window.EARLY
    assert window(START - timedelta(minutes=30), starts_at=START, ends_at=END) is Window.OPEN
    assert window(END, starts_at=START, ends_at=END) is Window.OPEN
    assert window(END + timedelta(seconds=1), starts_at=START, ends_at=END) is Window.OVER
    # Without an end: half an hour after the start.
    assert window(START + timedelta(minutes=29), starts_at=START, ends_at=None) is Window.OPEN
    assert window(START + timedelta(minutes=31), starts_at=START, ends_at=None) is Window.OVER


def test_the_coordinator_screen_from_an_hour_before() -> None:
    assert not screen_available(START - timedelta(minutes=61), starts_at=START, ends_at=END)
    assert screen_available(START - timedelta(minutes=60), starts_at=START, ends_at=END)
    assert screen_available(END, starts_at=START, ends_at=END)
    assert not screen_available(END + timedelta(minutes=1), starts_at=START, ends_at=END)
