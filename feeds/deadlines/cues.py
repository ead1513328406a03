"""What the cues before (or right after) a date say about it: deadline, opening, event, ….

Step 3 of the engine (see :mod:`feeds.deadlines.engine`), plus relative periods counted from
the publication and the signature lines that are never deadlines.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from feeds.deadlines.calendar import add_business_days, add_months
from feeds.deadlines.dates import END_OF_DAY, DateMention, clause_end, clause_start
from feeds.deadlines.patterns import Cue, Patterns

_UNTIL_GAP = 45  # an "until" cue speaks only about a date this close after it


BLOCKING = frozenset({Cue.EVENT, Cue.OTHER, Cue.RESULTS})
NEGATIVE = frozenset({Cue.OPENING, Cue.PUBLISHED, Cue.EVENT, Cue.OTHER, Cue.TBA, Cue.RESULTS})


@dataclass(frozen=True, slots=True)
class CueHit:
    """A cue found in the text, by position."""

    start: int
    end: int
    kind: Cue


_ROLES = (
    r"(?:el |la |the |le |il |der |die |o |a )?(?:director|directora|presidente|presidenta|"
    r"secretari[oa]|consejer[oa]|conseller[a]?|alcalde|alcaldesa|ministr\w*|minister|rector|"
    r"delegad[oa]|gerente|jefe|head|managing|prefect\w*|primar\w*)"
)
#: a place name and a comma right before the date ("Sevilla, ", "Santa Cruz de Tenerife, a ")
_SIGNATURE_BEFORE = re.compile(r"(?<!\w)[^\W\d_]+(?:[ '-][^\W\d_]+){0,4},\s*(?:a\s+)?$")
_SIGNATURE_AFTER = re.compile(rf"\s*\.?\s*(?:[-–—]+|\n|\.)\s*{_ROLES}")


#: how far back from a date its clause's cues are read (a very long clause says little)
LOOKBACK = 400


class Cues:
    """Cue hits in text order, looked up by position."""

    def __init__(self, hits: list[CueHit]) -> None:
        self.hits = hits
        self.starts = [h.start for h in hits]

    def within(self, lo: int, hi: int) -> list[CueHit]:
        """Cues that start at or after ``lo`` and end at or before ``hi``."""
        first = bisect_left(self.starts, lo)
        last = bisect_left(self.starts, hi)
        return [h for h in self.hits[first:last] if h.end <= hi]

    def starting(self, lo: int, hi: int) -> list[CueHit]:
        """Cues that start in ``[lo, hi)``."""
        return self.hits[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]


def find_cues(folded: str, compiled: Patterns) -> list[CueHit]:
    """Every cue of the grammars in play, in text order; a cue inside a longer one is dropped."""
    hits: list[CueHit] = []
    for kind, pattern in compiled.cues:
        hits.extend(CueHit(m.start(), m.end(), kind) for m in pattern.finditer(folded))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[CueHit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue  # inside a longer cue ("fecha de inicio del plazo" is not "plazo")
        kept.append(hit)
    return kept


def _heading(cues: Cues, clause: int, boundaries: list[int], folded: str) -> Cue | None:
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


def decide(
    item: DateMention,
    cues: Cues,
    clause: int,
    clause_ends: list[int],
    folded: str,
) -> Cue | None:
    """What the nearest cue says about ``item``: a positive cue kind, a negative one, or None."""
    before = cues.within(max(clause, item.start - LOOKBACK), item.start)
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
            and clause_end(clause_ends, item.end) >= after.end
        ):
            return Cue.SUBMISSION
        return _heading(cues, clause, clause_ends, folded)
    nearest = specific[-1]
    if item.range_start and nearest.kind not in NEGATIVE:
        return Cue.OPENING  # the start of a submission window
    if nearest.kind is Cue.EXTENDED:
        return Cue.EXTENDED
    earlier = [c for c in specific[:-1] if c.kind in BLOCKING]
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


def is_signature(folded: str, item: DateMention, clause: int) -> bool:
    """ "Sevilla, 3 de octubre de 2026.- El Director General": a place, a date, a signatory."""
    head = folded[max(clause, item.start - 60) : item.start]
    return bool(_SIGNATURE_BEFORE.search(head) and _SIGNATURE_AFTER.match(folded, item.end))


def relative_deadline(
    folded: str,
    compiled: Patterns,
    cues: Cues,
    boundaries: list[int],
    published: date,
    tz: tzinfo,
) -> datetime | None:
    """The end of the first relative period counted from publication ("30 días"), or None."""
    for match in compiled.relative.finditer(folded):
        clause = clause_start(boundaries, match.start())
        next_boundary = next((b for b in boundaries if b > match.end()), len(folded))
        after = folded[match.end() : min(next_boundary, match.end() + 110)]
        anchored = compiled.publication.search(after) is not None
        before = cues.within(max(clause, match.start() - LOOKBACK), match.start())
        specific = [c for c in before if c.kind is not Cue.SUBMISSION]
        following = cues.starting(match.end(), match.end() + min(len(after), 41))
        if any(c.kind in BLOCKING for c in specific + following):
            continue  # "alegaciones", "contestații": a period for something else
        if not anchored:
            if compiled.relative_from.match(after):
                continue  # counted from something else: a contract, a resolution
            if not specific or specific[-1].kind not in {Cue.DEADLINE, Cue.EXTENDED}:
                continue
        elif specific and specific[-1].kind in NEGATIVE - {Cue.PUBLISHED}:
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
