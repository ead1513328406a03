"""What a coordinator types for a workshop: accepted forms and the clear refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.workshops import fields
from bot.workshops.fields import Problem

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
BUCHAREST = ZoneInfo("Europe/Bucharest")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-03 14:00", datetime(2026, 12, 3, 14, 0, tzinfo=BUCHAREST)),
        ("03.12.2026 14:00", datetime(2026, 12, 3, 14, 0, tzinfo=BUCHAREST)),
        ("3/12/2026 9.30", datetime(2026, 12, 3, 9, 30, tzinfo=BUCHAREST)),
        (
            "2026-12-03 14:00 Europe/Madrid",
            datetime(2026, 12, 3, 14, 0, tzinfo=ZoneInfo("Europe/Madrid")),
        ),
        ("2026-12-03 14:00 UTC", datetime(2026, 12, 3, 14, 0, tzinfo=UTC)),
    ],
)
def test_start_forms(text: str, expected: datetime) -> None:
    assert fields.parse_start(text, zone=BUCHAREST, now=NOW) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2026-11-01 10:00", "past"),
        ("tomorrow", "datetime_format"),
        ("2026-13-01 10:00", "datetime_format"),
        ("2026-12-03 25:00", "datetime_format"),
        ("2026-12-03 14:00 Mars/Olympus", "zone"),
    ],
)
def test_start_refusals(text: str, code: str) -> None:
    result = fields.parse_start(text, zone=BUCHAREST, now=NOW)
    assert isinstance(result, Problem)
    assert result.code == code


def test_a_time_skipped_by_daylight_saving_moves_forward() -> None:
    start = fields.parse_start("2027-03-28 03:30", zone=BUCHAREST, now=NOW)
    assert start == datetime(2027, 3, 28, 4, 30, tzinfo=BUCHAREST)
    assert isinstance(start, datetime)
    assert start.utcoffset() == timedelta(hours=3)


@pytest.mark.parametrize(
    ("text", "hours"),
    [("16:30", 2.5), ("90m", 1.5), ("2h", 2), ("1h30", 1.5), ("2026-12-04 10:00", 20)],
)
def test_end_forms(text: str, hours: float) -> None:
    start = datetime(2026, 12, 3, 14, 0, tzinfo=BUCHAREST)
    end = fields.parse_end(text, start=start)
    assert isinstance(end, datetime)
    assert end - start == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("text", "code"),
    [("12:00", "end_before_start"), ("0m", "end_format"), ("soon", "end_format"),
     ("2026-12-30 10:00", "too_long")],
)  # fmt: skip
def test_end_refusals(text: str, code: str) -> None:
    start = datetime(2026, 12, 3, 14, 0, tzinfo=BUCHAREST)
    result = fields.parse_end(text, start=start)
    assert isinstance(result, Problem)
    assert result.code == code


def test_place_link_or_both() -> None:
    assert fields.parse_place("Room 4, Iași") == ("Room 4, Iași", None)
    assert fields.parse_place("https://meet.example.org/x") == (None, "https://meet.example.org/x")
    assert fields.parse_place("www.example.org/x") == (None, "https://www.example.org/x")
    assert fields.parse_place("Hub | https://e.org/x") == ("Hub", "https://e.org/x")
    # Not a link (only http and https are): kept as the text of a place, shown escaped.
    assert fields.parse_place("javascript:alert(1)") == ("javascript:alert(1)", None)
    bad_places = (("https://exa mple.org", "link"), ("https://localhost/x", "link"),
                  (" | ", "place_empty"))  # fmt: skip
    for bad, code in bad_places:
        result = fields.parse_place(bad)
        assert isinstance(result, Problem), bad
        assert result.code == code, bad


def test_capacity_and_related_calls() -> None:
    assert fields.parse_capacity("25") == 25
    assert fields.parse_capacity("Unlimited") is None
    assert fields.parse_capacity("0") is None
    assert isinstance(fields.parse_capacity("-3"), Problem)
    assert isinstance(fields.parse_capacity("²"), Problem)
    assert fields.parse_related("A-1, B/2 A-1") == ["A-1", "B/2"]
    assert fields.parse_related("-") == []
    assert isinstance(fields.parse_related(", ".join(f"C{i}" for i in range(11))), Problem)
    assert isinstance(fields.parse_related("<script>"), Problem)


def test_rsvp_must_close_before_the_start() -> None:
    start = datetime(2026, 12, 3, 14, 0, tzinfo=BUCHAREST)
    ok = fields.parse_rsvp_close("2026-12-02 18:00", zone=BUCHAREST, now=NOW, start=start)
    assert ok == datetime(2026, 12, 2, 18, 0, tzinfo=BUCHAREST)
    late = fields.parse_rsvp_close("2026-12-03 15:00", zone=BUCHAREST, now=NOW, start=start)
    assert isinstance(late, Problem)
    assert late.code == "rsvp_after_start"


@given(st.text(max_size=80))
def test_no_input_ever_raises(text: str) -> None:
    start = datetime(2026, 12, 3, 14, 0, tzinfo=BUCHAREST)
    for result in (
        fields.parse_title(text),
        fields.parse_description(text),
        fields.parse_start(text, zone=BUCHAREST, now=NOW),
        fields.parse_end(text, start=start),
        fields.parse_place(text),
        fields.parse_capacity(text),
        fields.parse_related(text),
    ):
        assert result is None or isinstance(result, (str, int, list, tuple, datetime, Problem))
    started = fields.parse_start(text, zone=BUCHAREST, now=NOW)
    if isinstance(started, datetime):
        assert started > NOW
    ended = fields.parse_end(text, start=start)
    if isinstance(ended, datetime):
        assert start < ended <= start + fields.LONGEST
