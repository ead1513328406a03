"""Forum topics and channels on the local server, as Telegram answers them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.sandbox.localapi import LocalBotApi, World

TOKEN = "123456:TEST-local-bot-api-token"
FORUM, GROUP, CHANNEL, SILENT, ABSENT = -1001, -1002, -1003, -1004, -1005


@pytest.fixture
async def api() -> AsyncIterator[tuple[httpx.AsyncClient, World]]:
    server = LocalBotApi()
    world = server.world
    world.add_user(1000, "Ana")
    world.add_group(FORUM, "Forum", admins=(1000,), forum=True)
    world.add_group(GROUP, "Plain", admins=(1000,), supergroup=True)
    world.add_channel(CHANNEL, "News", username="inexa_news")
    world.add_channel(SILENT, "Read only", bot_status="member")
    world.add_channel(ABSENT, "Elsewhere", bot_status="left")
    async with httpx.AsyncClient(transport=server.transport(), base_url="http://local") as client:
        yield client, world


async def call(client: httpx.AsyncClient, method: str, **data: object) -> httpx.Response:
    return await client.post(f"/bot{TOKEN}/{method}", data={k: str(v) for k, v in data.items()})


async def test_messages_go_into_existing_open_topics_only(
    api: tuple[httpx.AsyncClient, World],
) -> None:
    client, world = api
    created = await call(client, "createForumTopic", chat_id=FORUM, name="Green")
    thread = created.json()["result"]["message_thread_id"]
    sent = await call(client, "sendMessage", chat_id=FORUM, text="hi", message_thread_id=thread)
    result = sent.json()["result"]
    assert result["message_thread_id"] == thread
    assert result["is_topic_message"] is True
    assert result["chat"]["is_forum"] is True
    missing = await call(client, "sendMessage", chat_id=FORUM, text="hi", message_thread_id=999)
    assert (missing.status_code, missing.json()["description"]) == (
        400,
        "Bad Request: message thread not found",
    )
    world.chats[FORUM].topics[thread].closed = True
    closed = await call(client, "sendMessage", chat_id=FORUM, text="hi", message_thread_id=thread)
    assert closed.json()["description"] == "Bad Request: TOPIC_CLOSED"
    plain = await call(client, "sendMessage", chat_id=GROUP, text="hi", message_thread_id=5)
    assert plain.json()["description"] == "Bad Request: message thread not found"
    not_forum = await call(client, "createForumTopic", chat_id=GROUP, name="Green")
    assert not_forum.json()["description"] == "Bad Request: the chat is not a forum"


async def test_channels_take_posts_from_an_administrator_only(
    api: tuple[httpx.AsyncClient, World],
) -> None:
    client, _world = api
    sent = await call(client, "sendMessage", chat_id="@inexa_news", text="Calls of the week")
    result = sent.json()["result"]
    assert result["chat"]["id"] == CHANNEL
    assert result["sender_chat"]["id"] == CHANNEL
    assert "from" not in result
    silent = await call(client, "sendMessage", chat_id=SILENT, text="x")
    assert (silent.status_code, silent.json()["description"]) == (
        400,
        "Bad Request: need administrator rights in the channel chat",
    )
    absent = await call(client, "sendMessage", chat_id=ABSENT, text="x")
    assert (absent.status_code, absent.json()["description"]) == (
        403,
        "Forbidden: bot is not a member of the channel chat",
    )
    me = await call(client, "getChatMember", chat_id="@inexa_news", user_id=123456)
    assert me.json()["result"]["status"] == "administrator"
    assert me.json()["result"]["can_post_messages"] is True
