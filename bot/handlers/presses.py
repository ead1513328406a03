"""Typed button routing: each feature declares its presses; one dispatcher decodes, checks, acts.

A feature module declares its routes next to its handlers::

    ROUTES = Routes(errors=views.error_text)

    @ROUTES.on(Topic)  # members only (the default guard)
    async def toggle_topic(press: Press[Topic]) -> None: ...

and :func:`bot.handlers.register` lists every feature's ``ROUTES`` once. The dispatcher decodes
the data (anything that does not decode is answered "no longer valid" and changes nothing),
applies the route's guard, answers the press at once unless the route answers itself, and runs
the handler. A :class:`~bot.core.errors.BotError` is turned into the feature's words for its
code; any other exception is a bug and goes to the application's error handler, which logs it
with the update and apologises.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, TypeVar

from telegram import Update
from telegram.error import BadRequest

from bot.callbacks import Button, Invalid, decode
from bot.context import Ctx, Runtime
from bot.core.errors import BotError, Stale
from bot.core.i18n import Translator
from bot.handlers.common import PROMPT, may_configure, runtime, send, translator
from bot.members.types import Profile
from bot.views.common import Screen

log = logging.getLogger(__name__)

B = TypeVar("B", bound=Button)


class Guard(Enum):
    """Who may press a route's buttons."""

    #: Anyone who sees the button (calendar files, answers addressed to the presser).
    ANYONE = "anyone"
    #: The chat, before it agreed to the privacy notice (group admins only in a group).
    CHAT = "chat"
    #: A member who agreed to the privacy notice (group admins only in a group).
    MEMBER = "member"
    #: The alliance's coordinators.
    COORDINATOR = "coordinator"


@dataclass(slots=True)
class Press(Generic[B]):
    """One decoded press with what its handler needs."""

    update: Update
    context: Ctx
    button: B
    tr: Translator
    profile: Profile | None
    answered: bool = False

    @property
    def rt(self) -> Runtime:
        """The application's collaborators."""
        return runtime(self.context)

    @property
    def member(self) -> Profile:
        """The presser's chat profile (routes guarded by MEMBER or CHAT always have one)."""
        if self.profile is None:
            raise Stale("no profile")
        return self.profile

    @property
    def chat_id(self) -> int:
        """The chat the button was pressed in."""
        chat = self.update.effective_chat
        if chat is None:
            raise Stale("no chat")
        return chat.id

    @property
    def user_id(self) -> int:
        """The Telegram user who pressed."""
        user = self.update.effective_user
        if user is None:
            raise Stale("no user")
        return user.id

    async def answer(self, text: str | None = None, *, alert: bool = False) -> None:
        """Answer the press once (the member's client stops spinning); later calls do nothing."""
        query = self.update.callback_query
        if self.answered or query is None:
            return
        self.answered = True
        await query.answer(text, show_alert=alert)


PressHandler = Callable[[Press[B]], Awaitable[None]]
ErrorText = Callable[[Translator, str], str]


def stale_text(tr: Translator, code: str) -> str:
    """The words for a press that no longer fits (any code without a feature's own words)."""
    return tr.gettext("That button is out of date. Send /start to get a fresh menu.")


@dataclass(frozen=True, slots=True)
class Route(Generic[B]):
    """One button kind, its handler, its guard and the feature's words for its errors."""

    kind: type[B]
    handler: PressHandler[B]
    guard: Guard
    answer: bool
    errors: ErrorText


@dataclass
class Routes:
    """The routes one feature declares (see the module docstring)."""

    errors: ErrorText = stale_text
    _routes: list[Route[Any]] = field(default_factory=list)

    def on(
        self, kind: type[B], *, guard: Guard = Guard.MEMBER, answer: bool = True
    ) -> Callable[[PressHandler[B]], PressHandler[B]]:
        """Declare ``handler`` for presses of ``kind``; ``answer=False``: it answers itself."""

        def declare(handler: PressHandler[B]) -> PressHandler[B]:
            self._routes.append(Route(kind, handler, guard, answer, self.errors))
            return handler

        return declare

    def __iter__(self) -> Iterator[Route[Any]]:
        return iter(self._routes)


class Dispatcher:
    """The one callback-query handler: a table from button kind to route."""

    def __init__(self, routes: Iterable[Routes]) -> None:
        self.table: dict[type[Button], Route[Any]] = {}
        for feature in routes:
            for route in feature:
                if route.kind in self.table:
                    raise ValueError(f"{route.kind.__name__} is routed twice")
                self.table[route.kind] = route

    async def __call__(self, update: Update, context: Ctx) -> None:
        """Handle one callback query."""
        query = update.callback_query
        chat = update.effective_chat
        if query is None:
            return
        if chat is None:  # a press on an inline-mode message: nothing here acts on those
            await query.answer()
            return
        data = context.chat_data
        message = query.message
        # A button of the open question was pressed: that question is settled either way.
        if data is not None and message is not None and data.get(PROMPT) == message.message_id:
            del data[PROMPT]
        decoded = decode(query.data)
        rt = runtime(context)
        profile = await rt.members.profile(chat.id)
        tr = translator(context, profile, update)
        route = self.table.get(type(decoded)) if isinstance(decoded, Button) else None
        if route is None or not isinstance(decoded, Button):
            reason = decoded.reason if isinstance(decoded, Invalid) else "no route"
            log.info("button press refused: %s", reason)
            await query.answer(
                tr.gettext("This button is no longer valid. Send /start to get a fresh menu.")
            )
            return
        press: Press[Any] = Press(update, context, decoded, tr, profile)
        refusal = await _refusal(route.guard, press)
        if refusal is not None:
            text, alert = refusal
            await press.answer(text, alert=alert)
            return
        if route.answer:
            await press.answer()
        try:
            await route.handler(press)
        except BotError as error:
            log.info("press %s refused: %s", type(decoded).__name__, error)
            text = route.errors(tr, error.code)
            if not press.answered:
                try:
                    await press.answer(text, alert=True)
                    return
                except BadRequest:  # answered too late: say it in the chat instead
                    pass
            await send(update, context, Screen(text))


async def _refusal(guard: Guard, press: Press[Any]) -> tuple[str, bool] | None:
    """Why the presser may not press this button (and whether as a popup), or None."""
    tr = press.tr
    if guard is Guard.ANYONE:
        return None
    if guard is Guard.COORDINATOR:
        user = press.update.effective_user
        if user is not None and await press.rt.coordinators.is_coordinator(user.id):
            return None
        return tr.gettext("This is for the alliance's coordinators only."), True
    if not await may_configure(press.update, press.context):
        return (
            tr.gettext("Only this group's admins can change its subscription and settings."),
            True,
        )
    profile = press.profile
    if profile is None or (guard is Guard.MEMBER and not profile.consented):
        return tr.gettext("Please send /start first."), False
    return None
