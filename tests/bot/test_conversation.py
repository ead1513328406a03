"""The conversation-state value: its text form round-trips, and only a draft is worth a note."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.conversation import DRAFT_KINDS, KINDS, MEMBER_KINDS, Waiting, abandoned

refs = st.one_of(
    st.none(),
    st.from_regex(r"[a-z0-9_!]{1,20}(:[a-z0-9_!]{1,20})?", fullmatch=True),
)


@given(kind=st.sampled_from(sorted(KINDS)), ref=refs)
def test_the_text_form_round_trips(kind: str, ref: str | None) -> None:
    waiting = Waiting(kind, ref)
    assert Waiting.parse(str(waiting)) == waiting


@given(draft_id=st.integers(1, 10**9), step=st.sampled_from(["title", "title!", "preview"]))
def test_a_draft_reference_names_its_draft_and_step(draft_id: int, step: str) -> None:
    for kind in DRAFT_KINDS:
        waiting = Waiting.parse(f"{kind}:{draft_id}:{step}")
        assert (waiting.draft_id, waiting.step) == (draft_id, step)


@given(
    before=st.builds(Waiting, st.sampled_from(sorted(MEMBER_KINDS)), refs),
    now=st.one_of(st.none(), st.builds(Waiting, st.sampled_from(sorted(KINDS)), refs)),
)
def test_a_member_question_is_replaced_without_a_word(before: Waiting, now: Waiting | None) -> None:
    assert abandoned(before, now) is None


@given(
    kind=st.sampled_from(sorted(DRAFT_KINDS)),
    draft_id=st.integers(1, 10**6),
    other=st.integers(1, 10**6),
    new_kind=st.sampled_from(sorted(KINDS)),
)
def test_turning_away_from_a_draft_is_noted_unless_it_is_the_same_draft(
    kind: str, draft_id: int, other: int, new_kind: str
) -> None:
    before = Waiting(kind, f"{draft_id}:title")
    assert abandoned(before, None) == before
    assert abandoned(before, Waiting(kind, f"{draft_id}:description")) is None
    now = Waiting(new_kind, f"{other}:title" if new_kind in DRAFT_KINDS else None)
    same = new_kind == kind and other == draft_id
    assert abandoned(before, now) == (None if same else before)


@pytest.mark.parametrize("text", ["", "awaiting", "include", "keywords:" + "x" * 60])
def test_unknown_kinds_and_oversized_references_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="conversation"):
        Waiting.parse(text)
