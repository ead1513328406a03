"""What members see of a survey: the invitation, one question at a time, their summary."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.buttons.surveys import SurveyChange, SurveyChoose, SurveyNext, SurveyStart, SurveyToggle
from bot.core.i18n import Translator
from bot.core.render import esc, excerpt
from bot.surveys.rules import RATINGS
from bot.surveys.types import AnswerValue, Question, Sheet, SurveyInfo
from bot.views.common import CHECK, Screen, button, keyboard, rows
from bot.views.workshops.notices import rendered
from bot.workshops.types import Rendered


def text_of(tr: Translator, survey: SurveyInfo, text: str) -> str:
    """A question's or option's text in the reader's language (the feedback poll's are catalog
    texts), plain."""
    return tr.gettext(text) if survey.builtin else text


def _title(tr: Translator, survey: SurveyInfo) -> str:
    if survey.kind == "feedback":
        return "📋 <b>" + tr.gettext("Feedback: %(title)s", title=esc(survey.title)) + "</b>"
    return f"📋 <b>{esc(survey.title)}</b>"


def invitation(tr: Translator, survey: SurveyInfo) -> Screen:
    """The message inviting a member to answer."""
    count = len(survey.questions)
    if survey.kind == "feedback":
        intro = tr.gettext(
            "How was the workshop “%(title)s”? Your answers help us plan the next ones.",
            title=esc(survey.title),
        )
    else:
        intro = tr.gettext("The alliance's coordinators would like your opinion.")
    lines = [
        _title(tr, survey),
        intro,
        tr.ngettext("%(n)s short question.", "%(n)s short questions.", count),
        tr.gettext("You can skip any question and change your answers until the survey closes."),
    ]
    return Screen(
        "\n".join(lines),
        keyboard([[button("▶️ " + tr.gettext("Start the survey"), SurveyStart(survey.id))]]),
    )


def answer_text(
    tr: Translator, survey: SurveyInfo, question: Question, value: AnswerValue | None
) -> str:
    """A member's answer to a question, in a sentence (HTML)."""
    if value is None:
        return tr.gettext("not answered")
    if value.skipped or not value.given:
        return tr.gettext("skipped")
    if question.kind in {"single", "multiple"}:
        chosen = [
            text_of(tr, survey, question.options[i])
            for i in value.choices
            if i < len(question.options)
        ]
        return esc(excerpt(", ".join(chosen), 200))
    if question.kind == "rating":
        return f"{value.rating}/5"
    return "“" + esc(excerpt(value.text or "", 100)) + "”"


def question_screen(tr: Translator, sheet: Sheet, question: Question, *, review: bool) -> Screen:
    """One question, with the member's current answer ticked; closed: no buttons."""
    survey = sheet.survey
    current = sheet.answers.get(question.id)
    total = len(survey.questions)
    hints = {
        "single": tr.gettext("Choose one."),
        "multiple": tr.gettext("Choose all that apply, then press Next."),
        "rating": tr.gettext("From 1 (poor) to 5 (excellent)."),
        "text": tr.gettext("Send your answer as a message."),
    }
    lines = [
        _title(tr, survey),
        tr.gettext("Question %(n)s of %(total)s", n=question.position + 1, total=total),
        "",
        f"<b>{esc(text_of(tr, survey, question.text))}</b>",
        f"<i>{hints[question.kind]}</i>",
    ]
    if current is not None and current.given:
        lines.append(
            tr.gettext("Your answer: %(answer)s", answer=answer_text(tr, survey, question, current))
        )
    if survey.status != "open":
        lines += ["", tr.gettext("This survey is closed.")]
        return Screen("\n".join(lines))
    chosen = set(current.choices) if current is not None else set()
    buttons: list[list[InlineKeyboardButton]] = []
    sid, qid = survey.id, question.id
    if question.kind == "single":
        buttons += [
            [
                button(
                    (CHECK + " " if i in chosen else "") + text_of(tr, survey, option),
                    SurveyChoose(sid, qid, i, review),
                )
            ]
            for i, option in enumerate(question.options)
        ]
    elif question.kind == "multiple":
        buttons += [
            [
                button(
                    (CHECK if i in chosen else "▫️") + " " + text_of(tr, survey, option),
                    SurveyToggle(sid, qid, i, i not in chosen, review),
                )
            ]
            for i, option in enumerate(question.options)
        ]
        buttons.append([button(tr.gettext("Next") + " ▶️", SurveyNext(sid, qid, False, review))])
    elif question.kind == "rating":
        rating = current.rating if current is not None else None
        buttons.append(
            [
                button(f"{CHECK}{r}" if r == rating else str(r), SurveyChoose(sid, qid, r, review))
                for r in RATINGS
            ]
        )
    elif current is not None and current.given:
        buttons.append([button(tr.gettext("Keep my answer"), SurveyNext(sid, qid, False, review))])
    buttons.append([button(tr.gettext("Skip"), SurveyNext(sid, qid, True, review))])
    return Screen("\n".join(lines), keyboard(buttons))


def summary(tr: Translator, sheet: Sheet) -> Screen:
    """Every answer of the member, with a button to change each while the survey is open."""
    survey = sheet.survey
    lines = [_title(tr, survey), ""]
    if survey.status == "open":
        lines.append(CHECK + " " + tr.gettext("Thank you! Your answers:"))
    else:
        lines.append(tr.gettext("This survey is closed. Your answers:"))
    for question in survey.questions:
        answer = answer_text(tr, survey, question, sheet.answers.get(question.id))
        text = excerpt(text_of(tr, survey, question.text), 100)
        lines.append(f"{question.position + 1}. {esc(text)} — {answer}")
    if survey.status != "open":
        return Screen("\n".join(lines))
    lines += ["", tr.gettext("You can change an answer until the survey closes.")]
    changes = [
        button(f"✏️ {q.position + 1}", SurveyChange(survey.id, q.id)) for q in survey.questions
    ]
    return Screen("\n".join(lines), keyboard(rows(changes, 5)))


def saved_text(tr: Translator) -> str:
    """A free-text answer was saved (the next screen follows)."""
    return tr.gettext("Saved.")


def too_long(tr: Translator, limit: int) -> Screen:
    """A free-text answer over the limit."""
    return Screen(tr.gettext("Please keep it under %(n)s characters.", n=limit))


class ScreenSurveyNotices:
    """Implements :class:`bot.surveys.types.SurveyNotices`."""

    def invitation(self, tr: Translator, survey: SurveyInfo) -> Rendered:
        """The invitation with its Start button."""
        return rendered(invitation(tr, survey))


SURVEY_NOTICES = ScreenSurveyNotices()
