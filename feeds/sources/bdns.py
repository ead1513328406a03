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

Status (always from dates first, see :func:`feeds.deadlines.derive_status`):

* **forthcoming** while the call awaits its gazette extract (no notice published by now,
  while it is to be published and its period counts from that publication) or its
  ``fechaInicioSolicitud`` is ahead: BDNS says ``abierto: false`` then, which is not
  "closed";
* **open** / **closed** from ``fechaFinSolicitud`` (a date: the day ends at 23:59 Madrid,
  shown as that calendar day) or the period counted from the publication;
* otherwise ``abierto`` as a hint, and "until the credit runs out" as continuous.

Details: ``fechaInicioSolicitud``/``fechaFinSolicitud`` are dates (Europe/Madrid; a
deadline day ends at 23:59); ``textFin`` is the deadline text when the period is relative
("un mes desde la publicación"), counted from the official publication (``anuncios``);
``abierto`` is a hint only (it goes stale); ``presupuestoTotal`` is EUR; ``regiones``
(``"ES300 - Madrid"``) give NUTS codes; ``tiposBeneficiarios`` map to organisation types.

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
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

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
from feeds.text import fold
from feeds.types import CachingState, Draft, SourceSpec, Status

if TYPE_CHECKING:
    from feeds.http import Fetcher

MADRID = ZoneInfo("Europe/Madrid")
API = "https://www.infosubvenciones.es/bdnstrans/api"
PAGE = "https://www.infosubvenciones.es/bdnstrans/GE/es/convocatorias/{n}"
#: Folded beneficiary type (prefix) -> the organisation types members choose. Legal
#: persons without economic activity are associations, foundations and public bodies alike.
BENEFICIARIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("personas juridicas que no desarrollan actividad economica", ("ngo", "public")),
    ("pyme y personas fisicas que desarrollan actividad economica", ("sme",)),
    ("entidades sin animo de lucro", ("ngo",)),
    ("administraciones publicas", ("public",)),
    ("entidades locales", ("public",)),
)
#: "Until the credit runs out" and similar: open without a date.
_CONTINUOUS = re.compile(r"agota|hasta el agotamiento|sin plazo|de forma permanente|indefinid")
_NUTS = re.compile(r"^ES[0-9A-Z]{0,3}$")
SEEN_LIMIT = 20_000
WATCH_LIMIT = 10_000
#: The start or end of the period counts from the gazette publication.
_FROM_PUBLICATION = re.compile(r"publicaci")
_DAY_AFTER = re.compile(r"(?:dia )?siguiente")
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


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _instant(value: Any) -> datetime | None:
    """A BDNS timestamp (``2024-10-14T15:57:09+02:00``, or a bare date) as an aware datetime."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        day = _day(value)
        return datetime.combine(day, time(0, 0), tzinfo=MADRID) if day else None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=MADRID)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _names(items: Any) -> list[str]:
    names: list[str] = []
    for item in items if isinstance(items, list) else ():
        value = item.get("descripcion") if isinstance(item, Mapping) else item
        text = " ".join(str(value or "").split())
        if text:
            names.append(text)
    return names


def org_types(names: list[str]) -> tuple[str, ...]:
    """Organisation types from ``tiposBeneficiarios`` names."""
    found: list[str] = []
    for name in names:
        folded = fold(name)
        for prefix, kinds in BENEFICIARIES:
            if folded.startswith(prefix):
                found.extend(kinds)
    return tuple(dict.fromkeys(found))


def regions(names: list[str]) -> tuple[str, ...]:
    """``("ES", "ES300", …)`` from ``regiones`` names like ``"ES300 - Madrid"``."""
    codes = [name.split(" - ", 1)[0].strip().upper() for name in names]
    return tuple(dict.fromkeys(["ES", *(c for c in codes if _NUTS.match(c))]))


def to_draft(row: Mapping[str, Any], detail: Mapping[str, Any], *, now: datetime) -> Draft:
    """A call from its listing row and its detail, as it stands at ``now``.

    A call whose gazette extract is not published by ``now`` (none yet, or one dated later)
    while its period counts from that publication is forthcoming, whatever ``abierto`` says;
    its publication date is then unknown or the scheduled one, never the reception date.

    Raises:
        ValueError: the call has no number.
    """
    number = str(row.get("numeroConvocatoria") or detail.get("codigoBDNS") or "").strip()
    if not number:
        raise ValueError("call without numeroConvocatoria")
    title = " ".join(str(detail.get("descripcion") or row.get("descripcion") or "").split())
    organ = detail.get("organo") if isinstance(detail.get("organo"), Mapping) else row
    owner = " / ".join(
        str(organ.get(k)) for k in ("nivel1", "nivel2", "nivel3") if organ and organ.get(k)
    )
    purpose = str(detail.get("descripcionFinalidad") or "").strip()
    notices = [a for a in detail.get("anuncios") or () if isinstance(a, Mapping)]
    notice_text = str(notices[0].get("texto") or "") if notices else ""
    gazette = min(
        (d for d in (_instant(a.get("datPublicacion")) for a in notices) if d), default=None
    )
    received = _instant(detail.get("fechaRecepcion") or row.get("fechaRecepcion"))
    moment = now
    start = _day(detail.get("fechaInicioSolicitud"))
    end = _day(detail.get("fechaFinSolicitud"))
    text_start = " ".join(str(detail.get("textInicio") or "").split())
    text_end = " ".join(str(detail.get("textFin") or "").split())
    continuous = end is None and bool(_CONTINUOUS.search(fold(text_end)))
    open_flag = detail.get("abierto")
    counts_from_publication = bool(_FROM_PUBLICATION.search(fold(f"{text_start} {text_end}"))) or (
        start is None and end is None and not continuous
    )
    awaiting = (
        (gazette is None or gazette > moment)
        and (gazette is not None or detail.get("sePublicaDiarioOficial") is True)
        and counts_from_publication
        and (start is None or start > moment.astimezone(MADRID).date())
    )
    opening: datetime | None = datetime.combine(start, time(0, 0), tzinfo=MADRID) if start else None
    if (
        opening is None
        and gazette is not None
        and (awaiting or _FROM_PUBLICATION.search(fold(text_start)))
    ):
        # A period that counts from the extract cannot open before it; "día siguiente a la
        # publicación": it opens the day after.
        day = gazette.astimezone(MADRID).date()
        if _DAY_AFTER.search(fold(text_start)):
            day += timedelta(days=1)
        opening = datetime.combine(day, time(0, 0), tzinfo=MADRID)
    if awaiting:
        hint: Status | None = Status.FORTHCOMING
    elif open_flag is True:
        hint = Status.OPEN
    elif open_flag is False:
        hint = Status.CLOSED
    else:
        hint = None
    # Relative periods count from the gazette publication; the reception date is a
    # fallback only for calls that are not waiting for one.
    published = gazette or (None if awaiting else received)
    budget = _decimal(detail.get("presupuestoTotal"))
    funds = _names(detail.get("fondos"))
    keywords = [purpose, *_names(detail.get("sectores"))[:5], *funds]
    if row.get("mrr") is True or detail.get("mrr") is True:
        keywords.append("MRR")
    summary_lines = [" · ".join(p for p in (owner, purpose) if p)]
    if notice_text:
        summary_lines.append(notice_text)
    elif text_end:
        summary_lines.append(f"Plazo: {text_end}")
    return Draft(
        native_id=number,
        url=PAGE.format(n=number),
        title=title or number,
        summary="\n".join(line for line in summary_lines if line),
        language="es",
        call_id=f"BDNS-{number}",
        opening_date=opening,
        deadlines=(datetime.combine(end, time(23, 59), tzinfo=MADRID),) if end else (),
        # fechaFinSolicitud is a date: the call closes at the end of that day in Madrid.
        deadline_has_time=False,
        deadline_zone=MADRID.key,
        deadline_text=(
            f"Plazo de presentación de solicitudes: {text_end}"
            if text_end and not end and not continuous
            else ""
        ),
        continuous=continuous,
        status_hint=hint,
        budget_total=budget,
        currency="EUR" if budget is not None else None,
        keywords=tuple(dict.fromkeys(k for k in keywords if k)),
        eligible_countries=regions(_names(detail.get("regiones"))),
        eligible_org_types=org_types(_names(detail.get("tiposBeneficiarios"))),
        published_at=published,
        updated_at=published or received,
        raw={
            "numeroConvocatoria": number,
            "id": detail.get("id") or row.get("id"),
            "mrr": row.get("mrr"),
            "tipoConvocatoria": detail.get("tipoConvocatoria"),
            "abierto": open_flag,
            "awaiting_publication": awaiting,
        },
    )


def keep_watching(draft: Draft, *, today: date) -> bool:
    """Whether a call's details are worth reading again on a later run.

    Yes while it awaits its publication, while its period is not known as dates (a relative
    or missing period), and while it is open; no once its last deadline day has passed or
    the source says it is closed.
    """
    if draft.status_hint is Status.FORTHCOMING:
        return True
    if draft.deadlines:
        return max(draft.deadlines).astimezone(MADRID).date() >= today
    return draft.status_hint is not Status.CLOSED


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


async def fetch(
    fetcher: Fetcher, spec: SourceSpec, state: CachingState, *, now: datetime
) -> AdapterResult:
    """Calls received since the last run, with details for the ones not seen before."""
    opts = options(spec)
    base = (state.url or spec.url).rstrip("/")
    listing, filters, vpd = opts.listing, opts.filters, opts.vpd
    window_days, lookback_days = opts.window_days, opts.lookback_days
    page_size, max_pages, max_details = opts.page_size, opts.max_pages, opts.max_details
    watch_days, recheck_hours = opts.watch_days, opts.recheck_hours
    gate = pacer(fetcher, opts.pace_seconds)

    today = now.astimezone(MADRID).date()
    cursor = state.cursor
    raw_seen = cursor.get("seen", {})
    seen: dict[str, str] = (
        {str(k): str(v) for k, v in raw_seen.items()}
        if isinstance(raw_seen, Mapping)
        else dict.fromkeys(map(str, raw_seen), "")  # an older cursor kept a plain list
    )
    raw_watch = cursor.get("watch", {})
    watch: dict[str, dict[str, str]] = {
        str(k): {f: str(v.get(f) or "") for f in ("checked", "received", "until")}
        for k, v in (raw_watch.items() if isinstance(raw_watch, Mapping) else ())
        if isinstance(v, Mapping)
    }
    since = _day(cursor.get("since")) or today - timedelta(days=lookback_days)
    start = min(since, today - timedelta(days=window_days))

    problems: list[str] = []
    rows: list[Mapping[str, Any]] = []
    if listing == "ultimas":
        body = await _get_json(
            fetcher, gate, f"{base}/convocatorias/ultimas", {"vpd": vpd}, "BDNS list"
        )
        content = body.get("content") if isinstance(body, Mapping) else body
        if not isinstance(content, list):
            raise ParseError(f"BDNS list at {base} has no content")
        rows = [r for r in content if isinstance(r, Mapping)]
        listed = len(rows)
    else:
        listed = 0
        for page in range(max_pages):
            params = {
                "vpd": vpd,
                "page": page,
                "pageSize": page_size,
                "fechaDesde": start.strftime("%d/%m/%Y"),
                **filters,
            }
            body = await _get_json(
                fetcher, gate, f"{base}/convocatorias/busqueda", params, "BDNS search"
            )
            content = body.get("content") if isinstance(body, Mapping) else None
            if not isinstance(content, list):
                raise ParseError(f"BDNS search page {page} at {base} has no content")
            rows.extend(r for r in content if isinstance(r, Mapping))
            total = body.get("totalElements")
            listed = total if isinstance(total, int) else len(rows)
            if not content or body.get("last") is True:
                break
            pages = body.get("totalPages")
            if isinstance(pages, int) and page + 1 >= pages:
                break
        else:
            problems.append(f"stopped after {max_pages} search pages; raise max_pages")

    drafts: list[Draft] = []
    skipped: list[str] = []
    deferred: list[date | None] = []
    failures: list[FetchError] = []
    todo: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        number = str(row.get("numeroConvocatoria") or "").strip()
        if not number:
            skipped.append(f"list row {row.get('id')!r}: no numeroConvocatoria")
        elif number not in seen and number not in watch:
            todo.setdefault(number, row)
    oldest_watched = (today - timedelta(days=watch_days)).isoformat()
    watch = {
        n: w
        for n, w in watch.items()
        if (not w["until"] or w["until"] >= today.isoformat())
        and (not w["received"] or w["received"] >= oldest_watched)
    }
    # New calls first (never checked), then watched calls checked at least recheck_hours
    # ago, least recently checked first.
    stamp = now.astimezone(UTC).isoformat(timespec="seconds")
    due = (now.astimezone(UTC) - timedelta(hours=recheck_hours)).isoformat(timespec="seconds")
    recheck = sorted(
        (n for n in watch if n not in todo and watch[n]["checked"] <= due),
        key=lambda n: (watch[n]["checked"], n),
    )
    queue: list[tuple[str, Mapping[str, Any], bool]] = [
        *((n, row, True) for n, row in todo.items()),
        *((n, {"numeroConvocatoria": n}, False) for n in recheck),
    ]
    attempted = 0
    for number, row, new in queue[:max_details]:
        received = _day(row.get("fechaRecepcion")) if new else _day(watch[number]["received"])
        attempted += 1
        try:
            detail = await _get_json(
                fetcher, gate, f"{base}/convocatorias", {"vpd": vpd, "numConv": number}, "BDNS call"
            )
        except FetchError as error:  # transient: read it next time
            failures.append(error)
            if new:
                deferred.append(received)
            skipped.append(f"{number}: {error.reason} (retried next run)")
            continue
        except ParseError as error:
            skipped.append(f"{number}: {error.reason}")
            seen[number] = received.isoformat() if received else ""
            watch.pop(number, None)
            continue
        if isinstance(detail, list):
            detail = detail[0] if detail and isinstance(detail[0], Mapping) else {}
        try:
            draft = to_draft(row, detail if isinstance(detail, Mapping) else {}, now=now)
        except (ValueError, TypeError, AttributeError) as exc:
            skipped.append(f"{number}: {exc}")
            watch.pop(number, None)
        else:
            drafts.append(draft)
            received = received or (draft.updated_at.date() if draft.updated_at else None)
            if keep_watching(draft, today=today):
                last = max(draft.deadlines).astimezone(MADRID).date() if draft.deadlines else None
                watch[number] = {
                    "checked": stamp,
                    "received": received.isoformat() if received else today.isoformat(),
                    "until": last.isoformat() if last else "",
                }
            else:
                watch.pop(number, None)
        seen[number] = received.isoformat() if received else ""
    deferred.extend(_day(row.get("fechaRecepcion")) for _, row, new in queue[max_details:] if new)
    if attempted and len(failures) == attempted:
        raise failures[0]
    left_new = sum(1 for _, _, new in queue[max_details:] if new)
    left_watched = len(queue[max_details:]) - left_new
    if left_new:
        problems.append(f"{left_new} calls left for the next run (max_details)")
    if left_watched:
        problems.append(f"{left_watched} watched calls wait for a later re-read (max_details)")

    new_since = min((d or start for d in deferred), default=today)
    keep_from = min(new_since, today - timedelta(days=window_days)).isoformat()
    kept = {n: d for n, d in seen.items() if not d or d >= keep_from}
    if len(kept) > SEEN_LIMIT:
        kept = dict(sorted(kept.items(), key=lambda item: item[1])[-SEEN_LIMIT:])
    if len(watch) > WATCH_LIMIT:
        watch = dict(sorted(watch.items(), key=lambda item: item[1]["received"])[-WATCH_LIMIT:])
    cursor_out = {"since": new_since.isoformat(), "seen": kept, "watch": watch}
    return AdapterResult(
        tuple(drafts),
        CachingState(url=state.url, cursor=cursor_out),
        skipped=tuple(skipped),
        listed=listed,
        problems=tuple(problems),
    )


def check_base(spec: SourceSpec) -> None:
    """Refuse a base URL that points at a single endpoint instead of the API root.

    Raises:
        SourceConfigError: the URL ends in an endpoint name.
    """
    if spec.url.rstrip("/").endswith(("/busqueda", "/ultimas", "/convocatorias")):
        raise SourceConfigError(f"{spec.id}: url must be the API root ({API}), not an endpoint")
