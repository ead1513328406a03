"""The wire format: paths, bodies, HTTP status = error_code, Telegram's exact descriptions."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.sandbox.localapi import FloodLimits, LocalBotApi, World

TOKEN = "123456:TEST-local-bot-api-token"


@pytest.fixture
async def api() -> AsyncIterator[tuple[httpx.AsyncClient, World, LocalBotApi]]:
    server = LocalBotApi()
    server.world.add_user(1000, "Ana", language_code="ro")
    async with httpx.AsyncClient(transport=server.transport(), base_url="http://local") as client:
        yield client, server.world, server


async def call(client: httpx.AsyncClient, method: str, **data: object) -> httpx.Response:
    return await client.post(f"/bot{TOKEN}/{method}", data={k: str(v) for k, v in data.items()})


async def test_get_me_any_case_and_any_body(
    api: tuple[httpx.AsyncClient, World, LocalBotApi],
) -> None:
    client, _, _ = api
    for response in (
        await client.get(f"/bot{TOKEN}/getMe"),
        await client.post(f"/bot{TOKEN}/GETME", json={}),
        await client.post(f"/bot{TOKEN}/getme", data={}),
    ):
        assert response.status_code == 200
        body = response.json()
        assert body["ok"] is True
        assert body["result"]["is_bot"] is True
        assert body["result"]["username"] == "inexa_test_bot"


async def test_wrong_token_and_unknown_method(
    api: tuple[httpx.AsyncClient, World, LocalBotApi],
) -> None:
    client, _, _ = api
    response = await client.post("/bot999:nope/getMe")
    assert (response.status_code, response.json()) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    response = await client.post(f"/bot{TOKEN}/flyToTheMoon")
    assert (response.status_code, response.json()["description"]) == (
        404,
        "Not Found: method not found",
    )


async def test_send_message_json_form_and_query(
    api: tuple[httpx.AsyncClient, World, LocalBotApi],
) -> None:
    client, world, _ = api
    first = await client.post(f"/bot{TOKEN}/sendMessage", json={"chat_id": 1000, "text": "one"})
    second = await call(client, "sendMessage", chat_id=1000, text="two")
    third = await client.get(f"/bot{TOKEN}/sendMessage", params={"chat_id": "1000", "text": "3"})
    ids = [r.json()["result"]["message_id"] for r in (first, second, third)]
    assert ids == [1, 2, 3]  # message ids are a sequence per chat
    assert [m.text for m in world.messages_in(1000)] == ["one", "two", "3"]


@pytest.mark.parametrize(
    ("data", "status", "description"),
    [
        ({"chat_id": 42, "text": "x"}, 400, "Bad Request: chat not found"),
        ({"chat_id": 1000, "text": ""}, 400, "Bad Request: message text is empty"),
        ({"chat_id": 1000, "text": "x" * 4097}, 400, "Bad Request: message is too long"),
        (
            {"chat_id": 1000, "text": "<b>x", "parse_mode": "HTML"},
            400,
            "Bad Request: can't parse entities: "
            'Can\'t find end tag corresponding to start tag "b"',
        ),
        (
            {
                "chat_id": 1000,
                "text": "x",
                "reply_markup": json.dumps(
                    {"inline_keyboard": [[{"text": "b", "callback_data": "x" * 65}]]}
                ),
            },
            400,
            "Bad Request: BUTTON_DATA_INVALID",
        ),
    ],
)
async def test_send_message_errors(
    api: tuple[httpx.AsyncClient, World, LocalBotApi],
    data: dict[str, object],
    status: int,
    description: str,
) -> None:
    client, _, _ = api
    response = await call(client, "sendMessage", **data)
    assert response.status_code == status
    assert response.json() == {"ok": False, "error_code": status, "description": description}


async def test_4096_limit_counts_text_after_markup_in_utf16(
    api: tuple[httpx.AsyncClient, World, LocalBotApi],
) -> None:
    client, _, _ = api
    fits = "<b>" + "ă" * 4094 + "</b>&amp;"  # 4095 characters after parsing
    assert (
        await call(client, "sendMessage", chat_id=1000, text=fits, parse_mode="HTML")
    ).status_code == 200
    emoji = "😀" * 2049  # 4098 UTF-16 units
    assert (await call(client, "sendMessage", chat_id=1000, text=emoji)).status_code == 400


async def test_edit_rules(api: tuple[httpx.AsyncClient, World, LocalBotApi]) -> None:
    client, world, _ = api
    markup = json.dumps({"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]})
    sent = (await call(client, "sendMessage", chat_id=1000, text="hi", reply_markup=markup)).json()
    message_id = sent["result"]["message_id"]
    same = await call(
        client,
        "editMessageText",
        chat_id=1000,
        message_id=message_id,
        text="hi",
        reply_markup=markup,
    )
    assert same.status_code == 400
    assert same.json()["description"].startswith(
        "Bad Request: message is not modified: specified new"
    )
    edited = await call(client, "editMessageText", chat_id=1000, message_id=message_id, text="hi")
    assert "reply_markup" not in edited.json()["result"]  # omitted markup removes it
    assert edited.json()["result"]["edit_date"] > 0
    missing = await call(client, "editMessageText", chat_id=1000, message_id=99, text="x")
    assert missing.json()["description"] == "Bad Request: message to edit not found"
    assert world.message(1000, message_id).reply_markup is None  # type: ignore[union-attr]


async def test_callback_query_is_answered_once(
    api: tuple[httpx.AsyncClient, World, LocalBotApi],
) -> None:
    client, world, server = api
    markup = json.dumps({"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]})
    await call(client, "sendMessage", chat_id=1000, text="hi", reply_markup=markup)
    query_id = await server.sim.press(1000, world.messages_in(1000)[0], "go")
    assert (
        await call(client, "answerCallbackQuery", callback_query_id=query_id)
    ).status_code == 200
    again = await call(client, "answerCallbackQuery", callback_query_id=query_id)
    assert again.json()["description"] == (
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )


async def test_pressing_a_button_that_does_not_exist_is_refused(
    api: tuple[httpx.AsyncClient, World, LocalBotApi],
) -> None:
    client, world, server = api
    await call(client, "sendMessage", chat_id=1000, text="no buttons")
    from bot.sandbox.localapi import ControlError

    with pytest.raises(ControlError, match="no button"):
        await server.sim.press(1000, world.messages_in(1000)[0], "anything")


async def test_commands_are_stored_per_language(
    api: tuple[httpx.AsyncClient, World, LocalBotApi],
) -> None:
    client, _, _ = api
    commands = json.dumps([{"command": "start", "description": "Pornire"}])
    await call(client, "setMyCommands", commands=commands, language_code="ro")
    ro = await call(client, "getMyCommands", language_code="ro")
    default = await call(client, "getMyCommands")
    assert ro.json()["result"] == [{"command": "start", "description": "Pornire"}]
    assert default.json()["result"] == []
    bad = await call(
        client, "setMyCommands", commands=json.dumps([{"command": "Start!", "description": "x"}])
    )
    assert bad.json()["description"] == "Bad Request: BOT_COMMAND_INVALID"


async def test_documents_keep_their_bytes(
    api: tuple[httpx.AsyncClient, World, LocalBotApi],
) -> None:
    client, world, _ = api
    response = await client.post(
        f"/bot{TOKEN}/sendDocument",
        data={"chat_id": "1000", "caption": "data"},
        files={"document": ("mydata.json", b'{"a": 1}', "application/json")},
    )
    document = response.json()["result"]["document"]
    assert document["file_name"] == "mydata.json"
    assert document["file_size"] == 8
    assert world.files[document["file_id"]].content == b'{"a": 1}'
    download = await client.get(f"/file/bot{TOKEN}/documents/{document['file_id']}")
    assert download.content == b'{"a": 1}'


async def test_blocked_deactivated_and_migrated_chats(
    api: tuple[httpx.AsyncClient, World, LocalBotApi],
) -> None:
    client, world, server = api
    await server.sim.block(1000)
    blocked = await call(client, "sendMessage", chat_id=1000, text="x")
    assert (blocked.status_code, blocked.json()["description"]) == (
        403,
        "Forbidden: bot was blocked by the user",
    )
    world.add_user(2000, "Bo")
    server.sim.deactivate(2000)
    assert (await call(client, "sendMessage", chat_id=2000, text="x")).json()["description"] == (
        "Forbidden: user is deactivated"
    )
    world.add_group(-100, "Alliance RO", admins=(1000,))
    await server.sim.migrate(-100, -1001234)
    moved = await call(client, "sendMessage", chat_id=-100, text="x")
    assert moved.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: group chat was upgraded to a supergroup chat",
        "parameters": {"migrate_to_chat_id": -1001234},
    }
    assert (await call(client, "sendMessage", chat_id=-1001234, text="x")).status_code == 200


async def test_injected_failures_then_recovery(
    api: tuple[httpx.AsyncClient, World, LocalBotApi],
) -> None:
    client, _, server = api
    server.sim.fail_next("sendMessage", 2, code=502, description="Bad Gateway")
    codes = [
        (await call(client, "sendMessage", chat_id=1000, text="x")).status_code for _ in range(3)
    ]
    assert codes == [502, 502, 200]


async def test_flood_limit_answers_real_429() -> None:
    server = LocalBotApi(flood=FloodLimits(chat_burst=1))
    server.world.add_user(1000, "Ana")
    async with httpx.AsyncClient(transport=server.transport(), base_url="http://local") as client:
        assert (await call(client, "sendMessage", chat_id=1000, text="1")).status_code == 200
        response = await call(client, "sendMessage", chat_id=1000, text="2")
    assert response.status_code == 429
    assert response.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }


async def test_long_polling_waits_for_an_update(
    api: tuple[httpx.AsyncClient, World, LocalBotApi],
) -> None:
    import asyncio

    client, _, server = api
    mark = len(server.world.calls)
    poll = asyncio.create_task(call(client, "getUpdates", timeout=5))
    # The server has the poll (and holds it: an early answer would carry no update).
    await server.sim.wait_until(
        lambda: any(n == "getupdates" for n, _ in server.world.calls[mark:])
    )
    assert not poll.done()
    await server.sim.send(1000, "/start")
    updates = (await poll).json()["result"]
    assert updates[0]["message"]["text"] == "/start"
    assert updates[0]["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    confirmed = await call(client, "getUpdates", offset=updates[0]["update_id"] + 1, timeout=0)
    assert confirmed.json()["result"] == []
