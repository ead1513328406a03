"""The report's pure rules: consent, suppression within each characteristic, refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.reports.model import (
    AttendeeRow,
    OrganisationRow,
    PersonRow,
    Reach,
    Report,
    WorkshopRow,
    build_report,
    hours_of,
    split_people,
)
from bot.reports.suppression import HIDDEN, SMALL

REACH = Reach(0, 0, 0, 0, 0)
DAY = date(2026, 11, 1)


def report(attendees: list[AttendeeRow], registered: int | None = None) -> Report:
    return build_report(
        DAY, DAY, workshops=[], attendees=attendees, organisations=[], reach=REACH,
        registered_people=len(attendees) if registered is None else registered,
    )  # fmt: skip


def values(r: Report, code: str) -> list[object]:
    """The coded row and the two rows under it."""
    index = next(i for i, row in enumerate(r.indicators) if row.code == code)
    return [row.value for row in r.indicators[index : index + 3]]


def test_sensitive_answers_count_only_with_consent_and_small_counts_are_hidden() -> None:
    people = [AttendeeRow(n, None, sensitive_consent=True, disability="no") for n in range(20)]
    people += [
        AttendeeRow(100 + n, None, sensitive_consent=True, disability="yes") for n in range(3)
    ]
    # Answers without consent are never counted, whatever is stored.
    people += [AttendeeRow(200 + n, None, disability="yes") for n in range(10)]
    r = report(people)
    # yes 3 (hidden), no 20, not stated 10: the next smallest (10) is hidden as well.
    assert values(r, "EECO12") == [SMALL, 20, HIDDEN]
    assert values(r, "EECO13") == [SMALL, SMALL, 33]


def test_large_counts_are_shown() -> None:
    people = [
        AttendeeRow(n, None, sensitive_consent=True, rural_area="yes" if n % 2 else "no")
        for n in range(20)
    ]
    assert values(report(people), "EECO17") == [10, 10, SMALL]


def test_unknown_or_declined_answers_are_not_stated() -> None:
    people = [
        AttendeeRow(1, None, gender="prefer_not"),
        AttendeeRow(2, None, gender="martian"),
        AttendeeRow(3, None, gender="female"),
    ]
    genders = [i.value for i in report(people).indicators if i.section == "Participants by gender"]
    assert genders == [1, 0, 0, 2]


def test_registered_only_is_never_negative_and_people_are_unique() -> None:
    assert report([AttendeeRow(1, None)], registered=0).registered_only == 0
    with pytest.raises(ValueError, match="twice"):
        report([AttendeeRow(1, None), AttendeeRow(1, 7)])
    with pytest.raises(ValueError, match="after"):
        build_report(
            DAY, DAY - timedelta(days=1), workshops=[], attendees=[], organisations=[],
            reach=REACH, registered_people=0,
        )  # fmt: skip


def test_hours_come_from_the_workshop_duration() -> None:
    start = datetime(2026, 11, 2, 9, tzinfo=UTC)

    def row(end: datetime | None) -> WorkshopRow:
        return WorkshopRow(1, "t", start, end, "UTC", None, None, "en", (), 0, 0, 0)

    assert hours_of(row(start + timedelta(minutes=100))) == 1.75
    assert hours_of(row(None)) is None
    assert hours_of(row(start)) is None


def test_people_split_into_participants_organisations_and_registered() -> None:
    rows = [
        PersonRow(AttendeeRow(1, 10), True, "Vest", "ngo", "RO"),
        PersonRow(AttendeeRow(2, 10), True, "Vest", "ngo", "RO"),
        PersonRow(AttendeeRow(3, 11), False, "Only registered SRL", "sme", "RO"),
        PersonRow(AttendeeRow(4, None), True),
    ]
    attendees, organisations, registered = split_people(rows)
    assert [a.member_id for a in attendees] == [1, 2, 4]
    assert organisations == [OrganisationRow(10, "Vest", "ngo", "RO", 2)]
    assert registered == 4
