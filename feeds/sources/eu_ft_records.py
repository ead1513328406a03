"""F&T search records read into drafts: kinds, identifiers, dates, budgets and pages.

The answer's traps, all handled in :func:`to_draft`:

* every ``metadata`` value is a list of strings, even single values;
* ``title``/``summary`` at the top level are often null (use ``metadata.title[0]``);
  cascade-funding rows (type 8) may have no ``metadata`` at all, fields at the top level;
* ``deadlineDate`` is multi-valued (two stages, cut-offs); ``deadlineModel`` says which;
* dates look like ``2026-12-08T00:00:00.000+0000`` or ``2024-09-27+02:00 Europe/Brussels``;
* ``keywords`` is a JSON array inside a string inside a list;
* ``budgetOverview`` is a JSON string covering the whole call: only entries whose
  ``action`` starts with ``"<identifier> "`` belong to this topic;
* ``typesOfAction`` has double spaces; ``descriptionByte`` is HTML;
* ``status`` stays "Open" after the deadline, so it is only a hint: status comes from dates;
* ``url`` points at a JSON data file: the human page is built per type.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from feeds.types import DeadlineModel, Draft, OpportunityKind, Status

BRUSSELS = ZoneInfo("Europe/Brussels")
PORTAL = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities"
STATUS_FORTHCOMING, STATUS_OPEN, STATUS_CLOSED = "31094501", "31094502", "31094503"
STATUS_HINTS = {
    STATUS_FORTHCOMING: Status.FORTHCOMING,
    STATUS_OPEN: Status.OPEN,
    STATUS_CLOSED: Status.CLOSED,
}
#: frameworkProgramme code -> the programme name drafts carry (a taxonomy alias).
PROGRAMMES: dict[str, str] = {
    "43254019": "ESF+",
    "43353764": "Erasmus+",
    "43152860": "Digital Europe",
    "43252405": "LIFE",
    "43252476": "Single Market Programme",
    "43251589": "CERV",
    "43254037": "European Solidarity Corps",
    "44773066": "Just Transition",
    "43251814": "Creative Europe",
    "43108390": "Horizon Europe",
}
TYPE_TENDER, TYPE_TOPIC, TYPE_EXTERNAL, TYPE_CASCADE = "0", "1", "2", "8"
#: Record type code -> what it is (see :mod:`feeds.sources.eu_ft`).
TYPES: dict[str, str] = {
    TYPE_TENDER: "tender",
    TYPE_TOPIC: "grant topic (call for proposals)",
    TYPE_EXTERNAL: "EU External Action call (PROSPECT)",
    TYPE_CASCADE: "cascade funding call",
}
_KINDS = {
    TYPE_TENDER: OpportunityKind.TENDER,
    TYPE_TOPIC: OpportunityKind.CALL,
    TYPE_EXTERNAL: OpportunityKind.CALL,
    TYPE_CASCADE: OpportunityKind.CASCADE,
}
#: EuropeAid references name the contract type: ACT grants; SER, SUP, WKS procurement.
_EUROPEAID_PROCUREMENT = re.compile(r"/(?:SER|SUP|WKS)(?:/|$)", re.IGNORECASE)
_DEADLINE_MODELS = {
    "single stage": DeadlineModel.SINGLE,
    "two stage": DeadlineModel.TWO_STAGE,
    "multiple cut off": DeadlineModel.CUT_OFFS,
    "continuous": DeadlineModel.CONTINUOUS,
}
_ZONE_NAME = re.compile(r"\s+[A-Za-z]+/[A-Za-z_]+$")
_COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
_DATE_WITH_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}(?:[+-]\d{2}:\d{2}|Z)?")


def parse_date(value: str) -> datetime | None:
    """An F&T date as an aware datetime, or None.

    Accepts ``…T00:00:00.000+0000``, ``…+0200``, ``2024-09-27+02:00 Europe/Brussels``, a
    bare date and epoch milliseconds. A date without a time is taken as 17:00 Brussels,
    the usual F&T cut-off.
    """
    text = _ZONE_NAME.sub("", value.strip())
    if not text:
        return None
    if text.isdecimal():
        try:
            return datetime.fromtimestamp(int(text) / 1000, BRUSSELS)
        except (OverflowError, OSError, ValueError):
            return None
    text = _COMPACT_OFFSET.sub(r"\1:\2", text).replace("Z", "+00:00")
    if _DATE_WITH_OFFSET.fullmatch(text):
        day = datetime.fromisoformat(text[:10])
        return day.replace(hour=17, tzinfo=BRUSSELS)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BRUSSELS)


def _values(record: Mapping[str, Any], key: str) -> list[str]:
    """A field as a list of strings, from ``metadata`` or (type 8) the top level."""
    metadata = record.get("metadata")
    value = metadata.get(key) if isinstance(metadata, Mapping) else None
    if value is None:
        value = record.get(key)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(v) for v in items if v is not None and str(v).strip()]


def first_value(record: Mapping[str, Any], key: str) -> str | None:
    """The first value of a metadata field (values are lists), or None."""
    values = _values(record, key)
    return values[0] if values else None


def identifier_of(record: Mapping[str, Any]) -> str:
    """The topic or call identifier ('' when the row has none).

    For a cascade call (type 8) this is the identifier of the topic that funds it.
    """
    return first_value(record, "identifier") or str(record.get("reference") or "").strip()


def type_of(record: Mapping[str, Any]) -> str:
    """The record type code (``1`` when the row does not say)."""
    return (first_value(record, "type") or TYPE_TOPIC).strip()


def cascade_id(record: Mapping[str, Any]) -> str:
    """A cascade call's own identity: ``cascade-<callccm2Id>``.

    Without ``callccm2Id``, a stable digest of the parent topic, the call's own URL and its
    title, so two cascade calls of one topic never share an identity.
    """
    own = first_value(record, "callccm2Id")
    if own and own.strip():
        return f"cascade-{own.strip()}"
    url = first_value(record, "url") or str(record.get("url") or "")
    title = first_value(record, "title") or str(record.get("content") or "")
    seed = "\n".join((identifier_of(record), url.strip(), " ".join(title.split())))
    return "cascade-" + hashlib.sha256(seed.encode()).hexdigest()[:16]


def row_key(record: Mapping[str, Any]) -> str:
    """The row's own identity: the identifier, or for a cascade call its own id ('' if none)."""
    identifier = identifier_of(record)
    if not identifier:
        return ""
    return cascade_id(record) if type_of(record) == TYPE_CASCADE else identifier


def kind_of(record: Mapping[str, Any]) -> OpportunityKind | None:
    """What the record is, from its type (and, for External Action calls, its reference)."""
    kind = type_of(record)
    if kind == TYPE_EXTERNAL:
        reference = " ".join([str(record.get("reference") or ""), *_values(record, "identifier")])
        if _EUROPEAID_PROCUREMENT.search(reference):
            return OpportunityKind.TENDER
    return _KINDS.get(kind)


def _keywords(record: Mapping[str, Any]) -> tuple[str, ...]:
    words: list[str] = []
    for raw in _values(record, "keywords"):
        try:
            decoded = json.loads(raw)
        except ValueError:
            decoded = [raw]
        items = decoded if isinstance(decoded, list) else [decoded]
        words.extend(" ".join(str(w).split()) for w in items if str(w).strip())
    return tuple(dict.fromkeys(words))


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def budget(record: Mapping[str, Any], identifier: str) -> tuple[Decimal | None, Decimal | None]:
    """(total, largest grant) for this topic from ``budgetOverview``, else the plain ``budget``."""
    total: Decimal | None = None
    grant_max: Decimal | None = None
    raw = first_value(record, "budgetOverview")
    try:
        overview = json.loads(raw, parse_float=Decimal) if raw else {}
    except ValueError:
        overview = {}
    actions = overview.get("budgetTopicActionMap") if isinstance(overview, Mapping) else None
    for entries in actions.values() if isinstance(actions, Mapping) else ():
        for entry in entries if isinstance(entries, list) else ():
            action = str(entry.get("action", "")) if isinstance(entry, Mapping) else ""
            if action != identifier and not action.startswith(f"{identifier} "):
                continue
            years = entry.get("budgetYearMap")
            for amount in (
                _decimal(v) for v in (years.values() if isinstance(years, Mapping) else ())
            ):
                if amount is not None:
                    total = amount if total is None else total + amount
            largest = _decimal(entry.get("maxContribution"))
            if largest is not None:
                grant_max = largest if grant_max is None else max(grant_max, largest)
    if total is None:
        total = _decimal(first_value(record, "budget"))
    return total, grant_max


def page_url(record: Mapping[str, Any], kind: str, identifier: str) -> str:
    """The portal page for a result (its ``url`` is a JSON data file).

    A cascade call without ``callccm2Id`` links to its own page when the row gives one,
    else to its parent topic's page, never to a cascade page of some other call.
    """
    if kind == TYPE_CASCADE:
        own = first_value(record, "callccm2Id")
        if own:
            return f"{PORTAL}/competitive-calls-cs/{own}"
        link = (first_value(record, "url") or "").strip()
        if link.startswith(("https://", "http://")) and not link.endswith(".json"):
            return link  # the funded project's own page for the call
        return f"{PORTAL}/topic-details/{identifier}"
    if kind == TYPE_EXTERNAL:
        return f"{PORTAL}/prospect-details/{record.get('reference') or identifier}"
    if kind == TYPE_TENDER:
        return f"{PORTAL}/tender-details/{identifier}"
    return f"{PORTAL}/topic-details/{identifier}"


def _deadline_model(record: Mapping[str, Any]) -> DeadlineModel:
    raw = (first_value(record, "deadlineModel") or "").lower().replace("-", " ").replace("_", " ")
    return _DEADLINE_MODELS.get(" ".join(raw.split()), DeadlineModel.UNKNOWN)


def to_draft(record: Mapping[str, Any], source_id: str = "eu-ft") -> Draft:
    """One search result as a draft (``source_id`` names the parent of a cascade call).

    Raises:
        ValueError: the row has no identifier or no title.
    """
    identifier = identifier_of(record)
    if not identifier:
        raise ValueError("result without identifier")
    kind = type_of(record)
    cascade = kind == TYPE_CASCADE
    own_id = row_key(record)
    title = first_value(record, "title") or str(record.get("content") or "")
    if not title.strip():
        raise ValueError("result without title")
    summary = (
        first_value(record, "descriptionByte")
        or str(record.get("summary") or "")
        or first_value(record, "topicConditions")
        or ""
    )
    deadlines = tuple(
        sorted({d for d in (parse_date(v) for v in _values(record, "deadlineDate")) if d})
    )
    opening = next((d for d in map(parse_date, _values(record, "startDate")) if d), None)
    model = _deadline_model(record)
    programme_code = first_value(record, "frameworkProgramme")
    status_code = first_value(record, "status")
    # budgetOverview of a cascade row is its parent topic's: only its own plain budget counts.
    total, grant_max = (
        (_decimal(first_value(record, "budget")), None) if cascade else budget(record, identifier)
    )
    action_type = first_value(record, "typesOfAction")
    return Draft(
        native_id=own_id,
        url=page_url(record, kind, identifier),
        title=" ".join(title.split()),
        summary=summary,
        language="en",
        programme=PROGRAMMES.get(programme_code, programme_code) if programme_code else None,
        # A cascade call is not the parent's call: sharing its call id would merge them.
        call_id=None if cascade else first_value(record, "callIdentifier"),
        topic_id=own_id,
        action_type=" ".join(action_type.split()) if action_type else None,
        opening_date=opening,
        deadlines=deadlines,
        deadline_model=model,
        # Structured F&T deadlines are instants (17:00 Brussels unless stated otherwise).
        deadline_has_time=bool(deadlines),
        deadline_zone=BRUSSELS.key,
        kind_hint=kind_of(record),
        related=(f"{source_id}:{identifier}",) if cascade else (),
        continuous=model is DeadlineModel.CONTINUOUS and not deadlines,
        status_hint=STATUS_HINTS.get(status_code or ""),
        budget_total=total,
        grant_max=grant_max,
        currency="EUR" if total is not None or grant_max is not None else None,
        keywords=_keywords(record),
        updated_at=parse_date(first_value(record, "esDA_IngestDate") or ""),
        raw={
            "identifier": identifier,
            "callccm2Id": first_value(record, "callccm2Id"),
            "type": kind,
            "status": status_code,
            "frameworkProgramme": programme_code,
            "reference": record.get("reference"),
        },
    )
