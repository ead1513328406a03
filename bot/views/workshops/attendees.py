"""Attendees of a workshop for coordinators: counts, names, attendance marks, the CSV, the list
of workshops with their ids."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton

from bot.buttons.followup import FollowUpOpen
from bot.buttons.participants import CheckinScreen
from bot.buttons.workshops import AttendeesPage, ExportAttendees, MarkAttended
from bot.core.i18n import Translator
from bot.core.render import esc
from bot.views.common import CHECK, Screen, button, keyboard
from bot.views.workshops.cards import moment, status_name
from bot.workshops.types import Attendee, WorkshopInfo

ATTENDEES_PER_PAGE = 10


def attendees_view(
    tr: Translator,
    workshop: WorkshopInfo,
    attendees: Sequence[Attendee],
    *,
    page: int,
    marking: bool,
    checkin: bool = False,
) -> Screen:
    """Counts and names by answer; after the start, buttons to mark who came; around the
    start (``checkin``), the button to the self check-in screen."""
    top = (
        [[button("📲 " + tr.gettext("Check-in: code and QR"), CheckinScreen(workshop.id))]]
        if checkin
        else []
    )
    c = workshop.counts
    lines = [
        tr.gettext("Attendees of #%(id)s %(title)s", id=workshop.id, title=esc(workshop.title)),
        tr.gettext(
            "Going %(going)s · maybe %(maybe)s · waitlist %(waitlist)s · can't go %(no)s",
            going=c.going,
            maybe=c.maybe,
            waitlist=c.waitlist,
            no=c.no,
        ),
    ]
    if workshop.capacity is not None:
        lines.append(tr.gettext("Seats: %(capacity)s", capacity=workshop.capacity))
    if marking:
        lines.append(tr.gettext("Attended: %(n)s", n=c.attended))
    if workshop.status == "cancelled":
        lines.append(tr.gettext("This workshop was cancelled."))
    follow = [button("📎 " + tr.gettext("Follow-up"), FollowUpOpen(workshop.id))]
    if not attendees:
        lines.append("")
        lines.append(tr.gettext("Nobody has answered yet."))
        rows = [*top, follow] if marking else top
        return Screen("\n".join(lines), keyboard(rows) if rows else None)
    pages = max(1, -(-len(attendees) // ATTENDEES_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = attendees[page * ATTENDEES_PER_PAGE : (page + 1) * ATTENDEES_PER_PAGE]
    lines.append("")
    buttons: list[list[InlineKeyboardButton]] = list(top)
    for position, person in enumerate(shown, start=page * ATTENDEES_PER_PAGE + 1):
        who = person.display_name or tr.gettext("member %(id)s", id=person.member_id)
        org = f" · {person.org_name}" if person.org_name else ""
        came = {True: " ✅", False: " ✖️", None: ""}[person.attended] if marking else ""
        lines.append(f"{position}. {esc(who)}{esc(org)} — {status_name(tr, person.status)}{came}")
        if marking and person.status in {"going", "maybe", "waitlist"}:
            buttons.append(
                [
                    button(
                        f"{position}. "
                        + (CHECK + " " if person.attended else "")
                        + tr.gettext("came"),
                        MarkAttended(workshop.id, person.member_id, True),
                    ),
                    button(
                        f"{position}. "
                        + ("✖️ " if person.attended is False else "")
                        + tr.gettext("did not come"),
                        MarkAttended(workshop.id, person.member_id, False),
                    ),
                ]
            )
    nav = []
    if page > 0:
        nav.append(button("◀️", AttendeesPage(workshop.id, page - 1)))
    if page < pages - 1:
        nav.append(button("▶️", AttendeesPage(workshop.id, page + 1)))
    if nav:
        buttons.append(nav)
    buttons.append([button("⬇️ " + tr.gettext("Export CSV"), ExportAttendees(workshop.id))])
    if marking:
        buttons.append(follow)
    return Screen("\n".join(lines), keyboard(buttons))


def _cell(value: str) -> str:
    # Spreadsheets run cells that start with these as formulas (CSV injection).
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def attendees_csv(workshop: WorkshopInfo, attendees: Sequence[Attendee]) -> bytes:
    """One row per answer, for reports (UTF-8 with a BOM so spreadsheet programs read it)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "workshop_id",
            "workshop",
            "starts_at_utc",
            "member_id",
            "name",
            "organisation",
            "country",
            "organisation_type",
            "answer",
            "answered_at_utc",
            "attended",
        ]
    )
    for person in attendees:
        writer.writerow(
            [
                workshop.id,
                _cell(workshop.title),
                workshop.starts_at.isoformat() if workshop.starts_at else "",
                person.member_id,
                _cell(person.display_name),
                _cell(person.org_name),
                person.country,
                person.org_type,
                person.status,
                person.answered_at.isoformat(),
                {True: "yes", False: "no", None: ""}[person.attended],
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def coordinator_list(tr: Translator, items: Sequence[WorkshopInfo], *, zone: ZoneInfo) -> str:
    """Workshops with ids and counts, for coordinators."""
    if not items:
        return tr.gettext("No upcoming workshops. /newworkshop creates one.")
    lines = [tr.gettext("Workshops (id, start, answers):")]
    for workshop in items:
        assert workshop.starts_at is not None
        state = " ❌" if workshop.status == "cancelled" else ""
        lines.append(
            f"#{workshop.id} <b>{esc(workshop.title)}</b>{state} — "
            f"{esc(moment(workshop.starts_at, zone, tr.language))} · "
            + tr.gettext(
                "%(going)s going, %(waitlist)s waiting",
                going=workshop.counts.going,
                waitlist=workshop.counts.waitlist,
            )
        )
    lines.append("")
    lines.append(tr.gettext("/attendees ID · /editworkshop ID · /cancelworkshop ID"))
    return "\n".join(lines)
