"""/start, /help and the answers to anything the bot does not understand."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode

from bot.context import Ctx, Runtime
from bot.i18n import Translator
from bot.render import esc
from bot.services import members


async def _member_translator(update: Update, runtime: Runtime) -> Translator:
    """Record the chat and return a translator in its language."""
    chat = update.effective_chat
    user = update.effective_user
    if chat is None:
        return runtime.catalogs.get(None)
    settings = runtime.settings
    language = members.pick_language(
        user.language_code if user else None,
        enabled=settings.i18n.languages,
        default=settings.i18n.default_language,
    )
    member = await members.seen(
        runtime.db, chat_id=chat.id, chat_type=chat.type, language=language, now=runtime.clock()
    )
    return runtime.catalogs.get(member.language)


async def start(update: Update, context: Ctx) -> None:
    """Greet the member in their language and say what the bot does."""
    runtime = context.bot_data.runtime
    tr = await _member_translator(update, runtime)
    user = update.effective_user
    name = esc(user.first_name) if user else ""
    text = tr.gettext(
        "Hello %(name)s! I am the INEXA Alliance bot.\n\n"
        "Every week I send you the EU and national funding calls that match your work "
        "(ESF+, Erasmus+, Horizon Europe, Interreg, LIFE and more), closing-soon first, "
        "and I invite you to the alliance's mutual-learning workshops.\n\n"
        "Send /help to see what I can do.",
        name=name,
    )
    if update.effective_message:
        await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)


async def help_command(update: Update, context: Ctx) -> None:
    """List the commands and explain the bot."""
    runtime = context.bot_data.runtime
    tr = await _member_translator(update, runtime)
    text = "\n".join(
        [
            tr.gettext("<b>INEXA Alliance bot</b>"),
            tr.gettext(
                "I keep members of the alliance informed about funding opportunities "
                "and bring them to our workshops."
            ),
            "",
            tr.gettext("/start: start or open your settings"),
            tr.gettext("/help: this message"),
            "",
            tr.gettext(
                "Questions about your data: %(contact)s",
                contact=esc(runtime.settings.privacy.contact),
            ),
        ]
    )
    if update.effective_message:
        await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)


async def unknown_command(update: Update, context: Ctx) -> None:
    """Answer a command the bot does not know, instead of staying silent."""
    runtime = context.bot_data.runtime
    tr = await _member_translator(update, runtime)
    if update.effective_message:
        await update.effective_message.reply_text(
            tr.gettext("I don't know that command. Send /help to see what I can do."),
        )


async def stray_text(update: Update, context: Ctx) -> None:
    """Answer free text the bot was not waiting for."""
    runtime = context.bot_data.runtime
    tr = await _member_translator(update, runtime)
    if update.effective_message:
        await update.effective_message.reply_text(
            tr.gettext(
                "I read commands and buttons rather than free text. "
                "Send /help to see what I can do."
            ),
        )
