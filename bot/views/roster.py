"""/members: the coordinators' roster by organisation, and its exports' tables."""

from __future__ import annotations

from bot.buttons.organisations import RosterExport, RosterPage, RosterSearch
from bot.core import countries
from bot.core.i18n import Translator
from bot.core.orgtypes import ORG_TYPES
from bot.core.render import esc
from bot.organisations.export import Table
from bot.organisations.types import OrgInfo, RosterEntry
from bot.organisations.types import RosterPage as Page
from bot.views.common import Screen, button, keyboard
from bot.views.organisations import decision_keyboard, status_label


def _type(tr: Translator, code: str | None) -> str:
    return tr.gettext(ORG_TYPES[code]) if code in ORG_TYPES else ""


def _line(tr: Translator, org: OrgInfo) -> str:
    parts = [f"<b>{esc(org.name)}</b>"]
    if org.country:
        parts.append(esc(countries.name(org.country, tr.language)))
    if org.org_type in ORG_TYPES:
        parts.append(_type(tr, org.org_type))
    parts.append(tr.ngettext("%(n)s person", "%(n)s people", org.people))
    if org.waiting:
        parts.append(tr.ngettext("%(n)s waits", "%(n)s wait", org.waiting))
    if org.status != "approved":
        parts.append(status_label(tr, org.status))
    if org.invited_by:
        parts.append(tr.gettext("invited by %(name)s", name=esc(org.invited_by)))
    return " · ".join(parts)


def roster_screen(tr: Translator, page: Page) -> Screen:
    """A page of the roster, with pending approvals first (the first pending one has buttons)."""
    lines = ["<b>" + tr.gettext("Members by organisation") + "</b>"]
    if page.query:
        lines.append(
            tr.ngettext(
                "Search “%(query)s”: %(n)s organisation",
                "Search “%(query)s”: %(n)s organisations",
                page.total,
                query=esc(page.query.replace("+", " ")),
            )
        )
    else:
        lines.append(tr.ngettext("%(n)s organisation", "%(n)s organisations", page.total))
    if page.waiting_people:
        lines.append(
            tr.ngettext(
                "%(n)s person waits for their organisation to confirm them.",
                "%(n)s people wait for their organisation to confirm them.",
                page.waiting_people,
            )
        )
    lines.append("")
    lines += [f"{page.page * 8 + i}. {_line(tr, org)}" for i, org in enumerate(page.entries, 1)]
    if not page.entries:
        lines.append(tr.gettext("No organisation matches."))
    query = page.query or None
    nav = []
    if page.page > 0:
        nav.append(button("‹ " + tr.gettext("Previous"), RosterPage(page.page - 1, query)))
    if page.page + 1 < page.pages:
        nav.append(button(tr.gettext("Next") + " ›", RosterPage(page.page + 1, query)))
    rows = [nav] if nav else []
    rows.append(
        [
            button("🔎 " + tr.gettext("Search"), RosterSearch()),
            button(tr.gettext("All"), RosterPage(0)),
        ]
    )
    rows.append(
        [
            button("⬇️ CSV", RosterExport("csv")),
            button("⬇️ XLSX", RosterExport("xlsx")),
        ]
    )
    if page.pending:
        lines += ["", "<b>" + tr.gettext("Waiting for approval") + "</b>"]
        lines += [f"• {_line(tr, org)}" for org in page.pending]
        first = page.pending[0]
        lines.append(tr.gettext("Decide on %(name)s:", name=esc(first.name)))
        rows += [list(r) for r in decision_keyboard(tr, first.id).inline_keyboard]
    return Screen("\n".join(lines), keyboard([list(r) for r in rows]))


def search_prompt(tr: Translator) -> Screen:
    """Ask for words to search with."""
    return Screen(tr.gettext("Send words to search for (name, country code, type, website…)."))


def tables(tr: Translator, entries: list[RosterEntry]) -> list[Table]:
    """The roster as two tables: organisations, and people (no Telegram identity)."""
    organisations = Table(
        title=tr.gettext("Organisations"),
        header=(
            tr.gettext("Organisation"),
            tr.gettext("Country"),
            tr.gettext("NUTS region"),
            tr.gettext("Type"),
            tr.gettext("Registration or VAT number"),
            tr.gettext("Website"),
            tr.gettext("Status"),
            tr.gettext("Registered on"),
            tr.gettext("Decided on"),
            tr.gettext("Invited by"),
            tr.gettext("Confirmed people"),
            tr.gettext("People waiting"),
        ),
        rows=tuple(
            (
                e.organisation.name,
                e.organisation.country,
                e.organisation.nuts_region,
                _type(tr, e.organisation.org_type) or None,
                e.organisation.registration_number,
                e.organisation.website,
                status_label(tr, e.organisation.status),
                e.organisation.created_at.date(),
                e.organisation.decided_at.date() if e.organisation.decided_at else None,
                e.organisation.invited_by,
                e.organisation.people,
                e.organisation.waiting,
            )
            for e in entries
        ),
    )
    yes, no = tr.gettext("confirmed"), tr.gettext("waiting")
    people = Table(
        title=tr.gettext("People"),
        header=(
            tr.gettext("Organisation"),
            tr.gettext("Person no."),
            tr.gettext("Language"),
            tr.gettext("Confirmed"),
            tr.gettext("Joined on"),
            tr.gettext("Last seen on"),
        ),
        rows=tuple(
            (
                e.organisation.name,
                p.member_id,
                p.language,
                yes if p.confirmed else no,
                p.onboarded_at.date() if p.onboarded_at else None,
                p.last_seen_at.date(),
            )
            for e in entries
            for p in e.people
        ),
    )
    return [organisations, people]
