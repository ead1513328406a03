"""Counts of participant characteristics for a funder, with small counts suppressed.

For a set of people, each button field (gender, age band, ...) becomes a row of cells: one per
answer code, then ``prefer_not`` (declined) and ``not_asked`` (never answered). A cell whose
count is between 1 and ``threshold - 1`` is suppressed (shown as ``"<5"``): the *primary*
suppression. Because the field's total (the number of people) is published, one suppressed cell
could be recovered by subtracting the others from it; so *secondary* suppression hides
other cells (the smallest that suffice) until at least two cells are hidden and the hidden
cells together hold at least ``threshold`` people (otherwise "two hidden cells summing to 3"
would still say that everyone hidden is one of very few). When the total itself is below the
threshold, every cell is hidden. Zero cells are shown as 0 unless secondary suppression picks them.

A suppressed cell keeps no count at all (``count is None``), so no report can print it by
mistake.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.participants.fields import CHOICES, ESF_FIELDS, FREE_TEXT, PREFER_NOT, Field

#: The code of people who never answered the field.
NOT_ASKED = "not_asked"

#: Counts below this are shown as "<5" unless the caller chooses another threshold.
DEFAULT_THRESHOLD = 5


@dataclass(frozen=True, slots=True)
class Cell:
    """One answer's count; ``count`` is None when the cell is suppressed."""

    code: str
    count: int | None
    threshold: int

    @property
    def suppressed(self) -> bool:
        """Whether this cell is hidden."""
        return self.count is None

    @property
    def text(self) -> str:
        """What a report prints: the count, or ``"<5"``."""
        return f"<{self.threshold}" if self.count is None else str(self.count)


@dataclass(frozen=True, slots=True)
class FieldCounts:
    """The cells of one field for a set of people; ``total`` is the number of people."""

    field: Field
    total: int
    cells: tuple[Cell, ...]

    def cell(self, code: str) -> Cell:
        """The cell of one answer code (``KeyError`` for an unknown code)."""
        for cell in self.cells:
            if cell.code == code:
                return cell
        raise KeyError(code)


def codes_of(field: Field) -> tuple[str, ...]:
    """The cells of a field in report order: its answers, then declined, then never asked."""
    if field in FREE_TEXT or field not in CHOICES:
        raise ValueError(f"{field} is not counted by answer code")
    return (*CHOICES[field], PREFER_NOT, NOT_ASKED)


def suppress(counts: Sequence[int], threshold: int = DEFAULT_THRESHOLD) -> tuple[bool, ...]:
    """Which of a row's counts to hide (see the module docstring); the total is their sum."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    total = sum(counts)
    if 0 < total < threshold:
        return tuple(True for _ in counts)
    hidden = [0 < count < threshold for count in counts]
    if not any(hidden):
        return tuple(hidden)
    while True:
        hidden_sum = sum(c for c, h in zip(counts, hidden, strict=True) if h)
        if sum(hidden) >= 2 and hidden_sum >= threshold:
            break
        candidates = [i for i, h in enumerate(hidden) if not h]
        if not candidates:
            break
        # Hide as little as possible: the smallest visible cell that brings the hidden cells
        # up to the threshold, or the largest one when none does alone (ties: the earliest).
        needed = threshold - hidden_sum
        enough = [i for i in candidates if counts[i] >= needed]
        if enough:
            pick = min(enough, key=lambda i: (counts[i], i))
        else:
            pick = max(candidates, key=lambda i: (counts[i], -i))
        hidden[pick] = True
    return tuple(hidden)


def count_field(
    answers: Iterable[str | None], field: Field, threshold: int = DEFAULT_THRESHOLD
) -> FieldCounts:
    """Count one field's answers (one per person; None = never asked) with suppression.

    An answer that is not a known code of the field counts as never asked.
    """
    codes = codes_of(field)
    known = set(codes) - {NOT_ASKED}
    tally: Counter[str] = Counter(
        answer if answer is not None and answer in known else NOT_ASKED for answer in answers
    )
    counts = [tally[code] for code in codes]
    hidden = suppress(counts, threshold)
    cells = tuple(
        Cell(code=code, count=None if hide else count, threshold=threshold)
        for code, count, hide in zip(codes, counts, hidden, strict=True)
    )
    return FieldCounts(field=field, total=sum(counts), cells=cells)


def aggregate(
    people: Iterable[Mapping[Field, str | None]],
    fields: Iterable[Field] = ESF_FIELDS,
    threshold: int = DEFAULT_THRESHOLD,
) -> dict[Field, FieldCounts]:
    """Counts by field and code for a set of people (one mapping per person; a missing key
    is "never asked"), each field suppressed on its own."""
    rows = list(people)
    return {
        field: count_field((row.get(field) for row in rows), field, threshold) for field in fields
    }
