"""The EU Funding & Tenders search API (SEDIA): open and forthcoming grants and cascade calls.

Record types (the ``type`` field; :data:`TYPES`):

* ``0`` a tender (public procurement; kind ``tender``);
* ``1`` a grant topic: the unit a call for proposals is applied to (kind ``call``);
* ``2`` an EU External Action call published through PROSPECT (EuropeAid references such as
  ``EuropeAid/186411/DD/ACT/CN``, for partners in and with third countries), not a topic of
  the EU programmes: a call for proposals when its reference says ``ACT`` (grants), a
  tender when it says ``SER``, ``SUP`` or ``WKS`` (services, supplies, works);
* ``8`` a cascade-funding call (financial support to third parties): an EU-funded project
  re-grants part of its budget. Its ``identifier`` is the *parent* topic's, so it is known
  by its own ``callccm2Id`` (``cascade-14741``), keeps the parent's uid in ``related``, and
  never takes the parent's call id or budget lines.

``POST …/rest/search?apiKey=SEDIA&text=***&pageSize=100&pageNumber=N`` with a
``multipart/form-data`` body whose parts are JSON (``query``, ``languages``, ``sort``).
Pages are sorted by ``identifier`` (the default sort has ties that shuffle rows across
pages) and read until ``results`` is empty; ``totalResults`` is ignored and rows are
deduplicated on ``identifier``. A failed page is retried up to 3 times with backoff, and
pages go out about one per second.

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

Parameters (``spec.params``): ``programmes`` (frameworkProgramme codes, or the names in
:data:`PROGRAMME_CODES`; default :data:`DEFAULT_PROGRAMMES`), ``types`` (default 1, 2, 8),
``pace_seconds`` (1.0), ``page_size`` (100), ``max_pages`` (60), ``retries`` (3).

Interreg is not in this API: its programmes are run under shared management by their own
secretariats and publish calls on their sites, so there is no frameworkProgramme code to
ask for. Use their feeds (rss adapter) instead; naming it here is a configuration error.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from feeds.exceptions import (
    ChallengePage,
    FeedError,
    FetchError,
    HTTPStatusError,
    ParseError,
    SourceConfigError,
    TooLarge,
    TooManyRedirects,
    UnexpectedContent,
)
from feeds.sources import (
    AdapterResult,
    Pacer,
    non_negative,
    non_negative_int,
    pacer,
    param,
    positive_int,
    read_json,
)
from feeds.types import CachingState, DeadlineModel, Draft, OpportunityKind, SourceSpec, Status

if TYPE_CHECKING:
    from feeds.http import Fetcher

BRUSSELS = ZoneInfo("Europe/Brussels")
SEARCH_URL = "https://api.tech.ec.europa.eu/search-api/prod/rest/search"
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
#: Names accepted in ``params["programmes"]`` (folded to lower case) -> code.
PROGRAMME_CODES: dict[str, str] = {
    **{name.lower(): code for code, name in PROGRAMMES.items()},
    "esf": "43254019",
    "easi": "43254019",
    "erasmus": "43353764",
    "digital": "43152860",
    "single market": "43252476",
    "smp": "43252476",
    "cosme": "43252476",
    "esc": "43254037",
    "solidarity corps": "43254037",
    "jtm": "44773066",
    "just transition mechanism": "44773066",
    "horizon": "43108390",
}
#: The alliance's selection: ESF+, Erasmus+, Digital Europe, LIFE, Single Market, CERV,
#: Solidarity Corps, Just Transition, Horizon Europe (Creative Europe only on request).
DEFAULT_PROGRAMMES: tuple[str, ...] = (
    "43254019",
    "43353764",
    "43152860",
    "43252405",
    "43252476",
    "43251589",
    "43254037",
    "44773066",
    "43108390",
)
TYPE_TENDER, TYPE_TOPIC, TYPE_EXTERNAL, TYPE_CASCADE = "0", "1", "2", "8"
#: Record type code -> what it is (see the module docstring).
TYPES: dict[str, str] = {
    TYPE_TENDER: "tender",
    TYPE_TOPIC: "grant topic (call for proposals)",
    TYPE_EXTERNAL: "EU External Action call (PROSPECT)",
    TYPE_CASCADE: "cascade funding call",
}
#: Names accepted in ``params["types"]`` (folded to lower case) -> code.
TYPE_CODES: dict[str, str] = {
    "tender": TYPE_TENDER,
    "tenders": TYPE_TENDER,
    "grant": TYPE_TOPIC,
    "grants": TYPE_TOPIC,
    "topic": TYPE_TOPIC,
    "call": TYPE_TOPIC,
    "calls": TYPE_TOPIC,
    "external": TYPE_EXTERNAL,
    "external action": TYPE_EXTERNAL,
    "external actions": TYPE_EXTERNAL,
    "cascade": TYPE_CASCADE,
    "cascade funding": TYPE_CASCADE,
}
_KINDS = {
    TYPE_TENDER: OpportunityKind.TENDER,
    TYPE_TOPIC: OpportunityKind.CALL,
    TYPE_EXTERNAL: OpportunityKind.CALL,
    TYPE_CASCADE: OpportunityKind.CASCADE,
}
#: EuropeAid references name the contract type: ACT grants; SER, SUP, WKS procurement.
_EUROPEAID_PROCUREMENT = re.compile(r"/(?:SER|SUP|WKS)(?:/|$)", re.IGNORECASE)
DEFAULT_TYPES: tuple[str, ...] = (TYPE_TOPIC, TYPE_EXTERNAL, TYPE_CASCADE)
_DEADLINE_MODELS = {
    "single stage": DeadlineModel.SINGLE,
    "two stage": DeadlineModel.TWO_STAGE,
    "multiple cut off": DeadlineModel.CUT_OFFS,
    "continuous": DeadlineModel.CONTINUOUS,
}
_ZONE_NAME = re.compile(r"\s+[A-Za-z]+/[A-Za-z_]+$")
_COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
_DATE_WITH_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}(?:[+-]\d{2}:\d{2}|Z)?")
_BACKOFF_CAP = 60.0


def programme_codes(values: Any) -> tuple[str, ...]:
    """Codes from ``params["programmes"]``: codes pass, known names map, Interreg is explained.

    Raises:
        ValueError: a name is not known (the message says what to do).
    """
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise TypeError("expected a list of frameworkProgramme codes or names")
    codes: list[str] = []
    for value in values:
        text = str(value).strip()
        if text.isdecimal():
            codes.append(text)
            continue
        if "interreg" in text.lower():
            raise ValueError(
                "Interreg calls are not in the F&T search API (shared management, published "
                "by each programme); add the programme's feed as an rss source instead"
            )
        code = PROGRAMME_CODES.get(" ".join(text.lower().split()))
        if code is None:
            raise ValueError(
                f"unknown programme {text!r}; give its frameworkProgramme code (the F&T facet "
                "endpoint lists them) or one of: " + ", ".join(sorted(PROGRAMMES.values()))
            )
        codes.append(code)
    return tuple(dict.fromkeys(codes))


def type_codes(values: Any) -> tuple[str, ...]:
    """Codes from ``params["types"]``: ``0``, ``1``, ``2``, ``8`` or their names.

    Raises:
        ValueError: a type is not known.
    """
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise TypeError("expected a list of record types")
    codes: list[str] = []
    for value in values:
        text = " ".join(str(value).lower().split())
        code = text if text in TYPES else TYPE_CODES.get(text)
        if code is None:
            raise ValueError(
                f"unknown record type {value!r}; use 0 (tender), 1 (grant topic), "
                "2 (EU External Action call) or 8 (cascade funding)"
            )
        codes.append(code)
    if not codes:
        raise ValueError("name at least one record type")
    return tuple(dict.fromkeys(codes))


def query(programmes: tuple[str, ...], types: tuple[str, ...] = DEFAULT_TYPES) -> dict[str, Any]:
    """The search query: open or forthcoming calls of the 2021-2027 period."""
    return {
        "bool": {
            "must": [
                {"terms": {"type": list(types)}},
                {"terms": {"status": [STATUS_FORTHCOMING, STATUS_OPEN]}},
                {"term": {"programmePeriod": "2021 - 2027"}},
                {"terms": {"frameworkProgramme": list(programmes)}},
            ]
        }
    }


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


def _first(record: Mapping[str, Any], key: str) -> str | None:
    values = _values(record, key)
    return values[0] if values else None


def identifier_of(record: Mapping[str, Any]) -> str:
    """The topic or call identifier ('' when the row has none).

    For a cascade call (type 8) this is the identifier of the topic that funds it.
    """
    return _first(record, "identifier") or str(record.get("reference") or "").strip()


def type_of(record: Mapping[str, Any]) -> str:
    """The record type code (``1`` when the row does not say)."""
    return (_first(record, "type") or TYPE_TOPIC).strip()


def cascade_id(record: Mapping[str, Any]) -> str:
    """A cascade call's own identity: ``cascade-<callccm2Id>``.

    Without ``callccm2Id``, a stable digest of the parent topic, the call's own URL and its
    title, so two cascade calls of one topic never share an identity.
    """
    own = _first(record, "callccm2Id")
    if own and own.strip():
        return f"cascade-{own.strip()}"
    url = _first(record, "url") or str(record.get("url") or "")
    title = _first(record, "title") or str(record.get("content") or "")
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
    raw = _first(record, "budgetOverview")
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
        total = _decimal(_first(record, "budget"))
    return total, grant_max


def page_url(record: Mapping[str, Any], kind: str, identifier: str) -> str:
    """The portal page for a result (its ``url`` is a JSON data file).

    A cascade call without ``callccm2Id`` links to its own page when the row gives one,
    else to its parent topic's page, never to a cascade page of some other call.
    """
    if kind == TYPE_CASCADE:
        own = _first(record, "callccm2Id")
        if own:
            return f"{PORTAL}/competitive-calls-cs/{own}"
        link = (_first(record, "url") or "").strip()
        if link.startswith(("https://", "http://")) and not link.endswith(".json"):
            return link  # the funded project's own page for the call
        return f"{PORTAL}/topic-details/{identifier}"
    if kind == TYPE_EXTERNAL:
        return f"{PORTAL}/prospect-details/{record.get('reference') or identifier}"
    if kind == TYPE_TENDER:
        return f"{PORTAL}/tender-details/{identifier}"
    return f"{PORTAL}/topic-details/{identifier}"


def _deadline_model(record: Mapping[str, Any]) -> DeadlineModel:
    raw = (_first(record, "deadlineModel") or "").lower().replace("-", " ").replace("_", " ")
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
    title = _first(record, "title") or str(record.get("content") or "")
    if not title.strip():
        raise ValueError("result without title")
    summary = (
        _first(record, "descriptionByte")
        or str(record.get("summary") or "")
        or _first(record, "topicConditions")
        or ""
    )
    deadlines = tuple(
        sorted({d for d in (parse_date(v) for v in _values(record, "deadlineDate")) if d})
    )
    opening = next((d for d in map(parse_date, _values(record, "startDate")) if d), None)
    model = _deadline_model(record)
    programme_code = _first(record, "frameworkProgramme")
    status_code = _first(record, "status")
    # budgetOverview of a cascade row is its parent topic's: only its own plain budget counts.
    total, grant_max = (
        (_decimal(_first(record, "budget")), None) if cascade else budget(record, identifier)
    )
    action_type = _first(record, "typesOfAction")
    return Draft(
        native_id=own_id,
        url=page_url(record, kind, identifier),
        title=" ".join(title.split()),
        summary=summary,
        language="en",
        programme=PROGRAMMES.get(programme_code, programme_code) if programme_code else None,
        # A cascade call is not the parent's call: sharing its call id would merge them.
        call_id=None if cascade else _first(record, "callIdentifier"),
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
        updated_at=parse_date(_first(record, "esDA_IngestDate") or ""),
        raw={
            "identifier": identifier,
            "callccm2Id": _first(record, "callccm2Id"),
            "type": kind,
            "status": status_code,
            "frameworkProgramme": programme_code,
            "reference": record.get("reference"),
        },
    )


PARAMS = frozenset({"programmes", "types", "pace_seconds", "page_size", "max_pages", "retries"})


@dataclass(frozen=True, slots=True)
class Options:
    """The source's ``params``, checked."""

    programmes: tuple[str, ...]
    types: tuple[str, ...]
    pace_seconds: float
    page_size: int
    max_pages: int
    retries: int


def options(spec: SourceSpec) -> Options:
    """``spec.params`` read and checked (also by ``inexa-bot check-config``).

    Raises:
        SourceConfigError: a value cannot work.
    """
    made = Options(
        programmes=param(spec, "programmes", DEFAULT_PROGRAMMES, programme_codes),
        types=param(spec, "types", DEFAULT_TYPES, type_codes),
        pace_seconds=param(spec, "pace_seconds", 1.0, non_negative),
        page_size=param(spec, "page_size", 100, positive_int),
        max_pages=param(spec, "max_pages", 60, positive_int),
        retries=param(spec, "retries", 3, non_negative_int),
    )
    if not made.programmes:
        raise SourceConfigError(f"{spec.id}: no programmes to ask for")
    return made


async def fetch(
    fetcher: Fetcher, spec: SourceSpec, state: CachingState, *, now: datetime
) -> AdapterResult:
    """Sweep every page of open and forthcoming calls."""
    opts = options(spec)
    programmes, types, pace = opts.programmes, opts.types, opts.pace_seconds
    page_size, max_pages, retries = opts.page_size, opts.max_pages, opts.retries
    files = {
        "query": (None, json.dumps(query(programmes, types)), "application/json"),
        "languages": (None, json.dumps(["en"]), "application/json"),
        "sort": (None, json.dumps({"field": "identifier", "order": "ASC"}), "application/json"),
    }
    url = state.url or spec.url
    gate = pacer(fetcher, pace)
    records: dict[str, Mapping[str, Any]] = {}
    skipped: list[str] = []
    problems: list[str] = []
    for page in range(1, max_pages + 1):
        params = {"apiKey": "SEDIA", "text": "***", "pageSize": page_size, "pageNumber": page}
        results = await _page(fetcher, url, params, files, retries=retries, gate=gate)
        if not results:
            break
        for index, record in enumerate(results):
            # Cascade calls share their parent topic's identifier: key them by their own id.
            key = row_key(record) if isinstance(record, Mapping) else ""
            if not key:
                skipped.append(f"page {page} row {index}: no identifier")
                continue
            records.setdefault(key, record)
    else:
        problems.append(f"stopped after {max_pages} pages without reaching an empty page")
    unknown = {
        c for c in (_first(r, "frameworkProgramme") for r in records.values()) if c
    } - PROGRAMMES.keys()
    if unknown:
        problems.append("programme codes without a name here: " + ", ".join(sorted(unknown)))
    drafts: list[Draft] = []
    for key, record in records.items():
        try:
            drafts.append(to_draft(record, spec.id))
        except (ValueError, TypeError, AttributeError) as exc:
            skipped.append(f"{key}: {exc}")
    return AdapterResult(
        tuple(drafts),
        state,
        skipped=tuple(skipped),
        listed=len(records),
        problems=tuple(problems),
    )


def _retryable(error: FeedError) -> bool:
    """Stray 5xx, 429, timeouts, dropped connections and F&T error bodies pass with time."""
    if isinstance(error, HTTPStatusError):
        return error.status >= 500 or error.status == 429
    if isinstance(error, ChallengePage | UnexpectedContent | TooLarge | TooManyRedirects):
        return False
    return isinstance(error, FetchError | ParseError)


async def _page(
    fetcher: Fetcher,
    url: str,
    params: Mapping[str, Any],
    files: Mapping[str, Any],
    *,
    retries: int,
    gate: Pacer,
) -> list[Any]:
    """One page's ``results``, retried with backoff on timeouts, 5xx and F&T error bodies."""
    last: FeedError | None = None
    for attempt in range(retries + 1):
        if attempt:
            wait = max(2.0**attempt, last.retry_after or 0.0) if last else 2.0**attempt
            await fetcher.sleep(min(wait, _BACKOFF_CAP))
        await gate.wait()
        try:
            result = await fetcher.request(
                "POST",
                url,
                params=params,
                files=files,
                expect="json",
                headers={"Accept": "application/json"},
            )
            body = read_json(result, "F&T page")
            if isinstance(body, Mapping) and body.get("type") == "throwable":
                raise ParseError(f"F&T error: {str(body.get('message') or body)[:200]}")
            results = body.get("results") if isinstance(body, Mapping) else None
            if not isinstance(results, list):
                raise ParseError(f"F&T page {params.get('pageNumber')} has no results list")
        except FeedError as error:
            if not _retryable(error):
                raise
            last = error
            continue
        return results
    assert last is not None
    raise last
