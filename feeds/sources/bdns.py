"""Spain's national grants database (BDNS, infosubvenciones.es): JSON REST, incremental.

1. List recent calls: ``GET /convocatorias/busqueda?vpd=GE&page=N&pageSize=…&fechaDesde=d/m/Y``
   (``page`` is 0-based, ``fechaDesde`` is inclusive on ``fechaRecepcion``), or
   ``GET /convocatorias/ultimas?vpd=GE`` with ``params["listing"] = "ultimas"``.
2. Read each call not seen before in detail: ``GET /convocatorias?vpd=GE&numConv=N``.
3. Read again the calls still worth watching (:func:`keep_watching`): not yet published in
   the gazette (the publication date is what relative periods count from), with a period
   not yet known, or still open (extensions, corrections, an early close when the credit
   runs out). New calls come first, then the watched ones least recently checked.

The cursor (``CachingState.cursor``) holds ``since`` (the earliest reception date that may
still hold unread calls), ``seen`` (call number -> reception date, pruned as the window
moves) and ``watch`` (call number -> ``{"checked", "received", "until"}``, dropped once the
call closes or after ``watch_days``). The listing window always spans at least
``window_days``, so a weekend never looks like an empty database and ``listed``
(``totalElements``) stays a fair outage signal. At most ``max_details`` detail requests per
run, new and watched together; the rest, and details that failed to download, are read
next time.

Parameters (``spec.params``): ``listing``, ``filters`` (extra busqueda parameters such as
``finalidad``, ``regiones``, ``tiposBeneficiario``, ``mrr``; passed through unverified),
``window_days`` (4), ``lookback_days`` (7, first run), ``page_size`` (50), ``max_pages``
(20), ``max_details`` (200, new and re-read together), ``watch_days`` (180: calls received
longer ago are no longer re-read), ``recheck_hours`` (24: a watched call is read again at
most this often), ``vpd`` (``GE``), ``pace_seconds`` (0.5; the official
guide allows 10/s).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from feeds.exceptions import FetchError, ParseError, SourceConfigError
from feeds.sources import (
    AdapterResult,
    Pacer,
    non_negative,
    pacer,
    param,
    positive_int,
    read_json,
)
from feeds.sources.bdns_calls import (
    BENEFICIARIES,
    MADRID,
    PAGE,
    keep_watching,
    org_types,
    parse_day,
    regions,
    to_draft,
)
from feeds.sources.listing import (
    Details,
    Listing,
    Page,
    oldest_pending,
    prune_marks,
    read_details,
    read_pages,
)
from feeds.types import CachingState, Draft, SourceSpec

if TYPE_CHECKING:
    from feeds.http import Fetcher

__all__ = [  # the call mappings live in feeds.sources.bdns_calls; importable from here too
    "API",
    "BENEFICIARIES",
    "MADRID",
    "PAGE",
    "PARAMS",
    "Due",
    "Options",
    "check_base",
    "fetch",
    "keep_watching",
    "next_cursor",
    "options",
    "org_types",
    "plan",
    "read_seen",
    "read_watch",
    "record",
    "regions",
    "to_draft",
]

API = "https://www.infosubvenciones.es/bdnstrans/api"
SEEN_LIMIT = 20_000
WATCH_LIMIT = 10_000
PARAMS = frozenset(
    {
        "listing",
        "filters",
        "vpd",
        "window_days",
        "lookback_days",
        "page_size",
        "max_pages",
        "max_details",
        "watch_days",
        "recheck_hours",
        "pace_seconds",
    }
)


def _listing(value: Any) -> str:
    if value not in {"busqueda", "ultimas"}:
        raise ValueError("expected 'busqueda' or 'ultimas'")
    return str(value)


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(map(str, value))
    return str(value)


def _filters(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise TypeError("expected a table of busqueda parameters")
    return {str(k): _query_value(v) for k, v in value.items()}


async def _get_json(
    fetcher: Fetcher, gate: Pacer, url: str, params: Mapping[str, Any], what: str
) -> Any:
    await gate.wait()
    result = await fetcher.get(
        url, params=params, expect="json", accept="application/json", conditional=False
    )
    body = read_json(result, what)
    if isinstance(body, Mapping) and "codigo" in body and "error" in body:
        raise FetchError(f"BDNS error {body.get('codigo')}: {str(body.get('error'))[:200]}")
    return body


@dataclass(frozen=True, slots=True)
class Options:
    """The source's ``params``, checked."""

    listing: str
    filters: dict[str, str]
    vpd: str
    window_days: int
    lookback_days: int
    page_size: int
    max_pages: int
    max_details: int
    watch_days: int
    recheck_hours: float
    pace_seconds: float


def options(spec: SourceSpec) -> Options:
    """``spec.params`` read and checked (also by ``inexa-bot check-config``).

    Raises:
        SourceConfigError: a value cannot work, or the URL is an endpoint, not the root.
    """
    check_base(spec)
    return Options(
        listing=param(spec, "listing", "busqueda", _listing),
        filters=param(spec, "filters", {}, _filters),
        vpd=param(spec, "vpd", "GE", _vpd),
        window_days=param(spec, "window_days", 4, positive_int),
        lookback_days=param(spec, "lookback_days", 7, positive_int),
        page_size=param(spec, "page_size", 50, positive_int),
        max_pages=param(spec, "max_pages", 20, positive_int),
        max_details=param(spec, "max_details", 200, positive_int),
        watch_days=param(spec, "watch_days", 180, positive_int),
        recheck_hours=param(spec, "recheck_hours", 24.0, non_negative),
        pace_seconds=param(spec, "pace_seconds", 0.5, non_negative),
    )


def _vpd(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z0-9]{2,10}", value):
        raise ValueError("expected a portal code such as 'GE'")
    return value


@dataclass(frozen=True, slots=True)
class Due:
    """A call whose details are to be read: new in the listing, or watched and due again."""

    number: str
    row: Mapping[str, Any]
    new: bool


def _number(row: Mapping[str, Any]) -> str:
    return str(row.get("numeroConvocatoria") or "").strip()


def read_seen(cursor: Mapping[str, Any]) -> dict[str, str]:
    """Call number -> reception date of the calls already read (an older cursor kept a list)."""
    raw = cursor.get("seen", {})
    if isinstance(raw, Mapping):
        return {str(k): str(v) for k, v in raw.items()}
    return dict.fromkeys(map(str, raw), "")


def read_watch(cursor: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Call number -> ``{"checked", "received", "until"}`` of the calls read again."""
    raw = cursor.get("watch", {})
    return {
        str(k): {f: str(v.get(f) or "") for f in ("checked", "received", "until")}
        for k, v in (raw.items() if isinstance(raw, Mapping) else ())
        if isinstance(v, Mapping)
    }


def plan(
    rows: Sequence[Mapping[str, Any]],
    seen: Mapping[str, str],
    watch: Mapping[str, Mapping[str, str]],
    *,
    now: datetime,
    watch_days: int,
    recheck_hours: float,
) -> tuple[list[Due], dict[str, dict[str, str]]]:
    """The calls to read, in order, and the watch list still worth keeping.

    New calls first (listed, neither read nor watched), then watched calls checked at least
    ``recheck_hours`` ago, least recently checked first. A watched call is dropped once its
    last deadline day has passed or it was received more than ``watch_days`` ago.
    """
    todo: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        number = _number(row)
        if number and number not in seen and number not in watch:
            todo.setdefault(number, row)
    today = now.astimezone(MADRID).date()
    oldest_watched = (today - timedelta(days=watch_days)).isoformat()
    kept = {
        n: dict(w)
        for n, w in watch.items()
        if (not w["until"] or w["until"] >= today.isoformat())
        and (not w["received"] or w["received"] >= oldest_watched)
    }
    due = (now.astimezone(UTC) - timedelta(hours=recheck_hours)).isoformat(timespec="seconds")
    recheck = sorted(
        (n for n in kept if n not in todo and kept[n]["checked"] <= due),
        key=lambda n: (kept[n]["checked"], n),
    )
    queue = [
        *(Due(n, row, new=True) for n, row in todo.items()),
        *(Due(n, {"numeroConvocatoria": n}, new=False) for n in recheck),
    ]
    return queue, kept


def _received(due: Due, watch: Mapping[str, Mapping[str, str]]) -> date | None:
    return (
        parse_day(due.row.get("fechaRecepcion"))
        if due.new
        else parse_day(watch[due.number]["received"])
    )


def record(
    details: Details[Due],
    seen: dict[str, str],
    watch: dict[str, dict[str, str]],
    *,
    now: datetime,
) -> None:
    """Note the calls read (or unreadable) in ``seen``, and which to keep watching."""
    today = now.astimezone(MADRID).date()
    stamp = now.astimezone(UTC).isoformat(timespec="seconds")
    for due, draft in details.settled:
        received = _received(due, watch)
        if draft is not None:
            received = received or (draft.updated_at.date() if draft.updated_at else None)
        if draft is not None and keep_watching(draft, today=today):
            last = max(draft.deadlines).astimezone(MADRID).date() if draft.deadlines else None
            watch[due.number] = {
                "checked": stamp,
                "received": received.isoformat() if received else today.isoformat(),
                "until": last.isoformat() if last else "",
            }
        else:
            watch.pop(due.number, None)
        seen[due.number] = received.isoformat() if received else ""


def _page_reader(
    fetcher: Fetcher, gate: Pacer, base: str, opts: Options, start: date
) -> Callable[[int], Awaitable[Page[Mapping[str, Any]]]]:
    """Reads one page of ``busqueda`` (0-based), or the one page of ``ultimas``."""

    async def ultimas(page: int) -> Page[Mapping[str, Any]]:
        url = f"{base}/convocatorias/ultimas"
        body = await _get_json(fetcher, gate, url, {"vpd": opts.vpd}, "BDNS list")
        content = body.get("content") if isinstance(body, Mapping) else body
        if not isinstance(content, list):
            raise ParseError(f"BDNS list at {base} has no content")
        return Page([r for r in content if isinstance(r, Mapping)], last=True)

    async def busqueda(page: int) -> Page[Mapping[str, Any]]:
        params = {
            "vpd": opts.vpd,
            "page": page,
            "pageSize": opts.page_size,
            "fechaDesde": start.strftime("%d/%m/%Y"),
            **opts.filters,
        }
        url = f"{base}/convocatorias/busqueda"
        body = await _get_json(fetcher, gate, url, params, "BDNS search")
        content = body.get("content") if isinstance(body, Mapping) else None
        if not isinstance(content, list):
            raise ParseError(f"BDNS search page {page} at {base} has no content")
        total, pages = body.get("totalElements"), body.get("totalPages")
        return Page(
            [r for r in content if isinstance(r, Mapping)],
            last=not content
            or body.get("last") is True
            or (isinstance(pages, int) and page + 1 >= pages),
            total=total if isinstance(total, int) else None,
        )

    return ultimas if opts.listing == "ultimas" else busqueda


async def fetch(
    fetcher: Fetcher, spec: SourceSpec, state: CachingState, *, now: datetime
) -> AdapterResult:
    """Calls received since the last run, with details for the ones not seen before."""
    opts = options(spec)
    base = (state.url or spec.url).rstrip("/")
    gate = pacer(fetcher, opts.pace_seconds)
    today = now.astimezone(MADRID).date()
    since = parse_day(state.cursor.get("since")) or today - timedelta(days=opts.lookback_days)
    start = min(since, today - timedelta(days=opts.window_days))

    listing = await read_pages(
        _page_reader(fetcher, gate, base, opts, start),
        first=0,
        max_pages=1 if opts.listing == "ultimas" else opts.max_pages,
    )
    seen = read_seen(state.cursor)
    queue, watch = plan(
        listing.rows,
        seen,
        read_watch(state.cursor),
        now=now,
        watch_days=opts.watch_days,
        recheck_hours=opts.recheck_hours,
    )

    async def read(due: Due) -> Draft:
        params = {"vpd": opts.vpd, "numConv": due.number}
        detail = await _get_json(fetcher, gate, f"{base}/convocatorias", params, "BDNS call")
        if isinstance(detail, list):
            detail = detail[0] if detail and isinstance(detail[0], Mapping) else {}
        return to_draft(due.row, detail if isinstance(detail, Mapping) else {}, now=now)

    details = await read_details(
        queue, key=lambda due: due.number, read=read, budget=opts.max_details
    )
    record(details, seen, watch, now=now)

    return AdapterResult(
        details.drafts,
        CachingState(url=state.url, cursor=next_cursor(details, seen, watch, start, opts, now)),
        skipped=(*(_no_number(row) for row in listing.rows if not _number(row)), *details.skipped),
        listed=listing.listed,
        problems=_problems(listing, details, opts.max_pages),
    )


def next_cursor(
    details: Details[Due],
    seen: Mapping[str, str],
    watch: Mapping[str, dict[str, str]],
    start: date,
    opts: Options,
    now: datetime,
) -> dict[str, Any]:
    """The cursor after a run: the window starts at the oldest new call still unread."""
    today = now.astimezone(MADRID).date()
    pending = (
        (parse_day(due.row.get("fechaRecepcion")) or start).isoformat()
        for due in (*details.failed, *details.left)
        if due.new
    )
    new_since = date.fromisoformat(oldest_pending(pending, caught_up=today.isoformat()))
    keep_from = min(new_since, today - timedelta(days=opts.window_days)).isoformat()
    if len(watch) > WATCH_LIMIT:
        watch = dict(sorted(watch.items(), key=lambda item: item[1]["received"])[-WATCH_LIMIT:])
    return {
        "since": new_since.isoformat(),
        "seen": prune_marks(seen, keep_from=keep_from, keep_unknown=True, limit=SEEN_LIMIT),
        "watch": dict(watch),
    }


def _no_number(row: Mapping[str, Any]) -> str:
    return f"list row {row.get('id')!r}: no numeroConvocatoria"


def _problems(
    listing: Listing[Mapping[str, Any]], details: Details[Due], max_pages: int
) -> tuple[str, ...]:
    problems: list[str] = []
    if listing.exhausted:
        problems.append(f"stopped after {max_pages} search pages; raise max_pages")
    left_new = sum(1 for due in details.left if due.new)
    if left_new:
        problems.append(f"{left_new} calls left for the next run (max_details)")
    if left_watched := len(details.left) - left_new:
        problems.append(f"{left_watched} watched calls wait for a later re-read (max_details)")
    return tuple(problems)


def check_base(spec: SourceSpec) -> None:
    """Refuse a base URL that points at a single endpoint instead of the API root.

    Raises:
        SourceConfigError: the URL ends in an endpoint name.
    """
    if spec.url.rstrip("/").endswith(("/busqueda", "/ultimas", "/convocatorias")):
        raise SourceConfigError(f"{spec.id}: url must be the API root ({API}), not an endpoint")
