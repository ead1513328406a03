"""What coordinators see of surveys: the draft, its audience and preview, the list, results."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from babel.numbers import format_decimal
from telegram import InlineKeyboardButton

from bot.buttons.surveys import SurveyAdd, SurveyAudience, SurveyDraft, SurveyResults
from bot.config import Settings
from bot.core import countries, dates
from bot.core.i18n import Translator
from bot.core.orgtypes import ORG_TYPES
from bot.core.render import esc, excerpt
from bot.surveys import results as tallies
from bot.surveys.rules import OPTION_MAX, OPTIONS_MAX, OPTIONS_MIN, QUESTIONS_MAX
from bot.surveys.types import AnswerValue, QuestionKind, SurveyInfo
from bot.views.broadcast import audience_name
from bot.views.common import Screen, button, keyboard, label, rows
from bot.views.surveys.answer import text_of
from bot.workshops.types import WorkshopInfo

#: Room for the results' text (Telegram's limit is 4096).
RESULTS_MAX = 3800
#: Free-text answers shown per question in chat (the CSV has all).
TEXTS_SHOWN = 10


def kind_name(tr: Translator, kind: QuestionKind) -> str:
    """A question kind, named."""
    names = {
        "single": tr.gettext("Single choice"),
        "multiple": tr.gettext("Multiple choice"),
        "rating": tr.gettext("Rating 1-5"),
        "text": tr.gettext("Free text"),
    }
    return names[kind]


def ask_title(tr: Translator, survey_id: int) -> Screen:
    """The first step: the survey's title."""
    return Screen(
        tr.gettext("New survey. Send its title (3-200 characters)."),
        keyboard([[button(tr.gettext("Discard"), SurveyDraft(survey_id, "discard"))]]),
    )


def bad_title(tr: Translator) -> Screen:
    """A title too short or long."""
    return Screen(tr.gettext("Please send a title of 3 to 200 characters."))


def _question_lines(tr: Translator, survey: SurveyInfo, *, compact: bool = False) -> list[str]:
    """The questions with their options; ``compact``: short question texts and options on one
    line (ten long questions with eight options each exceed a message)."""
    lines = []
    for question in survey.questions:
        text = text_of(tr, survey, question.text)
        if compact:
            text = excerpt(text, 90)
        lines.append(
            f"{question.position + 1}. <b>{esc(text)}</b> <i>({kind_name(tr, question.kind)})</i>"
        )
        if compact and question.options:
            options = " / ".join(excerpt(text_of(tr, survey, o), 20) for o in question.options)
            lines.append(f"   ▫️ {esc(options)}")
        else:
            lines += [f"   ▫️ {esc(text_of(tr, survey, o))}" for o in question.options]
    return lines


def _with_questions(tr: Translator, survey: SurveyInfo, before: list[str], after: list[str]) -> str:
    """``before``, the questions, ``after``: compact when the full list does not fit."""
    text = "\n".join([*before, *_question_lines(tr, survey), *after])
    if len(text) <= RESULTS_MAX:
        return text
    return "\n".join([*before, *_question_lines(tr, survey, compact=True), *after])


def questions(tr: Translator, survey: SurveyInfo) -> Screen:
    """The draft's questions and what to do next."""
    head = [f"📋 <b>{esc(survey.title)}</b>", ""]
    if not survey.questions:
        head.append(tr.gettext("No question yet."))
    tail = [
        "",
        tr.gettext(
            "Add up to %(max)s questions, then choose who gets the survey.", max=QUESTIONS_MAX
        ),
    ]
    text = _with_questions(tr, survey, head, tail)
    sid = survey.id
    buttons: list[list[InlineKeyboardButton]] = []
    if len(survey.questions) < QUESTIONS_MAX:
        adds = [
            button("➕ " + kind_name(tr, kind), SurveyAdd(sid, kind))
            for kind in ("single", "multiple", "rating", "text")
        ]
        buttons += rows(adds, 2)
    if survey.questions:
        buttons.append(
            [button("↩️ " + tr.gettext("Remove the last question"), SurveyDraft(sid, "drop"))]
        )
        buttons.append(
            [button(tr.gettext("Choose the audience") + " ▶️", SurveyDraft(sid, "audience"))]
        )
    buttons.append([button(tr.gettext("Discard"), SurveyDraft(sid, "discard"))])
    return Screen(text, keyboard(buttons))


def ask_question(tr: Translator, survey_id: int, kind: QuestionKind) -> Screen:
    """A question of ``kind``: its text, and for choices its options, one per line."""
    if kind in {"single", "multiple"}:
        text = tr.gettext(
            "Send the question on the first line and each option on its own line below it "
            "(%(min)s to %(max)s options, %(length)s characters each).",
            min=OPTIONS_MIN,
            max=OPTIONS_MAX,
            length=OPTION_MAX,
        )
    else:
        text = tr.gettext("Send the question.")
    heading = "<b>" + kind_name(tr, kind) + "</b>"
    back = [[button("◀️ " + tr.gettext("Back"), SurveyDraft(survey_id, "questions"))]]
    return Screen(f"{heading}\n{text}", keyboard(back))


def question_problem(tr: Translator, code: str) -> Screen:
    """Why a typed question cannot be used."""
    texts = {
        "length": tr.gettext("The question needs 3 to 300 characters."),
        "options": tr.gettext(
            "Give %(min)s to %(max)s options, each on its own line.",
            min=OPTIONS_MIN,
            max=OPTIONS_MAX,
        ),
        "option_length": tr.gettext("Each option can have at most %(n)s characters.", n=OPTION_MAX),
        "duplicate": tr.gettext("Two options are the same."),
    }
    return Screen(texts.get(code, texts["length"]))


def audience_menu(tr: Translator, survey_id: int, *, everyone: int) -> Screen:
    """Who gets the survey: everyone, or a list by topic, country, type, workshop."""
    return Screen(
        tr.gettext("Who should get it?"),
        keyboard(
            [
                [
                    button(
                        tr.gettext("All members (%(n)s)", n=everyone),
                        SurveyAudience(survey_id, "all", None),
                    )
                ]
            ],
            [
                [
                    button(tr.gettext("By topic"), SurveyAudience(survey_id, "menu", "topic")),
                    button(tr.gettext("By country"), SurveyAudience(survey_id, "menu", "country")),
                ],
                [
                    button(
                        tr.gettext("By organisation type"),
                        SurveyAudience(survey_id, "menu", "org_type"),
                    ),
                    button(
                        tr.gettext("Who attended a workshop"),
                        SurveyAudience(survey_id, "menu", "attended"),
                    ),
                ],
                [button("◀️ " + tr.gettext("Back"), SurveyDraft(survey_id, "questions"))],
            ],
        ),
    )


def audience_choices(
    tr: Translator,
    settings: Settings,
    survey_id: int,
    menu: str,
    *,
    member_countries: Sequence[str],
    workshops: Sequence[WorkshopInfo],
) -> Screen:
    """One audience kind's list (workshops: the latest that have started)."""
    choices: list[tuple[str, str]]
    if menu == "topic":
        choices = [(t.id, label(t, tr.language)) for t in settings.taxonomy.topics]
    elif menu == "country":
        choices = [(c, countries.name(c, tr.language)) for c in member_countries]
    elif menu == "org_type":
        choices = [(key, tr.gettext(text)) for key, text in ORG_TYPES.items()]
    else:
        choices = [(str(w.id), f"#{w.id} {excerpt(w.title, 40)}") for w in workshops]
    step = menu if menu in {"topic", "country", "org_type"} else "attended"
    options = [button(name, SurveyAudience(survey_id, step, key)) for key, name in choices]  # type: ignore[arg-type]
    per_row = 1 if step == "attended" else 2
    back = [[button("◀️", SurveyAudience(survey_id, "back", None))]]
    if not options:
        return Screen(tr.gettext("Nothing to choose from yet."), keyboard(back))
    return Screen(tr.gettext("Choose one:"), keyboard(rows(options, per_row), back))


def preview(tr: Translator, settings: Settings, survey: SurveyInfo, *, count: int) -> Screen:
    """The survey as a whole, its audience and recipients; send, change, discard."""
    who = audience_name(tr, settings, survey.audience, survey.audience_value)
    head = ["👀 " + tr.gettext("Preview"), "", f"📋 <b>{esc(survey.title)}</b>", ""]
    tail = [
        "",
        tr.ngettext(
            "Audience: %(audience)s, %(n)s recipient.",
            "Audience: %(audience)s, %(n)s recipients.",
            count,
            audience=esc(who),
        ),
    ]
    sid = survey.id
    buttons: list[list[InlineKeyboardButton]] = []
    if count:
        buttons.append(
            [button("📤 " + tr.gettext("Send to %(n)s", n=count), SurveyDraft(sid, "send"))]
        )
    buttons.append([button(tr.gettext("Change the audience"), SurveyAudience(sid, "back", None))])
    buttons.append([button(tr.gettext("Discard"), SurveyDraft(sid, "discard"))])
    return Screen(_with_questions(tr, survey, head, tail), keyboard(buttons))


def sent(tr: Translator, survey_id: int, count: int) -> Screen:
    """The survey went out."""
    return Screen(
        "✅ "
        + tr.ngettext(
            "Survey #%(id)s sent to %(n)s member. Results fill in as they answer: /surveys",
            "Survey #%(id)s sent to %(n)s members. Results fill in as they answer: /surveys",
            count,
            id=survey_id,
        ),
        keyboard([[button("📊 " + tr.gettext("Results"), SurveyResults(survey_id, "show"))]]),
    )


def discarded(tr: Translator) -> Screen:
    """The draft was thrown away."""
    return Screen(tr.gettext("Discarded. Nothing was sent."))


def listing(tr: Translator, items: Sequence[tuple[SurveyInfo, int]]) -> Screen:
    """/surveys: sent surveys with how many answered; a button for each one's results."""
    if not items:
        return Screen(tr.gettext("No survey has been sent yet. /newsurvey writes one."))
    lines = ["<b>" + tr.gettext("Surveys") + "</b>"]
    buttons = []
    for survey, answered in items:
        state = tr.gettext("open") if survey.status == "open" else tr.gettext("closed")
        title = esc(survey.title)
        if survey.kind == "feedback":
            title = tr.gettext("Feedback: %(title)s", title=title)
        lines.append(
            f"#{survey.id} {title} — {state} — "
            + tr.gettext("%(n)s of %(total)s answered", n=answered, total=survey.recipients)
        )
        buttons.append(button(f"📊 #{survey.id}", SurveyResults(survey.id, "show")))
    lines += ["", tr.gettext("/newsurvey writes a new one.")]
    return Screen("\n".join(lines), keyboard(rows(buttons, 3)))


def results(
    tr: Translator, survey: SurveyInfo, answers: Sequence[AnswerValue], respondents: int
) -> Screen:
    """Live results: counts and percentages per option, mean ratings, free-text answers
    (never who gave them)."""
    state = tr.gettext("open") if survey.status == "open" else tr.gettext("closed")
    lines = [
        "📊 <b>"
        + tr.gettext("Results: %(title)s", title=esc(survey.title))
        + f"</b> (#{survey.id}, {state})",
        tr.gettext("%(n)s of %(total)s answered.", n=respondents, total=survey.recipients),
    ]
    for result in tallies.tally(survey, answers, tr.gettext):
        question = result.question
        lines += ["", f"{question.position + 1}. <b>{esc(text_of(tr, survey, question.text))}</b>"]
        for index, name in enumerate(result.labels):
            lines.append(f"   {esc(name)}: {result.counts[index]} ({result.percent(index)}%)")
        if result.mean is not None:
            mean = format_decimal(result.mean, format="0.0", locale=dates.locale(tr.language))
            lines.append("   " + tr.gettext("Average: %(mean)s", mean=mean))
        for text in result.texts[:TEXTS_SHOWN]:
            lines.append(f"   💬 “{esc(excerpt(text, 300))}”")
        if len(result.texts) > TEXTS_SHOWN:
            lines.append(
                "   " + tr.gettext("…and %(n)s more in the CSV.", n=len(result.texts) - TEXTS_SHOWN)
            )
        lines.append(
            "   "
            + tr.gettext("answered %(a)s · skipped %(s)s", a=result.answered, s=result.skipped)
        )
    text = "\n".join(lines)
    if len(text) > RESULTS_MAX:
        cut = text[:RESULTS_MAX].rsplit("\n", 1)[0]
        text = cut + "\n" + tr.gettext("(More in the CSV.)")
    sid = survey.id
    buttons = [
        [
            button("🔄 " + tr.gettext("Refresh"), SurveyResults(sid, "show")),
            button("📈 " + tr.gettext("Chart"), SurveyResults(sid, "chart")),
            button("⬇️ CSV", SurveyResults(sid, "csv")),
        ]
    ]
    if survey.status == "open":
        buttons.append([button("🔒 " + tr.gettext("Close answers"), SurveyResults(sid, "close"))])
    return Screen(text, keyboard(buttons))


def _cell(value: str) -> str:
    # Spreadsheets run cells that start with these as formulas (CSV injection).
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def results_csv(tr: Translator, survey: SurveyInfo, answers: Sequence[AnswerValue]) -> bytes:
    """The results as a CSV (UTF-8 with a BOM), from :func:`bot.surveys.results.rows`."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in tallies.rows(survey, answers, tr.gettext):
        writer.writerow([_cell(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def error_text(tr: Translator, code: str) -> str:
    """The words for a refused survey request."""
    texts = {
        "closed": tr.gettext("This survey is closed: answers can no longer change."),
        "no_draft": tr.gettext("This survey draft is no longer open."),
        "empty": tr.gettext("Add a question first."),
        "full": tr.gettext("A survey has at most %(n)s questions.", n=QUESTIONS_MAX),
        "not_member": tr.gettext("Please send /start first."),
        "unknown": tr.gettext("I do not know that survey."),
    }
    return texts.get(code, tr.gettext("This button is no longer valid."))
