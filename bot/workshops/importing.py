"""Workshops from a TOML or CSV file (``inexa-bot workshops import``), checked as a whole.

The same field rules as the chat flow apply. Every problem is reported with its row and
field, and nothing is imported unless every row is valid, so a half-imported file never
has to be untangled.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.workshops import fields
from bot.workshops.draft import KINDS
from bot.workshops.fields import Problem

KNOWN = frozenset(
    {
        "title",
        "description",
        "start",
        "end",
        "timezone",
        "place",
        "url",
        "language",
        "capacity",
        "topics",
        "rsvp_close",
        "related",
        "audience",
        "kind",
    }
)
REQUIRED = ("title", "start", "end")

#: English explanations for the CLI (the chat flow translates the same problem codes).
EXPLAIN = {
    "title_length": "a title needs 3 to 200 characters",
    "description_length": "at most 2000 characters",
    "zone": "unknown time zone",
    "datetime_format": "write the date and time like 2026-12-03 14:00",
    "past": "this moment has already passed",
    "end_format": "write a time (16:30), a duration (90m, 2h) or a date and time",
    "end_before_start": "the end must come after the start",
    "too_long": "a workshop can last at most 14 days",
    "link": "not a full http(s) link",
    "place_empty": "give a place, a url, or both",
    "place_length": "at most 300 characters",
    "capacity": "a number of seats from 1 to 100000, or unlimited",
    "rsvp_after_start": "answers must close before the start",
    "related_many": "at most 10 related calls",
    "related_id": "not a call identifier",
}


@dataclass(frozen=True, slots=True)
class ImportedWorkshop:
    """One valid row, ready to be stored."""

    row: int
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    place: str | None
    url: str | None
    language: str
    capacity: int | None
    topics: tuple[str, ...]
    rsvp_closes_at: datetime | None
    related_calls: tuple[str, ...]
    audience: str
    #: workshop, session, meeting or conference.
    kind: str = "workshop"


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one row (1-based, the header of a CSV file is row 1) cannot be imported."""

    row: int
    field: str
    message: str

    def render(self) -> str:
        """``row 3, start: this moment has already passed``."""
        return f"row {self.row}, {self.field}: {self.message}"


class ImportFileError(ValueError):
    """The file itself cannot be read (format, encoding, syntax)."""


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """The rows of a ``.toml`` (``[[workshops]]`` tables) or ``.csv`` file with their numbers."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(f"{path} is not UTF-8 text") from None
    suffix = path.suffix.lower()
    if suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ImportFileError(f"{path}: {exc}") from None
        tables = data.get("workshops")
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            raise ImportFileError(f"{path}: expected [[workshops]] tables")
        return [(number, dict(table)) for number, table in enumerate(tables, start=1)]
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        if reader.fieldnames is None:
            raise ImportFileError(f"{path} is empty")
        rows = []
        for number, record in enumerate(reader, start=2):
            if None in record:
                raise ImportFileError(f"{path}: row {number} has more cells than the header")
            rows.append((number, {k.strip(): (v or "").strip() for k, v in record.items() if k}))
        return rows
    raise ImportFileError(f"{path}: use a .toml or .csv file")


def _listed(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value or "").replace(",", ";").split(";") if v.strip()]


def check_rows(
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    now: datetime,
    default_zone: str,
    languages: Iterable[str],
    topics: Iterable[str],
) -> tuple[list[ImportedWorkshop], list[RowProblem]]:
    """Valid workshops and every problem found (pure; the caller imports only if none)."""
    known_languages, known_topics = set(languages), set(topics)
    found: list[ImportedWorkshop] = []
    problems: list[RowProblem] = []
    for number, record in rows:
        row_problems: list[RowProblem] = []

        def fail(
            field: str, message: str, number: int = number, sink: list[RowProblem] = row_problems
        ) -> None:
            sink.append(RowProblem(number, field, message))

        def explain(field: str, problem: Problem) -> None:
            detail = f" ({problem.detail})" if problem.detail else ""
            fail(field, EXPLAIN.get(problem.code, problem.code) + detail)

        values = {k: v for k, v in record.items() if v not in (None, "")}
        for key in sorted(set(values) - KNOWN):
            fail(key, f"unknown column; known: {', '.join(sorted(KNOWN))}")
        for key in REQUIRED:
            if key not in values:
                fail(key, "missing")
        zone_name = str(values.get("timezone", default_zone))
        zone = fields.parse_zone(zone_name)
        if isinstance(zone, Problem):
            explain("timezone", zone)
            zone = ZoneInfo(default_zone)
        title = fields.parse_title(str(values.get("title", "")))
        if isinstance(title, Problem) and "title" in values:
            explain("title", title)
        description = fields.parse_description(str(values.get("description", "")))
        if isinstance(description, Problem):
            explain("description", description)
        start = fields.parse_start(str(values.get("start", "")), zone=zone, now=now)
        if isinstance(start, Problem) and "start" in values:
            explain("start", start)
        end: datetime | Problem | None = None
        if isinstance(start, datetime) and "end" in values:
            end = fields.parse_end(str(values["end"]), start=start)
            if isinstance(end, Problem):
                explain("end", end)
        place_text = " | ".join(str(values[k]) for k in ("place", "url") if k in values)
        place = fields.parse_place(place_text)
        if isinstance(place, Problem):
            explain("place", place)
        capacity = fields.parse_capacity(str(values.get("capacity", "unlimited")))
        if isinstance(capacity, Problem):
            explain("capacity", capacity)
        language = str(values.get("language", "en"))
        if language not in known_languages:
            fail("language", f"one of {', '.join(sorted(known_languages))}")
        chosen = _listed(values.get("topics"))
        for topic in chosen:
            if topic not in known_topics:
                fail("topics", f"unknown topic {topic!r}; known: {', '.join(sorted(known_topics))}")
        closes: datetime | Problem | None = None
        if "rsvp_close" in values and isinstance(start, datetime):
            closes = fields.parse_rsvp_close(
                str(values["rsvp_close"]), zone=zone, now=now, start=start
            )
            if isinstance(closes, Problem):
                explain("rsvp_close", closes)
        related = fields.parse_related("; ".join(_listed(values.get("related"))).replace(";", ","))
        if isinstance(related, Problem):
            explain("related", related)
        audience = str(values.get("audience", "topics"))
        if audience not in {"topics", "all"}:
            fail("audience", "topics or all")
        kind = str(values.get("kind", "workshop")).strip().lower() or "workshop"
        if kind not in KINDS:
            fail("kind", ", ".join(KINDS))
        if row_problems:
            problems.extend(row_problems)
            continue
        assert isinstance(title, str)
        assert isinstance(description, str)
        assert isinstance(start, datetime)
        assert isinstance(end, datetime)
        assert isinstance(place, tuple)
        assert not isinstance(capacity, Problem)
        assert not isinstance(closes, Problem)
        assert isinstance(related, list)
        found.append(
            ImportedWorkshop(
                row=number,
                title=title,
                description=description,
                starts_at=start,
                ends_at=end,
                timezone=str(zone),
                place=place[0],
                url=place[1],
                language=language,
                capacity=capacity,
                topics=tuple(chosen),
                rsvp_closes_at=closes,
                related_calls=tuple(related),
                audience=audience,
                kind=kind,
            )
        )
    return found, problems
