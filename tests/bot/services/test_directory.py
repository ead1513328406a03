"""The partner directory on a real database (SQLite and PostgreSQL): drafts and publishing,
search filters and paging, partners for a call, introductions (duplicates, the daily limit,
answering once), and erasure by /forget."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.config import Settings, parse_settings
from bot.db.models import DirectoryEntry, Introduction, Member, MemberInterest, OpportunityRow
from bot.db.session import Database
from bot.directory.types import DAILY_REQUESTS, DirectoryError
from bot.services.directory import Directory
from bot.services.members import Members

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def settings() -> Settings:
    return parse_settings({}, environ={})


def service(db: Database) -> Directory:
    return Directory(db, settings())


async def member(
    db: Database,
    chat_id: int,
    *,
    org: str | None = "Org",
    country: str | None = "RO",
    org_type: str | None = "ngo",
    topics: tuple[str, ...] = ("green",),
    chat_type: str = "private",
    language: str = "en",
) -> int:
    """A consented member; returns its row id."""
    async with db.transaction() as session:
        row = Member(
            chat_id=chat_id, chat_type=chat_type, language=language, created_at=NOW,
            last_seen_at=NOW, consented_at=NOW, onboarded_at=NOW, org_name=org,
            country=country, org_type=org_type, timezone="Europe/Bucharest",
        )  # fmt: skip
        row.interests = [MemberInterest(kind="topic", item_id=t) for t in topics]
        session.add(row)
        await session.flush()
        return row.id


async def published(db: Database, chat_id: int, **kwargs: object) -> int:
    """A member with a published entry (topics from the profile)."""
    member_id = await member(db, chat_id, **kwargs)  # type: ignore[arg-type]
    await service(db).publish(chat_id, now=NOW)
    return member_id


async def call(db: Database, *, themes: list[str], countries: list[str]) -> int:
    async with db.transaction() as session:
        row = OpportunityRow(
            uid=f"s:{len(themes)}:{len(countries)}", source_id="s", url="https://e.eu/c",
            title="Green skills <alliances>", summary="", language="en", status="open",
            deadlines=[], deadline_model="single", themes=themes, eligible_countries=countries,
            first_seen_at=NOW, last_seen_at=NOW, content_hash="x",
        )  # fmt: skip
        session.add(row)
        await session.flush()
        return row.id


async def test_an_entry_is_a_draft_until_published(db: Database) -> None:
    directory = service(db)
    await member(db, 1, org="Asociația Verde", topics=("green", "youth"), language="ro")
    await member(db, 2, org=None)
    await member(db, -100, chat_type="group")
    draft = await directory.entry_of(1)
    assert (draft.stored, draft.published) == (False, False)
    assert draft.topics == ("green", "youth")
    assert (draft.languages, draft.roles) == (("ro",), ("partner",))
    # Changing anything stores a draft, still unpublished and never listed.
    entry = await directory.set_item(1, "roles", "coordinator", True, now=NOW)
    assert (entry.stored, entry.published, entry.roles) == (True, False, ("coordinator", "partner"))
    entry = await directory.set_item(1, "roles", "coordinator", True, now=NOW)  # a double tap
    assert entry.roles == ("coordinator", "partner")
    entry = await directory.set_item(1, "languages", "fr", True, now=NOW)
    entry = await directory.set_item(1, "topics", "youth", False, now=NOW)
    assert (entry.languages, entry.topics) == (("ro", "fr"), ("green",))
    assert (await directory.search(exclude_chat_id=9)).total == 0
    with pytest.raises(DirectoryError, match="unknown") as stale:
        await directory.set_item(1, "languages", "xx", True, now=NOW)
    assert stale.value.code == "stale"  # an old button: a BotError, never a bug
    with pytest.raises(ValueError, match="too long"):
        await directory.save(1, description="x" * 501, now=NOW)
    entry = await directory.save(1, description="Green skills for rural youth.", now=NOW)
    entry = await directory.publish(1, now=NOW)
    assert entry.published
    assert (await directory.search(exclude_chat_id=9)).total == 1
    # No organisation name: nothing to publish. Groups have no entries.
    with pytest.raises(DirectoryError) as no_name:
        await directory.publish(2, now=NOW)
    assert no_name.value.code == "no_org_name"
    with pytest.raises(DirectoryError) as group:
        await directory.entry_of(-100)
    assert group.value.code == "group"
    with pytest.raises(DirectoryError) as unknown:
        await directory.entry_of(404)
    assert unknown.value.code == "not_member"
    # Removing deletes the row.
    assert await directory.unpublish(1)
    assert not (await directory.entry_of(1)).stored
    assert not await directory.unpublish(1)


async def test_search_filters_pages_and_never_lists_the_wrong_entries(db: Database) -> None:
    directory = service(db)
    for i in range(7):
        await published(db, 100 + i, org=f"Green NGO {i}", country="RO", topics=("green",))
    await published(db, 200, org="Formación Sur", country="ES", org_type="vet_provider",
                    topics=("vet", "green"))  # fmt: skip
    await published(db, 201, org="Digital SME", country="ES", org_type="sme", topics=("digital",))
    await member(db, 300, org="Draft only", topics=("green",))
    await directory.set_item(300, "roles", "coordinator", True, now=NOW)  # stored, unpublished
    blocked = await published(db, 400, org="Gone away", topics=("green",))
    async with db.transaction() as session:
        gone = await session.get(Member, blocked)
        assert gone is not None
        gone.blocked_at = NOW

    green = await directory.search(exclude_chat_id=100, topic="green")
    assert green.total == 7  # 6 other Romanian NGOs and the Spanish VET provider
    assert (len(green.entries), green.pages, green.page) == (5, 2, 0)
    names = [e.org_name for e in green.entries]
    assert names == sorted(names, key=str.casefold)
    second = await directory.search(exclude_chat_id=100, topic="green", page=1)
    assert len(second.entries) == 2
    listed = {e.org_name for e in (*green.entries, *second.entries)}
    assert "Green NGO 0" not in listed  # the member's own entry
    assert not listed & {"Draft only", "Gone away"}
    assert (await directory.search(exclude_chat_id=100, topic="green", page=9)).page == 1

    spain = await directory.search(exclude_chat_id=100, country="ES")
    assert {e.org_name for e in spain.entries} == {"Formación Sur", "Digital SME"}
    vet = await directory.search(exclude_chat_id=100, org_type="vet_provider")
    (found,) = vet.entries
    assert (found.org_name, found.country, found.topics) == (
        "Formación Sur",
        "ES",
        ("green", "vet"),
    )
    assert (await directory.search(exclude_chat_id=100)).total == 8
    # Unknown filters come from old buttons: a BotError ("stale"), never a bug.
    with pytest.raises(DirectoryError, match="unknown topic") as stale:
        await directory.search(exclude_chat_id=100, topic="nope")
    assert stale.value.code == "stale"
    with pytest.raises(DirectoryError, match="unknown country") as stale:
        await directory.search(exclude_chat_id=100, country="QQ")
    assert stale.value.code == "stale"
    with pytest.raises(DirectoryError, match="unknown organisation type") as stale:
        await directory.search(exclude_chat_id=100, org_type="nope")
    assert stale.value.code == "stale"

    filters = await directory.filters(100)
    assert filters.total == 8
    assert filters.topics == {"digital": 1, "green": 7, "vet": 1}
    assert filters.countries == {"RO": 6, "ES": 2}
    assert list(filters.countries) == ["RO", "ES"]  # by name: Romania, Spain
    assert filters.org_types == {"ngo": 6, "vet_provider": 1, "sme": 1}


async def test_a_changed_profile_shows_in_the_directory_at_once(db: Database) -> None:
    directory = service(db)
    await published(db, 1, org="Old name", country="RO")
    await Members(db, settings()).update_profile(1, org_name="New name", country="MD")
    (entry,) = (await directory.search(exclude_chat_id=2, country="MD")).entries
    assert entry.org_name == "New name"
    assert (await directory.entry_of(1)).org_name == "New name"


async def test_partners_for_a_call_share_a_topic_and_an_eligible_country(db: Database) -> None:
    directory = service(db)
    me = 1
    await published(db, me, org="Me", topics=("green",))
    await published(db, 2, org="Green Romania", country="RO", topics=("green",))
    await published(db, 3, org="Verde Andalucía", country="ES", topics=("green", "youth"))
    await published(db, 4, org="Grün Berlin", country="DE", topics=("green",))
    await published(db, 5, org="VET Romania", country="RO", topics=("vet",))
    await published(db, 6, org="No country", country=None, topics=("green",))
    regional = await call(db, themes=["green"], countries=["RO", "ES-AN"])
    partners = await directory.for_call(regional, me)
    assert partners.title == "Green skills <alliances>"
    assert [e.org_name for e in partners.result.entries] == ["Green Romania", "Verde Andalucía"]
    everywhere = await call(db, themes=["green"], countries=[])
    partners = await directory.for_call(everywhere, me)
    assert {e.org_name for e in partners.result.entries} == {
        "Green Romania",
        "Verde Andalucía",
        "Grün Berlin",
        "No country",
    }
    with pytest.raises(DirectoryError) as unknown:
        await directory.for_call(99_999, me)
    assert unknown.value.code == "unknown_call"


async def test_introductions_once_per_pair_and_at_most_five_a_day(db: Database) -> None:
    directory = service(db)
    await member(db, 1, org="Asking NGO", topics=("vet",))
    targets = [await published(db, 10 + i, org=f"Target {i}") for i in range(7)]
    await member(db, 2, org=None)
    draft_owner = await member(db, 3, org="Draft")
    await directory.set_item(3, "roles", "coordinator", True, now=NOW)

    first = await directory.request_introduction(1, targets[0], now=NOW)
    assert (first.target_chat_id, first.target_org_name) == (10, "Target 0")
    assert (first.requester.org_name, first.requester.topics) == ("Asking NGO", ("vet",))
    assert first.opportunity_title is None

    async def refused(chat_id: int, target: int, *, now: datetime = NOW) -> str:
        with pytest.raises(DirectoryError) as error:
            await directory.request_introduction(chat_id, target, now=now)
        return error.value.code

    assert await refused(1, targets[0]) == "duplicate"
    assert await refused(1, draft_owner) == "unavailable"
    assert await refused(1, 99_999) == "unavailable"
    assert await refused(10, targets[0]) == "self"
    assert await refused(2, targets[0]) == "no_org_name"
    for target in targets[1:DAILY_REQUESTS]:
        await directory.request_introduction(1, target, now=NOW + timedelta(minutes=1))
    assert await refused(1, targets[5], now=NOW + timedelta(hours=23)) == "limit"
    # A day after the first requests, the member may ask again.
    later = await directory.request_introduction(1, targets[5], now=NOW + timedelta(hours=24))
    assert later.target_chat_id == 15
    # A request for a call carries its title.
    opportunity = await call(db, themes=["green"], countries=[])
    await member(db, 4, org="Another")
    about = await directory.request_introduction(4, targets[6], now=NOW, opportunity_id=opportunity)
    assert about.opportunity_title == "Green skills <alliances>"


async def test_simultaneous_presses_make_one_request(db: Database) -> None:
    directory = service(db)
    await member(db, 1, org="Asking NGO")
    target = await published(db, 2, org="Target")
    outcomes = await asyncio.gather(
        *(directory.request_introduction(1, target, now=NOW) for _ in range(4)),
        return_exceptions=True,
    )
    made = [o for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, DirectoryError)]
    assert (len(made), [e.code for e in refused]) == (1, ["duplicate"] * 3)


async def test_only_the_target_answers_and_only_once(db: Database) -> None:
    directory = service(db)
    await member(db, 1, org="Asking NGO", language="es")
    target = await published(db, 2, org="Target")
    await member(db, 3, org="Bystander")
    request = await directory.request_introduction(1, target, now=NOW)
    for chat in (1, 3):  # the requester and a stranger cannot answer it
        with pytest.raises(DirectoryError) as error:
            await directory.answer_introduction(chat, request.id, True, now=NOW)
        assert error.value.code == "unknown"
    answer = await directory.answer_introduction(2, request.id, True, now=NOW)
    assert (answer.status, answer.changed) == ("accepted", True)
    assert (answer.requester_chat_id, answer.requester_language) == (1, "es")
    assert (answer.target_chat_id, answer.target_org_name) == (2, "Target")
    again = await directory.answer_introduction(2, request.id, False, now=NOW)
    assert (again.status, again.changed) == ("accepted", False)
    # A new request after the answer is allowed; declining it is final too.
    second = await directory.request_introduction(1, target, now=NOW)
    declined = await directory.answer_introduction(2, second.id, False, now=NOW)
    assert (declined.status, declined.changed) == ("declined", True)
    assert not (await directory.answer_introduction(2, second.id, True, now=NOW)).changed
    # A target who cannot be reached: the request ends as declined.
    third = await directory.request_introduction(1, target, now=NOW)
    await directory.mark_unreachable(third.id, now=NOW)
    async with db.transaction() as session:
        row = await session.get(Introduction, third.id)
        assert row is not None
        assert row.status == "declined"


async def test_forget_erases_the_entry_and_every_introduction(db: Database) -> None:
    directory = service(db)
    members = Members(db, settings())
    await member(db, 1, org="Asking NGO")
    target = await published(db, 2, org="Target")
    other = await published(db, 3, org="Other")
    await directory.request_introduction(1, target, now=NOW)
    await directory.request_introduction(1, other, now=NOW)
    await directory.request_introduction(2, other, now=NOW)

    async def counts() -> tuple[int, int]:
        async with db.transaction() as session:
            entries = await session.scalar(select(func.count()).select_from(DirectoryEntry))
            intros = await session.scalar(select(func.count()).select_from(Introduction))
            return entries or 0, intros or 0

    assert await counts() == (2, 3)
    assert await members.forget(2)  # a target with an entry, who also asked once
    assert await counts() == (1, 1)
    assert (await directory.search(exclude_chat_id=1)).total == 1
    assert await members.forget(1)  # the requester
    assert await counts() == (1, 0)
