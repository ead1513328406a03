"""The public face end to end: coordinators link the channel and a forum topic; the weekly
public digest reaches the channel and, per topic, the forum topic (``message_thread_id``);
a workshop is announced publicly with an "Answer in private" link; the showcase."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.buttons.calendar import ShowcaseToggle
from bot.sandbox.localapi import StoredMessage
from tests.harness import ANA, BOGDAN, COORDINATOR, NOW, Env, running_env

CHANNEL, FORUM = -1001500000001, -1001600000001
ACK = "Co-financed by the European Union (PEO 2021-2027)"


@pytest.fixture
async def env(migrated_sqlite_url: str) -> AsyncIterator[Env]:
    overrides = {"project": {"acknowledgement": {"en": ACK}, "reference": "MySMIS 123456"}}
    async with running_env(migrated_sqlite_url, overrides=overrides) as made:
        made.world.add_channel(CHANNEL, "INEXA Alliance", username="inexa_alliance")
        made.world.add_group(
            FORUM, "INEXA forum", admins=(COORDINATOR,), members=(ANA, BOGDAN), forum=True
        )
        yield made


async def in_topic(env: Env, user: int, thread: int, text: str) -> StoredMessage:
    """Write in a forum topic and wait; the bot's latest message in the forum."""
    await env.sim.send(user, text, chat_id=FORUM, thread_id=thread)
    await env.sim.settle()
    return env.sim.last(FORUM)


async def link(env: Env) -> tuple[int, int]:
    """The channel and two forum topics linked by the coordinator; the topics' thread ids."""
    refused = await env.say(COORDINATOR, "/channel @nowhere")
    assert "I cannot see that channel" in (refused.text or "")
    env.world.add_channel(-1001500000009, "Other", username="other_channel", bot_status="member")
    refused = await env.say(COORDINATOR, "/channel @other_channel")
    assert "I am not an administrator who may post" in (refused.text or "")
    linked = await env.say(COORDINATOR, "/channel @inexa_alliance")
    assert "Linked: INEXA Alliance" in (linked.text or "")
    green = env.world.open_topic(FORUM, "Green transition").message_id
    vet = env.world.open_topic(FORUM, "Skills").message_id
    refused = await in_topic(env, BOGDAN, green, "/forumtopic green")
    assert "coordinators only" in (refused.text or "")
    reply = await in_topic(env, COORDINATOR, green, "/forumtopic green")
    assert "now gets the weekly calls about Green transition" in (reply.text or "")
    assert reply.thread_id == green  # the answer stays in the topic
    await in_topic(env, COORDINATOR, vet, "/forumtopic vet")
    status = await env.say(COORDINATOR, "/channel")
    assert "Channel: INEXA Alliance" in (status.text or "")
    assert "Forum topic for Green transition: INEXA forum" in (status.text or "")
    return green, vet


async def test_weekly_public_digest_in_the_channel_and_each_forum_topic(env: Env) -> None:
    green, vet = await link(env)
    week = NOW - timedelta(days=4)  # first seen before Monday's slot (23 November, 09:00)
    await env.opportunity("G-1", title="Green skills call", themes=["green"], first_seen_at=week)
    await env.opportunity("V-1", title="Apprenticeships call", themes=["vet"], first_seen_at=week)
    await env.opportunity("N-1", title="News of the week", kind="news", first_seen_at=week)
    await env.opportunity(
        "OLD", title="Old call", themes=["green"], first_seen_at=NOW - timedelta(days=20)
    )
    await env.run_job("public")

    posts = env.bot_messages(CHANNEL)
    assert len(posts) == 1
    text = posts[0].text or ""
    assert "New funding calls this week" in text
    assert "Green skills call" in text
    assert "Apprenticeships call" in text
    assert "News of the week" not in text
    assert "Old call" not in text
    assert text.endswith(f"{ACK} · MySMIS 123456")
    assert "sender_chat" in env.world.message_json(posts[0])  # a channel post, no "from"

    forum = [m for m in env.bot_messages(FORUM) if "New funding calls" in (m.text or "")]
    by_thread = {m.thread_id: m.text or "" for m in forum}
    assert set(by_thread) == {green, vet}
    assert "Green skills call" in by_thread[green]
    assert "Apprenticeships call" not in by_thread[green]
    assert "Apprenticeships call" in by_thread[vet]
    assert ACK in by_thread[vet]
    # Once a week: running the job again posts nothing more.
    await env.run_job("public")
    assert len(env.bot_messages(CHANNEL)) == 1


async def test_a_workshop_is_announced_publicly_with_a_private_answer_link(env: Env) -> None:
    green, _vet = await link(env)
    await env.member(ANA, topics=("green",))
    authoring = env.service().authoring
    start = NOW + timedelta(days=6)
    draft = await authoring.start_draft(COORDINATOR, "Carmen", language="en", now=env.clock())
    await authoring.update_draft(
        draft.id, COORDINATOR, step="preview", title="Circular economy clinic", starts_at=start,
        ends_at=start + timedelta(hours=2), place="Online", url="https://meet.example.org/c",
        topics=["green"],
    )  # fmt: skip
    published = await authoring.publish(
        draft.id, COORDINATOR, audience="topics", now=env.clock(), bot_username="inexa_test_bot"
    )
    workshop_id = published.workshop.id
    await env.delivered()
    link_url = f"https://t.me/inexa_test_bot?start=ws{workshop_id}"
    channel = env.bot_messages(CHANNEL)[-1]
    assert "Circular economy clinic" in (channel.text or "")
    assert ACK in (channel.text or "")
    assert [b.get("url") for b in channel.buttons()] == [link_url]
    topic_posts = [m for m in env.bot_messages(FORUM) if "Circular economy" in (m.text or "")]
    assert [m.thread_id for m in topic_posts] == [green]  # not in the vet topic
    # The link opens the workshop in the member's private chat, to answer there.
    card = await env.say(ANA, f"/start ws{workshop_id}")
    assert "Circular economy clinic" in (card.text or "")
    assert any(str(b.get("callback_data")) == f"1wr:{workshop_id}:g" for b in card.buttons())


async def test_the_showcase(env: Env) -> None:
    await link(env)
    await env.member(BOGDAN, org_name="Fundația Verde", topics=("green",))
    screen = await env.say(BOGDAN, "/showcase")
    assert "Publish your entry in the partner directory first" in (screen.text or "")
    directory = env.runtime.directory
    await directory.save(BOGDAN, now=NOW, description="Green skills for rural youth.")
    await directory.publish(BOGDAN, now=NOW)
    screen = await env.say(BOGDAN, "/showcase")
    joined = await env.tap(BOGDAN, screen, ShowcaseToggle(True).data)
    assert "your post is on its way" in (joined.text or "")
    await env.delivered()
    post = env.bot_messages(CHANNEL)[-1].text or ""
    assert "Meet an alliance member" in post
    assert "Fundația Verde" in post
    assert "Green skills for rural youth." in post
    assert "Member 2000" not in post  # never the Telegram name
    assert post.endswith(f"{ACK} · MySMIS 123456")

    refused = await env.say(BOGDAN, "/showcase all")
    assert "coordinators only" in (refused.text or "")
    await env.say(COORDINATOR, "/showcase all")
    document = env.sim.last(COORDINATOR)
    assert document.document is not None
    assert document.document["file_name"] == "inexa-showcase.html"
    page = env.file(document).decode("utf-8")
    assert "Fundația Verde" in page
    assert ACK in page

    screen = await env.say(BOGDAN, "/showcase")
    left = await env.tap(BOGDAN, screen, ShowcaseToggle(False).data)
    assert "your post is removed from the channel" in (left.text or "")
    assert not any("Fundația Verde" in (m.text or "") for m in env.bot_messages(CHANNEL))
    await env.say(COORDINATOR, "/showcase all")
    assert "Fundația Verde" not in env.file(env.sim.last(COORDINATOR)).decode("utf-8")
