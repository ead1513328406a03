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

Steps 1 and 2 live in :mod:`feeds.deadlines.dates` (with the grammars compiled by
:mod:`feeds.deadlines.patterns`), step 3 in :mod:`feeds.deadlines.cues`; step 4, the choice,
is here, behind :func:`feeds.deadlines.extract_deadlines`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo

from feeds.deadlines.cues import (
    Cues,
    decide,
    find_cues,
    is_signature,
    relative_deadline,
)
from feeds.deadlines.dates import (
    END_OF_DAY,
    DateMention,
    clause_end,
    clause_start,
    clause_starts,
    find_dates,
    fold_lines,
    resolve_years,
)
from feeds.deadlines.patterns import GRAMMARS, Cue, Patterns, compile_patterns, grammar_codes
from feeds.types import Confidence, DeadlineModel

__all__ = ["GRAMMARS", "DeadlineFinding", "every_date", "extract", "grammar_codes"]


@dataclass(frozen=True, slots=True)
class DeadlineFinding:
    """Deadlines found in a text, how sure we are, and how they are organised."""

    deadlines: tuple[datetime, ...]
    confidence: Confidence
    model: DeadlineModel
    #: The text gave a time of day for the deadline that is next (or last, when all passed);
    #: False means it is the end of its calendar day.
    has_time: bool = False


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
    compiled = compile_patterns(grammar_codes(language))
    folded = fold_lines(text)
    boundaries = clause_starts(folded, compiled.months)
    kinds = {kind for kind, pattern in compiled.cues if pattern.search(folded)}
    # registering is about an event only in a text about an event
    cues = Cues(
        [
            replace(c, kind=Cue.EVENT) if c.kind is Cue.REGISTRATION else c
            for c in find_cues(folded, compiled)
            if c.kind is not Cue.REGISTRATION or Cue.EVENT in kinds
        ]
    )
    continuous = Cue.CONTINUOUS in kinds
    published_day = published.astimezone(tz).date() if published is not None else None
    reference = published_day or now.astimezone(tz).date()
    dates = resolve_years(find_dates(folded, compiled, boundaries), reference)

    chosen: dict[date, tuple[DateMention, datetime]] = {}
    neutral: list[tuple[DateMention, datetime]] = []
    for item, day in dates:
        clause = clause_start(boundaries, item.start)
        value = datetime.combine(day, item.at or END_OF_DAY, tzinfo=item.zone or tz)
        if is_signature(folded, item, clause):
            continue
        verdict = decide(item, cues, clause, boundaries, folded)
        if verdict in {Cue.DEADLINE, Cue.EXTENDED, Cue.UNTIL, Cue.SUBMISSION}:
            if Cue.RESULTS in kinds and published_day is not None and day < published_day:
                continue  # a results page recalling the deadline that passed
            if verdict is Cue.SUBMISSION and continuous:
                continue
            current = chosen.get(day)
            if current is None or (current[0].at is None and item.at is not None):
                chosen[day] = (item, value)
        elif verdict is None and not item.range_start:
            end = clause_end(boundaries, item.end)
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
        relative = relative_deadline(folded, compiled, cues, boundaries, published_day, tz)
        if relative is not None:
            return DeadlineFinding((relative,), Confidence.APPROX, DeadlineModel.SINGLE)
    return _guess(folded, compiled, kinds, neutral, now, published_day, continuous)


def _guess(
    folded: str,
    compiled: Patterns,
    kinds: set[Cue],
    neutral: list[tuple[DateMention, datetime]],
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
    compiled = compile_patterns(grammar_codes(language))
    folded = fold_lines(text)
    boundaries = clause_starts(folded, compiled.months)
    reference = datetime.now(UTC).date()
    return [
        datetime.combine(day, item.at or END_OF_DAY, tzinfo=item.zone or tz)
        for item, day in resolve_years(find_dates(folded, compiled, boundaries), reference)
        if item.year is not None
    ]
