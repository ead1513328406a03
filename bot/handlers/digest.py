"""/digest: the member's digest now, as a preview (not counted as the weekly one)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update
from telegram.constants import ParseMode

from bot.context import Ctx
from bot.delivery.outgoing import Outgoing
from bot.digest.render import render_digest_parts
from bot.handlers.common import queue_replies, runtime, send
from bot.handlers.member_commands import consented_profile
from bot.views.common import taxonomy_label
from bot.views.digest import follow_keyboard, following_view


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
        following_view(tr, followed, zone=profile.timezone, language=profile.language),
    )
