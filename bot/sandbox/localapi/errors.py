"""Telegram's errors, with the exact descriptions the real Bot API returns.

The HTTP status always equals ``error_code``; python-telegram-bot maps the status to its
exception classes (400 BadRequest, 403 Forbidden, 429 RetryAfter, ...).
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error answer: ``{"ok": false, "error_code": N, "description": "...", ...}``."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram sends."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    """400 ``Bad Request: <detail>``."""
    return ApiError(400, f"Bad Request: {detail}")


UNAUTHORIZED = (401, "Unauthorized")
NOT_FOUND = (404, "Not Found: method not found")
CHAT_NOT_FOUND = "chat not found"
BLOCKED = "Forbidden: bot was blocked by the user"
DEACTIVATED = "Forbidden: user is deactivated"
KICKED_GROUP = "Forbidden: bot was kicked from the group chat"
KICKED_SUPERGROUP = "Forbidden: bot was kicked from the supergroup chat"
UPGRADED = "group chat was upgraded to a supergroup chat"
#: Channels: the bot was never added (or was removed), or is there without posting rights.
NOT_IN_CHANNEL = "Forbidden: bot is not a member of the channel chat"
NEED_CHANNEL_ADMIN = "need administrator rights in the channel chat"
#: A ``message_thread_id`` that names no topic (forums) or no thread of the chat.
THREAD_NOT_FOUND = "message thread not found"
TOPIC_CLOSED = "TOPIC_CLOSED"
NOT_A_FORUM = "the chat is not a forum"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
MESSAGE_TO_EDIT_NOT_FOUND = "message to edit not found"
MESSAGE_TO_DELETE_NOT_FOUND = "message to delete not found"
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
TEXT_EMPTY = "message text is empty"
TOO_LONG = "message is too long"
BUTTON_DATA_INVALID = "BUTTON_DATA_INVALID"
CONFLICT_POLLING = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
    "delete the webhook first"
)


def too_many_requests(retry_after: int) -> ApiError:
    """429 with ``parameters.retry_after``, as built by tdlib/telegram-bot-api."""
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )
