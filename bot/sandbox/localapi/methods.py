"""The Bot API methods the bot uses, with Telegram's validation and answers."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from bot.sandbox.localapi import errors, html
from bot.sandbox.localapi.chats import (
    chat_ref,
    create_forum_topic,
    get_chat,
    get_chat_administrators,
    get_chat_member,
)
from bot.sandbox.localapi.errors import ApiError
from bot.sandbox.localapi.state import Chat, StoredMessage, TranscriptEntry, World

MAX_TEXT = 4096
MAX_CAPTION = 1024
#: Methods that send or edit messages and so count against flood limits.
LIMITED = frozenset(
    {"sendmessage", "senddocument", "sendphoto", "editmessagetext", "editmessagereplymarkup"}
)

Params = dict[str, Any]
Method = Callable[[World, Params], Awaitable[Any]]


def _json_value(value: Any) -> Any:
    """Form fields arrive as strings with JSON-encoded non-string values (as PTB sends them)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _int(params: Params, key: str, *, required: bool = True) -> int | None:
    value = params.get(key)
    if value is None or value == "":
        if required:
            raise errors.bad_request(f"{key} is empty" if key != "chat_id" else "chat_id is empty")
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise errors.bad_request(f"invalid {key} specified") from None


def _markup(params: Params) -> dict[str, Any] | None:
    raw = params.get("reply_markup")
    if raw is None or raw == "":
        return None
    markup = _json_value(raw)
    if not isinstance(markup, dict):
        raise errors.bad_request("can't parse reply keyboard markup JSON object")
    keyboard = markup.get("inline_keyboard")
    if keyboard is None:
        return markup  # reply keyboards and removals are stored as they are
    if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
        raise errors.bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array'
        )
    for row in keyboard:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise errors.bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise errors.bad_request(errors.BUTTON_DATA_INVALID)
            if data is None and not any(
                k in button
                for k in ("url", "switch_inline_query", "web_app", "login_url", "copy_text")
            ):
                raise errors.bad_request(
                    'can\'t find field "callback_data" in an inline keyboard button'
                )
    return markup


def _render(
    text: str, params: Params, *, limit: int, empty: str
) -> tuple[str, list[dict[str, Any]]]:
    mode = str(params.get("parse_mode") or "")
    if mode.upper() == "HTML":
        try:
            plain, entities = html.parse(text)
        except html.HtmlError as exc:
            raise errors.bad_request(f"can't parse entities: {exc}") from None
    elif mode:
        # Only HTML is used by this project; other modes are refused loudly, not guessed.
        raise errors.bad_request(f"unsupported parse_mode {mode!r} in the local server")
    else:
        plain = text
        raw_entities = _json_value(params.get("entities") or "[]")
        entities = raw_entities if isinstance(raw_entities, list) else []
    if not plain.strip():
        raise errors.bad_request(empty)
    if html.utf16_len(plain) > limit:
        raise errors.bad_request(
            errors.TOO_LONG if limit == MAX_TEXT else "message caption is too long"
        )
    return plain, entities


def _buttons_text(markup: dict[str, Any] | None) -> tuple[tuple[str, ...], ...]:
    if not markup:
        return ()
    return tuple(
        tuple(str(b.get("text", "")) for b in row) for row in markup.get("inline_keyboard", [])
    )


def _check_flood(world: World, chat: Chat, params: Params) -> None:
    paid = str(params.get("allow_paid_broadcast", "")).lower() == "true"
    wait = world.flood.check(chat.id, group=chat.paced_as_group, paid=paid)
    if wait is not None:
        raise errors.too_many_requests(wait)


async def get_me(world: World, params: Params) -> Any:
    """The bot's own user."""
    return {
        **world.bot.to_json(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


async def delete_webhook(world: World, params: Params) -> Any:
    """Remove the webhook (polling works afterwards)."""
    world.webhook_url = ""
    world.webhook_secret = ""
    if str(params.get("drop_pending_updates", "")).lower() == "true":
        world.drop_pending_updates()
    return True


async def set_webhook(world: World, params: Params) -> Any:
    """Set a webhook: updates are POSTed to it and getUpdates answers 409, as on Telegram."""
    url = str(params.get("url") or "")
    secret = str(params.get("secret_token") or "")
    if url and not re.match(r"^(https://|http://(127\.0\.0\.1|localhost|\[::1\])[:/])", url):
        raise errors.bad_request("bad webhook: HTTPS url must be provided for webhook")
    if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise errors.bad_request("secret token contains unallowed characters")
    world.webhook_url = url
    world.webhook_secret = secret
    if str(params.get("drop_pending_updates", "")).lower() == "true":
        world.drop_pending_updates()
    await world.notify_change()
    return True


async def get_webhook_info(world: World, params: Params) -> Any:
    """Webhook status."""
    return {
        "url": world.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": world.pending_updates(),
        **(
            {
                "last_error_date": world.webhook_last_error[0],
                "last_error_message": world.webhook_last_error[1],
            }
            if world.webhook_last_error
            else {}
        ),
    }


async def get_updates(world: World, params: Params) -> Any:
    """Long polling."""
    offset = _int(params, "offset", required=False) or 0
    limit = max(1, min(100, _int(params, "limit", required=False) or 100))
    timeout = max(0, min(50, _int(params, "timeout", required=False) or 0))
    return await world.get_updates(offset, limit, wait=timeout)


async def send_message(world: World, params: Params) -> Any:
    """Send a text message (into a forum topic with ``message_thread_id``)."""
    chat = world.writable_chat(chat_ref(world, params))
    thread = world.thread(chat, _int(params, "message_thread_id", required=False))
    text = params.get("text")
    if text is None or str(text) == "":
        raise errors.bad_request(errors.TEXT_EMPTY)
    plain, entities = _render(str(text), params, limit=MAX_TEXT, empty=errors.TEXT_EMPTY)
    markup = _markup(params)
    _check_flood(world, chat, params)
    message = world.store(
        chat, world.bot, text=plain, entities=entities, reply_markup=markup, thread_id=thread
    )
    world.sent_count += 1
    world.record(
        TranscriptEntry(
            chat.id,
            "bot",
            world.bot.first_name,
            plain,
            _buttons_text(markup),
            message_id=message.message_id,
        )
    )
    await world.notify_change()
    return world.message_json(message)


def _editable(world: World, params: Params) -> tuple[Chat, StoredMessage]:
    if params.get("inline_message_id"):
        raise errors.bad_request("inline messages are not supported by the local server")
    chat = world.writable_chat(_int(params, "chat_id") or 0)
    message = world.message(chat.id, _int(params, "message_id") or 0)
    if message is None:
        raise errors.bad_request(errors.MESSAGE_TO_EDIT_NOT_FOUND)
    if not message.sender.is_bot:
        raise errors.bad_request("message can't be edited")
    return chat, message


async def edit_message_text(world: World, params: Params) -> Any:
    """Edit a bot message's text (and keyboard; an omitted keyboard is removed)."""
    chat, message = _editable(world, params)
    text = params.get("text")
    if text is None or str(text) == "":
        raise errors.bad_request(errors.TEXT_EMPTY)
    plain, entities = _render(str(text), params, limit=MAX_TEXT, empty=errors.TEXT_EMPTY)
    markup = _markup(params)
    if message.text == plain and message.entities == entities and message.reply_markup == markup:
        raise errors.bad_request(errors.NOT_MODIFIED)
    _check_flood(world, chat, params)
    message.text, message.entities, message.reply_markup = plain, entities, markup
    message.edit_date = world.now()
    world.record(
        TranscriptEntry(
            chat.id,
            "edit",
            world.bot.first_name,
            plain,
            _buttons_text(markup),
            message_id=message.message_id,
        )
    )
    await world.notify_change()
    return world.message_json(message)


async def edit_message_reply_markup(world: World, params: Params) -> Any:
    """Replace (or remove) a bot message's keyboard."""
    chat, message = _editable(world, params)
    markup = _markup(params)
    if message.reply_markup == markup:
        raise errors.bad_request(errors.NOT_MODIFIED)
    _check_flood(world, chat, params)
    message.reply_markup = markup
    message.edit_date = world.now()
    world.record(
        TranscriptEntry(
            chat.id,
            "markup",
            world.bot.first_name,
            message.text or "",
            _buttons_text(markup),
            message_id=message.message_id,
        )
    )
    await world.notify_change()
    return world.message_json(message)


async def delete_message(world: World, params: Params) -> Any:
    """Delete a message (the bot's own, here); a second delete finds nothing."""
    chat = world.chat(chat_ref(world, params))
    message_id = _int(params, "message_id") or 0
    message = world.messages.pop((chat.id, message_id), None)
    if message is None:
        raise errors.bad_request(errors.MESSAGE_TO_DELETE_NOT_FOUND)
    world.record(TranscriptEntry(chat.id, "event", world.bot.first_name, "deleted a message"))
    await world.notify_change()
    return True


async def answer_callback_query(world: World, params: Params) -> Any:
    """Answer a button press once."""
    chat_id, _ = world.close_query(str(params.get("callback_query_id") or ""))
    text = params.get("text")
    if text:
        world.record(TranscriptEntry(chat_id, "answer", world.bot.first_name, str(text)))
    await world.notify_change()
    return True


def _scope_key(params: Params, world: World | None = None) -> tuple[str, str]:
    scope = _json_value(params.get("scope") or '{"type": "default"}')
    kind = scope.get("type", "default") if isinstance(scope, dict) else "default"
    if isinstance(scope, dict) and kind in {"chat", "chat_administrators", "chat_member"}:
        chat_id = int(scope.get("chat_id") or 0)
        if world is not None:
            world.chat(chat_id)  # "Bad Request: chat not found" for a chat the bot never saw
        kind = f"{kind}:{chat_id}"
    return kind, str(params.get("language_code") or "")


async def set_my_commands(world: World, params: Params) -> Any:
    """Store the command menu per (scope, language)."""
    commands = _json_value(params.get("commands") or "[]")
    if not isinstance(commands, list) or len(commands) > 100:
        raise errors.bad_request("commands are invalid")
    for command in commands:
        name = str(command.get("command", "")) if isinstance(command, dict) else ""
        description = str(command.get("description", "")) if isinstance(command, dict) else ""
        if not (1 <= len(name) <= 32 and name.islower() and name.replace("_", "").isalnum()):
            raise errors.bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description) <= 256:
            raise errors.bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    world.commands[_scope_key(params, world)] = commands
    return True


async def get_my_commands(world: World, params: Params) -> Any:
    """The stored menu for (scope, language)."""
    return world.commands.get(_scope_key(params), [])


async def delete_my_commands(world: World, params: Params) -> Any:
    """Remove the menu for (scope, language)."""
    world.commands.pop(_scope_key(params), None)
    return True


async def _send_file(world: World, params: Params, field: str) -> Any:
    chat = world.writable_chat(chat_ref(world, params))
    thread = world.thread(chat, _int(params, "message_thread_id", required=False))
    upload = params.get(field)
    if upload is None or upload == "":
        raise errors.bad_request(f"there is no {field} in the request")
    if isinstance(upload, tuple):
        name, mime, content = upload
        stored = world.new_file(name, mime, content)
    else:
        existing = world.files.get(str(upload))
        if existing is None:
            raise errors.bad_request("wrong file identifier/HTTP URL specified")
        stored = existing
    caption = params.get("caption")
    caption_text = None
    if caption:
        caption_text, _ = _render(
            str(caption), params, limit=MAX_CAPTION, empty="message caption is empty"
        )
    _check_flood(world, chat, params)
    fields: dict[str, Any] = {
        "caption": caption_text,
        "reply_markup": _markup(params),
        "thread_id": thread,
    }
    if field == "photo":
        fields["photo"] = [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": 1280,
                "height": 960,
                "file_size": len(stored.content),
            }
        ]
    else:
        fields["document"] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": stored.file_name or "file",
            "mime_type": stored.mime_type or "application/octet-stream",
            "file_size": len(stored.content),
        }
    message = world.store(chat, world.bot, **fields)
    world.sent_count += 1
    label = f"[{field}: {stored.file_name or stored.file_id}, {len(stored.content)} bytes]"
    world.record(
        TranscriptEntry(
            chat.id,
            "document",
            world.bot.first_name,
            f"{label} {caption_text or ''}".strip(),
            data=stored.content,
        )
    )
    await world.notify_change()
    return world.message_json(message)


async def send_document(world: World, params: Params) -> Any:
    """Send a file; the bytes are kept for tests."""
    return await _send_file(world, params, "document")


async def send_photo(world: World, params: Params) -> Any:
    """Send a picture; the bytes are kept for tests."""
    return await _send_file(world, params, "photo")


async def get_file(world: World, params: Params) -> Any:
    """File info for a download under /file/bot<token>/<path>."""
    stored = world.files.get(str(params.get("file_id") or ""))
    if stored is None:
        raise errors.bad_request("wrong file_id specified")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "file_path": f"documents/{stored.file_id}",
    }


async def log_out(world: World, params: Params) -> Any:
    """Nothing to log out of locally."""
    return True


METHODS: dict[str, Method] = {
    "getme": get_me,
    "deletewebhook": delete_webhook,
    "setwebhook": set_webhook,
    "getwebhookinfo": get_webhook_info,
    "getupdates": get_updates,
    "sendmessage": send_message,
    "editmessagetext": edit_message_text,
    "editmessagereplymarkup": edit_message_reply_markup,
    "answercallbackquery": answer_callback_query,
    "deletemessage": delete_message,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": delete_my_commands,
    "senddocument": send_document,
    "sendphoto": send_photo,
    "getfile": get_file,
    "getchat": get_chat,
    "getchatmember": get_chat_member,
    "getchatadministrators": get_chat_administrators,
    "createforumtopic": create_forum_topic,
    "logout": log_out,
    "close": log_out,
}


async def call(world: World, method: str, params: Params) -> Any:
    """Run ``method`` (case-insensitive) with Telegram's error semantics."""
    name = method.lower()
    handler = METHODS.get(name)
    if handler is None:
        raise ApiError(*errors.NOT_FOUND)
    world.calls.append((name, params))
    rule = world.take_failure(name)
    if rule is not None and rule.delay is not None:
        await asyncio.sleep(rule.delay)
    elif rule is not None:
        parameters = {"retry_after": rule.retry_after} if rule.retry_after is not None else None
        raise ApiError(rule.code, rule.description, parameters)
    return await handler(world, params)
