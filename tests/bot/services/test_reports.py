"""The funder's report's numbers on a seeded database, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from bot.db.repositories import reports as repo
from bot.db.session import Database
from bot.reports.model import Indicator, Report
from bot.reports.suppression import SMALL
from bot.services.reports import collect_report
from bot.services.stats import period_of_days
from tests.bot.reports.report_data import FIRST, LAST, seed


def value(report: Report, code_or_label: str) -> object:
    found = [i for i in report.indicators if code_or_label in (i.code, i.label)]
    assert len(found) == 1, code_or_label
    return found[0].value


def section(report: Report, name: str) -> list[Indicator]:
    return [i for i in report.indicators if i.section == name]


@pytest.fixture
async def report(db: Database) -> Report:
    await seed(db)
    return await collect_report(db, FIRST, LAST)


async def test_participants_are_people_marked_attended_each_counted_once(report: Report) -> None:
    # m1 (twice), m2, m3 (checked in), m6, m9; not m4 (going, unmarked), m5 (absent),
    # m7 (October), m8 (cancelled workshop).
    assert report.participants == 5
    assert value(report, "EECO01") == 5
    assert report.registered_only == 2
    assert (
        value(report, "Registered but not marked as attending (not counted as participants)") == 2
    )


async def test_each_workshop_counts_registered_attended_and_organisations(report: Report) -> None:
    rows = [(a.title, a.registered, a.attended, a.organisations) for a in report.activities]
    assert rows == [
        ("Digital skills", 3, 2, 1),
        ("=Online funding clinic", 3, 2, 2),
        ("Open day", 2, 2, 1),
    ]
    formats = [(a.online, a.in_person, a.hours) for a in report.activities]
    assert formats == [(False, True, 2.0), (True, False, 3.5), (False, True, None)]
    assert report.activity_hours == 5.5
    assert report.participation_hours == 2 * 2 + 3.5 * 2
    assert value(report, "Workshops held") == 3
    assert value(report, "Hours of participation") == 11


async def test_organisations_supported_have_a_participant_and_are_counted_by_type(
    report: Report,
) -> None:
    names = [(o.name, o.org_type, o.country, o.participants) for o in report.organisations]
    assert names == [
        ("Asociația Vest", "ngo", "RO", 2),
        ("Cooperativa Sur", "social_enterprise", "ES", 1),
        ("Primăria Timișoara", "public", "RO", 1),
    ]
    assert value(report, "EECO18") == 1
    assert value(report, "EECO19") == 1  # a social enterprise counts among SMEs (Annex I)
    assert value(report, "NGOs and social economy organisations supported") == 2
    assert value(report, "Organisations supported (all types)") == 3


async def test_characteristics_follow_the_answers(report: Report) -> None:
    assert [i.value for i in section(report, "Participants by gender")] == [1, 1, 1, 2]
    assert value(report, "EECO06") == 1
    assert value(report, "EECO07") == 1
    assert value(report, "EECO08") == 1
    assert value(report, "EECO02") == 2  # unemployed + long-term unemployed
    assert value(report, "EECO03") == 1
    assert value(report, "EECO04") == 1
    assert value(report, "EECO05") == 1
    assert [value(report, c) for c in ("EECO09", "EECO10", "EECO11")] == [1, 1, 1]


async def test_sensitive_counts_are_hidden_when_small(report: Report) -> None:
    for code in ("EECO12", "EECO13", "EECO14", "EECO15", "EECO16", "EECO17"):
        assert value(report, code) == SMALL


async def test_attendee_rows_carry_whether_sensitive_consent_stands(db: Database) -> None:
    await seed(db)
    start, end = period_of_days(FIRST, LAST)
    async with db.transaction() as session:
        rows = await repo.people(session, start=start, end=end)
    people = [r.person for r in rows if r.took_part]
    said_yes = sorted((r.disability, r.sensitive_consent) for r in people if r.disability)
    assert said_yes == [("yes", False), ("yes", True)]
    assert len(people) == len({r.member_id for r in people}) == 5
    # m4 (going, never marked) and m5 (going, marked absent) are registered only.
    assert len(rows) == len({r.person.member_id for r in rows}) == 7


async def test_reach_counts_people_and_organisations_not_chats(report: Report) -> None:
    reach = report.reach
    assert (reach.members_reached, reach.organisations_reached, reach.digests_sent) == (3, 2, 2)


async def test_an_empty_period_reports_zeros(db: Database) -> None:
    await seed(db)
    empty = await collect_report(db, date(2027, 1, 1), date(2027, 1, 31))
    assert (empty.participants, empty.activities, empty.organisations) == (0, (), ())
    assert value(empty, "EECO12") == SMALL
