"""Follow buttons under digest messages, and the /following list (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons.digest import Follow
from bot.buttons.pipeline import PlanCall
from bot.callbacks import decode
from bot.core import dates
from bot.core.i18n import Translator
from bot.core.render import esc, esc_attr
from bot.digest.render import follow_markup
from bot.members.types import Followed
from bot.views.common import Screen, button, keyboard, rows


def follow_keyboard(
    items: tuple[tuple[int, int | None], ...], followed: set[int], *, partners: bool = True
) -> InlineKeyboardMarkup | None:
    """Per numbered item: ⭐ to follow it, ✅ when followed (press again to stop), and with
    ``partners`` 🤝 for directory members looking for partners for the call."""
    markup = follow_markup(items, followed, partners=partners)
    return InlineKeyboardMarkup.de_json(markup, None) if markup else None


def flip_follow(
    markup: InlineKeyboardMarkup, opportunity_id: int, on: bool
) -> InlineKeyboardMarkup:
    """The same keyboard with one item's Follow button showing its new state (every other
    button, such as 🤝, stays as it is)."""
    new_rows: list[list[InlineKeyboardButton]] = []
    for row in markup.inline_keyboard:
        new_row = []
        for old in row:
            press = decode(old.callback_data if isinstance(old.callback_data, str) else None)
            if (
                isinstance(press, Follow)
                and press.opportunity_id == opportunity_id
                and press.listing is None
            ):
                number = old.text.split(" ", 1)[-1]
                old = InlineKeyboardButton(
                    f"{'✅' if on else '⭐'} {number}",
                    callback_data=Follow(opportunity_id, not on).data,
                )
            new_row.append(old)
        new_rows.append(new_row)
    return InlineKeyboardMarkup(new_rows)


def following_view(
    tr: Translator,
    followed: Sequence[Followed],
    *,
    zone: str,
    language: str,
    plans: bool = True,
) -> Screen:
    """/following: the followed calls, soonest deadline first, each with an Unfollow button and,
    with ``plans`` (a private chat), 📝 (we plan to apply)."""
    if not followed:
        return Screen(
            tr.gettext(
                "You follow no call yet. Press ⭐ under an item of your /digest to follow it: "
                "I will tell you when its deadline moves, it opens or it closes."
            )
        )
    lines = [tr.gettext("<b>Calls you follow</b>"), ""]
    buttons = []
    for number, item in enumerate(followed, 1):
        deadline = item.deadline
        when = (
            dates.deadline_text(tr, deadline, reader_zone=zone)
            if deadline is not None
            else tr.gettext("no deadline stated")
        )
        lines.append(
            f'{number}. <a href="{esc_attr(item.url)}">{esc(item.title)}</a> · {esc(when)}'
        )
        buttons.append(
            # Marked as pressed on the list, so the list redraws without the call.
            button(tr.gettext("Unfollow %(n)s", n=number), Follow(item.opportunity_id, False, "l"))
        )
        if plans:  # we plan to apply (a new message with the member's plan for the call)
            buttons.append(button(f"📝 {number}", PlanCall(item.opportunity_id)))
    return Screen("\n".join(lines), keyboard(rows(buttons, 4 if plans else 3)))
