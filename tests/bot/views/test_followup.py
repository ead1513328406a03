"""Golden screens of the follow-up, surveys and proposals in every language, with hostile text."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.followup.types import ActionInfo, Candidate, FollowUpInfo
from bot.proposals.types import ProposalInfo
from bot.surveys.types import AnswerValue, Question, Sheet, SurveyInfo
from bot.views import followup, proposals
from bot.views.surveys import answer, compose
from tests.bot.views.coordinator_data import HOSTILE, LANGUAGES, screens, settings, tr
from tests.snapshots import assert_text

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
INFO = FollowUpInfo(12, f"Green skills {HOSTILE}", 3, 9, 11, 1, 1, feedback_hours=2)
SENT = FollowUpInfo(12, "Green skills", 0, 2, 3, 0, 0, feedback_hours=0, feedback_sent=True)
OPEN_ITEM = ActionInfo(
    5, 12, f"Green skills {HOSTILE}", "open", f"Draft {HOSTILE}", 7, f"Ana · {HOSTILE}",
    date(2026, 12, 10), datetime(2026, 12, 9, 22, 0, tzinfo=UTC), None, None,
)  # fmt: skip
LATE_ITEM = ActionInfo(
    6, 12, "Green skills", "open", "Book the venue", 8, "Bogdan · Tech Hub",
    date(2026, 12, 1), datetime(2026, 11, 30, 22, 0, tzinfo=UTC), None, None,
)  # fmt: skip
DONE_ITEM = ActionInfo(
    7, 12, "Green skills", "done", "Send slides", 8, "Bogdan · Tech Hub",
    date(2026, 12, 2), datetime(2026, 12, 1, 22, 0, tzinfo=UTC), None, NOW,
)  # fmt: skip
SURVEY = SurveyInfo(
    4, "survey", "open", f"Priorities {HOSTILE}", "topic", "vet", None, None,
    (
        Question(10, 0, "single", f"Which {HOSTILE}?", ("Erasmus+", f"Interreg {HOSTILE}")),
        Question(11, 1, "multiple", "Support?", ("Partners", "Writing", "Budget")),
        Question(12, 2, "rating", "Useful?"),
        Question(13, 3, "text", "Anything else?"),
    ),
    recipients=5,
)  # fmt: skip
FEEDBACK = SurveyInfo(
    5, "feedback", "open", f"Clinic {HOSTILE}", "attended", "12", None, 12,
    (
        Question(20, 0, "rating", "Overall, how was the workshop?", builtin=True),
        Question(
            21, 1, "multiple", "What should come next?",
            ("Meeting possible partners", "A workshop on another topic"), builtin=True,
        ),
    ),
    recipients=3,
)  # fmt: skip
ANSWERS = [
    AnswerValue(10, choices=(1,)),
    AnswerValue(10, skipped=True),
    AnswerValue(11, choices=(0, 2)),
    AnswerValue(12, rating=4),
    AnswerValue(12, rating=5),
    AnswerValue(13, text=f"More {HOSTILE}"),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_follow_up_screens(language: str) -> None:
    t = tr(language)
    zone = "Europe/Bucharest"
    assert_text(
        f"followup/screens.{language}",
        screens(
            menu=followup.follow_up(t, INFO, [OPEN_ITEM, LATE_ITEM, DONE_ITEM], now=NOW, zone=zone),
            poll_sent=followup.follow_up(t, SENT, [], now=NOW, zone=zone),
            materials=followup.materials_prompt(t, 12, "attended", 3),
            queued=followup.material_queued(t, 12, 9),
            owners=followup.ask_owner(t, OPEN_ITEM, [Candidate(7, HOSTILE, "Asociația Verde")]),
            saved=followup.action_saved(t, OPEN_ITEM),
            assigned=followup.assigned(t, OPEN_ITEM),
            reminder=followup.reminder(t, OPEN_ITEM),
            done=followup.done_card(t, DONE_ITEM),
            actions=followup.actions_list(
                t, [OPEN_ITEM], [OPEN_ITEM, LATE_ITEM], now=NOW, zone=zone
            ),
            nothing=followup.actions_list(t, [], None, now=NOW, zone=zone),
            overdue=followup.overdue_section(t, [LATE_ITEM]),
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_survey_screens(language: str) -> None:
    t = tr(language)
    sheet = Sheet(SURVEY, {10: AnswerValue(10, choices=(1,)), 11: AnswerValue(11, choices=(0,))})
    closed = Sheet(
        SurveyInfo(4, "survey", "closed", "Priorities", "all", None, None, None, SURVEY.questions),
        {13: AnswerValue(13, skipped=True)},
    )
    assert_text(
        f"surveys/screens.{language}",
        screens(
            questions=compose.questions(t, SURVEY),
            ask_choice=compose.ask_question(t, 4, "single"),
            preview=compose.preview(t, settings(), SURVEY, count=5),
            listing=compose.listing(t, [(SURVEY, 2), (FEEDBACK, 1)]),
            results=compose.results(t, SURVEY, ANSWERS, 3),
            feedback_results=compose.results(t, FEEDBACK, [AnswerValue(20, rating=5)], 1),
            invitation=answer.invitation(t, SURVEY),
            feedback_invitation=answer.invitation(t, FEEDBACK),
            single=answer.question_screen(t, sheet, SURVEY.questions[0], review=False),
            multiple=answer.question_screen(t, sheet, SURVEY.questions[1], review=True),
            rating=answer.question_screen(t, sheet, SURVEY.questions[2], review=False),
            text=answer.question_screen(t, sheet, SURVEY.questions[3], review=False),
            feedback=answer.question_screen(
                t, Sheet(FEEDBACK), FEEDBACK.questions[1], review=False
            ),
            summary=answer.summary(t, sheet),
            closed=answer.summary(t, closed),
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_proposal_screens(language: str) -> None:
    t = tr(language)
    items = [
        ProposalInfo(
            3, "present", "open", f"Green {HOSTILE}", f"Toolkit {HOSTILE}", HOSTILE, 2, NOW,
            voted=True,
        ),
        ProposalInfo(4, "learn", "open", "Budgeting Interreg", "", "Tech Hub", 1, NOW, mine=True),
        ProposalInfo(5, "learn", "open", "Lump sums", "", "Fundación Sol", 0, NOW),
    ]  # fmt: skip
    assert_text(
        f"proposals/screens.{language}",
        screens(
            kind=proposals.ask_kind(t),
            details=proposals.ask_details(t, 3),
            listed=proposals.listed(t, items[0]),
            members=proposals.ranking(t, items, coordinator=False),
            coordinators=proposals.ranking(t, items, coordinator=True),
            empty=proposals.ranking(t, [], coordinator=False),
            drafted=proposals.drafted(t, items[0]),
            credit=proposals.credit_line(t, items[0]),
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_largest_screens_fit_a_message(language: str) -> None:
    t = tr(language)
    questions = tuple(
        Question(100 + n, n, "single", "Q" * 300, tuple(f"{n}{i}" + "o" * 58 for i in range(8)))
        for n in range(10)
    )
    survey = SurveyInfo(9, "survey", "open", "T" * 200, "all", None, None, None, questions)
    answers = [AnswerValue(100 + n, choices=(1,)) for n in range(10)]
    answers += [AnswerValue(100, text="x" * 1000) for _ in range(30)]
    full = Sheet(survey, {a.question_id: a for a in answers[:10]})
    items = [
        ActionInfo(
            n, n % 3, "W" * 200, "open", "A" * 500, n, "O" * 200, date(2026, 12, 1),
            datetime(2026, 12, 1, 22, 0, tzinfo=UTC), None, None,
        )
        for n in range(60)
    ]  # fmt: skip
    shown = [
        compose.questions(t, survey).text,
        compose.preview(t, settings(), survey, count=5).text,
        compose.results(t, survey, answers, 30).text,
        answer.summary(t, full).text,
        followup.follow_up(t, INFO, items, now=NOW, zone="Europe/Bucharest").text,
        followup.actions_list(t, items, items, now=NOW, zone="Europe/Bucharest").text,
        followup.overdue_section(t, items),
    ]
    assert all(len(text) <= 4096 for text in shown), [len(text) for text in shown]
