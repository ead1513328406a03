"""Public posts through the outbox: into a forum topic (``message_thread_id``) and a channel,
paced as a group (20 a minute) against the local server's flood limits (time-scaled)."""

from __future__ import annotations

from bot.delivery.outgoing import Outgoing
from bot.delivery.sender import enqueue
from tests.bot.delivery.helpers import NOW, Setup, StepClock, drain_all

FORUM, CHANNEL = -1001700000001, -1001700000002


async def test_posts_reach_their_topic_and_channel_without_a_429(setup: Setup) -> None:
    world = setup.api.world
    world.add_group(FORUM, "Forum", forum=True)
    world.add_channel(CHANNEL, "News")
    thread = world.open_topic(FORUM, "Green transition").message_id
    posts = [
        Outgoing(chat_id=FORUM, thread_id=thread, kind="public", dedupe_key=f"t{n}", text=f"#{n}")
        for n in range(25)
    ] + [
        Outgoing(chat_id=CHANNEL, kind="public", dedupe_key=f"c{n}", text=f"#{n}")
        for n in range(25)
    ]
    assert await enqueue(setup.db, posts, now=NOW) == 50
    clock = StepClock()
    # Generous rounds: on a loaded machine a drain may end before a scaled window passed.
    stats = await drain_all(setup.sender(clock), clock, rounds=2000)
    assert stats.sent == 50
    # 25 posts to one group and 25 to one channel, over Telegram's 20 a minute for each:
    # the server enforces that limit, and the sender's group pacing never crossed it.
    assert world.flood.rejected == 0
    in_forum = [m for m in world.messages_in(FORUM, from_bot=True) if m.text]
    assert len(in_forum) == 25
    assert {m.thread_id for m in in_forum} == {thread}
    assert {m.text for m in in_forum} == {f"#{n}" for n in range(25)}
    assert len(world.messages_in(CHANNEL, from_bot=True)) == 25
