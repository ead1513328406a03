"""Screens of partner requests: the author's draft and its parts, the request as a fitting
member receives it, the interested organisation as the requester sees it, the exchange of
contacts on acceptance, the automatic closing notice and /partnerrequests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.buttons.pipeline import (
    RequestAnswer,
    RequestClose,
    RequestClosing,
    RequestDecide,
    RequestExpertise,
    RequestList,
    RequestOpen,
    RequestPart,
    RequestToggle,
    RequestView,
)
from bot.config import Settings
from bot.core import countries
from bot.core.i18n import Translator
from bot.core.orgtypes import ORG_TYPES
from bot.core.render import esc
from bot.pipeline.rules import closing_choices
from bot.pipeline.types import EXPERTISE_MAX, ROLES, Acceptance, Interest, Listing, RequestCard
from bot.views.common import CHECK, Screen, button, keyboard, rows, taxonomy_label
from bot.views.pipeline.common import call_line, day, mention, org_card, org_line, role_label


def _values(tr: Translator, settings: Settings, kind: str, values: tuple[str, ...]) -> str:
    if not values:
        return tr.gettext("any")
    if kind == "r":
        return ", ".join(role_label(tr, v) for v in values)
    if kind == "c":
        return ", ".join(countries.name(v, tr.language) for v in values)
    if kind == "o":
        return ", ".join(tr.gettext(ORG_TYPES[v]) if v in ORG_TYPES else v for v in values)
    return ", ".join(taxonomy_label(settings, "topic", v, tr.language) for v in values)


def _summary(tr: Translator, settings: Settings, card: RequestCard) -> list[str]:
    spec = card.spec
    lines = [
        tr.gettext(
            "<b>Roles wanted:</b> %(value)s", value=esc(_values(tr, settings, "r", spec.roles))
        ),
        tr.gettext(
            "<b>Countries:</b> %(value)s", value=esc(_values(tr, settings, "c", spec.countries))
        ),
        tr.gettext(
            "<b>Organisation types:</b> %(value)s",
            value=esc(_values(tr, settings, "o", spec.org_types)),
        ),
        tr.gettext(
            "<b>Expertise:</b> %(value)s", value=esc(_values(tr, settings, "t", spec.topics))
        ),
    ]
    if spec.expertise:
        lines.append(f"<i>{esc(spec.expertise)}</i>")
    if spec.closes_at is not None:
        lines.append(
            tr.gettext(
                "<b>Answers until:</b> %(day)s",
                day=esc(day(tr, spec.closes_at, card.call.deadline_zone)),
            )
        )
    return lines


def draft(tr: Translator, settings: Settings, card: RequestCard) -> Screen:
    """The author's request: a draft with its editing buttons, or an open or closed request
    with the answers so far."""
    if card.status != "draft":
        return own_request(tr, settings, card)
    lines = [
        tr.gettext("🔎 <b>Partner request (draft)</b>"),
        call_line(tr, card.call),
        "",
        *_summary(tr, settings, card),
        "",
        tr.gettext(
            "When you send it, I pass it once to every member whose directory entry fits. "
            "They see your organisation's name, country and type, never your contact; you get "
            "the entries of those interested, and contacts are exchanged only if you accept."
        ),
    ]
    parts = [
        button(tr.gettext("Roles"), RequestView(card.id, "r")),
        button(tr.gettext("Countries"), RequestView(card.id, "c")),
        button(tr.gettext("Types"), RequestView(card.id, "o")),
        button(tr.gettext("Topics"), RequestView(card.id, "t")),
        button(tr.gettext("Closing date"), RequestView(card.id, "d")),
        button(tr.gettext("✏️ Expertise text"), RequestExpertise(card.id)),
    ]
    return Screen(
        "\n".join(lines),
        keyboard(
            rows(parts, 3),
            [
                [
                    button(tr.gettext("📨 Send"), RequestOpen(card.id)),
                    button(tr.gettext("🗑 Discard"), RequestClose(card.id)),
                ]
            ],
        ),
    )


def part(
    tr: Translator, settings: Settings, card: RequestCard, which: RequestPart, *, now: datetime
) -> Screen:
    """One list of the draft as toggles (or the closing dates to choose from)."""
    back = [[button(tr.gettext("« Back"), RequestView(card.id))]]
    if which == "d":
        choices = closing_choices(now, card.call.deadline)
        buttons = [
            button(
                day(tr, moment, card.call.deadline_zone),
                RequestClosing(card.id, 0 if _is_eve(moment, card) else (moment - now).days),
            )
            for moment in choices
        ]
        text = tr.gettext("Until when may members answer? (Before the call's deadline.)")
        return Screen(text, keyboard(rows(buttons, 2), back))
    spec = card.spec
    options: list[tuple[str, str]]
    chosen: tuple[str, ...]
    if which == "r":
        options = [(r, role_label(tr, r)) for r in ROLES]
        chosen, text = spec.roles, tr.gettext("Which roles do you look for?")
    elif which == "c":
        options = [(c, countries.name(c, tr.language)) for c in card.country_choices]
        chosen = spec.countries
        text = tr.gettext(
            "From which countries? (Countries of the directory's organisations; none: any.)"
        )
    elif which == "o":
        options = [(o, tr.gettext(label)) for o, label in ORG_TYPES.items()]
        chosen, text = spec.org_types, tr.gettext("Which types of organisation? (None: any.)")
    else:
        options = [
            (t.id, taxonomy_label(settings, "topic", t.id, tr.language))
            for t in settings.taxonomy.topics
        ]
        chosen, text = spec.topics, tr.gettext("Which expertise? (None: the call's topics.)")
    kind: RequestList = (
        "r" if which == "r" else "c" if which == "c" else "o" if which == "o" else "t"
    )
    buttons = [
        button(
            f"{CHECK} {label}" if value in chosen else label,
            RequestToggle(card.id, kind, value, value not in chosen),
        )
        for value, label in options
    ]
    return Screen(text, keyboard(rows(buttons, 2), back))


def _is_eve(moment: datetime, card: RequestCard) -> bool:
    return card.call.deadline is not None and moment == card.call.deadline - timedelta(days=1)


def ask_expertise(tr: Translator) -> Screen:
    """The prompt for the expertise text."""
    return Screen(
        tr.gettext(
            "Describe the expertise you look for, in at most %(n)s characters.",
            n=EXPERTISE_MAX,
        )
    )


def expertise_problem(tr: Translator, length: int) -> Screen:
    """The text was empty or too long."""
    return Screen(
        tr.gettext(
            "Please send a text of 1 to %(max)s characters (that one had %(n)s).",
            max=EXPERTISE_MAX,
            n=length,
        )
    )


def sent(tr: Translator, settings: Settings, card: RequestCard, count: int) -> Screen:
    """The author's request once sent."""
    screen = own_request(tr, settings, card)
    note = tr.ngettext(
        "📨 Sent to %(n)s member whose entry fits.",
        "📨 Sent to %(n)s members whose entries fit.",
        count,
    )
    return Screen(note + "\n\n" + screen.text, screen.keyboard)


def own_request(tr: Translator, settings: Settings, card: RequestCard) -> Screen:
    """An open or closed request as its author sees it, with the answers."""
    status = (
        tr.gettext("🔎 <b>Your partner request (open)</b>")
        if card.status == "open"
        else tr.gettext("🔎 <b>Your partner request (closed)</b>")
    )
    lines = [status, call_line(tr, card.call), "", *_summary(tr, settings, card), ""]
    lines.append(tr.ngettext("Sent to %(n)s member.", "Sent to %(n)s members.", card.sent))
    decide = []
    for org, answer in card.answers:
        word = {
            "interested": tr.gettext("interested"),
            "declined": tr.gettext("not for them"),
            "accepted": tr.gettext("accepted, contacts exchanged"),
            "refused": tr.gettext("not taken"),
        }.get(answer, answer)
        if answer == "declined":
            continue  # who said no is not the requester's business
        lines.append(f"• {org_line(tr, org)}: {esc(word)}")
        if answer == "interested":
            decide.append(
                [
                    button(
                        tr.gettext("✅ Accept %(org)s", org=org.org_name[:30]),
                        RequestDecide(card.id, org.member_id, True),
                    ),
                    button(tr.gettext("Not now"), RequestDecide(card.id, org.member_id, False)),
                ]
            )
    groups = [decide]
    if card.status == "open":
        groups.append([[button(tr.gettext("Close this request"), RequestClose(card.id))]])
    return Screen("\n".join(lines), keyboard(*groups) if any(groups) else None)


def received(tr: Translator, settings: Settings, card: RequestCard) -> Screen:
    """The request as a fitting member receives it."""
    lines = [
        tr.gettext("🔎 <b>Partner request</b>"),
        tr.gettext(
            "%(org)s plans to apply as %(role)s and looks for partners for:",
            org=org_line(tr, card.requester),
            role=esc(role_label(tr, card.requester_role)),
        ),
        call_line(tr, card.call),
        "",
        *_summary(tr, settings, card),
        "",
        tr.gettext(
            "If you are interested, they get your directory entry (not your contact) and "
            "decide whether to exchange contacts."
        ),
    ]
    answered = card.my_answer in ("interested", "declined", "accepted", "refused")
    if answered:
        lines.append(
            tr.gettext("You answered: interested.")
            if card.my_answer != "declined"
            else tr.gettext("You answered: not for us.")
        )
    return Screen(
        "\n".join(lines),
        keyboard(
            [
                [
                    button(tr.gettext("🙋 I'm interested"), RequestAnswer(card.id, True)),
                    button(tr.gettext("Not for us"), RequestAnswer(card.id, False)),
                ]
            ]
        ),
    )


def answered(tr: Translator, interested: bool) -> Screen:
    """Told to a recipient after answering."""
    if interested:
        return Screen(
            tr.gettext(
                "🙋 Thank you: your directory entry was passed on. If they accept, you both "
                "get each other's contact."
            )
        )
    return Screen(tr.gettext("Noted: not for you. They are not told who said no."))


def interest(tr: Translator, settings: Settings, found: Interest) -> Screen:
    """Sent to the requester: an organisation is interested, with its public entry."""
    card = found.request
    lines = [
        tr.gettext("🙋 <b>An organisation is interested in your partner request</b>"),
        call_line(tr, card.call),
        "",
        org_card(tr, settings, found.interested),
        "",
        tr.gettext(
            "If you accept, you both get each other's Telegram contact and they join the "
            "project's consortium."
        ),
    ]
    return Screen(
        "\n".join(lines),
        keyboard(
            [
                [
                    button(
                        tr.gettext("✅ Accept"),
                        RequestDecide(card.id, found.interested.member_id, True),
                    ),
                    button(
                        tr.gettext("Not now"),
                        RequestDecide(card.id, found.interested.member_id, False),
                    ),
                ]
            ]
        ),
    )


def accepted_for_requester(tr: Translator, done: Acceptance) -> Screen:
    """The requester's screen after accepting: the joiner's contact."""
    lines = [
        tr.gettext("🤝 <b>Partner accepted</b>"),
        call_line(tr, done.request.call),
        "",
        tr.gettext(
            "Contact: %(contact)s. They got your contact too.",
            contact=mention(done.joiner_to.chat_id, done.joiner.org_name),
        ),
    ]
    if done.joined:
        lines.append(tr.gettext("They are now in the project's consortium."))
    return Screen("\n".join(lines))


def accepted_for_joiner(tr: Translator, done: Acceptance) -> Screen:
    """Sent to the interested organisation: accepted, with the requester's contact."""
    lines = [
        tr.gettext(
            "🤝 %(org)s accepted your interest in their project for:",
            org=org_line(tr, done.requester),
        ),
        call_line(tr, done.request.call),
        "",
        tr.gettext(
            "Contact: %(contact)s. They got your contact too.",
            contact=mention(done.requester_to.chat_id, done.requester.org_name),
        ),
    ]
    if done.joined:
        lines.append(tr.gettext("You are now in the project's consortium: see /projects."))
    return Screen("\n".join(lines))


def refused(tr: Translator) -> Screen:
    """The requester's screen after "Not now" (the organisation is not told)."""
    return Screen(tr.gettext("Noted. Their contact was not shared, and they are not told."))


def closed_notice(tr: Translator, card: RequestCard) -> tuple[str, dict[str, Any] | None]:
    """Told to the author when their request closed at its closing date or the deadline."""
    interested = sum(1 for _, a in card.answers if a in ("interested", "accepted"))
    text = "\n".join(
        [
            tr.gettext("🔎 <b>Your partner request closed</b>"),
            call_line(tr, card.call),
            tr.ngettext(
                "%(n)s organisation was interested.",
                "%(n)s organisations were interested.",
                interested,
            ),
        ]
    )
    markup = keyboard([[button(tr.gettext("See the answers"), RequestView(card.id))]])
    return text, markup.to_dict()


def listing(tr: Translator, found: Listing) -> Screen:
    """/partnerrequests: requests to answer and the member's own."""
    if not found.to_answer and not found.own:
        return Screen(
            tr.gettext(
                "No partner request for you now. When you plan to apply for a call (📝), "
                "its project card has 🔎 Look for partners."
            )
        )
    lines = []
    buttons = []
    if found.to_answer:
        lines.append(tr.gettext("<b>Requests you can answer</b>"))
        for number, card in enumerate(found.to_answer, 1):
            lines.append(f"{number}. {org_line(tr, card.requester)} · {esc(card.call.title)}")
            buttons.append(
                [
                    button(f"🙋 {number}", RequestAnswer(card.id, True)),
                    button(tr.gettext("Not for us %(n)s", n=number), RequestAnswer(card.id, False)),
                ]
            )
        lines.append("")
    if found.own:
        lines.append(tr.gettext("<b>Your requests</b>"))
        for card in found.own:
            interested = sum(1 for _, a in card.answers if a == "interested")
            state = tr.gettext("open") if card.status == "open" else tr.gettext("closed")
            lines.append(
                f"• {esc(card.call.title)} · {esc(state)} · "
                + tr.ngettext("%(n)s answer waiting", "%(n)s answers waiting", interested)
            )
            buttons.append([button(f"🔎 {card.call.title[:40]}", RequestView(card.id))])
    return Screen("\n".join(lines), keyboard(buttons))
