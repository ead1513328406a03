"""A BDNS call (infosubvenciones.es) read into a draft: dates, status and mappings.

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
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from feeds.text import fold
from feeds.types import Draft, Status

MADRID = ZoneInfo("Europe/Madrid")
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
#: The start or end of the period counts from the gazette publication.
_FROM_PUBLICATION = re.compile(r"publicaci")
_DAY_AFTER = re.compile(r"(?:dia )?siguiente")


def parse_day(value: Any) -> date | None:
    """A BDNS date (``2026-11-23``, or the day of a timestamp), or None."""
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
        day = parse_day(value)
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
    start = parse_day(detail.get("fechaInicioSolicitud"))
    end = parse_day(detail.get("fechaFinSolicitud"))
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
