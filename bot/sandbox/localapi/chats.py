"""Chats as the Bot API describes them: getChat, members and administrators, forum topics;
``chat_id`` given as a number or a ``@username``."""

from __future__ import annotations

from typing import Any

from bot.sandbox.localapi import errors
from bot.sandbox.localapi.state import World

Params = dict[str, Any]


def _int(params: Params, key: str) -> int:
    value = params.get(key)
    if value is None or value == "":
        raise errors.bad_request(f"{key} is empty")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise errors.bad_request(f"invalid {key} specified") from None


def chat_ref(world: World, params: Params) -> int:
    """``chat_id`` as a number, or a ``@username`` (channels and public groups)."""
    raw = params.get("chat_id")
    if isinstance(raw, str) and raw.startswith("@"):
        name = raw[1:].lower()
        for chat in world.chats.values():
            if chat.type != "private" and (chat.username or "").lower() == name:
                return chat.id
        raise errors.bad_request(errors.CHAT_NOT_FOUND)
    return _int(params, "chat_id")


async def get_chat(world: World, params: Params) -> Any:
    """Full chat info."""
    chat = world.chat(chat_ref(world, params))
    return {
        **chat.to_json(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }


def _member_json(world: World, user_id: int, status: str) -> dict[str, Any]:
    user = world.bot if user_id == world.bot.id else world.users.get(user_id)
    user_json = user.to_json() if user else {"id": user_id, "is_bot": False, "first_name": "?"}
    data: dict[str, Any] = {"user": user_json, "status": status}
    if status == "creator":
        data["is_anonymous"] = False
    elif status == "administrator":
        for key in (
            "can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
            "can_manage_video_chats", "can_restrict_members", "can_promote_members",
            "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories",
            "can_delete_stories",
        ):  # fmt: skip
            data[key] = key == "can_manage_chat"
        if user_id == world.bot.id:  # the bot posts (channels) and manages topics (forums)
            data.update(can_post_messages=True, can_edit_messages=True, can_manage_topics=True)
    elif status == "kicked":
        data["until_date"] = 0
    return data


async def get_chat_member(world: World, params: Params) -> Any:
    """A member's status in a chat."""
    chat = world.chat(chat_ref(world, params))
    user_id = _int(params, "user_id")
    if chat.type == "private":
        return _member_json(world, user_id, "member")
    status = world.member_status(chat, user_id)
    if status is None:
        if user_id not in world.users:
            raise errors.bad_request("user not found")
        status = "left"
    return _member_json(world, user_id, status)


async def get_chat_administrators(world: World, params: Params) -> Any:
    """Creator and administrators of a group."""
    chat = world.chat(_int(params, "chat_id") or 0)
    return [
        _member_json(world, user_id, status)
        for user_id, status in chat.members.items()
        if status in {"creator", "administrator"}
    ]


async def create_forum_topic(world: World, params: Params) -> Any:
    """A new topic in a forum supergroup (the bot must be an administrator there)."""
    chat = world.writable_chat(chat_ref(world, params))
    if not chat.is_forum:
        raise errors.bad_request(errors.NOT_A_FORUM)
    if chat.bot_status not in {"administrator", "creator"}:
        raise errors.bad_request("not enough rights to create a topic")
    name = str(params.get("name") or "")
    if not 1 <= len(name) <= 128:
        raise errors.bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_INVALID")
    message = world.open_topic(chat.id, name)
    await world.notify_change()
    return {"message_thread_id": message.message_id, "name": name, "icon_color": 7322096}
