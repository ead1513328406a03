"""Organisation use-cases on both databases: matching, joining, confirmations, approvals,
invites and the roster (SQL aggregates and locks run on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.config import Settings, parse_settings
from bot.core.i18n import Catalogs
from bot.db.models import InviteArrival, Member, Organisation, OutboxMessage
from bot.db.session import Database
from bot.directory.types import DirectoryError
from bot.organisations.types import Choice, OrganisationError, Placed
from bot.services.directory import Directory
from bot.services.members import Members
from bot.services.organisations import Organisations
from bot.services.roster import Roster
from bot.views.organisations import NOTICES

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
COORDINATOR = 9000
CATALOGS = Catalogs(("en", "ro", "es"), "en")


def settings_for(tmp_path: Path, mode: str) -> Settings:
    return parse_settings(
        {"telegram": {"admin_ids": [COORDINATOR]}, "membership": {"mode": mode}},
        environ={},
        base_dir=tmp_path,
    )


async def person(db: Database, settings: Settings, chat_id: int, *, country: str = "RO") -> None:
    members = Members(db, settings)
    await members.seen(chat_id=chat_id, chat_type="private", language_code="ro", now=NOW)
    await members.consent(chat_id, now=NOW)
    await members.update_profile(chat_id, country=country)


async def outbox_to(db: Database, chat_id: int) -> list[OutboxMessage]:
    async with db.transaction() as session:
        rows = await session.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == chat_id))
        return list(rows.all())


async def test_join_confirm_and_roster(db: Database, tmp_path: Path) -> None:
    settings = settings_for(tmp_path, "open")
    service = Organisations(db, settings, CATALOGS, NOTICES)
    for chat in (1, 2, 3):
        await person(db, settings, chat)
    created = await service.name_given(1, "Asociația Vest Digital", now=NOW)
    assert isinstance(created, Placed)
    assert created.created
    vest = created.membership.organisation
    assert vest is not None
    assert (vest.status, vest.country, created.membership.confirmed) == ("approved", "RO", True)

    offered = await service.name_given(2, "Vest Digital S.R.L.", now=NOW)
    assert isinstance(offered, Choice)
    assert [(m.id, m.kind) for m in offered.matches] == [(vest.id, "exact")]
    joined = await service.join(2, vest.id, now=NOW)
    assert (joined.membership.confirmed, joined.asked) == (False, "people")
    (request,) = await outbox_to(db, 1)  # to Ana, the confirmed person, in Romanian
    assert request.reply_markup is not None

    with pytest.raises(OrganisationError) as refused:  # not one of its people
        await service.answer_join(3, 2, True, coordinator=False, now=NOW)
    assert refused.value.code == "not_allowed"
    async with db.transaction() as session:
        member_id = await session.scalar(select(Member.id).where(Member.chat_id == 2))
    assert member_id is not None
    org, accepted = await service.answer_join(1, member_id, True, coordinator=False, now=NOW)
    assert accepted
    assert org.people == 2
    with pytest.raises(OrganisationError) as twice:
        await service.answer_join(1, member_id, False, coordinator=False, now=NOW)
    assert twice.value.code == "decided"
    assert (await service.membership(2)).confirmed

    other = await service.name_given(3, "Fundación Lucero", now=NOW)
    assert isinstance(other, Placed)
    roster = Roster(db)
    page = await roster.page(None, 0)
    assert [(o.name, o.people, o.waiting) for o in page.entries] == [
        ("Asociația Vest Digital", 2, 0),
        ("Fundación Lucero", 1, 0),
    ]
    assert (await roster.page("lucero", 0)).total == 1
    assert (await roster.page("vest+ro", 0)).total == 1
    assert (await roster.page("nothing", 0)).total == 0
    everything = await roster.everything()
    assert [len(e.people) for e in everything] == [2, 1]


async def test_approval_and_invites(db: Database, tmp_path: Path) -> None:
    approval = settings_for(tmp_path, "approval")
    service = Organisations(db, approval, CATALOGS, NOTICES)
    await person(db, approval, 1)
    placed = await service.name_given(1, "Fundația Lumina", now=NOW)
    assert isinstance(placed, Placed)
    lumina = placed.membership.organisation
    assert lumina is not None
    assert lumina.status == "pending"
    assert await service.partner_access(1) == "pending"
    (notice,) = await outbox_to(db, COORDINATOR)
    assert "Fundația Lumina" in notice.text
    with pytest.raises(OrganisationError):
        await service.new_invite(1, coordinator=False, now=NOW)  # pending: no invites yet
    decided = await service.decide(lumina.id, True, by=COORDINATOR, now=NOW)
    assert (decided.status, decided.decided_at) == ("approved", NOW)
    assert await service.partner_access(1) is None
    with pytest.raises(OrganisationError):
        await service.decide(lumina.id, False, by=COORDINATOR, now=NOW)

    invite = Organisations(db, settings_for(tmp_path, "invite"), CATALOGS, NOTICES)
    link = await invite.new_invite(1, coordinator=False, now=NOW)
    assert link.organisation_id == lumina.id
    await person(db, approval, 2)
    assert not await invite.may_start(2)
    assert await invite.arrive(2, link.code, now=NOW) is not None
    assert await invite.may_start(2)
    placed = await invite.name_given(2, "Formación Sur", now=NOW)
    assert isinstance(placed, Placed)
    sur = placed.membership.organisation
    assert sur is not None
    assert (sur.status, sur.invited_by) == ("approved", "Fundația Lumina")
    (used,) = await invite.invites(1, coordinator=False)
    assert used.uses == 1
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(InviteArrival)) == 0

    revoked = await invite.revoke_invite(1, link.id, coordinator=False, now=NOW)
    assert not revoked.valid
    await person(db, approval, 3)
    assert await invite.arrive(3, link.code, now=NOW) is None
    offered = await invite.name_given(3, "Asociația Nouă", now=NOW)
    assert offered == Choice("Asociația Nouă", ())  # no invite: no new organisation
    with pytest.raises(OrganisationError) as refused:
        await invite.create(3, now=NOW)
    assert refused.value.code == "needs_invite"


async def test_the_directory_lists_only_people_who_may_use_it(db: Database, tmp_path: Path) -> None:
    settings = settings_for(tmp_path, "approval")
    service = Organisations(db, settings, CATALOGS, NOTICES)
    directory = Directory(db, settings)
    for chat in (1, 2):
        await person(db, settings, chat)
    for chat, name in ((1, "Asociația Vest Digital"), (2, "Fundația Lumina")):
        placed = await service.name_given(chat, name, now=NOW)
        assert isinstance(placed, Placed)
        assert placed.membership.organisation is not None
        await service.decide(placed.membership.organisation.id, True, by=COORDINATOR, now=NOW)
        await directory.publish(chat, now=NOW)
    assert (await directory.search(exclude_chat_id=2)).total == 1
    assert (await directory.filters(2)).total == 1
    # Vest's status goes back to pending (e.g. the person named another organisation): its
    # published entry waits with it, and it may not search either.
    vest = (await service.membership(1)).organisation
    assert vest is not None
    async with db.transaction() as session:
        row = await session.get(Organisation, vest.id)
        assert row is not None
        row.status = "pending"
    assert (await directory.search(exclude_chat_id=2)).total == 0
    with pytest.raises(DirectoryError) as refused:
        await directory.search(exclude_chat_id=1)
    assert refused.value.code == "pending"
