"""List, then details, then a cursor: the shape of the incremental adapters (BDNS, WordPress).

An incremental adapter pages through a listing (:func:`read_pages`), picks the items it has
not read yet, reads each one's details within a per-run budget (:func:`read_details`), and
keeps a cursor so the next run starts where this one left off (:func:`oldest_pending`,
:func:`prune_marks`). What is specific to a source (its URLs, what ends a page, what a row
is, how a detail becomes a draft, what the cursor holds) stays in the adapter as small
callbacks; the control flow and its rules live here once:

* paging stops at the page the source calls the last one, at a page past the end (``None``
  from the page reader), at the first row the ``stop`` rule refuses (rows come newest
  first, so nothing after it is newer), or after ``max_pages`` (``Listing.exhausted``);
* an item is never dropped silently: it is read (a draft), refused or unreadable (a
  ``skipped`` line), failed to download (a ``skipped`` line, read again next run) or left
  over by the budget (read next run);
* when every attempted download failed, the first failure is raised: the source is down,
  which is not the same as "nothing new".

Marks are sortable strings (ISO dates or timestamps), so the cursor is plain JSON.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from feeds.exceptions import FetchError, ParseError
from feeds.types import Draft

T = TypeVar("T")

#: What a details reader raises for an item that can never be read as it is (a body in the
#: wrong format, a record without its id): recorded as skipped, and not asked for again.
UNREADABLE: tuple[type[Exception], ...] = (ParseError, ValueError, TypeError, AttributeError)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing, as its reader understood it."""

    #: The usable rows, in the source's order.
    rows: Sequence[T]
    #: This is the last page (the source says so, or the page is short or empty).
    last: bool = False
    #: How many items the source says the whole listing holds, when it says.
    total: int | None = None
    #: How many rows the answer had (None: ``len(rows)``); counted when there is no total.
    returned: int | None = None


@dataclass(frozen=True, slots=True)
class Listing(Generic[T]):
    """The rows of every page read."""

    rows: tuple[T, ...]
    #: Items the source listed, for the outage check: the most recent total a page stated,
    #: otherwise the rows the pages returned.
    listed: int
    #: Pages read (a page past the end is not counted).
    pages: int
    #: ``max_pages`` ran out before the listing ended.
    exhausted: bool


async def read_pages(
    read_page: Callable[[int], Awaitable[Page[T] | None]],
    *,
    first: int,
    max_pages: int,
    stop: Callable[[T], bool] | None = None,
) -> Listing[T]:
    """Read pages ``first``, ``first + 1``, … until the listing ends.

    ``read_page(number)`` returns a page, or None for a page past the end (WordPress
    answers 400 there). ``stop(row)`` is true for the first row that is older than what is
    still wanted: that row and everything after it are left out and paging ends.
    """
    rows: list[T] = []
    total: int | None = None
    returned = 0
    for offset in range(max_pages):
        page = await read_page(first + offset)
        if page is None:
            return Listing(tuple(rows), _listed(total, returned), offset, exhausted=False)
        if page.total is not None:
            total = page.total
        returned += len(page.rows) if page.returned is None else page.returned
        reached = False
        for row in page.rows:
            if stop is not None and stop(row):
                reached = True
                break
            rows.append(row)
        if reached or page.last:
            return Listing(tuple(rows), _listed(total, returned), offset + 1, exhausted=False)
    return Listing(tuple(rows), _listed(total, returned), max_pages, exhausted=True)


def _listed(total: int | None, returned: int) -> int:
    return total if total is not None else returned


@dataclass(frozen=True, slots=True)
class Details(Generic[T]):
    """What reading the items' details gave, item by item (each item lands in one list)."""

    #: Items done with for now, in the order given: each with its draft, or with None when
    #: its details can never be read as they are (see :data:`UNREADABLE`).
    settled: tuple[tuple[T, Draft | None], ...] = ()
    #: Items whose download failed: read them again next run.
    failed: tuple[T, ...] = ()
    #: Items refused before any request (``refuse`` gave a reason).
    refused: tuple[T, ...] = ()
    #: Items the budget left for a later run.
    left: tuple[T, ...] = ()
    #: One line per refused, unreadable or failed item, in the order given.
    skipped: tuple[str, ...] = ()
    #: Downloads attempted.
    attempted: int = 0

    @property
    def read(self) -> tuple[tuple[T, Draft], ...]:
        """Items read, with their drafts, in the order given."""
        return tuple((item, draft) for item, draft in self.settled if draft is not None)

    @property
    def unreadable(self) -> tuple[T, ...]:
        """Items whose details can never be read as they are."""
        return tuple(item for item, draft in self.settled if draft is None)

    @property
    def drafts(self) -> tuple[Draft, ...]:
        """The drafts read, in the order given."""
        return tuple(draft for _, draft in self.settled if draft is not None)


@dataclass(slots=True)
class _Tally(Generic[T]):
    settled: list[tuple[T, Draft | None]] = field(default_factory=list)
    failed: list[T] = field(default_factory=list)
    refused: list[T] = field(default_factory=list)
    left: list[T] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[FetchError] = field(default_factory=list)


async def read_details(
    items: Iterable[T],
    *,
    key: Callable[[T], str],
    read: Callable[[T], Awaitable[Draft]],
    budget: int,
    refuse: Callable[[T], str | None] | None = None,
) -> Details[T]:
    """Read each item's details with ``read``, at most ``budget`` downloads, in order.

    ``refuse(item)`` may give a reason (the whole ``skipped`` line) not to read an item; a
    refused item costs no budget. Once the budget is spent, the remaining items, refused or
    not, are left for a later run. ``key(item)`` names an item in ``skipped`` lines.

    Raises:
        FetchError: every attempted download failed (the first failure).
    """
    tally: _Tally[T] = _Tally()
    attempted = 0
    for item in items:
        if attempted >= budget:
            tally.left.append(item)
            continue
        reason = refuse(item) if refuse is not None else None
        if reason is not None:
            tally.refused.append(item)
            tally.skipped.append(reason)
            continue
        attempted += 1
        try:
            draft = await read(item)
        except FetchError as error:  # transient: read it next time
            tally.errors.append(error)
            tally.failed.append(item)
            tally.skipped.append(f"{key(item)}: {error.reason} (retried next run)")
        except UNREADABLE as exc:
            tally.settled.append((item, None))
            tally.skipped.append(f"{key(item)}: {exc}")
        else:
            tally.settled.append((item, draft))
    if attempted and len(tally.errors) == attempted:
        raise tally.errors[0]
    return Details(
        settled=tuple(tally.settled),
        failed=tuple(tally.failed),
        refused=tuple(tally.refused),
        left=tuple(tally.left),
        skipped=tuple(tally.skipped),
        attempted=attempted,
    )


def oldest_pending(pending: Iterable[str], *, caught_up: str) -> str:
    """The next run's watermark: the oldest mark still unread, else ``caught_up``.

    Items that failed or were left over keep the watermark back so the next listing still
    holds them; with nothing pending it moves to ``caught_up`` (the newest mark seen).
    """
    return min(pending, default=caught_up)


def prune_marks(
    marks: Mapping[str, str],
    *,
    keep_from: str,
    keep: Container[str] = frozenset(),
    keep_unknown: bool = False,
    limit: int | None = None,
) -> dict[str, str]:
    """The marks (item key -> mark) still worth remembering.

    Kept: marks at or after ``keep_from`` (older items no longer show up in the listing),
    keys in ``keep`` (still listed), and empty marks when ``keep_unknown``. At most
    ``limit`` are kept, the newest marks first.
    """
    kept = {
        k: v for k, v in marks.items() if v >= keep_from or k in keep or (keep_unknown and not v)
    }
    if limit is not None and len(kept) > limit:
        kept = dict(sorted(kept.items(), key=lambda item: item[1])[len(kept) - limit :])
    return kept
