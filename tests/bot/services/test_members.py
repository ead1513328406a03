"""Member use-cases on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.config import Settings, parse_settings
from bot.core.errors import Stale
from bot.db.base import Base
from bot.db.models import Coordinator, Introduction, Member
from bot.db.repositories.members import links_to_members
from bot.db.session import Database
from bot.members.types import NotConsented
from bot.services.members import Members

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
CHAT = 1001
OTHER = 2002


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return parse_settings({"privacy": {"notice_version": "3"}}, environ={}, base_dir=tmp_path)


@pytest.fixture
def members(db: Database, settings: Settings) -> Members:
    return Members(db, settings)


async def _onboarded(members: Members, chat_id: int) -> None:
    await members.seen(chat_id=chat_id, chat_type="private", language_code="ro-RO", now=NOW)
    await members.consent(chat_id, now=NOW)
    await members.update_profile(chat_id, org_name='Asociația <b>&"', country="RO", org_type="ngo")
    await members.set_interest(chat_id, "topic", "green", True)
    await members.set_interest(chat_id, "programme", "life", True)
    await members.set_keywords(chat_id, "include", ["robotics", "roma"])
    await members.set_keywords(chat_id, "exclude", ["tender"])
    await members.mark_onboarded(chat_id, now=NOW)


async def _all_rows(db: Database) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    async with db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            result = await session.execute(select(table))
            rows[table.name] = [dict(row._mapping) for row in result]
    return rows


async def test_new_chat_stores_only_id_and_language(members: Members, db: Database) -> None:
    profile = await members.seen(chat_id=CHAT, chat_type="private", language_code="es-ES", now=NOW)
    assert profile.language == "es"
    assert not profile.consented
    row = (await _all_rows(db))["members"][0]
    personal = {
        k: v
        for k, v in row.items()
        if v is not None
        and k not in {"id", "empty_digest_note", "also_this_week", "workshops_any_language"}
    }
    assert set(personal) == {"chat_id", "chat_type", "language", "created_at", "last_seen_at"}


async def test_unknown_language_falls_back_to_default(members: Members) -> None:
    profile = await members.seen(chat_id=CHAT, chat_type="private", language_code="de", now=NOW)
    assert profile.language == "en"


async def test_consent_records_time_version_and_default_schedule(members: Members) -> None:
    await members.seen(chat_id=CHAT, chat_type="private", language_code="ro", now=NOW)
    profile = await members.consent(CHAT, now=NOW)
    assert profile.consented_at == NOW
    assert profile.consent_version == "3"
    assert (profile.digest_weekday, profile.digest_minute, profile.timezone) == (
        0,
        540,
        "Europe/Bucharest",
    )
    # Agreeing twice keeps the first record.
    again = await members.consent(CHAT, now=NOW + timedelta(days=1))
    assert again.consented_at == NOW


async def test_refusal_leaves_nothing_behind(members: Members, db: Database) -> None:
    await members.seen(chat_id=CHAT, chat_type="private", language_code="ro", now=NOW)
    await members.refuse(CHAT)
    assert all(rows == [] for name, rows in (await _all_rows(db)).items())


async def test_preferences_need_consent(members: Members) -> None:
    await members.seen(chat_id=CHAT, chat_type="private", language_code="ro", now=NOW)
    with pytest.raises(NotConsented):
        await members.set_interest(CHAT, "topic", "green", True)
    with pytest.raises(NotConsented):
        await members.update_profile(CHAT, country="RO")


async def test_interest_presses_are_idempotent(members: Members) -> None:
    await members.seen(chat_id=CHAT, chat_type="private", language_code="en", now=NOW)
    await members.consent(CHAT, now=NOW)
    for _ in range(2):
        profile = await members.set_interest(CHAT, "topic", "green", True)
    assert profile.topics == {"green"}
    profile = await members.set_all_interests(CHAT, "topic", True)
    assert len(profile.topics) == 9
    for _ in range(2):
        profile = await members.set_interest(CHAT, "topic", "green", False)
    assert "green" not in profile.topics
    profile = await members.set_all_interests(CHAT, "topic", False)
    assert profile.topics == frozenset()
    with pytest.raises(Stale, match="unknown topic"):
        await members.set_interest(CHAT, "topic", "martian", True)


async def test_export_holds_every_personal_value(members: Members) -> None:
    await _onboarded(members, CHAT)
    data = await members.export(CHAT)
    assert data["member"]["org_name"] == 'Asociația <b>&"'
    assert data["member"]["country"] == "RO"
    assert data["member"]["consent_version"] == "3"
    assert {(r["kind"], r["item_id"]) for r in data["member_interests"]} == {
        ("topic", "green"),
        ("programme", "life"),
    }
    assert {(r["kind"], r["word"]) for r in data["member_keywords"]} == {
        ("include", "robotics"),
        ("include", "roma"),
        ("exclude", "tender"),
    }
    assert await members.export(OTHER) == {}


async def test_export_holds_what_the_bot_waits_for(members: Members) -> None:
    await _onboarded(members, CHAT)
    await _onboarded(members, OTHER)
    assert (await members.export(CHAT))["conversations"] == []
    await members.await_input(CHAT, "keywords:exclude")
    await members.await_input(OTHER, "org_name")  # another chat's state is not theirs
    data = await members.export(CHAT)
    assert data["conversations"] == [{"kind": "keywords", "ref": "exclude"}]
    await members.await_input(CHAT, None)
    assert (await members.export(CHAT))["conversations"] == []


async def test_forget_leaves_no_trace_in_any_table(members: Members, db: Database) -> None:
    await _onboarded(members, CHAT)
    await _onboarded(members, OTHER)
    async with db.transaction() as session:
        # A promoted coordinator's role is personal data too.
        session.add(Coordinator(user_id=CHAT, display_name="Ana", added_by=9000, added_at=NOW))
    before = await _all_rows(db)
    member_ids = {row["id"] for row in before["members"] if row["chat_id"] == CHAT}
    assert await members.forget(CHAT)
    after = await _all_rows(db)
    # Walk every table of the schema, so tables added later are covered automatically.
    for table in Base.metadata.sorted_tables:
        member_fks = {
            fk.parent.name for fk in table.foreign_keys if fk.column.table.name == "members"
        }
        for row in after[table.name]:
            for column, value in row.items():
                assert value != CHAT, f"{table.name}.{column} still holds the chat id"
                if column in member_fks:
                    assert value not in member_ids, f"{table.name}.{column} references them"
    # The other member is untouched.
    assert (await members.profile(OTHER)) is not None
    assert not await members.forget(CHAT)


async def test_blocking_keeps_preferences_and_returning_resumes(members: Members) -> None:
    await _onboarded(members, CHAT)
    assert await members.mark_blocked(CHAT, now=NOW)
    blocked = await members.profile(CHAT)
    assert blocked is not None
    assert blocked.blocked
    back = await members.seen(chat_id=CHAT, chat_type="private", language_code="ro", now=NOW)
    assert not back.blocked
    assert back.topics == {"green"}


async def test_retention_erases_what_the_notice_promises(members: Members, db: Database) -> None:
    await members.seen(
        chat_id=CHAT, chat_type="private", language_code="ro", now=NOW
    )  # never agreed
    await _onboarded(members, OTHER)
    await members.set_paused(OTHER, True, now=NOW)
    active = 3003
    await _onboarded(members, active)
    assert await members.purge_inactive(now=NOW + timedelta(days=29)) == 0
    assert await members.purge_inactive(now=NOW + timedelta(days=31)) == 1  # the unconsented chat
    assert await members.profile(CHAT) is None
    # The paused member goes after the retention period; the active one stays.
    assert await members.purge_inactive(now=NOW + timedelta(days=30 * 24 + 1)) == 1
    assert await members.profile(OTHER) is None
    assert await members.profile(active) is not None


async def test_export_keeps_every_row_of_tables_with_several_links(
    members: Members, db: Database
) -> None:
    """An introduction links two members (requester and target): the export holds every
    introduction the member is part of, in either role, every time (issue 12)."""
    third = 3003
    for chat in (CHAT, OTHER, third):
        await _onboarded(members, chat)
    async with db.transaction() as session:
        ids = {m.chat_id: m.id for m in (await session.scalars(select(Member))).all()}
        for requester, target, status in (
            (CHAT, OTHER, "pending"),  # as the requester
            (OTHER, CHAT, "accepted"),  # as the target
            (third, CHAT, "declined"),  # as the target, from someone else
            (OTHER, third, "pending"),  # not about the member at all
        ):
            session.add(
                Introduction(
                    requester_id=ids[requester], target_id=ids[target], status=status,
                    created_at=NOW,
                )
            )  # fmt: skip
    for _ in range(3):  # the same answer on every run
        data = await members.export(CHAT)
        assert [
            (r["requester_id"], r["target_id"], r["status"]) for r in data["introductions"]
        ] == [
            ("you", "another member", "pending"),
            ("another member", "you", "accepted"),
            ("another member", "you", "declined"),
        ]
    # Every table linking to members more than once is covered by a test like this one.
    several = {t.name for t, columns in links_to_members().items() if len(columns) > 1}
    assert several == {"introductions"}
