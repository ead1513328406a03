"""Dates in a folded text: clauses, every date mention with its time of day, ranges, years.

Steps 1 and 2 of the engine (see :mod:`feeds.deadlines.engine`): a mention is where a date
is written, not yet what it means.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import UTC, date, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from feeds.deadlines.patterns import Patterns
from feeds.text import strip_accents

END_OF_DAY = time(23, 59)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date as written: where, which day, and what the text around it adds."""

    start: int
    end: int  # after the time of day when one follows
    day: int
    month: int
    year: int | None
    at: time | None = None
    zone: tzinfo | None = None
    time_for_all: bool = False
    range_start: bool = False
    range_end: bool = False


#: "10:00 del 23 novembre ... alle ore 16:00 del 22 gennaio": times inside a range's join
_TIME_IN_JOIN = re.compile(
    r"(?:(?:ore|ora|a las|las|at|um|as)\s+)?\d{1,2}[:.h]\d{2}\s*(?:h|horas|uhr)?\s*"
    r"(?:(?:cet|cest|eet|eest|mez|utc)\s*)?(?:\([^)]{0,30}\)\s*)?"
    r"(?:del(?: giorno| dia)?|de la|de|din|du|do|am|on)?\s*$"
)
_WORD = re.compile(r"\w+")
#: words before a full stop that does not end a sentence ("nr. 2", "5 p.m. on")
_ABBREVIATIONS = frozenset(
    {"nr", "no", "num", "art", "pag", "pct", "alin", "lit", "str", "ed", "m"}
)


def fold_lines(text: str) -> str:
    """Lower case, no diacritics, apostrophes unified; whitespace collapsed, line breaks kept."""
    folded = strip_accents(text).casefold().replace("’", "'").replace("‘", "'")
    folded = folded.replace("\u2011", "-").replace("\u2010", "-")
    return re.sub(r"\s+", lambda m: "\n" if "\n" in m.group() else " ", folded)


def clause_starts(folded: str, months: dict[str, int]) -> list[int]:
    """Positions where a clause starts."""
    starts = [0]
    for match in re.finditer(r"\n|\||;|\s[·•]\s|\?\s|!\s|\.\s+", folded):
        if match.group().startswith("."):
            before = re.search(r"(\w+)$", folded[max(0, match.start() - 30) : match.start()])
            after = _WORD.match(folded, match.end())
            prev_word = before.group(1) if before else ""
            next_word = after.group() if after else ""
            if next_word in months:
                continue
            if prev_word in _ABBREVIATIONS or (len(prev_word) <= 4 and prev_word in months):
                continue
        starts.append(match.end())
    return starts


def clause_start(boundaries: list[int], position: int) -> int:
    """Where the clause holding ``position`` starts."""
    index = bisect_right(boundaries, position)
    return boundaries[index - 1] if index else 0


def clause_end(boundaries: list[int], position: int) -> int:
    """Where the clause after the one holding ``position`` starts (far away for the last)."""
    index = bisect_right(boundaries, position)
    return boundaries[index] if index < len(boundaries) else 1 << 30


def _time_from(match: re.Match[str]) -> time | None:
    if match.group("noon"):
        return time(12, 0)
    hour = int(match.group("h"))
    minute = int(match.group("min") or 0)
    ampm = (match.group("ampm") or "").replace(".", "")
    if not match.group("min") and not ampm and not match.group("unit"):
        return None  # a bare number is not a time
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return time(hour, minute)


def _zone_near(folded: str, start: int, compiled: Patterns) -> tzinfo | None:
    window = folded[start : start + 40]
    for pattern, zone in compiled.zones:
        if pattern.search(window):
            return ZoneInfo(zone)
    return None


def find_dates(folded: str, compiled: Patterns, boundaries: list[int]) -> list[DateMention]:
    """Every date mention, with its time of day and zone, and ranges marked, in text order."""
    found: list[DateMention] = []

    occupied = bytearray(len(folded) + 1)

    def free(start: int, end: int) -> bool:
        return not any(occupied[start:end])

    for kind, pattern in compiled.dates:
        for match in pattern.finditer(folded):
            if not free(match.start(), match.end()):
                continue
            groups = match.groupdict()
            year = int(groups["y"]) if groups.get("y") else None
            month_word = groups.get("month")
            if month_word is not None:
                short = len(month_word) < 4 and month_word not in {"mai", "may"}
                if year is None and short and not match.group().rstrip().endswith("."):
                    continue  # "15 mar" without a year is too easily something else
                month = compiled.months[month_word]
            else:
                month = int(groups["m"])
            day = int(groups["d"])
            if not 1 <= month <= 12 or not 1 <= day <= 31:
                continue
            if year is not None and not 1900 < year < 2200:
                continue
            if kind == "iso":
                offset = groups.get("off")
                zone: tzinfo | None = None
                if offset == "z":
                    zone = UTC
                elif offset:
                    sign = -1 if offset[0] == "-" else 1
                    digits = offset[1:].replace(":", "")
                    zone = timezone(
                        sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
                    )
                hour, minute = int(groups["h"]), int(groups["min"])
                if hour > 23 or minute > 59:
                    continue
                found.append(
                    DateMention(
                        match.start(), match.end(), day, month, year, time(hour, minute), zone
                    )
                )
                occupied[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
                continue
            if kind == "days":
                first_day = int(groups["d1"])
                if not 1 <= first_day <= 31:
                    continue
                join = groups["join"]
                is_list = join in {"si", "y", "e", "i", "and", "et", "und"}
                found.append(
                    DateMention(match.start(), match.start("d"), first_day, month, year,
                          range_start=not is_list)
                )  # fmt: skip
                found.append(
                    DateMention(
                        match.start("d"), match.end(), day, month, year, range_end=not is_list
                    )
                )
                occupied[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
                continue
            found.append(DateMention(match.start(), match.end(), day, month, year))
            occupied[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    found.sort(key=lambda d: d.start)
    # times of day, zones
    timed: list[DateMention] = []
    for index, item in enumerate(found):
        if item.at is not None or item.range_start:
            timed.append(item)
            continue
        limit = found[index + 1].start if index + 1 < len(found) else len(folded)
        after = compiled.time_after.match(folded, item.end, min(limit, item.end + 40))
        at = _time_from(after) if after else None
        if after is not None and limit < len(folded):
            # "... alle ore 16:00 del 22 gennaio": that time is the next date's
            rest = folded[after.end() : limit]
            if compiled.time_links_only.fullmatch(rest):
                at = None
        if after is not None and at is not None:
            zone = _zone_near(folded, after.end() - 2, compiled)
            timed.append(
                replace(
                    item, end=after.end(), at=at, zone=zone, time_for_all=bool(after.group("all"))
                )
            )  # fmt: skip
            continue
        clause = clause_start(boundaries, item.start)
        previous_end = found[index - 1].end if index else 0
        window_start = max(clause, previous_end, item.start - 60)
        before = compiled.time_before.search(folded, window_start, item.start)
        at = _time_from(before) if before else None
        if before is not None and at is not None:
            zone = _zone_near(folded, before.start(), compiled)
            timed.append(replace(item, at=at, zone=zone))
            continue
        timed.append(item)
    # ranges between neighbouring dates
    result = list(timed)
    for index in range(len(result) - 1):
        first, second = result[index], result[index + 1]
        if first.range_start or second.range_end or first.range_end:
            continue
        between = _TIME_IN_JOIN.sub(" ", folded[first.end : second.start])
        if compiled.range_join.match(between) or (
            compiled.list_join.match(between)
            and compiled.range_start.search(
                _TIME_IN_JOIN.sub("", folded[max(0, first.start - 40) : first.start])[-14:]
            )
        ):
            result[index] = replace(first, range_start=True)
            result[index + 1] = replace(second, range_end=True)
    return result


def resolve_years(dates: list[DateMention], reference: date) -> list[tuple[DateMention, date]]:
    """Each date with its calendar day; a date without a year takes the year of the next
    date in its range or list, else its next occurrence after ``reference``."""
    resolved: list[tuple[DateMention, date]] = []
    for index, item in enumerate(dates):
        year = item.year
        if year is None:
            following = next(
                (
                    d
                    for d in dates[index + 1 : index + 3]
                    if d.year is not None and d.start - item.end < 60
                ),
                None,
            )  # fmt: skip
            if following is not None and following.year is not None:
                year = following.year if item.month <= following.month else following.year - 1
            else:
                year = reference.year
                try:
                    if date(year, item.month, item.day) <= reference:
                        year += 1
                except ValueError:
                    year += 1
        try:
            resolved.append((item, date(year, item.month, item.day)))
        except ValueError:
            continue  # 31 February and friends are not dates
    return resolved
