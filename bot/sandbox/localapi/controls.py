"""What members (and Telegram itself) do, for tests and the demo.

Each action produces exactly the update Telegram would deliver, and the waiting helpers
let a test continue as soon as the bot has answered, without sleeping blindly.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import Callable
from typing import Any

from bot.sandbox.localapi.html import utf16_len
from bot.sandbox.localapi.state import FailureRule, StoredMessage, TranscriptEntry, User, World


class ControlError(Exception):
    """A test asked for something Telegram would not allow (e.g. pressing a missing button)."""


_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")


class Simulator:
    """Drives a :class:`World`: members send texts, press buttons, block the bot, ..."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._instances = itertools.count(-3129384729384, -7)
        self._chat_instances: dict[int, str] = {}
        self.processed: set[int] = set()

    # ----- members ------------------------------------------------------------------------
    async def send(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        entities: list[dict[str, Any]] | None = None,
        thread_id: int | None = None,
    ) -> StoredMessage:
        """A member writes ``text`` (a command gets its ``bot_command`` entity); ``entities``
        is the formatting their app added (bold, links: Bot API ``MessageEntity`` JSON);
        ``thread_id``: in that topic of a forum."""
        world = self.world
        user = self._user(user_id)
        chat = world.chat(chat_id if chat_id is not None else user_id)
        entities = list(entities or [])
        match = _COMMAND.match(text)
        if match:
            entities.append(
                {"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}
            )
        thread = world.thread(chat, thread_id)
        message = world.store(chat, user, text=text, entities=entities, thread_id=thread)
        world.record(TranscriptEntry(chat.id, "user", user.first_name, text))
        await world.push_update({"message": world.message_json(message)})
        return message

    async def send_file(
        self,
        user_id: int,
        name: str,
        content: bytes,
        *,
        photo: bool = False,
        caption: str | None = None,
        mime: str | None = None,
    ) -> StoredMessage:
        """A member uploads (or forwards) a document, or a photo with ``photo``, to the bot's
        private chat; the bot can download it with getFile."""
        world = self.world
        user = self._user(user_id)
        chat = world.chat(user_id)
        stored = world.new_file(name, mime or ("image/jpeg" if photo else None), content)
        fields: dict[str, Any] = {"caption": caption}
        if photo:
            fields["photo"] = [
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "width": 1280,
                    "height": 960,
                    "file_size": len(content),
                }
            ]
        else:
            fields["document"] = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_name": name,
                "mime_type": stored.mime_type or "application/octet-stream",
                "file_size": len(content),
            }
        message = world.store(chat, user, **fields)
        label = f"[{'photo' if photo else 'document'}: {name}, {len(content)} bytes]"
        world.record(TranscriptEntry(chat.id, "user", user.first_name, f"{label} {caption or ''}"))
        await world.push_update({"message": world.message_json(message)})
        return message

    async def press(self, user_id: int, message: StoredMessage | tuple[int, int], data: str) -> str:
        """A member presses the button with ``data`` on a stored bot message."""
        world = self.world
        user = self._user(user_id)
        chat_id, message_id = (
            (message.chat_id, message.message_id) if isinstance(message, StoredMessage) else message
        )
        stored = world.message(chat_id, message_id)
        if stored is None or not stored.sender.is_bot:
            raise ControlError(f"no bot message {message_id} in chat {chat_id}")
        buttons = [b for b in stored.buttons() if b.get("callback_data") == data]
        if not buttons:
            raise ControlError(f"message {message_id} has no button with data {data!r}")
        world.record(TranscriptEntry(chat_id, "press", user.first_name, str(buttons[0]["text"])))
        return await self._callback(user, stored, data)

    async def press_text(self, user_id: int, message: StoredMessage, text: str) -> str:
        """Press the button whose label contains ``text``."""
        for button in message.buttons():
            if text in str(button.get("text", "")) and "callback_data" in button:
                return await self.press(user_id, message, str(button["callback_data"]))
        labels = [b.get("text") for b in message.buttons()]
        raise ControlError(f"no button labelled {text!r}; buttons: {labels}")

    async def forge_press(self, user_id: int, message: StoredMessage, data: str) -> str:
        """A press with data no button carries (what a modified client could send)."""
        user = self._user(user_id)
        self.world.record(
            TranscriptEntry(message.chat_id, "press", user.first_name, f"<forged {data!r}>")
        )
        return await self._callback(user, message, data)

    async def _callback(self, user: User, message: StoredMessage, data: str) -> str:
        world = self.world
        query_id = world.open_query(message.chat_id, message.message_id)
        instance = self._chat_instances.setdefault(message.chat_id, str(next(self._instances)))
        await world.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.to_json(),
                    "message": world.message_json(message),
                    "chat_instance": instance,
                    "data": data,
                }
            }
        )
        return query_id

    async def block(self, user_id: int) -> None:
        """The member blocks the bot: sends fail with 403 and the bot gets ``my_chat_member``."""
        chat = self.world.chat(user_id)
        chat.blocked = True
        await self._my_chat_member(user_id, chat.id, "member", "kicked")
        self.world.record(
            TranscriptEntry(chat.id, "event", chat.first_name or "", "blocked the bot")
        )

    async def unblock(self, user_id: int) -> None:
        """The member unblocks the bot."""
        chat = self.world.chat(user_id)
        chat.blocked = False
        await self._my_chat_member(user_id, chat.id, "kicked", "member")
        self.world.record(
            TranscriptEntry(chat.id, "event", chat.first_name or "", "unblocked the bot")
        )

    def deactivate(self, user_id: int) -> None:
        """The member's account is deleted: sends fail with "user is deactivated"."""
        self.world.chat(user_id).deactivated = True

    # ----- groups -------------------------------------------------------------------------
    async def add_bot_to_group(self, chat_id: int, by_user: int) -> None:
        """An admin adds the bot to a group."""
        chat = self.world.chat(chat_id)
        chat.blocked = False
        chat.bot_status = "member"
        await self._my_chat_member(by_user, chat_id, "left", "member")

    async def remove_bot_from_group(self, chat_id: int, by_user: int) -> None:
        """An admin removes the bot from a group."""
        chat = self.world.chat(chat_id)
        chat.blocked = True
        chat.bot_status = "kicked"
        await self._my_chat_member(by_user, chat_id, "member", "kicked")

    async def migrate(self, chat_id: int, new_chat_id: int) -> None:
        """A group becomes a supergroup with a new id; sends to the old id fail with 400."""
        world = self.world
        old = world.chat(chat_id)
        new = world.add_group(new_chat_id, old.title or "", supergroup=True)
        new.members = dict(old.members)
        old.migrated_to = new_chat_id
        actor = next(iter(old.members), world.bot.id)
        user = world.users.get(actor, world.bot)
        message = world.store(old, user, extra={"migrate_to_chat_id": new_chat_id})
        await world.push_update({"message": world.message_json(message)})
        moved = world.store(new, user, extra={"migrate_from_chat_id": chat_id})
        await world.push_update({"message": world.message_json(moved)})
        world.record(
            TranscriptEntry(chat_id, "event", "Telegram", f"group migrated to {new_chat_id}")
        )

    async def _my_chat_member(self, by_user: int, chat_id: int, old: str, new: str) -> None:
        world = self.world
        actor = world.users.get(by_user)
        chat = world.chat(chat_id)
        bot = world.bot.to_json()
        old_member: dict[str, Any] = {"user": bot, "status": old}
        new_member: dict[str, Any] = {"user": bot, "status": new}
        for member in (old_member, new_member):
            if member["status"] == "kicked":
                member["until_date"] = 0
        await world.push_update(
            {
                "my_chat_member": {
                    "chat": chat.to_json(),
                    "from": actor.to_json() if actor else bot,
                    "date": world.now(),
                    "old_chat_member": old_member,
                    "new_chat_member": new_member,
                }
            }
        )

    # ----- faults -------------------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        count: int = 1,
        *,
        code: int = 500,
        description: str = "Internal Server Error",
        retry_after: int | None = None,
    ) -> None:
        """Make the next ``count`` calls of ``method`` fail with this error."""
        self.world.failures.append(
            FailureRule(method.lower(), count, code, description, retry_after)
        )

    def delay_next(self, method: str, count: int = 1, *, seconds: float) -> None:
        """Answer the next ``count`` calls of ``method`` after ``seconds`` (still delivered)."""
        self.world.failures.append(FailureRule(method.lower(), count, 200, "", None, seconds))

    # ----- waiting ------------------------------------------------------------------------
    async def wait_until(self, condition: Callable[[], bool], *, within: float = 10.0) -> None:
        """Return as soon as ``condition()`` holds; fail after ``within`` seconds."""
        world = self.world
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        async with world._changed:
            while not condition():
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise TimeoutError("the bot did not get there in time")
                try:
                    await asyncio.wait_for(world._changed.wait(), min(remaining, 0.25))
                except TimeoutError:
                    continue

    async def replies(
        self, chat_id: int, count: int = 1, *, within: float = 10.0
    ) -> list[StoredMessage]:
        """Wait for ``count`` bot messages in the chat after the member's last message."""
        start = self._last_user_index(chat_id)

        def bot_messages() -> list[StoredMessage]:
            return [
                m for m in self.world.messages_in(chat_id, from_bot=True) if m.message_id > start
            ]

        await self.wait_until(lambda: len(bot_messages()) >= count, within=within)
        return bot_messages()

    def mark_processed(self, update_id: int) -> None:
        """The bot finished an update (called by a last-group handler the harness installs)."""
        self.processed.add(update_id)
        self.world._changed_soon()

    async def settle(self, *, within: float = 10.0) -> None:
        """Wait until the bot has completely handled every update sent so far."""
        world = self.world
        await self.wait_until(lambda: set(world.pushed_update_ids) <= self.processed, within=within)

    def _last_user_index(self, chat_id: int) -> int:
        user_messages = [m.message_id for m in self.world.messages_in(chat_id, from_bot=False)]
        return max(user_messages, default=0)

    def last(self, chat_id: int) -> StoredMessage:
        """The bot's latest message in a chat."""
        found = self.world.messages_in(chat_id, from_bot=True)
        if not found:
            raise ControlError(f"the bot has not written in chat {chat_id}")
        return found[-1]

    def _user(self, user_id: int) -> User:
        user = self.world.users.get(user_id)
        if user is None:
            raise ControlError(f"unknown user {user_id}; add_user() first")
        return user
