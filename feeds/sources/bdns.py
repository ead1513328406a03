"""Spain's national grants database (BDNS, infosubvenciones.es): JSON REST, incremental.

1. List recent calls: ``GET /convocatorias/busqueda?vpd=GE&page=N&pageSize=…&fechaDesde=d/m/Y``
   (``page`` is 0-based, ``fechaDesde`` is inclusive on ``fechaRecepcion``), or
   ``GET /convocatorias/ultimas?vpd=GE`` with ``params["listing"] = "ultimas"``.
2. Read each call not seen before in detail: ``GET /convocatorias?vpd=GE&numConv=N``.

The cursor (``CachingState.cursor``) holds ``since`` (the earliest reception date that may
still hold unread calls) and ``seen`` (call number -> reception date, pruned as the window
moves). The listing window always spans at least ``window_days``, so a weekend never
looks like an empty database and ``listed`` (``totalElements``) stays a fair outage signal.
At most ``max_details`` details per run; the rest, and details that failed to download,
are read next time.

Details: ``fechaInicioSolicitud``/``fechaFinSolicitud`` are dates (Europe/Madrid; a
deadline day ends at 23:59); ``textFin`` is the deadline text when the period is relative
("un mes desde la publicación"), counted from the official publication (``anuncios``);
``abierto`` is a hint only (it goes stale); ``presupuestoTotal`` is EUR; ``regiones``
(``"ES300 - Madrid"``) give NUTS codes; ``tiposBeneficiarios`` map to organisation types.

Parameters (``spec.params``): ``listing``, ``filters`` (extra busqueda parameters such as
``finalidad``, ``regiones``, ``tiposBeneficiario``, ``mrr``; passed through unverified),
``window_days`` (4), ``lookback_days`` (7, first run), ``page_size`` (50), ``max_pages``
(20), ``max_details`` (200), ``pace_seconds`` (0.5; the official guide allows 10/s).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
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


def to_draft(row: Mapping[str, Any], detail: Mapping[str, Any]) -> Draft:
    """A call from its listing row and its detail.

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
    published = min(
        (d for d in (_instant(a.get("datPublicacion")) for a in notices) if d), default=None
    ) or _instant(detail.get("fechaRecepcion") or row.get("fechaRecepcion"))
    start = _day(detail.get("fechaInicioSolicitud"))
    end = _day(detail.get("fechaFinSolicitud"))
    text_end = " ".join(str(detail.get("textFin") or "").split())
    continuous = end is None and bool(_CONTINUOUS.search(fold(text_end)))
    open_flag = detail.get("abierto")
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
        opening_date=datetime.combine(start, time(0, 0), tzinfo=MADRID) if start else None,
        deadlines=(datetime.combine(end, time(23, 59), tzinfo=MADRID),) if end else (),
        deadline_text=(
            f"Plazo de presentación de solicitudes: {text_end}"
            if text_end and not end and not continuous
            else ""
        ),
        continuous=continuous,
        status_hint=Status.OPEN
        if open_flag is True
        else Status.CLOSED
        if open_flag is False
        else None,
        budget_total=budget,
        currency="EUR" if budget is not None else None,
        keywords=tuple(dict.fromkeys(k for k in keywords if k)),
        eligible_countries=regions(_names(detail.get("regiones"))),
        eligible_org_types=org_types(_names(detail.get("tiposBeneficiarios"))),
        published_at=published,
        updated_at=published,
        raw={
            "numeroConvocatoria": number,
            "id": detail.get("id") or row.get("id"),
            "mrr": row.get("mrr"),
            "tipoConvocatoria": detail.get("tipoConvocatoria"),
            "abierto": open_flag,
        },
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


def _vpd(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9]{1,10}", value):
        raise ValueError("expected a portal code such as 'GE'")
    return value


#: ``params`` a bdns source takes, each with its check (see :func:`feeds.sources.check_params`).
PARAMS: Mapping[str, Callable[[Any], object]] = {
    "listing": _listing,
    "filters": _filters,
    "vpd": _vpd,
    "window_days": positive_int,
    "lookback_days": positive_int,
    "page_size": positive_int,
    "max_pages": positive_int,
    "max_details": positive_int,
    "pace_seconds": non_negative,
}


async def fetch(
    fetcher: Fetcher, spec: SourceSpec, state: CachingState, *, now: datetime
) -> AdapterResult:
    """Calls received since the last run, with details for the ones not seen before."""
    check_base(spec)
    base = (state.url or spec.url).rstrip("/")
    listing = param(spec, "listing", "busqueda", _listing)
    filters: dict[str, str] = param(spec, "filters", {}, _filters)
    window_days = param(spec, "window_days", 4, positive_int)
    lookback_days = param(spec, "lookback_days", 7, positive_int)
    page_size = param(spec, "page_size", 50, positive_int)
    max_pages = param(spec, "max_pages", 20, positive_int)
    max_details = param(spec, "max_details", 200, positive_int)
    gate = pacer(fetcher, param(spec, "pace_seconds", 0.5, non_negative))
    vpd = param(spec, "vpd", "GE", _vpd)

    today = now.astimezone(MADRID).date()
    cursor = state.cursor
    raw_seen = cursor.get("seen", {})
    seen: dict[str, str] = (
        {str(k): str(v) for k, v in raw_seen.items()}
        if isinstance(raw_seen, Mapping)
        else dict.fromkeys(map(str, raw_seen), "")  # an older cursor kept a plain list
    )
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
    attempted = 0
    todo: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        number = str(row.get("numeroConvocatoria") or "").strip()
        if not number:
            skipped.append(f"list row {row.get('id')!r}: no numeroConvocatoria")
        elif number not in seen:
            todo.setdefault(number, row)
    for number, row in todo.items():
        received = _day(row.get("fechaRecepcion"))
        if attempted >= max_details:
            deferred.append(received)
            continue
        attempted += 1
        try:
            detail = await _get_json(
                fetcher, gate, f"{base}/convocatorias", {"vpd": vpd, "numConv": number}, "BDNS call"
            )
        except FetchError as error:  # transient: read it next time
            failures.append(error)
            deferred.append(received)
            skipped.append(f"{number}: {error.reason} (retried next run)")
            continue
        except ParseError as error:
            skipped.append(f"{number}: {error.reason}")
            seen[number] = received.isoformat() if received else ""
            continue
        if isinstance(detail, list):
            detail = detail[0] if detail and isinstance(detail[0], Mapping) else {}
        try:
            drafts.append(to_draft(row, detail if isinstance(detail, Mapping) else {}))
        except (ValueError, TypeError, AttributeError) as exc:
            skipped.append(f"{number}: {exc}")
        seen[number] = received.isoformat() if received else ""
    if attempted and len(failures) == attempted:
        raise failures[0]
    if len(todo) > max_details:
        problems.append(f"{len(todo) - max_details} calls left for the next run (max_details)")

    new_since = min((d or start for d in deferred), default=today)
    keep_from = min(new_since, today - timedelta(days=window_days)).isoformat()
    kept = {n: d for n, d in seen.items() if not d or d >= keep_from}
    if len(kept) > SEEN_LIMIT:
        kept = dict(sorted(kept.items(), key=lambda item: item[1])[-SEEN_LIMIT:])
    cursor_out = {"since": new_since.isoformat(), "seen": kept}
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
