"""The report on disk: every file there, numbers read back, formulas defused."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.reports.export import NO_PROGRAMME, NOT_GIVEN, english_labels, safe_cell, write_report
from tests.bot.reports.helpers import EVIL_TITLE, STATS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXPECTED_FILES = [
    "summary.csv",
    "members_by_country.csv",
    "members_by_org_type.csv",
    "members_by_topic.csv",
    "members_by_language.csv",
    "organisations_reached.csv",
    "weekly_reach.csv",
    "messages.csv",
    "message_failures.csv",
    "opportunities_by_source.csv",
    "opportunities_by_kind.csv",
    "opportunities_by_programme.csv",
    "workshops.csv",
    "members_by_topic.png",
    "weekly_reach.png",
    "rsvp_vs_attendance.png",
]


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def report(tmp_path: Path) -> Path:
    out = tmp_path / "nested" / "report"
    written = write_report(STATS, out, labels=english_labels(STATS, {"green": "Green transition"}))
    assert [p.name for p in written] == EXPECTED_FILES
    assert all(p.parent == out and p.stat().st_size > 0 for p in written)
    assert sorted(p.name for p in out.iterdir()) == sorted(EXPECTED_FILES)
    return out


def test_summary(report: Path) -> None:
    rows = read(report / "summary.csv")
    assert rows[0] == ["indicator", "value"]
    assert dict(rows[1:]) == {
        "period_from": "2026-11-04",
        "period_to": "2026-11-17",
        "members_consented": "5",
        "members_active": "3",
        "members_paused": "1",
        "members_blocked": "1",
        "organisations_reached": "3",
        "countries_reached": "1",
        "messages_sent": "6",
        "messages_failed": "2",
        "digests_sent": "3",
        "opportunities_ingested": "4",
        "opportunities_disseminated": "2",
        "follows_created": "7",
        "workshops_held": "2",
        "workshops_cancelled": "1",
        "workshop_rsvps_going": "6",
        "workshop_attended": "3",
        "workshop_participants": "3",
    }


def test_tables(report: Path) -> None:
    assert read(report / "members_by_country.csv") == [
        ["country", "members"],
        ["ES", "2"],
        ["RO", "2"],
        [NOT_GIVEN, "1"],
    ]
    assert read(report / "members_by_topic.csv") == [
        ["topic", "members"],
        ["green", "3"],
        ["digital", "1"],
    ]
    assert read(report / "organisations_reached.csv") == [
        ["country", "org_type", "organisations"],
        ["RO", "ngo", "2"],
        [NOT_GIVEN, "sme", "1"],
    ]
    assert read(report / "weekly_reach.csv") == [
        ["week", "starts_on", "members"],
        ["2026-W45", "2026-11-02", "1"],
        ["2026-W46", "2026-11-09", "2"],
    ]
    assert read(report / "messages.csv") == [
        ["kind", "sent", "failed"],
        ["alert", "1", "1"],
        ["digest", "5", "1"],
    ]
    workshops = read(report / "workshops.csv")
    assert workshops[0] == [
        "id", "title", "status", "starts_at", "capacity", "going", "maybe", "no", "waitlist",
        "attended", "attendance_marked", "participants",
    ]  # fmt: skip
    assert workshops[2] == [
        "2", "Atelier: tranziție verde", "published", "2026-11-06T10:00+00:00", "", "2", "1",
        "0", "2", "0", "no", "0",
    ]  # fmt: skip
    # Going without marked attendance is not taking part.
    assert [row[-1] for row in workshops[1:]] == ["3", "0", "0"]


def test_formula_injection_is_defused(report: Path) -> None:
    workshops = read(report / "workshops.csv")
    assert workshops[1][1] == "'" + EVIL_TITLE
    assert read(report / "opportunities_by_source.csv")[1:] == [
        ["'+eu_ft", "2"],
        ["'@ro", "1"],
        ["'\tboe", "1"],
    ]
    assert read(report / "opportunities_by_kind.csv")[1:] == [["call", "3"], ["event", "1"]]
    assert read(report / "opportunities_by_programme.csv")[1:] == [
        ["erasmus", "2"],
        ["'\rlife", "1"],
        [NO_PROGRAMME, "1"],
    ]
    assert read(report / "message_failures.csv")[1:] == [
        ["alert", "'-bad request", "1"],
        ["digest", "blocked", "1"],
    ]
    # Numbers stay numbers, even negative ones; only text is quoted.
    assert safe_cell(-3) == -3
    assert safe_cell(None) is None
    assert safe_cell("a=b") == "a=b"


def test_charts_and_a_rewrite(report: Path) -> None:
    for name in ("members_by_topic.png", "weekly_reach.png", "rsvp_vs_attendance.png"):
        assert (report / name).read_bytes().startswith(PNG_SIGNATURE)
    before = (report / "summary.csv").read_bytes()
    # Writing again into the same directory replaces the files with identical ones.
    write_report(STATS, report, labels=english_labels(STATS, {"green": "Green transition"}))
    assert (report / "summary.csv").read_bytes() == before
    assert before.startswith(b"\xef\xbb\xbfindicator,value\r\n")
