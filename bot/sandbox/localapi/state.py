"""The server's world: users, chats, messages, pending updates, and the test controls.

Everything a test or the demo does to "Telegram" goes through :class:`World`: a member
sends a text or presses a button that exists on a stored message, blocks the bot, a group
is migrated, the next N calls of a method fail. The transcript records every step.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.localapi import errors
from bot.sandbox.localapi.errors import ApiError
from bot.sandbox.localapi.flood import FloodControl, FloodLimits


@dataclass
class User:
    """A Telegram user (a member) or the bot itself."""

    id: int
    first_name: str
    is_bot: bool = False
    username: str | None = None
    language_code: str | None = None
    last_name: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``User`` object."""
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value:
                data[key] = value
        return data


@dataclass
class ForumTopic:
    """A topic of a forum supergroup; its id is the id of the message that created it."""

    thread_id: int
    name: str
    closed: bool = False


@dataclass
class Chat:
    """A private chat, group, supergroup (a forum when ``is_forum``) or channel."""

    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    username: str | None = None
    #: user id -> status (creator, administrator, member, left, kicked)
    members: dict[int, str] = field(default_factory=dict)
    blocked: bool = False
    deactivated: bool = False
    bot_status: str = "member"
    migrated_to: int | None = None
    next_message_id: int = 1
    #: A supergroup whose messages live in topics (``message_thread_id``).
    is_forum: bool = False
    topics: dict[int, ForumTopic] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The ``Chat`` object."""
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.is_forum:
            data["is_forum"] = True
        if self.title:
            data["title"] = self.title
        if self.first_name:
            data["first_name"] = self.first_name
        if self.username:
            data["username"] = self.username
        return data

    @property
    def is_group(self) -> bool:
        """Groups and supergroups (negative ids)."""
        return self.type in {"group", "supergroup"}

    @property
    def paced_as_group(self) -> bool:
        """Sends count against the 20-a-minute limit of one group (channels too)."""
        return self.is_group or self.type == "channel"


@dataclass
class StoredMessage:
    """A message in a chat, as the server keeps it."""

    chat_id: int
    message_id: int
    date: int
    sender: User
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    edit_date: int | None = None
    document: dict[str, Any] | None = None
    photo: list[dict[str, Any]] | None = None
    caption: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: The forum topic (or reply thread) the message belongs to.
    thread_id: int | None = None

    def buttons(self) -> list[dict[str, Any]]:
        """Every inline button on the message."""
        markup = self.reply_markup or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]


@dataclass(frozen=True)
class TranscriptEntry:
    """One thing that happened in a chat."""

    chat_id: int
    kind: str  # "user", "bot", "edit", "press", "answer", "document", "event", "error"
    who: str
    text: str
    buttons: tuple[tuple[str, ...], ...] = ()
    data: bytes | None = None
    #: The bot message this entry shows or edits (None for members' actions).
    message_id: int | None = None


@dataclass
class FailureRule:
    """Fail (or delay) the next ``remaining`` calls of ``method``."""

    method: str
    remaining: int
    code: int
    description: str
    retry_after: int | None = None
    #: When set, the call is not failed but answered only after this many seconds (a timeout
    #: for a client with a shorter read timeout; the message is still delivered, as on Telegram).
    delay: float | None = None


@dataclass
class StoredFile:
    """A file the bot uploaded."""

    file_id: str
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    content: bytes


class World:
    """Users, chats, messages and updates of one local Bot API server."""

    def __init__(
        self,
        *,
        token: str = "123456:TEST-local-bot-api-token",
        bot_username: str = "inexa_test_bot",
        bot_name: str = "INEXA Alliance",
        flood: FloodLimits | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        bot_id = int(token.split(":", 1)[0])
        self.bot = User(bot_id, bot_name, is_bot=True, username=bot_username)
        self.flood = FloodControl(flood or FloodLimits(), clock)
        self.wall_clock = wall_clock
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        self.files: dict[str, StoredFile] = {}
        self.transcript: list[TranscriptEntry] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.failures: list[FailureRule] = []
        self.webhook_url = ""
        self.webhook_secret = ""
        #: (unix time, message) of the last failed webhook call, for getWebhookInfo.
        self.webhook_last_error: tuple[int, str] | None = None
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(4382974320949)
        self._file_ids = itertools.count(1)
        self._open_queries: dict[str, tuple[int, int]] = {}
        self._changed = asyncio.Condition()
        self._poll_generation = 0
        self.sent_count = 0
        self.pushed_update_ids: list[int] = []

    # ----- time -------------------------------------------------------------------------
    def now(self) -> int:
        """Unix time for ``date`` fields."""
        return int(self.wall_clock())

    # ----- setup ------------------------------------------------------------------------
    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        language_code: str | None = None,
        username: str | None = None,
    ) -> User:
        """A person, with their private chat."""
        user = User(user_id, first_name, language_code=language_code, username=username)
        self.users[user_id] = user
        self.chats[user_id] = Chat(user_id, "private", first_name=first_name, username=username)
        return user

    def add_group(
        self,
        chat_id: int,
        title: str,
        *,
        admins: tuple[int, ...] = (),
        members: tuple[int, ...] = (),
        supergroup: bool = False,
        forum: bool = False,
    ) -> Chat:
        """A group with the bot in it; ``admins[0]`` is the creator; ``forum``: a supergroup
        with topics (the bot an administrator that may manage them)."""
        chat = Chat(chat_id, "supergroup" if supergroup or forum else "group", title=title)
        if forum:
            chat.is_forum = True
            chat.bot_status = "administrator"
        for index, user_id in enumerate(admins):
            chat.members[user_id] = "creator" if index == 0 else "administrator"
        for user_id in members:
            chat.members.setdefault(user_id, "member")
        self.chats[chat_id] = chat
        return chat

    def add_channel(
        self,
        chat_id: int,
        title: str,
        *,
        username: str | None = None,
        admins: tuple[int, ...] = (),
        bot_status: str = "administrator",
    ) -> Chat:
        """A channel; the bot is an administrator who may post unless ``bot_status`` says
        otherwise ("left": never added, "member": no posting rights)."""
        chat = Chat(chat_id, "channel", title=title, username=username, bot_status=bot_status)
        for index, user_id in enumerate(admins):
            chat.members[user_id] = "creator" if index == 0 else "administrator"
        self.chats[chat_id] = chat
        return chat

    def open_topic(self, chat_id: int, name: str, sender: User | None = None) -> StoredMessage:
        """Create a forum topic: its service message's id is the topic's ``message_thread_id``."""
        chat = self.chat(chat_id)
        if not chat.is_forum:
            raise errors.bad_request(errors.NOT_A_FORUM)
        message = self.store(
            chat,
            sender or self.bot,
            extra={"forum_topic_created": {"name": name, "icon_color": 7322096}},
        )
        message.thread_id = message.message_id
        chat.topics[message.message_id] = ForumTopic(message.message_id, name)
        return message

    def thread(self, chat: Chat, thread_id: int | None) -> int | None:
        """Check a ``message_thread_id`` as Telegram does: a forum's open topic, or a thread
        (a message) of another supergroup; anything else is "message thread not found"."""
        if thread_id is None:
            return None
        if chat.is_forum:
            topic = chat.topics.get(thread_id)
            if topic is None:
                raise errors.bad_request(errors.THREAD_NOT_FOUND)
            if topic.closed:
                raise errors.bad_request(errors.TOPIC_CLOSED)
            return thread_id
        if chat.type == "supergroup" and (chat.id, thread_id) in self.messages:
            return thread_id
        raise errors.bad_request(errors.THREAD_NOT_FOUND)

    def member_status(self, chat: Chat, user_id: int) -> str | None:
        """A user's (or the bot's) status in a group or channel, None when never there."""
        if user_id == self.bot.id:
            return chat.bot_status
        return chat.members.get(user_id)

    # ----- updates ----------------------------------------------------------------------
    async def push_update(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates and wake the poller."""
        update = {"update_id": next(self._update_ids), **payload}
        self.pushed_update_ids.append(update["update_id"])
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()
        return update

    def drop_pending_updates(self) -> None:
        """Forget queued updates (``deleteWebhook(drop_pending_updates=True)``)."""
        self._updates.clear()

    async def get_updates(self, offset: int, limit: int, *, wait: float) -> list[dict[str, Any]]:
        """Updates from ``offset`` on, waiting up to ``wait`` seconds for one to arrive."""
        if self.webhook_url:
            raise ApiError(409, errors.CONFLICT_WEBHOOK)
        async with self._changed:
            self._poll_generation += 1
            generation = self._poll_generation
            self._changed.notify_all()  # an older poller wakes up and learns it was replaced
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            deadline = asyncio.get_running_loop().time() + wait
            while not self._updates:
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    break
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    break
                if self._poll_generation != generation:
                    raise ApiError(409, errors.CONFLICT_POLLING)
            return self._updates[:limit]

    async def next_webhook_update(self) -> dict[str, Any]:
        """The oldest queued update, once a webhook is set and an update waits."""
        async with self._changed:
            while not (self.webhook_url and self._updates):
                await self._changed.wait()
            return self._updates[0]

    async def webhook_delivered(self, update_id: int) -> None:
        """The webhook answered 2xx: the update is done."""
        async with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] != update_id]
            self._changed.notify_all()

    def webhook_failed(self, message: str) -> None:
        """The webhook refused or did not answer: the update stays queued for a retry."""
        self.webhook_last_error = (self.now(), message)
        self._changed_soon()

    def pending_updates(self) -> int:
        """Updates not yet confirmed by the bot."""
        return len(self._updates)

    def _changed_soon(self) -> None:
        """Wake waiters from synchronous code."""
        asyncio.get_running_loop().create_task(self.notify_change())

    async def notify_change(self) -> None:
        """Wake everybody waiting for a message (see :meth:`wait_for`)."""
        async with self._changed:
            self._changed.notify_all()

    # ----- lookups ----------------------------------------------------------------------
    def chat(self, chat_id: int) -> Chat:
        """The chat, or 400 chat not found."""
        chat = self.chats.get(chat_id)
        if chat is None:
            raise errors.bad_request(errors.CHAT_NOT_FOUND)
        return chat

    def writable_chat(self, chat_id: int) -> Chat:
        """The chat if the bot may write to it (blocked, kicked and migrated chats refuse)."""
        chat = self.chat(chat_id)
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                f"Bad Request: {errors.UPGRADED}",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        if chat.deactivated:
            raise ApiError(403, errors.DEACTIVATED)
        if chat.type == "channel" and chat.bot_status != "administrator":
            if chat.bot_status == "member":
                raise errors.bad_request(errors.NEED_CHANNEL_ADMIN)
            raise ApiError(403, errors.NOT_IN_CHANNEL)
        if chat.blocked:
            if chat.type == "private":
                raise ApiError(403, errors.BLOCKED)
            detail = errors.KICKED_SUPERGROUP if chat.type == "supergroup" else errors.KICKED_GROUP
            raise ApiError(403, detail)
        return chat

    def message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        """A stored message."""
        return self.messages.get((chat_id, message_id))

    def messages_in(self, chat_id: int, *, from_bot: bool | None = None) -> list[StoredMessage]:
        """Messages of a chat in order."""
        found = [m for (c, _), m in sorted(self.messages.items()) if c == chat_id]
        if from_bot is None:
            return found
        return [m for m in found if m.sender.is_bot == from_bot]

    def store(self, chat: Chat, sender: User, **fields: Any) -> StoredMessage:
        """Store a new message with the chat's next message id."""
        message = StoredMessage(
            chat_id=chat.id,
            message_id=chat.next_message_id,
            date=self.now(),
            sender=sender,
            **fields,
        )
        chat.next_message_id += 1
        self.messages[(chat.id, message.message_id)] = message
        return message

    def message_json(self, message: StoredMessage) -> dict[str, Any]:
        """The ``Message`` object."""
        chat = self.chats[message.chat_id]
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": chat.to_json(),
        }
        if chat.type == "channel":
            data["sender_chat"] = chat.to_json()  # channel posts have no "from"
        else:
            data["from"] = message.sender.to_json()
        if message.thread_id is not None:
            data["message_thread_id"] = message.thread_id
            if chat.is_forum:
                data["is_topic_message"] = True
        if message.text is not None:
            data["text"] = message.text
        if message.entities:
            data["entities"] = message.entities
        if message.reply_markup:
            data["reply_markup"] = message.reply_markup
        if message.edit_date:
            data["edit_date"] = message.edit_date
        if message.document:
            data["document"] = message.document
        if message.photo:
            data["photo"] = message.photo
        if message.caption:
            data["caption"] = message.caption
        data.update(message.extra)
        return data

    def record(self, entry: TranscriptEntry) -> None:
        """Append to the transcript."""
        self.transcript.append(entry)

    def take_failure(self, method: str) -> FailureRule | None:
        """The injected failure for this call of ``method``, if any."""
        for rule in self.failures:
            if rule.method == method.lower() and rule.remaining > 0:
                rule.remaining -= 1
                if rule.remaining == 0:
                    self.failures.remove(rule)
                return rule
        return None

    def new_file(self, name: str | None, mime: str | None, content: bytes) -> StoredFile:
        """Keep an uploaded file."""
        number = next(self._file_ids)
        stored = StoredFile(f"BQAC-local-{number:06d}", f"AgAD{number:06d}", name, mime, content)
        self.files[stored.file_id] = stored
        return stored

    def open_query(self, chat_id: int, message_id: int) -> str:
        """A new callback query id awaiting its answer."""
        query_id = str(next(self._query_ids))
        self._open_queries[query_id] = (chat_id, message_id)
        return query_id

    @property
    def unanswered_queries(self) -> list[str]:
        """Callback queries the bot has not answered (a client would still be spinning)."""
        return list(self._open_queries)

    def close_query(self, query_id: str) -> tuple[int, int]:
        """Answer a callback query once; a second answer or an unknown id is refused."""
        found = self._open_queries.pop(query_id, None)
        if found is None:
            raise errors.bad_request(errors.QUERY_TOO_OLD)
        return found
