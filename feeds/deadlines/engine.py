"""The shared engine: dates, cues and clauses, then one decision per date.

1. Fold the text (lower case, no diacritics) keeping line breaks; cut it into clauses at
   line breaks, ``|``, ``;``, ``·`` and sentence ends (not after "oct." or before "Januar").
2. Find every date (ISO timestamps with their offset, ``2026-10-15``, ``15.10.2026`` day
   first, ``15 octombrie 2026``, ``October 15, 2026``, ``del 1 al 30 de noviembre``, dates
   without a year), with the time of day that follows or precedes it, and every cue of the
   grammars in play (see ``feeds.deadlines.grammar``).
3. Each date is decided by the nearest cue before it in its clause: a deadline, extension or
   "until" cue makes it a deadline; an opening, publication, signature, event or other cue
   makes it not one. The start of a range is never a deadline; its end is (when the range is
   a deadline's, or an opening's: "open from X until Y").
4. Deadline dates found: all of them (sessions, cut-offs, stages), confidence ``high``.
   Otherwise a relative period counted from publication, ``approx``. Otherwise, for a text
   that reads as a call and has no event, result or "to be announced" in it, the latest future
   date that no cue speaks about, ``low``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from enum import Enum
from functools import lru_cache
from zoneinfo import ZoneInfo

from feeds.deadlines import ca, de, en, es, fr, it, pt, ro
from feeds.deadlines.calendar import add_business_days, add_months
from feeds.deadlines.grammar import Grammar
from feeds.text import strip_accents
from feeds.types import Confidence, DeadlineModel

END_OF_DAY = time(23, 59)
GRAMMARS: dict[str, Grammar] = {
    g.code: g for g in (en.GRAMMAR, ro.GRAMMAR, es.GRAMMAR, fr.GRAMMAR, it.GRAMMAR,
                        de.GRAMMAR, pt.GRAMMAR, ca.GRAMMAR)
}  # fmt: skip
#: grammars tried besides a text's own: EU pages mix English in; Catalan sites mix Spanish
COMPANIONS = {"ca": ("es",), "es": ("ca",)}
_UNTIL_GAP = 45  # an "until" cue speaks only about a date this close after it


class Cue(Enum):
    """What a cue says about the dates after it (see ``feeds.deadlines.grammar``)."""

    DEADLINE = "deadline"
    EXTENDED = "extended"
    UNTIL = "until"
    SUBMISSION = "submission"
    OPENING = "opening"
    PUBLISHED = "published"
    EVENT = "event"
    REGISTRATION = "registration"
    OTHER = "other"
    TBA = "tba"
    CONTINUOUS = "continuous"
    RESULTS = "results"


_BLOCKING = frozenset({Cue.EVENT, Cue.OTHER, Cue.RESULTS})
_NEGATIVE = frozenset({Cue.OPENING, Cue.PUBLISHED, Cue.EVENT, Cue.OTHER, Cue.TBA, Cue.RESULTS})


@dataclass(frozen=True, slots=True)
class DeadlineFinding:
    """Deadlines found in a text, how sure we are, and how they are organised."""

    deadlines: tuple[datetime, ...]
    confidence: Confidence
    model: DeadlineModel
    #: The text gave a time of day for the deadline that is next (or last, when all passed);
    #: False means it is the end of its calendar day.
    has_time: bool = False


@dataclass(frozen=True, slots=True)
class _CueHit:
    start: int
    end: int
    kind: Cue


@dataclass(frozen=True, slots=True)
class _Date:
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


@dataclass(frozen=True, slots=True)
class _Compiled:
    grammars: tuple[Grammar, ...]
    cues: tuple[tuple[Cue, re.Pattern[str]], ...]
    months: dict[str, int]
    dates: tuple[tuple[str, re.Pattern[str]], ...]
    time_after: re.Pattern[str]
    time_before: re.Pattern[str]
    zones: tuple[tuple[re.Pattern[str], str], ...]
    relative: re.Pattern[str]
    numbers: dict[str, int]
    business: re.Pattern[str]
    weeks: re.Pattern[str]
    month_units: re.Pattern[str]
    publication: re.Pattern[str]
    relative_from: re.Pattern[str]
    range_join: re.Pattern[str]
    time_links_only: re.Pattern[str]
    list_join: re.Pattern[str]
    range_start: re.Pattern[str]
    all_dates: re.Pattern[str]
    call: re.Pattern[str]
    holidays: frozenset[str]


def _alternation(patterns: Iterable[str]) -> str:
    unique = sorted(set(patterns), key=lambda p: (-len(p), p))
    return "|".join(f"(?:{p})" for p in unique) or r"(?!x)x"


def _words(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_alternation(patterns)})(?!\w)")


_ORD = r"(?:st|nd|rd|th|er|eme|o|a|°|º|\.)?"
_TIME = (
    r"(?:(?P<noon>{noon})|(?P<h>2[0-3]|[01]?\d)(?:[:.h](?P<min>[0-5]\d)(?::[0-5]\d)?)?(?![\d:])\s*"
    r"(?P<ampm>a\.?m\.?|p\.?m\.?)?(?P<unit>\s*(?:h|uhr|horas?|hores|hrs|ore)(?!\w))?"
    r")"
)
_ROLES = (
    r"(?:el |la |the |le |il |der |die |o |a )?(?:director|directora|presidente|presidenta|"
    r"secretari[oa]|consejer[oa]|conseller[a]?|alcalde|alcaldesa|ministr\w*|minister|rector|"
    r"delegad[oa]|gerente|jefe|head|managing|prefect\w*|primar\w*)"
)
#: "10:00 del 23 novembre ... alle ore 16:00 del 22 gennaio": times inside a range's join
_TIME_IN_JOIN = re.compile(
    r"(?:(?:ore|ora|a las|las|at|um|as)\s+)?\d{1,2}[:.h]\d{2}\s*(?:h|horas|uhr)?\s*"
    r"(?:(?:cet|cest|eet|eest|mez|utc)\s*)?(?:\([^)]{0,30}\)\s*)?"
    r"(?:del(?: giorno| dia)?|de la|de|din|du|do|am|on)?\s*$"
)
#: a place name and a comma right before the date ("Sevilla, ", "Santa Cruz de Tenerife, a ")
_SIGNATURE_BEFORE = re.compile(r"(?<!\w)[^\W\d_]+(?:[ '-][^\W\d_]+){0,4},\s*(?:a\s+)?$")
_SIGNATURE_AFTER = re.compile(rf"\s*\.?\s*(?:[-–—]+|\n|\.)\s*{_ROLES}")
_WORD = re.compile(r"\w+")
_ARTICLE = r"(?:the\s+|el\s+|le\s+|il\s+|o\s+|l')"
#: words before a full stop that does not end a sentence ("nr. 2", "5 p.m. on")
_ABBREVIATIONS = frozenset(
    {"nr", "no", "num", "art", "pag", "pct", "alin", "lit", "str", "ed", "m"}
)


@lru_cache(maxsize=32)
def _compile(codes: tuple[str, ...]) -> _Compiled:
    grammars = tuple(GRAMMARS[c] for c in codes)

    def joined(attr: str) -> list[str]:
        values: list[str] = []
        for g in grammars:
            values.extend(getattr(g, attr))
        return values

    cues = tuple((kind, _words(joined(kind.value))) for kind in Cue)
    months: dict[str, int] = {}
    for g in grammars:
        for name, number in g.months.items():
            months.setdefault(name, number)
    month = _alternation(re.escape(m) for m in months)
    numbers: dict[str, int] = {}
    for g in grammars:
        for word, value in g.numbers.items():
            numbers.setdefault(word, value)
    number_words = _alternation(re.escape(n) for n in numbers)
    dm = rf"(?P<d>\d{{1,2}}){_ORD}\s*(?:of\s+|de\s+|d'|del\s+)?(?P<month>{month})(?![a-z])\.?"
    year = r"(?:,?\s*(?:de\s+|del\s+|of\s+)?(?P<y>\d{4})(?!\d))?"
    dates: list[tuple[str, re.Pattern[str]]] = [
        (
            "iso",
            re.compile(
                r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})[t ](?P<h>\d{2}):(?P<min>\d{2})"
                r"(?::\d{2}(?:\.\d+)?)?\s*(?P<off>z|[+-]\d{2}:?\d{2})?"
            ),
        ),
        ("ymd", re.compile(r"(?<![\d.])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])")),
        (
            "dmy",
            re.compile(r"(?<![\d.])(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})(?!\d)"),
        ),
        (
            "days",
            re.compile(
                rf"(?<![\d.:])(?P<d1>\d{{1,2}}){_ORD}\s*(?P<join>-|–|—|al|au|a|to|si|bis|y|e|i|"
                rf"and|till|until|et|und|pana la)\s+(?:el\s+|le\s+|il\s+|l')?{dm}{year}"
            ),
        ),
        ("dm", re.compile(rf"(?<![\d.:])(?:l')?{dm}{year}")),
    ]
    if any(g.month_first for g in grammars):
        dates.append(
            (
                "md",
                re.compile(
                    rf"(?<![a-z])(?P<month>{month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
                    r"(?![\d:./])(?:,?\s*(?P<y>\d{4})(?!\d))?"
                ),
            )
        )
    noon = _alternation(joined("noon"))
    time_re = _TIME.format(noon=noon)
    after_links = (
        r"(?:at|by|before|a las|hasta las|la ora|ora|orele|alle ore|alle|ore|um|as|a les|a|h|"
        r"de|-|–|(?:local )?time ?:|(?:ora|hora|heure|uhrzeit)(?: limita| limite)? ?:)"
    )
    time_after = re.compile(
        rf"\s*[,;.(]?\s*(?:{after_links}\s*)?"
        rf"(?P<all>(?:{_alternation(joined('all_dates'))})\s+(?:at\s+)?)?{time_re}"
    )
    links = _alternation(joined("time_links"))
    weekdays = (
        r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|luni|marti|miercuri|joi|"
        r"vineri|sambata|duminica|lunes|martes|miercoles|jueves|viernes|sabado|domingo|lundi|"
        r"mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunedi|martedi|mercoledi|giovedi|"
        r"venerdi|sabato|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)"
    )
    time_before = re.compile(
        rf"{time_re}\s*(?:\([^)]{{0,40}}\)\s*)?(?:(?:cet|cest|mez|eet|local time)\s*)?"
        rf"(?:(?:{links})\s*)?(?:the\s+)?(?:{weekdays},?\s*)?$"
    )
    zones = tuple(
        (re.compile(rf"(?<!\w)(?:{p})(?!\w)"), z) for g in grammars for p, z in g.zones.items()
    )
    units = joined("days") + joined("weeks") + joined("month_units")
    qualifiers = joined("business") + joined("calendar")
    relative = re.compile(
        rf"(?<!\w)(?P<n>\d{{1,3}}|{number_words})\s+(?:de\s+)?(?:(?P<q1>{_alternation(qualifiers)})\s+)?"
        rf"(?P<unit>{_alternation(units)})(?:\s+(?:de\s+)?(?P<q2>{_alternation(qualifiers)}))?(?!\w)"
    )
    joins = joined("range_join")
    list_words = {
        j for j in joins if re.split(r"[ (]", j)[0] in {"and", "si", "y", "e", "i", "et", "und"}
    }
    return _Compiled(
        grammars=grammars,
        cues=cues,
        months=months,
        dates=tuple(dates),
        time_after=time_after,
        time_before=time_before,
        zones=zones,
        relative=relative,
        numbers=numbers,
        business=_words([*joined("business"), r"werktag\w*", r"arbeitstag\w*"]),
        weeks=_words(joined("weeks")),
        month_units=_words(joined("month_units")),
        publication=re.compile(rf"(?<!\w)(?:{_alternation(joined('publication'))})"),
        relative_from=re.compile(rf"^\W*(?:\w+\W+){{0,2}}?(?:{_alternation(joined('relative_from'))})(?!\w)"),
        time_links_only=re.compile(rf"\s*(?:{links})?\s*(?:the\s+)?"),
        range_join=re.compile(
            rf"^\s*[,)]?\s*(?:{_alternation(j for j in joins if j not in list_words)})\s*"
            rf"{_ARTICLE}?$"
        ),
        list_join=re.compile(
            rf"^\s*[,)]?\s*(?:{_alternation(j for j in joins if j in list_words)})\s*"
            rf"{_ARTICLE}?$"
        ),
        range_start=re.compile(rf"(?<!\w)(?:{_alternation(joined('range_start'))})\s*(?:the\s+|el\s+|le\s+|il\s+|l')?$"),
        all_dates=re.compile(rf"(?<!\w)(?:{_alternation(joined('all_dates'))})(?!\w)"),
        call=_words(joined("call")),
        holidays=frozenset(grammars[0].holidays),
    )  # fmt: skip


def grammar_codes(language: str) -> tuple[str, ...]:
    """The grammars tried for a text in ``language``: its own, companions, then English;
    every grammar when the language is not one we have."""
    code = (language or "").lower().split("-")[0].split("_")[0]
    if code not in GRAMMARS:
        return tuple(GRAMMARS)
    codes = [code, *COMPANIONS.get(code, ()), "en"]
    return tuple(dict.fromkeys(codes))


def fold_lines(text: str) -> str:
    """Lower case, no diacritics, apostrophes unified; whitespace collapsed, line breaks kept."""
    folded = strip_accents(text).casefold().replace("’", "'").replace("‘", "'")
    folded = folded.replace("\u2011", "-").replace("\u2010", "-")
    return re.sub(r"\s+", lambda m: "\n" if "\n" in m.group() else " ", folded)


def _boundaries(folded: str, months: dict[str, int]) -> list[int]:
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


def _clause_start(boundaries: list[int], position: int) -> int:
    index = bisect_right(boundaries, position)
    return boundaries[index - 1] if index else 0


#: how far back from a date its clause's cues are read (a very long clause says little)
_LOOKBACK = 400


class _Cues:
    """Cue hits in text order, looked up by position."""

    def __init__(self, hits: list[_CueHit]) -> None:
        self.hits = hits
        self.starts = [h.start for h in hits]

    def within(self, lo: int, hi: int) -> list[_CueHit]:
        """Cues that start at or after ``lo`` and end at or before ``hi``."""
        first = bisect_left(self.starts, lo)
        last = bisect_left(self.starts, hi)
        return [h for h in self.hits[first:last] if h.end <= hi]

    def starting(self, lo: int, hi: int) -> list[_CueHit]:
        """Cues that start in ``[lo, hi)``."""
        return self.hits[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]


def _clause_end(boundaries: list[int], position: int) -> int:
    index = bisect_right(boundaries, position)
    return boundaries[index] if index < len(boundaries) else 1 << 30


def _cues(folded: str, compiled: _Compiled) -> list[_CueHit]:
    hits: list[_CueHit] = []
    for kind, pattern in compiled.cues:
        hits.extend(_CueHit(m.start(), m.end(), kind) for m in pattern.finditer(folded))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[_CueHit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue  # inside a longer cue ("fecha de inicio del plazo" is not "plazo")
        kept.append(hit)
    return kept


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


def _zone_near(folded: str, start: int, compiled: _Compiled) -> tzinfo | None:
    window = folded[start : start + 40]
    for pattern, zone in compiled.zones:
        if pattern.search(window):
            return ZoneInfo(zone)
    return None


def _find_dates(folded: str, compiled: _Compiled, boundaries: list[int]) -> list[_Date]:
    found: list[_Date] = []

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
                    _Date(match.start(), match.end(), day, month, year, time(hour, minute), zone)
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
                    _Date(match.start(), match.start("d"), first_day, month, year,
                          range_start=not is_list)
                )  # fmt: skip
                found.append(
                    _Date(match.start("d"), match.end(), day, month, year, range_end=not is_list)
                )
                occupied[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
                continue
            found.append(_Date(match.start(), match.end(), day, month, year))
            occupied[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    found.sort(key=lambda d: d.start)
    # times of day, zones
    timed: list[_Date] = []
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
        clause = _clause_start(boundaries, item.start)
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


def _resolve_years(dates: list[_Date], reference: date) -> list[tuple[_Date, date]]:
    """Each date with its calendar day; a date without a year takes the year of the next
    date in its range or list, else its next occurrence after ``reference``."""
    resolved: list[tuple[_Date, date]] = []
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


def _heading(cues: _Cues, clause: int, boundaries: list[int], folded: str) -> Cue | None:
    """A list under a heading line: "Main deadlines:\nKA1 ...: 18 February 2027\nKA2 ...".

    Walks back over the list's earlier lines (which say nothing themselves) to a heading: a
    line that ends with a colon, or a short line of its own without any number ("Termene
    limită de depunere" over the list); its last cue decides.
    """
    starts = boundaries[: bisect_left(boundaries, clause)]
    end = clause
    for start in reversed(starts[-6:]):
        line = folded[start:end]
        specific = [c for c in cues.within(start, end) if c.kind is not Cue.SUBMISSION]
        own_line = (start == 0 or folded[start - 1] == "\n") and line.endswith("\n")
        short = own_line and len(line) <= 80 and not any(ch.isdigit() for ch in line)
        if line.rstrip().endswith(":") or short:
            if specific and specific[-1].kind is Cue.DEADLINE and line.count(":") <= 1:
                return Cue.DEADLINE
            return None
        if specific:
            return None
        end = start
    return None


def _decide(
    item: _Date,
    cues: _Cues,
    clause: int,
    clause_ends: list[int],
    folded: str,
) -> Cue | None:
    """What the nearest cue says about ``item``: a positive cue kind, a negative one, or None."""
    before = cues.within(max(clause, item.start - _LOOKBACK), item.start)
    specific = [c for c in before if c.kind is not Cue.SUBMISSION]
    if not specific:
        if item.range_start:
            return None
        if before:
            return Cue.SUBMISSION
        # "În perioada X – Y se pot depune cereri", "15 October 2026 is the deadline"
        after = next(iter(cues.starting(item.end, item.end + 31)), None)
        if (
            after is not None
            and after.start - item.end <= 30
            and ":" not in folded[item.end : after.start]  # "18.11.2026: termenul ..." is a label
            and after.kind in {Cue.DEADLINE, Cue.SUBMISSION}
            and _clause_end(clause_ends, item.end) >= after.end
        ):
            return Cue.SUBMISSION
        return _heading(cues, clause, clause_ends, folded)
    nearest = specific[-1]
    if item.range_start and nearest.kind not in _NEGATIVE:
        return Cue.OPENING  # the start of a submission window
    if nearest.kind is Cue.EXTENDED:
        return Cue.EXTENDED
    earlier = [c for c in specific[:-1] if c.kind in _BLOCKING]
    if nearest.kind is Cue.DEADLINE:
        if any(nearest.start - c.end <= 40 for c in earlier):
            return Cue.EVENT  # "registration closes on", "deadline for questions"
        return Cue.DEADLINE
    if nearest.kind is Cue.UNTIL:
        if earlier or item.start - nearest.end > _UNTIL_GAP:
            return Cue.OTHER
        return Cue.UNTIL
    if nearest.kind is Cue.OPENING and item.range_end and not earlier:
        return Cue.UNTIL  # "open from X until Y", "abierta del X al Y"
    return nearest.kind


def _is_signature(folded: str, item: _Date, clause: int) -> bool:
    """ "Sevilla, 3 de octubre de 2026.- El Director General": a place, a date, a signatory."""
    head = folded[max(clause, item.start - 60) : item.start]
    return bool(_SIGNATURE_BEFORE.search(head) and _SIGNATURE_AFTER.match(folded, item.end))


def _relative(
    folded: str,
    compiled: _Compiled,
    cues: _Cues,
    boundaries: list[int],
    published: date,
    tz: tzinfo,
) -> datetime | None:
    for match in compiled.relative.finditer(folded):
        clause = _clause_start(boundaries, match.start())
        next_boundary = next((b for b in boundaries if b > match.end()), len(folded))
        after = folded[match.end() : min(next_boundary, match.end() + 110)]
        anchored = compiled.publication.search(after) is not None
        before = cues.within(max(clause, match.start() - _LOOKBACK), match.start())
        specific = [c for c in before if c.kind is not Cue.SUBMISSION]
        following = cues.starting(match.end(), match.end() + min(len(after), 41))
        if any(c.kind in _BLOCKING for c in specific + following):
            continue  # "alegaciones", "contestații": a period for something else
        if not anchored:
            if compiled.relative_from.match(after):
                continue  # counted from something else: a contract, a resolution
            if not specific or specific[-1].kind not in {Cue.DEADLINE, Cue.EXTENDED}:
                continue
        elif specific and specific[-1].kind in _NEGATIVE - {Cue.PUBLISHED}:
            continue
        raw = match.group("n")
        count = int(raw) if raw.isdigit() else compiled.numbers.get(raw, 0)
        if not 0 < count <= 366:
            continue
        unit = match.group("unit")
        qualifier = " ".join(q for q in (match.group("q1"), match.group("q2"), unit) if q)
        if compiled.weeks.fullmatch(unit):
            end = published + timedelta(weeks=count)
        elif compiled.month_units.fullmatch(unit):
            end = add_months(published, count)
        elif compiled.business.search(qualifier):
            end = add_business_days(published, count, holidays=compiled.holidays)
        else:
            end = published + timedelta(days=count)
        return datetime.combine(end, END_OF_DAY, tzinfo=tz)
    return None


def extract(  # noqa: D103 - documented at feeds.deadlines.extract_deadlines
    text: str,
    *,
    language: str,
    now: datetime,
    published: datetime | None,
    tz: tzinfo,
) -> DeadlineFinding | None:
    if not text or not text.strip():
        return None
    compiled = _compile(grammar_codes(language))
    folded = fold_lines(text)
    boundaries = _boundaries(folded, compiled.months)
    kinds = {kind for kind, pattern in compiled.cues if pattern.search(folded)}
    # registering is about an event only in a text about an event
    cues = _Cues(
        [
            replace(c, kind=Cue.EVENT) if c.kind is Cue.REGISTRATION else c
            for c in _cues(folded, compiled)
            if c.kind is not Cue.REGISTRATION or Cue.EVENT in kinds
        ]
    )
    continuous = Cue.CONTINUOUS in kinds
    published_day = published.astimezone(tz).date() if published is not None else None
    reference = published_day or now.astimezone(tz).date()
    dates = _resolve_years(_find_dates(folded, compiled, boundaries), reference)

    chosen: dict[date, tuple[_Date, datetime]] = {}
    neutral: list[tuple[_Date, datetime]] = []
    for item, day in dates:
        clause = _clause_start(boundaries, item.start)
        value = datetime.combine(day, item.at or END_OF_DAY, tzinfo=item.zone or tz)
        if _is_signature(folded, item, clause):
            continue
        verdict = _decide(item, cues, clause, boundaries, folded)
        if verdict in {Cue.DEADLINE, Cue.EXTENDED, Cue.UNTIL, Cue.SUBMISSION}:
            if Cue.RESULTS in kinds and published_day is not None and day < published_day:
                continue  # a results page recalling the deadline that passed
            if verdict is Cue.SUBMISSION and continuous:
                continue
            current = chosen.get(day)
            if current is None or (current[0].at is None and item.at is not None):
                chosen[day] = (item, value)
        elif verdict is None and not item.range_start:
            end = _clause_end(boundaries, item.end)
            said = [c for c in cues.starting(clause, end) if c.kind is not Cue.SUBMISSION]
            if not said:  # "în data de 15 martie va fi lansat": a cue after it speaks too
                neutral.append((item, value))
    if chosen:
        items = [chosen[d] for d in sorted(chosen)]
        shared = next((i.at for i, _ in items if i.time_for_all and i.at is not None), None)
        values = []
        for item, value in items:
            if item.at is None and shared is not None:
                value = datetime.combine(value.date(), shared, tzinfo=value.tzinfo)
                item = replace(item, at=shared)
            values.append((item, value))
        values.sort(key=lambda pair: pair[1])
        deadlines = tuple(v for _, v in values)
        upcoming = [pair for pair in values if pair[1] >= now]
        pick = upcoming[0] if upcoming else values[-1]
        model = DeadlineModel.CUT_OFFS if len(deadlines) > 1 else DeadlineModel.SINGLE
        return DeadlineFinding(deadlines, Confidence.HIGH, model, pick[0].at is not None)
    if Cue.TBA in kinds:
        return None
    if published_day is not None and Cue.RESULTS not in kinds:
        relative = _relative(folded, compiled, cues, boundaries, published_day, tz)
        if relative is not None:
            return DeadlineFinding((relative,), Confidence.APPROX, DeadlineModel.SINGLE)
    return _guess(folded, compiled, kinds, neutral, now, published_day, continuous)


def _guess(
    folded: str,
    compiled: _Compiled,
    kinds: set[Cue],
    neutral: list[tuple[_Date, datetime]],
    now: datetime,
    published_day: date | None,
    continuous: bool,
) -> DeadlineFinding | None:
    """A ``low`` guess: only for a text that reads as a call, with no event, result or
    continuous submission in it, from a future date that no cue speaks about."""
    if continuous or kinds & {Cue.EVENT, Cue.RESULTS, Cue.TBA}:
        return None
    if not compiled.call.search(folded):
        return None
    future = [
        (item, value) for item, value in neutral if value >= now and value.date() != published_day
    ]
    if not future:
        return None
    item, value = max(future, key=lambda pair: pair[1])
    return DeadlineFinding((value,), Confidence.LOW, DeadlineModel.SINGLE, item.at is not None)


def every_date(text: str, tz: tzinfo, language: str = "") -> list[datetime]:
    """Every explicit date in ``text`` with its time when one is given (diagnostics)."""
    compiled = _compile(grammar_codes(language))
    folded = fold_lines(text)
    boundaries = _boundaries(folded, compiled.months)
    reference = datetime.now(UTC).date()
    return [
        datetime.combine(day, item.at or END_OF_DAY, tzinfo=item.zone or tz)
        for item, day in _resolve_years(_find_dates(folded, compiled, boundaries), reference)
        if item.year is not None
    ]
