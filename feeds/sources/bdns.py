"""Spain's national grants database (BDNS, infosubvenciones.es): JSON REST.

The latest calls come from ``/convocatorias/ultimas``; each call not seen before is then
read in detail (``/convocatorias?numConv=N``) for its application period, budget, regions
and beneficiary types. At most a few requests per second (the official guide allows 10).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, time
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from feeds.exceptions import FeedError, ParseError, SourceOutage
from feeds.sources import AdapterResult
from feeds.types import CachingState, Draft, SourceSpec, Status

if TYPE_CHECKING:
    from feeds.http import Fetcher

MADRID = ZoneInfo("Europe/Madrid")
PAGE = "https://www.infosubvenciones.es/bdnstrans/GE/es/convocatorias/{n}"
#: BDNS beneficiary types -> the organisation types members choose.
BENEFICIARIES = {
    "PERSONAS JURÍDICAS QUE NO DESARROLLAN ACTIVIDAD ECONÓMICA": "ngo",
    "PYME Y PERSONAS FÍSICAS QUE DESARROLLAN ACTIVIDAD ECONÓMICA": "sme",
    "GRAN EMPRESA": "sme",
    "PERSONAS FÍSICAS QUE NO DESARROLLAN ACTIVIDAD ECONÓMICA": "other",
}
Sleep = Callable[[float], Awaitable[None]]
SEEN_LIMIT = 5000


def _date(value: Any, *, end: bool) -> datetime | None:
    if not value:
        return None
    try:
        day = datetime.fromisoformat(str(value)[:10]).date()
    except ValueError:
        return None
    return datetime.combine(day, time(23, 59) if end else time(0, 0), tzinfo=MADRID)


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _names(items: Any) -> list[str]:
    names: list[str] = []
    for item in items or ():
        if isinstance(item, Mapping):
            names.append(str(item.get("descripcion") or item.get("description") or ""))
        else:
            names.append(str(item))
    return [n for n in names if n]


def to_draft(summary: Mapping[str, Any], detail: Mapping[str, Any], spec: SourceSpec) -> Draft:
    """A call from its list row and its detail."""
    number = str(summary.get("numeroConvocatoria") or detail.get("codigoBDNS") or "")
    if not number:
        raise ParseError("call without numeroConvocatoria")
    title = str(detail.get("descripcion") or summary.get("descripcion") or number)
    organ = detail.get("organo") or {}
    owner = " / ".join(
        str(organ.get(k))
        for k in ("nivel1", "nivel2", "nivel3")
        if isinstance(organ, Mapping) and organ.get(k)
    ) or " / ".join(str(summary.get(k)) for k in ("nivel1", "nivel2", "nivel3") if summary.get(k))
    end = _date(detail.get("fechaFinSolicitud"), end=True)
    start = _date(detail.get("fechaInicioSolicitud"), end=False)
    regions = []
    for region in _names(detail.get("regiones")):
        code = region.split(" - ", 1)[0].strip()
        if code and code.isalnum():
            regions.append(code)
    countries = tuple(dict.fromkeys(["ES", *regions]))
    org_types = tuple(
        dict.fromkeys(
            BENEFICIARIES[name.upper()]
            for name in _names(detail.get("tiposBeneficiarios"))
            if name.upper() in BENEFICIARIES
        )
    )
    relative = " ".join(str(detail.get(k) or "") for k in ("textInicio", "textFin")).strip()
    open_flag = detail.get("abierto")
    received = _date(summary.get("fechaRecepcion"), end=False)
    return Draft(
        native_id=number,
        url=PAGE.format(n=number),
        title=" ".join(title.split()),
        summary=" · ".join(p for p in (owner, str(detail.get("descripcionFinalidad") or "")) if p),
        language="es",
        programme="BDNS",
        call_id=f"BDNS-{number}",
        opening_date=start,
        deadlines=(end,) if end else (),
        deadline_text=f"plazo de presentación de solicitudes: {relative}"
        if relative and not end
        else "",
        status_hint=(
            Status.OPEN if open_flag is True else Status.CLOSED if open_flag is False else None
        ),
        budget_total=_decimal(detail.get("presupuestoTotal")),
        currency="EUR" if detail.get("presupuestoTotal") not in (None, "") else None,
        eligible_countries=countries,
        eligible_org_types=org_types,
        keywords=tuple(_names(detail.get("sectores")))[:10],
        published_at=received,
        updated_at=received,
        raw={"numeroConvocatoria": number, "mrr": summary.get("mrr")},
    )


async def _json(fetcher: Fetcher, url: str, params: Mapping[str, Any]) -> Any:
    result = await fetcher.get(
        url, params=params, expect="json", accept="application/json", conditional=False
    )
    try:
        return json.loads(result.content)
    except ValueError as exc:
        raise ParseError(f"BDNS answered something that is not JSON: {exc}") from exc


async def fetch(
    fetcher: Fetcher,
    spec: SourceSpec,
    state: CachingState,
    now: datetime,
    *,
    sleep: Sleep = asyncio.sleep,
    pace: float = 0.5,
) -> AdapterResult:
    """The latest calls, with details for the ones not seen before."""
    base = (state.url or spec.url).rstrip("/")
    pace = float(spec.params.get("pace_seconds", pace))
    page_size = int(spec.params.get("page_size", 50))
    listing = await _json(
        fetcher, f"{base}/convocatorias/ultimas", {"vpd": "GE", "pageSize": page_size, "page": 0}
    )
    rows = listing.get("content") if isinstance(listing, Mapping) else listing
    if not isinstance(rows, list):
        raise ParseError("BDNS list has no content")
    seen = [str(n) for n in state.cursor.get("seen", [])]
    known = set(seen)
    drafts: list[Draft] = []
    skipped: list[str] = []
    for row in rows:
        if not isinstance(row, Mapping):
            skipped.append("list row is not an object")
            continue
        number = str(row.get("numeroConvocatoria") or "")
        if not number or number in known:
            continue
        await sleep(pace)
        try:
            detail = await _json(fetcher, f"{base}/convocatorias", {"numConv": number, "vpd": "GE"})
            drafts.append(to_draft(row, detail if isinstance(detail, Mapping) else {}, spec))
            seen.append(number)
        except ParseError as exc:
            skipped.append(f"{number}: {exc}")
        except FeedError as exc:
            # One failing detail must not lose the others; it is retried next time.
            skipped.append(f"{number}: {exc}")
    if spec.min_items and len(rows) < spec.min_items:
        raise SourceOutage(
            f"{spec.id}: {len(rows)} calls listed where at least {spec.min_items} are usual"
        )
    cursor = {**dict(state.cursor), "seen": seen[-SEEN_LIMIT:]}
    return AdapterResult(
        tuple(drafts), CachingState(url=state.url, cursor=cursor), skipped=tuple(skipped)
    )
