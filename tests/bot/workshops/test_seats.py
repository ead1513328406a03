"""The seat rules: never more going than seats, the waitlist first come first served."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.workshops.seats import Answer, decide, due_reminder, label, promotable, rsvp_open

START = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
PRESSES = st.lists(
    st.tuples(st.integers(0, 9), st.sampled_from([Answer.GOING, Answer.MAYBE, Answer.NO])),
    max_size=60,
)


@given(capacity=st.one_of(st.none(), st.integers(1, 5)), presses=PRESSES)
def test_any_sequence_of_presses_keeps_the_invariants(
    capacity: int | None, presses: list[tuple[int, Answer]]
) -> None:
    state: dict[int, Answer] = {}
    queue: list[int] = []
    for member, requested in presses:
        going = sum(1 for a in state.values() if a is Answer.GOING)
        decision = decide(
            capacity=capacity, going=going, current=state.get(member), requested=requested
        )
        if decision.changed:
            if member in queue:
                queue.remove(member)
            state[member] = decision.status
            if decision.status is Answer.WAITLIST:
                queue.append(member)
        going = sum(1 for a in state.values() if a is Answer.GOING)
        for promoted in queue[: promotable(capacity, going, len(queue))]:
            state[promoted] = Answer.GOING
        queue = [m for m in queue if state[m] is Answer.WAITLIST]
        going = sum(1 for a in state.values() if a is Answer.GOING)
        if capacity is not None:
            assert going <= capacity
            # Nobody waits while a seat is free.
            assert not queue or going == capacity
        else:
            assert not queue


def test_double_taps_change_nothing() -> None:
    again = decide(capacity=3, going=1, current=Answer.GOING, requested=Answer.GOING)
    assert not again.changed
    waiting = decide(capacity=1, going=1, current=Answer.WAITLIST, requested=Answer.GOING)
    assert (waiting.status, waiting.changed) == (Answer.WAITLIST, False)
    gone = decide(capacity=1, going=1, current=Answer.GOING, requested=Answer.NO)
    assert gone.frees_seats == 1


def test_answers_close_at_the_closing_time_or_the_start() -> None:
    closes = START - timedelta(days=1)
    assert rsvp_open(now=closes - timedelta(seconds=1), starts_at=START, closes_at=closes)
    assert not rsvp_open(now=closes, starts_at=START, closes_at=closes)
    assert rsvp_open(now=START - timedelta(seconds=1), starts_at=START, closes_at=None)
    assert not rsvp_open(now=START, starts_at=START, closes_at=None)


def test_reminders_latest_only_never_after_the_start() -> None:
    hours = (24.0, 1.0)
    due = due_reminder(
        now=START - timedelta(hours=23), starts_at=START, hours=hours, sent=frozenset()
    )
    assert due is not None
    assert (due.label, due.done) == ("24h", frozenset({"24h"}))
    # The bot was down through both marks: only the nearest is sent, both recorded.
    late = due_reminder(
        now=START - timedelta(minutes=20), starts_at=START, hours=hours, sent=frozenset()
    )
    assert late is not None
    assert (late.label, late.done) == ("1h", frozenset({"1h", "24h"}))
    assert due_reminder(now=START - timedelta(minutes=20), starts_at=START, hours=hours,
                        sent=frozenset({"1h"})) is None  # fmt: skip
    assert due_reminder(now=START, starts_at=START, hours=hours, sent=frozenset()) is None
    assert label(1.5) == "90m"
