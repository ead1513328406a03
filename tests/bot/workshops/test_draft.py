"""The guided draft as a pure step machine: what each input saves and where the flow goes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.workshops import draft as machine
from bot.workshops.draft import Advance
from bot.workshops.fields import Problem
from bot.workshops.types import Counts, WorkshopInfo

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
LANGUAGES = ("en", "ro", "es")
FLOW = machine.STEPS[:-1]


def make_draft(step: str | None = "title", *, edits_id: int | None = None) -> WorkshopInfo:
    return WorkshopInfo(
        id=12, status="draft", title="", description="", starts_at=None, ends_at=None,
        timezone="Europe/Bucharest", place=None, url=None, language="en", capacity=None,
        topics=(), audience="topics", rsvp_closes_at=None, related_calls=(), created_by=9000,
        organiser_name="Carmen", draft_step=step, edits_id=edits_id, sequence=0,
        created_at=NOW, counts=Counts(),
    )  # fmt: skip


def run(draft: WorkshopInfo, given_input: machine.Input) -> Advance | Problem | None:
    return machine.step(draft, given_input, now=NOW, languages=LANGUAGES)


def test_the_whole_flow_walks_every_step_in_order() -> None:
    answers: list[machine.Input] = [
        machine.Text("Writing a winning ESF+ application"),
        machine.Skip("description"),
        machine.Text("2026-12-03 14:00"),
        machine.Text("2h"),
        machine.Text("INEXA hub | https://meet.example.org/x"),
        machine.Language("ro"),
        machine.Unlimited(),
        machine.TopicsDone(),
        machine.AtStart(),
        machine.Text("ESF-2026-VET-01"),
    ]
    draft = make_draft()
    visited = [draft.draft_step]
    for answer in answers:
        result = run(draft, answer)
        assert isinstance(result, Advance), (draft.draft_step, result)
        draft = replace(draft, draft_step=result.step, **result.values)  # type: ignore[arg-type]
        visited.append(draft.draft_step)
    assert tuple(visited) == machine.STEPS
    assert draft.title == "Writing a winning ESF+ application"
    assert draft.starts_at == datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    assert draft.ends_at == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    assert (draft.place, draft.url) == ("INEXA hub", "https://meet.example.org/x")
    assert draft.language == "ro"
    assert list(draft.related_calls) == ["ESF-2026-VET-01"]
    assert machine.missing_fields(draft) == []


def test_a_refused_value_stays_at_its_step_with_the_reason() -> None:
    assert run(make_draft("title"), machine.Text("ab")) == Problem("title_length")
    assert run(make_draft("start"), machine.Text("tomorrow")) == Problem("datetime_format")
    assert run(make_draft("end"), machine.Text("2h")) == Problem("end_before_start")
    assert run(make_draft("rsvp_close"), machine.Text("2026-12-01 10:00")) == Problem(
        "datetime_format"
    )


def test_text_for_a_button_step_and_stale_buttons_do_not_fit() -> None:
    assert run(make_draft("language"), machine.Text("en")) is None
    assert run(make_draft("topics"), machine.Text("vet")) is None
    assert run(make_draft("language"), machine.Language("xx")) is None
    assert run(make_draft("description"), machine.Skip("title")) is None
    assert run(make_draft(None), machine.Unlimited()) is None


def test_moving_the_start_keeps_the_length_and_drops_a_late_closing_time() -> None:
    draft = replace(
        make_draft("start!"),
        starts_at=START,
        ends_at=START + timedelta(minutes=90),
        rsvp_closes_at=START - timedelta(hours=1),
    )
    result = run(draft, machine.Text("2026-12-01 10:00"))
    assert isinstance(result, Advance)
    assert result.step == "preview"
    new_start = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert result.values["starts_at"] == new_start
    assert result.values["ends_at"] == new_start + timedelta(minutes=90)
    assert result.values["rsvp_closes_at"] is None


def test_capacity_accepts_numbers_and_words_for_unlimited() -> None:
    assert run(make_draft("capacity"), machine.Text("25")) == Advance("topics", {"capacity": 25})
    assert run(make_draft("capacity"), machine.Text("unlimited")) == Advance(
        "topics", {"capacity": None}
    )
    assert run(make_draft("capacity"), machine.Text("lots")) == Problem("capacity")


def test_edits_and_single_field_changes_return_to_the_preview() -> None:
    assert run(make_draft("title!"), machine.Text("New title")) == Advance(
        "preview", {"title": "New title"}
    )
    edit = make_draft("place", edits_id=3)
    assert run(edit, machine.Text("Room 2")) == Advance("preview", {"place": "Room 2", "url": None})


def test_an_edit_offers_fewer_fields_than_a_new_draft() -> None:
    new, edit = make_draft("preview"), make_draft("preview", edits_id=3)
    assert machine.edit_step(new, "topics") == "topics!"
    assert machine.edit_step(edit, "topics") is None
    assert machine.edit_step(edit, "start") == "start!"
    assert machine.edit_step(new, "audience") is None
    assert set(machine.editable(edit)) < set(machine.editable(new))


def test_missing_and_changed_fields() -> None:
    empty = make_draft()
    assert machine.missing_fields(empty) == ["title", "start", "end", "place"]
    ready = replace(empty, title="T", starts_at=START, ends_at=START, url="https://x.org")
    assert machine.missing_fields(ready) == []
    moved = replace(ready, starts_at=START + timedelta(hours=1), capacity=3, place="Hall")
    assert machine.changed_fields(ready, moved) == ("time", "place", "capacity")
    assert machine.changed_fields(ready, ready) == ()


@given(st.sampled_from(FLOW), st.booleans(), st.booleans())
def test_the_next_step_never_goes_back_and_ends_at_the_preview(
    step: str, single: bool, edit: bool
) -> None:
    draft = make_draft(step + (machine.SINGLE if single else ""), edits_id=3 if edit else None)
    following = machine.next_step(draft)
    assert following in machine.STEPS
    if single or edit:
        assert following == "preview"
    else:
        assert machine.STEPS.index(following) == machine.STEPS.index(step) + 1


@given(
    st.lists(st.sampled_from(["vet", "green", "digital", "social"]), max_size=4, unique=True),
    st.sampled_from(["vet", "green", "digital", "social"]),
    st.booleans(),
)
def test_a_topic_press_sets_its_target_state_and_is_idempotent(
    topics: list[str], topic: str, on: bool
) -> None:
    once = machine.toggled(tuple(topics), topic, on)
    assert (topic in once) is on
    assert len(once) == len(set(once))
    assert set(once) - {topic} == set(topics) - {topic}
    assert machine.toggled(tuple(once), topic, on) == once


@given(st.text(max_size=300))
def test_any_typed_text_gives_an_advance_or_a_problem_never_an_error(text: str) -> None:
    for step in sorted(machine.TEXT_STEPS):
        draft = replace(make_draft(step), starts_at=START, ends_at=START + timedelta(hours=2))
        result = run(draft, machine.Text(text))
        assert isinstance(result, Advance | Problem)
        if isinstance(result, Advance):
            assert result.step == machine.next_step(draft)
            assert set(result.values) <= set(machine.COPIED)


def test_the_publish_audiences() -> None:
    assert machine.AUDIENCES == {"t": "topics", "a": "all"}
    with pytest.raises(ValueError, match="not in the guided flow"):
        machine.next_step(make_draft(None))


def test_the_registration_form_is_chosen_from_the_preview_of_a_new_draft() -> None:
    draft = make_draft("preview")
    assert machine.edit_step(draft, "form") == "form!"
    assert machine.edit_step(make_draft("preview", edits_id=3), "form") is None
    assert run(replace(draft, draft_step="form!"), machine.FormDone()) == Advance("preview", {})
    # The form and the link rule travel with an edit copy.
    assert {"registration_fields", "link_after_checkin"} <= set(machine.COPIED)
