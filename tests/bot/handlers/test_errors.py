"""The last-resort error handler's log line: enough to find the update, nothing personal."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import CallbackQuery, Chat, Message, Update, User

from bot.handlers.errors import describe

ANA = User(1000, "Ana", is_bot=False)
CHAT = Chat(1000, Chat.PRIVATE)
WHEN = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _message(text: str) -> Message:
    return Message(7, WHEN, CHAT, from_user=ANA, text=text)


def test_a_press_is_logged_with_its_data() -> None:
    query = CallbackQuery("q1", ANA, "ci", message=_message("menu"), data="1t:green:1")
    assert describe(Update(41, callback_query=query)) == "update 41, chat 1000, button '1t:green:1'"


def test_a_command_is_logged_by_name_only() -> None:
    update = Update(42, message=_message("/partners vet Ana's secret plan"))
    assert describe(update) == "update 42, chat 1000, command '/partners'"


def test_free_text_is_not_logged() -> None:
    update = Update(43, message=_message("my phone is 0722 000 000"))
    assert describe(update) == "update 43, chat 1000, text of 24 characters"
    assert "0722" not in describe(update)


def test_something_else() -> None:
    assert describe("tick") == "a non-update event (str)"
