"""A report as files: CSV tables a spreadsheet opens, plus the three charts.

CSV files are UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the local code
page and mangles "ș" and "ñ"), comma-separated, one header row, rows in a stable order.
Every text cell is guarded against formula injection: workshop titles, feed-supplied
source and programme names and Telegram's error texts are not ours, and a cell such as
``=HYPERLINK(...)`` would run as a formula when a coordinator opens the file.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from bot.reports import charts
from bot.reports.charts import ChartLabels
from bot.stats.types import Count, Stats

#: What a spreadsheet would take for the start of a formula (OWASP's list).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Written where members left a value empty (no country, no organisation type).
NOT_GIVEN = "(not given)"
#: Written for opportunities no programme was recognised in.
NO_PROGRAMME = "(no programme)"

Cell = str | int | None


@dataclass(frozen=True, slots=True)
class ReportLabels:
    """The words on the report's charts, already translated."""

    members_by_topic: ChartLabels
    weekly_reach: ChartLabels
    rsvp_vs_attendance: ChartLabels
    #: Topic id -> the name to show; an id not listed is shown as it is.
    topic_names: Mapping[str, str] = field(default_factory=dict)
    #: How a week's first day is written under its bar (ISO on the command line; in chat,
    #: the coordinator's language through :mod:`bot.core.dates`).
    week_label: Callable[[date], str] = date.isoformat


def period_text(stats: Stats) -> str:
    """The period as inclusive dates, ``2026-11-01 – 2026-11-30``."""
    first, last = inclusive_dates(stats)
    return f"{first} – {last}"


def inclusive_dates(stats: Stats) -> tuple[str, str]:
    """First and last day of the period (its end is exclusive), as ISO dates."""
    last = stats.end - timedelta(microseconds=1)
    return stats.start.date().isoformat(), last.date().isoformat()


def english_labels(stats: Stats, topic_names: Mapping[str, str] | None = None) -> ReportLabels:
    """English chart texts with the period as subtitle (the command line's report)."""
    period = period_text(stats)
    return ReportLabels(
        members_by_topic=ChartLabels(
            title="Members by topic",
            subtitle=period,
            value_axis="members",
            no_data="No member has chosen a topic yet",
        ),
        weekly_reach=ChartLabels(
            title="Members reached per week",
            subtitle=period,
            value_axis="members sent at least one message (week starting)",
            no_data="No message was sent in this period",
        ),
        rsvp_vs_attendance=ChartLabels(
            title="Workshops: going and attended",
            subtitle=period,
            value_axis="members",
            legend=("Going", "Attended"),
            no_data="No workshop in this period",
        ),
        topic_names=dict(topic_names or {}),
    )


def safe_cell(value: Cell) -> Cell:
    """A cell a spreadsheet shows as text: a leading ``'`` defuses a would-be formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return path


def _counts(counts: Iterable[Count], missing: str = NOT_GIVEN) -> list[list[Cell]]:
    return [[count.key if count.key is not None else missing, count.count] for count in counts]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def summary_rows(stats: Stats) -> list[tuple[str, Cell]]:
    """The headline indicators, in the order ``summary.csv`` lists them."""
    first, last = inclusive_dates(stats)
    members, reach = stats.members, stats.reach
    held = [w for w in stats.workshops if w.status != "cancelled"]
    return [
        ("period_from", first),
        ("period_to", last),
        ("members_consented", members.consented),
        ("members_active", members.active),
        ("members_paused", members.paused),
        ("members_blocked", members.blocked),
        ("organisations_reached", reach.members),
        ("countries_reached", sum(1 for c in reach.by_country if c.key is not None)),
        ("messages_sent", stats.messages.sent),
        ("messages_failed", stats.messages.failed),
        ("digests_sent", stats.messages.digests_sent),
        ("opportunities_ingested", stats.opportunities.ingested),
        ("opportunities_disseminated", stats.opportunities.disseminated),
        ("follows_created", stats.opportunities.follows),
        ("workshops_held", len(held)),
        ("workshops_cancelled", len(stats.workshops) - len(held)),
        ("workshop_rsvps_going", sum(w.going for w in held)),
        ("workshop_attended", sum(w.attended for w in held)),
        ("workshop_participants", stats.participants),
    ]


def render_charts(stats: Stats, labels: ReportLabels) -> dict[str, bytes]:
    """The three charts as PNG bytes, by file stem."""
    topics = [
        (labels.topic_names.get(c.key, c.key) if c.key else NOT_GIVEN, c.count)
        for c in stats.members.by_topic
    ]
    weeks = [(labels.week_label(w.starts_on), w.members) for w in stats.reach.weekly]
    # A cancelled workshop had no attendance to compare with.
    workshops = [(w.title, w.going, w.attended) for w in stats.workshops if w.status != "cancelled"]
    return {
        "members_by_topic": charts.members_by_topic(topics, labels.members_by_topic),
        "weekly_reach": charts.weekly_reach(weeks, labels.weekly_reach),
        "rsvp_vs_attendance": charts.rsvp_vs_attendance(workshops, labels.rsvp_vs_attendance),
    }


def write_report(
    stats: Stats,
    directory: Path,
    *,
    labels: ReportLabels | None = None,
    pipeline: Sequence[tuple[str, str, str]] | None = None,
) -> list[Path]:
    """Write every CSV table and chart of ``stats`` into ``directory`` (created if missing).

    With ``pipeline`` (the rows of :func:`bot.pipeline.rules.indicators`, all time), also
    ``pipeline.csv``. Existing files of the same names are replaced. Returns the paths
    written, CSV files first, in a fixed order.
    """
    directory.mkdir(parents=True, exist_ok=True)
    labels = labels or english_labels(stats)
    members, reach, messages, opportunities = (
        stats.members,
        stats.reach,
        stats.messages,
        stats.opportunities,
    )
    tables: list[tuple[str, Sequence[str], Iterable[Sequence[Cell]]]] = [
        ("summary", ("indicator", "value"), summary_rows(stats)),
        ("members_by_country", ("country", "members"), _counts(members.by_country)),
        ("members_by_org_type", ("org_type", "members"), _counts(members.by_org_type)),
        ("members_by_topic", ("topic", "members"), _counts(members.by_topic)),
        ("members_by_language", ("language", "members"), _counts(members.by_language)),
        (
            "organisations_reached",
            ("country", "org_type", "organisations"),
            [
                [r.country or NOT_GIVEN, r.org_type or NOT_GIVEN, r.count]
                for r in reach.by_country_and_org_type
            ],
        ),
        (
            "weekly_reach",
            ("week", "starts_on", "members"),
            [[w.week, w.starts_on.isoformat(), w.members] for w in reach.weekly],
        ),
        (
            "messages",
            ("kind", "sent", "failed"),
            [[k.kind, k.sent, k.failed] for k in messages.by_kind],
        ),
        (
            "message_failures",
            ("kind", "reason", "messages"),
            [[f.kind, f.reason, f.count] for f in messages.failures],
        ),
        (
            "opportunities_by_source",
            ("source", "opportunities"),
            _counts(opportunities.by_source),
        ),
        (
            "opportunities_by_kind",
            ("kind", "opportunities"),
            _counts(opportunities.by_kind),
        ),
        (
            "opportunities_by_programme",
            ("programme", "opportunities"),
            _counts(opportunities.by_programme, NO_PROGRAMME),
        ),
        (
            "workshops",
            (
                "id",
                "title",
                "status",
                "starts_at",
                "capacity",
                "going",
                "maybe",
                "no",
                "waitlist",
                "attended",
                "attendance_marked",
                "participants",
            ),
            [
                [
                    w.id,
                    w.title,
                    w.status,
                    _iso(w.starts_at),
                    w.capacity,
                    w.going,
                    w.maybe,
                    w.no,
                    w.waitlist,
                    w.attended,
                    "yes" if w.attendance_marked else "no",
                    w.participants,
                ]
                for w in stats.workshops
            ],
        ),
    ]
    if pipeline is not None:
        tables.append(("pipeline", ("indicator", "breakdown", "value"), pipeline))
    written = [_write_csv(directory / f"{name}.csv", header, rows) for name, header, rows in tables]
    for name, png in render_charts(stats, labels).items():
        path = directory / f"{name}.png"
        path.write_bytes(png)
        written.append(path)
    return written
