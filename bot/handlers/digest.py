"""/digest (the member's digest now, a preview not counted as the weekly one), /following,
and the Follow buttons under digest items and on the /following list."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.buttons.digest import Follow
from bot.context import Ctx
from bot.core.errors import Stale
from bot.delivery.outgoing import Outgoing
from bot.digest.render import render_digest_parts
from bot.handlers.common import queue_replies, runtime, send, show
from bot.handlers.member_commands import consented_profile
from bot.handlers.presses import Press, Routes
from bot.views.common import taxonomy_label
from bot.views.digest import flip_follow, follow_keyboard, following_view

ROUTES = Routes()


async def digest_command(update: Update, context: Ctx) -> None:
    """Send the member's digest as it stands now."""
    found = await consented_profile(update, context)
    chat = update.effective_chat
    if found is None or chat is None:
        return
    profile, tr = found
    rt = runtime(context)
    now = rt.clock()
    plan = await rt.digests.preview(profile, now=now)

    def label(kind: str, item: str, language: str) -> str:
        return taxonomy_label(rt.settings, kind, item, language)

    parts = render_digest_parts(
        tr,
        plan.index,
        plan.sections,
        plan.prefs,
        language=profile.language,
        zone=ZoneInfo(profile.timezone),
        label=label,
        now=now,
        preview=True,
    )
    followed = await rt.follows.followed_ids(chat.id)
    keyboards = [
        follow_keyboard(part.items, followed, partners=profile.chat_type == "private")
        for part in parts
    ]
    if len(parts) == 1:
        await context.bot.send_message(
            chat.id,
            parts[0].text,
            parse_mode=ParseMode.HTML,
            disable_web_page_preview=True,
            reply_markup=keyboards[0],
        )
        return
    # Several messages in a row go through the outbox, paced and retried.
    await queue_replies(
        context,
        [
            Outgoing(
                chat_id=chat.id,
                kind="reply",
                text=part.text,
                reply_markup=keyboard.to_dict() if keyboard is not None else None,
            )
            for part, keyboard in zip(parts, keyboards, strict=True)
        ],
    )


async def following_command(update: Update, context: Ctx) -> None:
    """The calls the member follows."""
    found = await consented_profile(update, context)
    if found is None:
        return
    profile, tr = found
    rt = runtime(context)
    followed = await rt.follows.following(profile.chat_id)
    await send(
        update,
        context,
        following_view(
            tr,
            followed,
            zone=profile.timezone,
            language=profile.language,
            plans=profile.chat_type == "private",
        ),
    )


@ROUTES.on(Follow)
async def follow(press: Press[Follow]) -> None:
    """Follow or unfollow a call; the pressed keyboard (or the /following list) redraws."""
    chosen, rt, profile = press.button, press.rt, press.member
    follows = rt.follows
    if not await follows.set_following(
        profile.chat_id, chosen.opportunity_id, chosen.on, now=rt.clock()
    ):
        raise Stale(detail=f"call {chosen.opportunity_id} cannot be followed")
    query = press.update.callback_query
    message = query.message if query else None
    if not isinstance(message, Message) or message.reply_markup is None:
        return
    if chosen.listing == "l":  # pressed on the /following list
        screen = following_view(
            press.tr,
            await follows.following(profile.chat_id),
            zone=profile.timezone,
            language=profile.language,
            plans=profile.chat_type == "private",
        )
        await show(press.update, press.context, screen)
        return
    try:
        await message.edit_reply_markup(
            reply_markup=flip_follow(message.reply_markup, chosen.opportunity_id, chosen.on)
        )
    except BadRequest as exc:
        if "message is not modified" not in str(exc).lower():
            raise
