"""Registration-form screens: the coordinator's choice of fields, the questions a member is
asked (with "Prefer not to say"), the sensitive-data consent, and the review in /settings."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.buttons.participants import (
    DraftFormDone,
    DraftFormField,
    DraftLinkAfterCheckin,
    FormAnswer,
    FormConsent,
    ParticipantEdit,
    ParticipantErase,
    ParticipantPage,
    SensitiveAgain,
    WithdrawConsent,
)
from bot.buttons.settings import OpenPage, Page
from bot.buttons.workshops import EditField
from bot.core.i18n import Translator
from bot.core.render import esc
from bot.participants.fields import CHOICES, FREE_TEXT, PREFER_NOT, SENSITIVE, Field
from bot.participants.form import ORDER, Answers, Ask, AskConsent, Question, normalised
from bot.views.common import CHECK, Screen, button, keyboard, rows
from bot.workshops.types import WorkshopInfo


def field_label(tr: Translator, field: Field) -> str:
    """A field's name for people."""
    names = {
        Field.JOB_TITLE: tr.gettext("Job title"),
        Field.ORG_ROLE: tr.gettext("Role in the organisation"),
        Field.GENDER: tr.gettext("Gender"),
        Field.AGE_BAND: tr.gettext("Age"),
        Field.EMPLOYMENT_STATUS: tr.gettext("Employment status"),
        Field.EDUCATION_LEVEL: tr.gettext("Education"),
        Field.DISABILITY: tr.gettext("Disability"),
        Field.THIRD_COUNTRY_NATIONAL: tr.gettext("Citizen of a country outside the EU"),
        Field.FOREIGN_BACKGROUND: tr.gettext("Foreign background"),
        Field.MINORITY: tr.gettext("Minority (including Roma)"),
        Field.HOMELESS: tr.gettext("Homeless or excluded from housing"),
        Field.RURAL_AREA: tr.gettext("Living in a rural area"),
    }
    return names[field]


def _question(tr: Translator, field: Field) -> str:
    questions = {
        Field.JOB_TITLE: tr.gettext("What is your job title? Send it as a message."),
        Field.ORG_ROLE: tr.gettext(
            "What is your role in your organisation (e.g. volunteer, board member, staff)? "
            "Send it as a message."
        ),
        Field.GENDER: tr.gettext("What is your gender?"),
        Field.AGE_BAND: tr.gettext("How old are you?"),
        Field.EMPLOYMENT_STATUS: tr.gettext("What is your employment status?"),
        Field.EDUCATION_LEVEL: tr.gettext("What is the highest education you completed?"),
        Field.DISABILITY: tr.gettext("Do you have a disability?"),
        Field.THIRD_COUNTRY_NATIONAL: tr.gettext(
            "Are you a citizen of a country outside the European Union?"
        ),
        Field.FOREIGN_BACKGROUND: tr.gettext(
            "Do you have a foreign background (you or your parents born abroad)?"
        ),
        Field.MINORITY: tr.gettext("Do you belong to a minority (including Roma)?"),
        Field.HOMELESS: tr.gettext("Are you homeless or excluded from housing?"),
        Field.RURAL_AREA: tr.gettext("Do you live in a rural area?"),
    }
    return questions[field]


def answer_label(tr: Translator, field: Field, value: str | None) -> str:
    """A stored answer for people (escaped): the choice's label, the typed text, or a dash."""
    if value is None:
        return "—"
    if value == PREFER_NOT:
        return tr.gettext("Prefer not to say")
    if field in FREE_TEXT:
        return esc(value)
    return esc(tr.gettext(CHOICES[field].get(value, value)))


# --- the coordinator's draft -----------------------------------------------------------------


def form_step(tr: Translator, workshop: WorkshopInfo) -> Screen:
    """Choose the registration form's fields with toggles."""
    chosen = set(workshop.registration_fields)
    toggles = [
        button(
            f"{CHECK} {field_label(tr, f)}" if f.value in chosen else field_label(tr, f),
            DraftFormField(f, f.value not in chosen),
        )
        for f in ORDER
    ]
    text = "\n".join(
        [
            tr.gettext(
                "Registration form: which questions should people who answer Going be asked? "
                "Each person is asked each question once (for every workshop), always with "
                "“Prefer not to say”."
            ),
            "",
            tr.gettext(
                "The last six are sensitive: they are asked only after the person agrees "
                "separately, and reported only as totals with small numbers hidden."
            ),
        ]
    )
    buttons = rows(toggles, 2)
    buttons.append([button(tr.gettext("Done"), DraftFormDone())])
    return Screen(text, keyboard(buttons))


def form_line(tr: Translator, workshop: WorkshopInfo) -> list[str]:
    """The preview's lines about the form and the online link."""
    fields = normalised(workshop.registration_fields)
    lines = [
        tr.gettext(
            "Registration form: %(fields)s",
            fields=", ".join(field_label(tr, f) for f in fields),
        )
        if fields
        else tr.gettext("No registration form.")
    ]
    if workshop.url:
        lines.append(
            tr.gettext("Online link: given after check-in")
            if workshop.link_after_checkin
            else tr.gettext("Online link: shown with the workshop")
        )
    return lines


def preview_buttons(tr: Translator, workshop: WorkshopInfo) -> list[list[InlineKeyboardButton]]:
    """The preview's buttons for the form (new drafts) and the online link."""
    found: list[InlineKeyboardButton] = []
    if not workshop.edits_id:
        found.append(
            button("📋 " + tr.gettext("Registration form"), EditField(workshop.id, "form"))
        )
    if workshop.url:
        found.append(
            button(
                "🔗 " + tr.gettext("Link for everyone")
                if workshop.link_after_checkin
                else "🔗 " + tr.gettext("Link after check-in"),
                DraftLinkAfterCheckin(workshop.id, not workshop.link_after_checkin),
            )
        )
    return [found] if found else []


# --- members ---------------------------------------------------------------------------------


def question_screen(
    tr: Translator, question: Question, *, workshop_id: int, left: int | None = None
) -> Screen:
    """One question with its answer buttons (or the consent screen first)."""
    if isinstance(question, AskConsent):
        return consent_screen(tr, question.fields, workshop_id=workshop_id)
    field = question.field
    lines = []
    if left is not None and left > 0:
        lines.append(
            tr.ngettext(
                "📋 Registration: %(n)s question left.",
                "📋 Registration: %(n)s questions left.",
                left,
            )
        )
    lines.append(_question(tr, field))
    prefer = button(tr.gettext("Prefer not to say"), FormAnswer(workshop_id, field, PREFER_NOT))
    if field in FREE_TEXT:
        return Screen("\n".join(lines), keyboard([[prefer]]))
    choices = [
        button(tr.gettext(text), FormAnswer(workshop_id, field, code))
        for code, text in CHOICES[field].items()
    ]
    per_row = 2 if all(len(b.text) <= 18 for b in choices) else 1
    return Screen("\n".join(lines), keyboard([*rows(choices, per_row), [prefer]]))


def consent_screen(tr: Translator, fields: tuple[Field, ...], *, workshop_id: int) -> Screen:
    """The explicit extra consent (GDPR Art. 9) before any sensitive question."""
    names = "\n".join(f"• {field_label(tr, f)}" for f in fields)
    text = "\n".join(
        [
            "🔒 " + tr.gettext("A few more questions, only if you agree"),
            "",
            tr.gettext("The organisers would also like to ask:"),
            names,
            "",
            tr.gettext(
                "Why: the alliance is co-financed by the European Union (ESF+), and the funder "
                "asks for the number of participants with these characteristics. They are "
                "reported only as totals, with any number below 5 hidden; never with your name."
            ),
            tr.gettext(
                "It is optional: saying no changes nothing about your place at the workshop, "
                "and each question also has “Prefer not to say”."
            ),
            tr.gettext(
                "You can withdraw at any time in /settings (Registration answers): "
                "these answers are then erased."
            ),
        ]
    )
    return Screen(
        text,
        keyboard(
            [
                [button(tr.gettext("I agree"), FormConsent(workshop_id, True))],
                [button(tr.gettext("No, skip these"), FormConsent(workshop_id, False))],
            ]
        ),
    )


def done_text(tr: Translator) -> str:
    """The form is complete."""
    return tr.gettext(
        "Thank you, your registration is complete. You can review or change your answers "
        "in /settings."
    )


def text_problem(tr: Translator) -> str:
    """A typed answer that cannot be kept."""
    return tr.gettext("Please send a short line (up to 120 characters), or press the button.")


# --- the review in /profile ------------------------------------------------------------------


def review_screen(tr: Translator, answers: Answers) -> Screen:
    """Every answer, with buttons to change one, withdraw the consent, or erase all."""
    lines = ["📋 " + tr.gettext("Your registration answers"), ""]
    shown = [f for f in ORDER if f not in SENSITIVE or answers.consented]
    for field in shown:
        lines.append(f"{field_label(tr, field)}: {answer_label(tr, field, answers.get(field))}")
    lines.append("")
    if answers.consented:
        lines.append(
            tr.gettext("You agreed to the sensitive questions; withdrawing erases those answers.")
        )
    else:
        lines.append(tr.gettext("You have not agreed to the sensitive questions."))
    lines.append(
        tr.gettext(
            "They are used only for the funder's totals, with small numbers hidden. "
            "/mydata exports them; /forget erases everything."
        )
    )
    edits = [button(field_label(tr, f), ParticipantEdit(f)) for f in shown]
    buttons = rows(edits, 2)
    if answers.consented:
        buttons.append([button(tr.gettext("Withdraw consent"), WithdrawConsent())])
    else:
        buttons.append([button(tr.gettext("Answer the sensitive questions"), SensitiveAgain())])
    buttons.append([button(tr.gettext("Erase my answers"), ParticipantErase(False))])
    buttons.append([button(tr.gettext("‹ Back"), OpenPage(Page.MAIN))])
    return Screen("\n".join(lines), keyboard(buttons))


def erase_confirmation(tr: Translator) -> Screen:
    """Ask before erasing every registration answer."""
    return Screen(
        tr.gettext("Erase all your registration answers and your consent?"),
        keyboard(
            [
                [button(tr.gettext("Yes, erase them"), ParticipantErase(True))],
                [button(tr.gettext("No, keep them"), ParticipantPage())],
            ]
        ),
    )


def review_entry(tr: Translator) -> InlineKeyboardButton:
    """The /profile and /settings button that opens the review."""
    return button("📋 " + tr.gettext("Registration answers"), ParticipantPage())


__all__ = ["Ask", "answer_label", "field_label", "question_screen", "review_screen"]
