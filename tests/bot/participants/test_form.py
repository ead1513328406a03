"""The registration form: each field once, sensitive ones only after consent."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.participants.fields import CHOICES, PREFER_NOT, SENSITIVE, Field
from bot.participants.form import (
    ORDER,
    Answers,
    Ask,
    AskConsent,
    clean_text,
    next_question,
    normalised,
    remaining,
    valid,
)

FORM = ["disability", "gender", "job_title", "bogus", "gender", "rural_area"]


def test_ready_and_esf_fields_first_then_consent_then_sensitive() -> None:
    assert normalised(FORM) == (Field.JOB_TITLE, Field.GENDER, Field.DISABILITY, Field.RURAL_AREA)
    answers = Answers({})
    assert next_question(FORM, answers) == Ask(Field.JOB_TITLE)
    answers = Answers({Field.JOB_TITLE: "Director"})
    assert next_question(FORM, answers) == Ask(Field.GENDER)
    answers = Answers({Field.JOB_TITLE: "Director", Field.GENDER: PREFER_NOT})
    assert next_question(FORM, answers) == AskConsent((Field.DISABILITY, Field.RURAL_AREA))
    consented = Answers(answers.values, consented=True)
    assert next_question(FORM, consented) == Ask(Field.DISABILITY)
    declined = Answers(answers.values, declined=True)
    assert next_question(FORM, declined) is None
    assert remaining(FORM, declined) == 0
    assert remaining(FORM, consented) == 2


def test_a_form_without_fields_asks_nothing() -> None:
    assert next_question([], Answers({})) is None


ANSWER = st.sampled_from(["x", PREFER_NOT])


@given(
    form=st.lists(st.sampled_from([f.value for f in Field]), max_size=12),
    answered=st.dictionaries(st.sampled_from(list(Field)), ANSWER),
    consented=st.booleans(),
    declined=st.booleans(),
)
def test_never_asks_an_answered_field_nor_a_sensitive_one_without_consent(
    form: list[str], answered: dict[Field, str], consented: bool, declined: bool
) -> None:
    answers = Answers(dict(answered), consented=consented, declined=declined and not consented)
    question = next_question(form, answers)
    if isinstance(question, Ask):
        assert question.field.value in form
        assert question.field not in answered
        if question.field in SENSITIVE:
            assert answers.consented
    elif isinstance(question, AskConsent):
        assert not answers.consented
        assert not answers.declined
        assert all(f in SENSITIVE for f in question.fields)
    else:
        # Done: everything asked, or only sensitive questions left that were declined.
        left = [f for f in normalised(form) if f not in answered]
        assert all(f in SENSITIVE for f in left)
        assert not left or answers.declined


def test_answering_every_question_in_turn_ends() -> None:
    form = [f.value for f in ORDER]
    values: dict[Field, str | None] = {}
    answers = Answers(values)
    asked = []
    for _ in range(len(ORDER) + 2):
        question = next_question(form, answers)
        if question is None:
            break
        if isinstance(question, AskConsent):
            answers = Answers(dict(values), consented=True)
            continue
        asked.append(question.field)
        values[question.field] = PREFER_NOT
        answers = Answers(dict(values), consented=answers.consented)
    assert asked == list(ORDER)


def test_validation() -> None:
    assert clean_text("  Project\n  manager ") == "Project manager"
    assert clean_text("   ") is None
    assert clean_text("x" * 121) is None
    assert valid(Field.JOB_TITLE, "Project manager", consented=False)
    assert not valid(Field.JOB_TITLE, " padded", consented=False)
    assert valid(Field.GENDER, "female", consented=False)
    assert valid(Field.GENDER, PREFER_NOT, consented=False)
    assert not valid(Field.GENDER, "yes", consented=False)
    assert not valid(Field.DISABILITY, "yes", consented=False)
    assert valid(Field.DISABILITY, "yes", consented=True)
    assert all(valid(Field.AGE_BAND, code, consented=False) for code in CHOICES[Field.AGE_BAND])
