"""/report end to end in Romanian through the local Bot API server: period buttons, a
custom period typed leniently, the workbook as a document and the charts."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest
from openpyxl import load_workbook

from bot.buttons.report import ReportPeriod
from bot.reports.periods import Preset
from bot.sandbox.localapi import StoredMessage
from tests.bot.reports.report_data import seed
from tests.harness import ANA, COORDINATOR, Env, running_env

GROUP = -100123
ACK = "Proiect cofinanțat de Uniunea Europeană prin Programul Educație și Ocupare 2021–2027"


@pytest.fixture
async def env(migrated_sqlite_url: str) -> AsyncIterator[Env]:
    overrides = {
        "telegram": {"admin_ids": [COORDINATOR]},
        "project": {"acknowledgement": {"ro": ACK}, "reference": "MySMIS 123456"},
    }
    people = {COORDINATOR: ("Carmen", "ro"), ANA: ("Ana", "ro")}
    group = (GROUP, "Coordonatori", (COORDINATOR,), (ANA,))
    async with running_env(
        migrated_sqlite_url, people=people, overrides=overrides, groups=[group]
    ) as made:
        yield made


def documents(env: Env) -> list[StoredMessage]:
    return [m for m in env.world.messages_in(COORDINATOR, from_bot=True) if m.document]


def photos(env: Env) -> list[StoredMessage]:
    return [m for m in env.world.messages_in(COORDINATOR, from_bot=True) if m.photo]


async def test_report_for_this_month_then_for_typed_dates(env: Env) -> None:
    await seed(env.db)
    menu = await env.say(COORDINATOR, "/report")
    assert "Ce perioadă să acopere raportul?" in (menu.text or "")
    assert "Luna aceasta" in str(menu.buttons())
    working = await env.tap(COORDINATOR, menu, ReportPeriod(Preset.MONTH).data)
    assert "Pregătesc raportul pentru" in (working.text or "")
    await env.sim.wait_until(lambda: len(documents(env)) == 1 and len(photos(env)) == 4, within=30)
    document = documents(env)[0]
    assert document.document is not None
    assert document.document["file_name"] == "report-2026-11-01-2026-11-25.xlsx"
    assert "Raportul pentru" in (document.caption or "")
    book = load_workbook(io.BytesIO(env.file(document)))
    assert book.sheetnames == [
        "Rezumat", "Indicatori", "Activități", "Organizații sprijinite", "Acoperire", "Proiecte",
        "Chestionare", "Grafice",
    ]  # fmt: skip
    summary = book["Rezumat"]
    assert summary["A1"].value == ACK
    assert "MySMIS 123456" in str(summary["A2"].value)
    assert "5 persoane au participat" in str(summary["A5"].value)
    indicators = book["Indicatori"]
    rows = {indicators.cell(r, 2).value: indicators.cell(r, 4).value for r in range(5, 70)}
    assert rows["EECO01"] == 5
    assert rows["EECO12"] == "<5"

    # Other dates: typed, read leniently, refused with a reason when wrong.
    menu = await env.say(COORDINATOR, "/report")
    ask = await env.tap(COORDINATOR, menu, ReportPeriod(Preset.CUSTOM).data)
    assert "Trimiteți prima și ultima zi" in (ask.text or "")
    wrong = await env.say(COORDINATOR, "30.11.2026 1.10.2026")
    assert "Prima zi este după ultima." in (wrong.text or "")
    await env.say(COORDINATOR, "de la 1.10.2026 până la 31.10.2026")
    await env.sim.wait_until(lambda: len(documents(env)) == 2, within=30)
    october = load_workbook(io.BytesIO(env.file(documents(env)[1])))
    activities = october["Activități"]
    assert activities.cell(5, 5).value == "October session"
    assert activities.cell(6, 5).value is None
    # The dates were the answer: more text is not taken as dates again.
    after = await env.say(COORDINATOR, "1.10.2026 31.10.2026")
    assert "Raportul" not in (after.text or "")


async def test_report_is_for_coordinators_in_a_private_chat(env: Env) -> None:
    refused = await env.say(ANA, "/report")
    assert "coordonatori" in (refused.text or "")
    # The workbook names organisations: never in a group, even a coordinators' one.
    in_group = await env.say(COORDINATOR, "/report", chat=GROUP)
    assert "conversație privată" in (in_group.text or "")
    assert not documents(env)
