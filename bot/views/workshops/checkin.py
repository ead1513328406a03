"""Self check-in screens: the coordinator's code and QR caption, and what an attendee is told."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.core.i18n import Translator
from bot.core.render import esc, esc_attr
from bot.views.common import Screen
from bot.views.workshops.cards import moment
from bot.workshops.checkin import OPENS_BEFORE, Window
from bot.workshops.types import WorkshopInfo


def checkin_caption(tr: Translator, workshop: WorkshopInfo, code: str, link: str) -> str:
    """The caption under the QR code the coordinator shows."""
    return "\n".join(
        [
            tr.gettext("Check-in for #%(id)s %(title)s", id=workshop.id, title=esc(workshop.title)),
            "",
            tr.gettext("Scan the QR code, or send me this code:"),
            f"<code>{esc(code)}</code>",
            "",
            esc(link),
            "",
            tr.gettext(
                "Check-in is open from 30 minutes before the start to the end. Your buttons "
                "in /attendees still correct anyone's attendance."
            ),
        ]
    )


def checkin_result(
    tr: Translator,
    workshop: WorkshopInfo,
    window: Window,
    *,
    already: bool,
    zone: ZoneInfo,
) -> Screen:
    """What the attendee is told (the online link once checked in, when it has one)."""
    title = esc(workshop.title)
    if window is Window.EARLY:
        assert workshop.starts_at is not None
        opens = moment(workshop.starts_at - OPENS_BEFORE, zone, tr.language)
        return Screen(
            tr.gettext("Check-in for %(title)s opens at %(when)s.", title=title, when=esc(opens))
        )
    if window is Window.OVER:
        return Screen(tr.gettext("%(title)s has ended: check-in is closed.", title=title))
    lines = [
        tr.gettext("You were already checked in to %(title)s.", title=title)
        if already
        else tr.gettext("✅ You are checked in to %(title)s. Welcome!", title=title)
    ]
    if workshop.url:
        lines.append("")
        lines.append(
            tr.gettext(
                "Join online: %(link)s",
                link=f'<a href="{esc_attr(workshop.url)}">{esc(workshop.url)}</a>',
            )
        )
    return Screen("\n".join(lines))


def checkin_usage(tr: Translator) -> str:
    """/checkin without a code."""
    return tr.gettext(
        "Send the check-in code shown at the workshop, like /checkin K7M2QX, or scan its QR code."
    )
