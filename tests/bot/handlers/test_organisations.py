"""Organisations end to end: joining one by a near match with its people's confirmation,
approval and invite modes, and the coordinators' /members with its exports."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.buttons.onboarding import (
    ConsentYes,
    Country,
    CountryZone,
    InterestsDone,
    KeywordsDone,
    OrgName,
    OrgType,
    Topic,
)
from bot.buttons.organisations import (
    ConfirmPerson,
    DecideOrganisation,
    EditOrganisation,
    JoinOrganisation,
    NewInvite,
    NewOrganisation,
    RevokeInvite,
    RosterExport,
    RosterPage,
    RosterSearch,
)
from bot.core.i18n import Catalogs
from bot.db.models import Member, Organisation, OrganisationInvite
from bot.directory.types import DirectoryError
from bot.sandbox.localapi.state import StoredMessage
from tests.bot.handlers.conftest import ANA, BOGDAN, COORDINATOR, DAN, LUCIA, Env, data_of
from tests.harness import running_env

CATALOGS = Catalogs(("en", "ro", "es"), "en")
PENDING = (
    "Your organisation waits for a coordinator's approval. "
    "I will tell you as soon as it is decided."
)
REGISTERED_PENDING = (
    "%(name)s is registered and waits for a coordinator's approval; until then the "
    "partner directory and introductions wait too."
)
APPROVED = "✅ %(name)s is approved: the partner directory (/partners) is open to you."
REJECTED = (
    "Your organisation was not approved. Please write to the coordinators if you think "
    "this is a mistake."
)
NEEDS_INVITE = (
    "The INEXA Alliance is open to organisations invited by a partner. Ask a partner "
    "organisation (or the coordinators: %(contact)s) for an invite link or QR code, "
    "then open it."
)


def tr(language: str, text: str, **params: object) -> str:
    return CATALOGS.get(language).gettext(text, **params)


async def name_organisation(env: Env, user: int, name: str) -> StoredMessage:
    """/start, consent, and the organisation's name: the bot's answer to the name."""
    welcome = await env.say(user, "/start")
    await env.tap(user, welcome, ConsentYes().data)
    return await env.say(user, name)


async def finish(env: Env, user: int, message: StoredMessage, country: str = "RO") -> None:
    """The rest of onboarding from the country question."""
    message = await env.tap(user, message, Country(country).data)
    if CountryZone(country, 0).data in data_of(message):  # a country with several zones
        message = await env.tap(user, message, CountryZone(country, 0).data)
    for data in (
        OrgType("ngo").data,
        Topic("vet", True).data,
        InterestsDone("t").data,
        InterestsDone("p").data,
        KeywordsDone().data,
    ):
        message = await env.tap(user, message, data)


async def member_row(env: Env, chat_id: int) -> Member:
    async with env.db.transaction() as session:
        found = (await session.execute(select(Member).where(Member.chat_id == chat_id))).scalar()
        assert found is not None
        return found


async def organisation(env: Env, organisation_id: int | None) -> Organisation:
    assert organisation_id is not None
    async with env.db.transaction() as session:
        found = await session.get(Organisation, organisation_id)
        assert found is not None
        return found


async def test_joining_an_existing_organisation_by_a_near_match_waits_for_its_people(
    env: Env,
) -> None:
    reply = await name_organisation(env, ANA, "Asociația Vest Digital")
    await finish(env, ANA, reply)
    ana = await member_row(env, ANA)
    assert ana.organisation_confirmed_at is not None
    vest = await organisation(env, ana.organisation_id)
    assert (vest.name, vest.country, vest.org_type, vest.status) == (
        "Asociația Vest Digital", "RO", "ngo", "approved",
    )  # fmt: skip

    # Bogdan writes it differently, with a typo: the bot offers to join, or a different one.
    choice = await name_organisation(env, BOGDAN, "ASOCIATIA VEST-DIGITALL S.R.L.")
    assert data_of(choice) == [JoinOrganisation(vest.id).data, NewOrganisation().data]
    assert "Asociația Vest Digital" in (choice.text or "")
    asked = await env.tap(BOGDAN, choice, JoinOrganisation(vest.id).data)
    assert Country("RO").data in data_of(asked)  # onboarding goes on meanwhile
    assert "I asked the people of Asociația Vest Digital to confirm" in env.texts(BOGDAN)[-2]
    await finish(env, BOGDAN, asked)
    bogdan = await member_row(env, BOGDAN)
    assert (bogdan.organisation_id, bogdan.organisation_confirmed_at) == (vest.id, None)
    assert bogdan.org_name == "ASOCIATIA VEST-DIGITALL S.R.L."  # as typed

    # Until confirmed: a member, but no partner directory.
    refused = await env.say(BOGDAN, "/partners")
    assert "have not confirmed you yet" in (refused.text or "")

    # Ana, the organisation's confirmed person, is asked (in Romanian) with buttons.
    await env.delivered()
    request = env.reply(ANA)
    assert data_of(request) == [
        ConfirmPerson(bogdan.id, True).data,
        ConfirmPerson(bogdan.id, False).data,
    ]
    assert "ASOCIATIA VEST-DIGITALL S.R.L." in (request.text or "")

    # Someone of another organisation cannot confirm him, even with forged data.
    reply = await name_organisation(env, LUCIA, "Fundación Lucero")
    await finish(env, LUCIA, reply, country="ES")
    await env.sim.forge_press(LUCIA, env.reply(LUCIA), ConfirmPerson(bogdan.id, True).data)
    await env.sim.settle()
    assert (await member_row(env, BOGDAN)).organisation_confirmed_at is None

    done = await env.tap(ANA, request, ConfirmPerson(bogdan.id, True).data)
    assert data_of(done) == []
    assert (await member_row(env, BOGDAN)).organisation_confirmed_at is not None
    await env.delivered()
    assert "You are confirmed as one of Asociația Vest Digital's people" in env.texts(BOGDAN)[-1]
    # A second press (the other button of the same request) changes nothing.
    await env.sim.forge_press(ANA, done, ConfirmPerson(bogdan.id, False).data)
    await env.sim.settle()
    assert (await member_row(env, BOGDAN)).organisation_id == vest.id
    partners = await env.say(BOGDAN, "/partners")
    assert "have not confirmed you yet" not in (partners.text or "")

    # Its confirmed people edit the organisation's details from /organisation.
    screen = await env.say(BOGDAN, "/organisation")
    assert EditOrganisation("website").data in data_of(screen)
    prompt = await env.tap(BOGDAN, screen, EditOrganisation("website").data)
    assert prompt is not None
    refused = await env.say(BOGDAN, "not a website")
    assert "does not fit" in (refused.text or "")
    shown = await env.say(BOGDAN, "https://vest-digital.ro")
    assert "https://vest-digital.ro" in (shown.text or "")
    prompt = await env.tap(BOGDAN, shown, EditOrganisation("nuts_region").data)
    await env.say(BOGDAN, "ro42")
    vest = await organisation(env, vest.id)
    assert (vest.website, vest.nuts_region) == ("https://vest-digital.ro", "RO42")

    # Naming one's own organisation again (from /profile) changes nothing but the spelling.
    prompt = await env.say(ANA, "/profile")
    await env.tap(ANA, prompt, OrgName().data)
    await env.say(ANA, "Asociatia Vest Digital")
    again = await member_row(env, ANA)
    assert (again.organisation_id, again.org_name) == (vest.id, "Asociatia Vest Digital")
    assert again.organisation_confirmed_at is not None

    # /mydata shows the person's organisation.
    await env.say(BOGDAN, "/mydata")
    document = env.bot_messages(BOGDAN)[-1]
    assert b'"name": "Asocia\\u021bia Vest Digital"' in env.file(document) or (
        "Asociația Vest Digital".encode() in env.file(document)
    )


async def test_no_a_different_one_makes_a_new_organisation(env: Env) -> None:
    reply = await name_organisation(env, ANA, "Fundația Lumina")
    await finish(env, ANA, reply)
    choice = await name_organisation(env, BOGDAN, "Fundatia Lumina Noua Iasi")
    assert Country("RO").data in data_of(choice)  # not near: a new organisation straight away
    env.world.add_user(DAN, "Dan", language_code="en")
    choice = await name_organisation(env, DAN, "Lumina")
    lumina = (await member_row(env, ANA)).organisation_id
    assert data_of(choice) == [JoinOrganisation(lumina or 0).data, NewOrganisation().data]
    await env.tap(DAN, choice, NewOrganisation().data)
    dan = await member_row(env, DAN)
    assert dan.organisation_id not in {None, lumina}
    assert dan.organisation_confirmed_at is not None
    assert (await organisation(env, dan.organisation_id)).name == "Lumina"


async def test_nobody_to_confirm_asks_the_coordinators(env: Env) -> None:
    reply = await name_organisation(env, ANA, "Asociația Vest Digital")
    await finish(env, ANA, reply)
    await env.sim.block(ANA)
    await env.delivered()
    choice = await name_organisation(env, BOGDAN, "Vest Digital")
    vest = (await member_row(env, ANA)).organisation_id or 0
    await env.tap(BOGDAN, choice, JoinOrganisation(vest).data)
    assert "I asked the coordinators to confirm" in env.texts(BOGDAN)[-2]
    await env.delivered()
    bogdan = await member_row(env, BOGDAN)
    request = env.reply(COORDINATOR)
    assert ConfirmPerson(bogdan.id, False).data in data_of(request)
    await env.tap(COORDINATOR, request, ConfirmPerson(bogdan.id, False).data)
    assert (await member_row(env, BOGDAN)).organisation_id is None
    await env.delivered()
    assert "did not confirm you" in env.texts(BOGDAN)[-1]


# ----- approval mode ------------------------------------------------------------------------
APPROVAL: dict[str, Any] = {
    "telegram": {"admin_ids": [COORDINATOR]},
    "membership": {"mode": "approval"},
}


async def test_approval_mode_approve_and_reject(migrated_sqlite_url: str) -> None:
    async with running_env(migrated_sqlite_url, overrides=APPROVAL) as env:
        await env.member(COORDINATOR, language="ro")  # the coordinator reads Romanian
        reply = await name_organisation(env, ANA, "Asociația Vest Digital")
        assert env.texts(ANA)[-2] == tr("ro", REGISTERED_PENDING, name="Asociația Vest Digital")
        await finish(env, ANA, reply)
        ana = await member_row(env, ANA)
        vest = await organisation(env, ana.organisation_id)
        assert vest.status == "pending"

        # A pending organisation: no directory, no introductions.
        refused = await env.say(ANA, "/partners")
        assert refused.text == tr("ro", PENDING)
        refused = await env.say(ANA, "/directory")
        assert refused.text == tr("ro", PENDING)
        with pytest.raises(DirectoryError) as raised:
            await env.runtime.directory.request_introduction(ANA, 1, now=env.clock())
        assert raised.value.code == "pending"

        # The coordinator is asked, in their language, with Approve / Reject.
        await env.delivered()
        notice = env.reply(COORDINATOR)
        assert data_of(notice) == [
            DecideOrganisation(vest.id, True).data,
            DecideOrganisation(vest.id, False).data,
        ]
        assert tr("ro", "Approve") in str(notice.buttons())
        decided = await env.tap(COORDINATOR, notice, DecideOrganisation(vest.id, True).data)
        assert data_of(decided) == []
        vest = await organisation(env, vest.id)
        assert (vest.status, vest.decided_by) == ("approved", COORDINATOR)
        await env.delivered()
        assert env.texts(ANA)[-1] == tr("ro", APPROVED, name="Asociația Vest Digital")
        partners = await env.say(ANA, "/partners")
        assert partners.text != tr("ro", PENDING)
        # Pressing again changes nothing.
        await env.sim.forge_press(COORDINATOR, notice, DecideOrganisation(vest.id, False).data)
        await env.sim.settle()
        assert (await organisation(env, vest.id)).status == "approved"

        # Another one rejected from /members.
        reply = await name_organisation(env, LUCIA, "Formación Sur, S.L.")
        await finish(env, LUCIA, reply, country="ES")
        sur = (await member_row(env, LUCIA)).organisation_id or 0
        roster = await env.say(COORDINATOR, "/members")
        assert DecideOrganisation(sur, False).data in data_of(roster)
        await env.tap(COORDINATOR, roster, DecideOrganisation(sur, False).data)
        assert (await organisation(env, sur)).status == "rejected"
        await env.delivered()
        assert env.texts(LUCIA)[-1] == tr("es", REJECTED)
        refused = await env.say(LUCIA, "/partners")
        assert refused.text == tr("es", REJECTED)
        # A rejected organisation is not offered to newcomers.
        env.world.add_user(DAN, "Dan", language_code="en")
        choice = await name_organisation(env, DAN, "Formacion Sur")
        assert JoinOrganisation(sur).data not in data_of(choice)


# ----- invite mode ---------------------------------------------------------------------------
INVITE: dict[str, Any] = {
    "telegram": {"admin_ids": [COORDINATOR]},
    "membership": {"mode": "invite"},
}


def invite_code_in(caption: str) -> str:
    return caption.split("?start=inv", 1)[1].split()[0]


async def test_invite_mode_links_qr_codes_and_who_brought_whom(migrated_sqlite_url: str) -> None:
    async with running_env(migrated_sqlite_url, overrides=INVITE) as env:
        # Without an invite, a newcomer is told how to get one (and nothing else happens).
        refused = await env.say(LUCIA, "/start")
        assert refused.text == tr("es", NEEDS_INVITE, contact="privacy@inexa.example")
        assert ConsentYes().data not in data_of(refused)

        # The coordinators' own link, with its QR code as a photo to print.
        await env.member(COORDINATOR)
        links = await env.say(COORDINATOR, "/invite")
        await env.tap(COORDINATOR, links, NewInvite().data)
        photo = [m for m in env.bot_messages(COORDINATOR) if m.photo][-1]
        png = env.world.files[photo.photo[-1]["file_id"]].content  # type: ignore[index]
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert len(png) > 500
        code = invite_code_in(photo.caption or "")

        welcome = await env.say(ANA, f"/start inv{code}")
        assert ConsentYes().data in data_of(welcome)
        await env.tap(ANA, welcome, ConsentYes().data)
        reply = await env.say(ANA, "Asociația Vest Digital")
        await finish(env, ANA, reply)
        ana = await member_row(env, ANA)
        vest = await organisation(env, ana.organisation_id)
        assert (vest.status, vest.invited_by_id) == ("approved", None)

        # Ana's organisation invites Bogdan's.
        screen = await env.say(ANA, "/organisation")
        assert "Asociația Vest Digital" in (screen.text or "")
        links = await env.say(ANA, "/invite")
        await env.tap(ANA, links, NewInvite().data)
        photo = [m for m in env.bot_messages(ANA) if m.photo][-1]
        theirs = invite_code_in(photo.caption or "")
        welcome = await env.say(BOGDAN, f"/start inv{theirs}")
        await env.tap(BOGDAN, welcome, ConsentYes().data)
        reply = await env.say(BOGDAN, "Formación Sur")
        await finish(env, BOGDAN, reply, country="ES")
        sur = await organisation(env, (await member_row(env, BOGDAN)).organisation_id)
        assert (sur.status, sur.invited_by_id) == ("approved", vest.id)

        async with env.db.transaction() as session:
            rows = await session.execute(select(OrganisationInvite.code, OrganisationInvite.uses))
            uses: dict[str, int] = {str(code): int(count) for code, count in rows.all()}
            ana_invite = (
                await session.execute(
                    select(OrganisationInvite).where(OrganisationInvite.code == theirs)
                )
            ).scalar_one()
        assert uses == {code: 1, theirs: 1}

        # Revoked: the link lets nobody in any more.
        env.world.add_user(DAN, "Dan", language_code="en")
        links = await env.say(ANA, "/invite")
        await env.tap(ANA, links, RevokeInvite(ana_invite.id).data)
        refused = await env.say(DAN, f"/start inv{theirs}")
        assert "not valid any more" in env.texts(DAN)[-2]
        assert "invite link or QR code" in (refused.text or "")
        # Nor can someone else's organisation revoke (or see) Ana's links.
        await env.sim.forge_press(BOGDAN, env.reply(BOGDAN), RevokeInvite(ana_invite.id).data)
        await env.sim.settle()


# ----- /members ------------------------------------------------------------------------------
async def test_members_roster_search_pages_and_exports(env: Env) -> None:
    names = [f"Asociația Vest {n:02d}" for n in range(10)] + ["Fundación Lucero"]
    chat = 50_000
    for name in names:
        env.world.add_user(chat, f"Person {chat}", language_code="en")
        reply = await name_organisation(env, chat, name)
        country = "ES" if "Fundación" in name else "RO"
        assert Country(country).data in data_of(reply)  # no match: straight on
        await finish(env, chat, reply, country=country)
        chat += 1

    refused = await env.say(ANA, "/members")
    assert refused.text == tr("ro", "This is for the alliance's coordinators only.")
    assert data_of(refused) == []

    await env.member(COORDINATOR)
    roster = await env.say(COORDINATOR, "/members")
    text = roster.text or ""
    assert "11 organisations" in text
    assert text.count("1 person") == 8  # a page of eight
    assert RosterPage(1, None).data in data_of(roster)
    assert "Fundación Lucero" not in text
    second = await env.tap(COORDINATOR, roster, RosterPage(1, None).data)
    assert "Fundación Lucero" in (second.text or "")  # by name: eight Asociația first
    assert RosterPage(0, None).data in data_of(second)
    found = await env.say(COORDINATOR, "/members lucero")
    assert "1 organisation" in (found.text or "")
    assert "Fundación Lucero" in (found.text or "")
    # The search button asks for words; diacritics do not matter.
    prompt = await env.tap(COORDINATOR, found, RosterSearch().data)
    assert prompt is not None
    found = await env.say(COORDINATOR, "FUNDACION")
    assert "Fundación Lucero" in (found.text or "")

    await env.tap(COORDINATOR, found, RosterExport("csv").data)
    csv_file = env.file(env.bot_messages(COORDINATOR)[-1]).decode("utf-8-sig")
    lines = csv_file.splitlines()
    assert lines[0].startswith("Organisation,Country,NUTS region,Type")
    assert len(lines) == 12
    assert any(line.startswith("Fundación Lucero,ES,,NGO,,,approved,") for line in lines)

    await env.tap(COORDINATOR, found, RosterExport("xlsx").data)
    document = env.bot_messages(COORDINATOR)[-1]
    assert (document.document or {}).get("file_name", "").endswith(".xlsx")
    book = load_workbook(io.BytesIO(env.file(document)))
    sheet = book["Organisations"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Organisation", "Country", "NUTS region", "Type"]
    registered = header.index("Registered on") + 1
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(values) == 11
    assert all(isinstance(row[registered - 1], datetime | date) for row in values)
    assert sheet.column_dimensions["A"].width >= len("Asociația Vest 00")
    people = book["People"]
    assert people.max_row == 12


async def test_the_harness_keeps_members_with_the_same_name_apart(env: Env) -> None:
    await env.onboard(ANA, org="Asociația Vest Digital")
    await env.onboard(BOGDAN, org="Asociatia Vest Digital")
    ana, bogdan = await member_row(env, ANA), await member_row(env, BOGDAN)
    assert ana.organisation_id != bogdan.organisation_id
    assert bogdan.organisation_confirmed_at is not None
