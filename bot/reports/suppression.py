"""Small counts hidden in a published table, so that no one can be singled out; pure.

A *group* is a set of counts that add up to a total the reader also sees (e.g. participants
with a disability: yes / no / not stated, adding up to all participants). Rules:

* **Primary**: a count below the threshold (0 included) is shown as ``"<5"``. Zeros are
  hidden too, otherwise "0, <5, 40 of 42" would give the hidden count away.
* **Secondary**: the hidden counts of a group must not be recoverable from the total. While
  only one count is hidden, or the totals pin one hidden count to a single value, the
  smallest shown count is hidden as well and shown as ``"*"``. When nothing is left to hide,
  every hidden count of the group is shown as ``"*"`` (it could then be anything from 0 to the
  total).

A reader knows that ``"<5"`` is 0 to 4 and ``"*"`` is 0 to the total; :func:`feasible` is that
reader, and the tests check that every hidden count has at least two feasible values whenever
the hidden counts are not all zero (a zero says nothing about anyone).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

#: Counts below this are hidden.
THRESHOLD = 5
#: How a hidden small count is shown.
SMALL = f"<{THRESHOLD}"
#: How a count hidden only to protect a small one is shown.
HIDDEN = "*"

#: A published cell: the exact count, ``SMALL`` or ``HIDDEN``.
Shown = int | str


def _bounds(mark: Shown, total: int, threshold: int) -> tuple[int, int]:
    if mark == HIDDEN:
        return 0, total
    return 0, threshold - 1


def feasible(shown: Sequence[Shown], total: int, *, threshold: int = THRESHOLD) -> list[range]:
    """For each hidden cell, the values a reader can still believe (shown cells: one value).

    The reader knows the total, the shown counts, and what each mark means.
    """
    rest = total - sum(value for value in shown if isinstance(value, int))
    bounds = [None if isinstance(v, int) else _bounds(v, total, threshold) for v in shown]
    low_sum = sum(b[0] for b in bounds if b is not None)
    high_sum = sum(b[1] for b in bounds if b is not None)
    answer: list[range] = []
    for value, bound in zip(shown, bounds, strict=True):
        if bound is None:
            assert isinstance(value, int)
            answer.append(range(value, value + 1))
            continue
        low, high = bound
        lowest = max(low, rest - (high_sum - high))
        highest = min(high, rest - (low_sum - low))
        answer.append(range(lowest, highest + 1))
    return answer


def _pinned(marks: Sequence[Shown], total: int, threshold: int) -> bool:
    ranges = feasible(marks, total, threshold=threshold)
    return any(len(r) < 2 for r, m in zip(ranges, marks, strict=True) if not isinstance(m, int))


def _exposed(counts: Sequence[int], marks: Sequence[Shown], total: int, threshold: int) -> bool:
    hidden = [count for count, mark in zip(counts, marks, strict=True) if not isinstance(mark, int)]
    # Nothing to protect when every hidden count is zero: nobody is described by them.
    if sum(hidden) == 0:
        return False
    return len(hidden) < 2 or _pinned(marks, total, threshold)


def suppress(
    counts: Sequence[int], *, total: int | None = None, threshold: int = THRESHOLD
) -> list[Shown]:
    """The counts of one group as they may be published.

    ``total`` is the group's total, which the reader is assumed to see (default: the sum of
    ``counts``).

    Raises:
        ValueError: a negative count, or counts that do not add up to ``total``.
    """
    if any(count < 0 for count in counts):
        raise ValueError(f"negative count in {list(counts)}")
    whole = sum(counts) if total is None else total
    if whole != sum(counts):
        raise ValueError(f"counts {list(counts)} do not add up to {whole}")
    marks: list[Shown] = [SMALL if count < threshold else count for count in counts]
    if not any(mark == SMALL for mark in marks):
        return marks
    while _exposed(counts, marks, whole, threshold):
        shown = [(counts[i], i) for i, mark in enumerate(marks) if isinstance(mark, int)]
        if not shown:
            return [HIDDEN for _ in marks]
        _, index = min(shown)
        marks[index] = HIDDEN
    return marks


def suppress_named(counts: Mapping[str, int], *, threshold: int = THRESHOLD) -> dict[str, Shown]:
    """:func:`suppress` for a group given as ``{name: count}`` (its total is their sum)."""
    names = list(counts)
    shown = suppress([counts[name] for name in names], threshold=threshold)
    return dict(zip(names, shown, strict=True))
