"""Proposals rank by votes, then by age; topics and details are tidied and bounded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.proposals.types import ProposalInfo, clean_details, clean_topic, ranked

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _proposal(number: int, votes: int, age: int) -> ProposalInfo:
    return ProposalInfo(
        number, "learn", "open", f"T{number}", "", "", votes, T0 + timedelta(hours=age)
    )


def test_most_votes_first_then_the_oldest() -> None:
    items = [_proposal(1, 1, 5), _proposal(2, 3, 9), _proposal(3, 1, 2), _proposal(4, 0, 0)]
    assert [p.id for p in ranked(items)] == [2, 3, 1, 4]


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 1000)), max_size=30))
def test_ranking_never_puts_fewer_votes_above_more(pairs: list[tuple[int, int]]) -> None:
    order = ranked([_proposal(i, votes, age) for i, (votes, age) in enumerate(pairs)])
    assert [p.votes for p in order] == sorted((p.votes for p in order), reverse=True)


def test_topics_and_details() -> None:
    assert clean_topic("  Budgeting   Interreg ") == "Budgeting Interreg"
    assert clean_topic("ab") is None
    assert clean_topic("x" * 121) is None
    assert clean_details("  details \n") == "details"
    assert clean_details("   ") is None
    assert clean_details("x" * 501) is None
