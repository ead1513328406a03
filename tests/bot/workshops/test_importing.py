"""Importing workshops from TOML and CSV: all rows checked, problems by row and field."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.workshops.importing import (
    ImportedWorkshop,
    ImportFileError,
    RowProblem,
    check_rows,
    read_rows,
)

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TOPICS = ("vet", "digital", "green")


def check(
    rows: list[tuple[int, dict[str, object]]],
) -> tuple[list[ImportedWorkshop], list[RowProblem]]:
    return check_rows(
        rows, now=NOW, default_zone="Europe/Bucharest", languages=("en", "ro", "es"), topics=TOPICS
    )


def test_toml_rows_become_workshops(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(
        """
[[workshops]]
title = "Erasmus+ KA2 clinic"
start = "2026-12-10 10:00"
end = "2h"
place = "Online"
url = "https://meet.example.org/ka2"
capacity = 30
topics = ["vet", "digital"]
related = ["ERASMUS-EDU-2027-PI-ALL-INNO"]

[[workshops]]
title = "Taller LIFE"
start = "2026-12-11 09:30"
end = "13:00"
timezone = "Europe/Madrid"
place = "Valencia, sala 2"
language = "es"
audience = "all"
rsvp_close = "2026-12-10 18:00"
kind = "session"
""",
        encoding="utf-8",
    )
    items, problems = check(read_rows(path))
    assert problems == []
    first, second = items
    assert (first.kind, second.kind) == ("workshop", "session")
    assert first.starts_at == datetime(2026, 12, 10, 10, 0, tzinfo=ZoneInfo("Europe/Bucharest"))
    assert (first.capacity, first.topics, first.url) == (
        30,
        ("vet", "digital"),
        "https://meet.example.org/ka2",
    )
    assert second.timezone == "Europe/Madrid"
    assert second.capacity is None
    assert second.rsvp_closes_at == datetime(2026, 12, 10, 18, 0, tzinfo=ZoneInfo("Europe/Madrid"))
    assert (second.language, second.audience) == ("es", "all")


def test_csv_problems_name_row_and_field(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text(
        "title,start,end,place,capacity,topics,colour\n"
        "Fine one,2026-12-10 10:00,2h,Iași,20,vet;digital,\n"
        "No,2026-11-01 10:00,2h,Iași,lots,cooking,blue\n",
        encoding="utf-8-sig",
    )
    items, problems = check(read_rows(path))
    assert len(items) == 1
    rendered = [p.render() for p in problems]
    assert any(r.startswith("row 3, colour: unknown column") for r in rendered)
    assert "row 3, title: a title needs 3 to 200 characters" in rendered
    assert "row 3, start: this moment has already passed" in rendered
    assert "row 3, capacity: a number of seats from 1 to 100000, or unlimited" in rendered
    assert any(r.startswith("row 3, topics: unknown topic 'cooking'") for r in rendered)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("w.toml", "[[workshops]\n", "w.toml"),
        ("w.toml", "title = 'x'\n", r"expected \[\[workshops\]\] tables"),
        ("w.json", "{}", "use a .toml or .csv file"),
        ("w.csv", "", "is empty"),
        ("w.csv", "title,start\na,b,c\n", "more cells than the header"),
    ],
)
def test_unreadable_files_are_explained(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message):
        read_rows(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_bytes("title\nAtelier Iaşi\n".encode("cp1250"))
    with pytest.raises(ImportFileError, match="not UTF-8"):
        read_rows(path)


def test_an_unknown_activity_type_is_a_row_problem(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(
        '[[workshops]]\ntitle = "Partners meet"\nstart = "2026-12-10 10:00"\nend = "2h"\n'
        'place = "Online"\nkind = "party"\n',
        encoding="utf-8",
    )
    items, problems = check(read_rows(path))
    assert items == []
    assert [(p.row, p.field) for p in problems] == [(1, "kind")]
    assert "session" in problems[0].message
