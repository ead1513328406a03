"""Shared words of the pipeline's screens: stages, roles, organisations, dates, refusals."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from babel.numbers import format_currency

from bot.config import Settings
from bot.core import countries, dates
from bot.core.i18n import Translator
from bot.core.orgtypes import ORG_TYPES
from bot.core.render import esc, esc_attr
from bot.pipeline.types import CallFacts, OrgFacts, Partner
from bot.views.common import taxonomy_label


def stage_label(tr: Translator, stage: str) -> str:
    """A stage with its sign."""
    labels = {
        "idea": tr.gettext("💡 Idea"),
        "partners": tr.gettext("🤝 Partners found"),
        "writing": tr.gettext("✍️ Writing"),
        "submitted": tr.gettext("📨 Submitted"),
        "funded": tr.gettext("🏆 Funded"),
        "rejected": tr.gettext("✖️ Not funded"),
        "withdrawn": tr.gettext("↩️ Withdrawn"),
    }
    return labels.get(stage, stage)


def role_label(tr: Translator, role: str) -> str:
    """A role in a consortium."""
    if role == "coordinator":
        return tr.gettext("coordinator")
    return tr.gettext("partner")


def call_line(tr: Translator, call: CallFacts) -> str:
    """The call's linked title and deadline."""
    line = f'<a href="{esc_attr(call.url)}">{esc(call.title)}</a>'
    if call.deadline is not None:
        deadline = dates.Deadline(call.deadline, call.deadline_has_time, call.deadline_zone)
        when = dates.deadline_text(tr, deadline, reader_zone=call.deadline_zone)
        line += "\n" + esc(tr.gettext("Deadline: %(when)s", when=when))
    return line


def day(tr: Translator, instant: datetime, zone: str) -> str:
    """A day for people (a request's closing date)."""
    return dates.day(instant.astimezone(dates.zone(zone)).date(), tr.language)


def amount_text(amount: Decimal, currency: str | None, language: str) -> str:
    """An amount of money in the reader's locale."""
    return str(format_currency(amount, currency or "EUR", locale=dates.locale(language)))


def org_line(tr: Translator, org: OrgFacts) -> str:
    """An organisation in one line: name, country and type (no identity)."""
    parts = [
        countries.name(org.country, tr.language) if org.country else None,
        tr.gettext(ORG_TYPES[org.org_type]) if org.org_type in ORG_TYPES else None,
    ]
    where = " · ".join(p for p in parts if p)
    name = org.org_name or tr.gettext("(organisation without a name)")
    return f"<b>{esc(name)}</b>" + (f" ({esc(where)})" if where else "")


def partner_line(tr: Translator, partner: Partner) -> str:
    """A consortium member with its role."""
    return f"• {org_line(tr, partner.org)} · {esc(role_label(tr, partner.role))}"


def org_card(tr: Translator, settings: Settings, org: OrgFacts) -> str:
    """An organisation's public directory entry: name, place, expertise, roles, description."""
    lines = [org_line(tr, org)]
    if org.topics:
        topics = ", ".join(taxonomy_label(settings, "topic", t, tr.language) for t in org.topics)
        lines.append(tr.gettext("<b>Expertise:</b> %(value)s", value=esc(topics)))
    if org.roles:
        roles = ", ".join(role_label(tr, r) for r in org.roles)
        lines.append(tr.gettext("<b>Can be:</b> %(value)s", value=esc(roles)))
    if org.description:
        lines.append(f"<i>{esc(org.description)}</i>")
    return "\n".join(lines)


def mention(chat_id: int, org_name: str) -> str:
    """A Telegram contact link named after the organisation (only after acceptance)."""
    return f'<a href="tg://user?id={int(chat_id)}">{esc(org_name)}</a>'


def error_text(tr: Translator, code: str) -> str:
    """Why a pipeline request cannot be done (codes of ``PipelineError``)."""
    messages = {
        "not_member": tr.gettext("First let's get you set up: send /start."),
        "group": tr.gettext("Project plans work in a private chat with me, not in groups."),
        "unknown_call": tr.gettext("I no longer know this call."),
        "not_call": tr.gettext("This is not a call one can apply to."),
        "unknown": tr.gettext("This project or request is no longer available to you."),
        "not_lead": tr.gettext(
            "Only the organisation that planned the project, or a coordinator of its "
            "consortium, can do this."
        ),
        "stage": tr.gettext("The project cannot move there from its current stage."),
        "limit": tr.gettext(
            "You already have as many open partner requests as allowed. Close one in "
            "/partnerrequests first."
        ),
        "closed": tr.gettext("This partner request is closed."),
        "no_org_name": tr.gettext(
            "Please add your organisation's name first (/profile), so members know who you are."
        ),
        "closing": tr.gettext(
            "The closing date must be in the future and before the call's deadline."
        ),
        "other_project": tr.gettext("This organisation is in another consortium for the call."),
        "stale": tr.gettext("That button is out of date. Send /start to get a fresh menu."),
    }
    return messages.get(code, tr.gettext("That cannot be done now."))
