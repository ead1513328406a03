"""/members: the roster by organisation, its search, pending approvals and exports."""

from __future__ import annotations

from telegram import Update

from bot.buttons.organisations import RosterExport, RosterPage, RosterSearch
from bot.context import Ctx
from bot.conversation import MEMBERS_SEARCH, Waiting
from bot.core.i18n import Translator
from bot.handlers.common import answered, ask, runtime, send, show
from bot.handlers.coordinator.access import require_coordinator
from bot.handlers.presses import Guard, Press, Routes
from bot.organisations.export import to_csv, to_xlsx
from bot.organisations.rules import search_token
from bot.views import organisations as org_views
from bot.views import roster as views
from bot.views.common import Screen

ROUTES = Routes(errors=org_views.error_text)


async def _page(context: Ctx, tr: Translator, query: str | None, page: int) -> Screen:
    found = await runtime(context).roster.page(query, page)
    return views.roster_screen(tr, found)


async def members_command(update: Update, context: Ctx) -> None:
    """/members [WORDS]: the roster (searched for WORDS)."""
    tr = await require_coordinator(update, context)
    if tr is None:
        return
    query = search_token(" ".join(context.args or []))
    await send(update, context, await _page(context, tr, query, 0))


@ROUTES.on(RosterPage, guard=Guard.COORDINATOR)
async def roster_page(press: Press[RosterPage]) -> None:
    """Another page (or all organisations again)."""
    chosen = press.button
    screen = await _page(press.context, press.tr, chosen.query, chosen.page)
    await show(press.update, press.context, screen)


@ROUTES.on(RosterSearch, guard=Guard.COORDINATOR)
async def roster_search(press: Press[RosterSearch]) -> None:
    """Wait for words to search with."""
    await press.rt.conversations.expect(press.chat_id, Waiting(MEMBERS_SEARCH))
    await ask(press.update, press.context, views.search_prompt(press.tr), new=True)


async def on_search_text(update: Update, context: Ctx, waiting: Waiting) -> bool:
    """The words a coordinator searches the roster for."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None or message.text is None:
        return False
    tr = await require_coordinator(update, context)
    if tr is None:
        return True
    rt = runtime(context)
    await rt.conversations.clear(chat.id, frozenset({MEMBERS_SEARCH}))
    await answered(update, context)
    await send(update, context, await _page(context, tr, search_token(message.text), 0))
    return True


@ROUTES.on(RosterExport, guard=Guard.COORDINATOR)
async def roster_export(press: Press[RosterExport]) -> None:
    """The whole roster as a CSV (organisations) or XLSX (organisations and people) file."""
    rt, tr = press.rt, press.tr
    tables = views.tables(tr, await rt.roster.everything())
    day = rt.clock().date().isoformat()
    if press.button.format == "csv":
        payload, name = to_csv(tables[0]), f"inexa-organisations-{day}.csv"
    else:
        payload, name = to_xlsx(tables), f"inexa-members-{day}.xlsx"
    await press.context.bot.send_document(
        press.chat_id,
        document=payload,
        filename=name,
        caption=tr.ngettext("%(n)s organisation.", "%(n)s organisations.", len(tables[0].rows)),
    )
