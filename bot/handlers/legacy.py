"""TRANSITIONAL: presses of buttons not yet declared as typed routes (the ``Action`` enum).

Only the coordinators' buttons (``ADMIN_*``, ``BROADCAST_*``, ``PUSH_*``) still come this way.
Delete this module, with ``Dispatcher(legacy=...)``, once they are typed routes.
"""

from __future__ import annotations

from telegram import Update

from bot.callbacks import Callback
from bot.context import Ctx
from bot.handlers import coordinator as coordinator_handlers


async def on_button(update: Update, context: Ctx, press: Callback) -> None:
    """Route a legacy press to its feature."""
    if press.action in coordinator_handlers.ACTIONS:
        await coordinator_handlers.on_button(update, context, press)
    elif update.callback_query is not None:
        await update.callback_query.answer()
