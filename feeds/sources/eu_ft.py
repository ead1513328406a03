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

Parameters (``spec.params``): ``programmes`` (frameworkProgramme codes, or the names in
:data:`PROGRAMME_CODES`; default :data:`DEFAULT_PROGRAMMES`), ``types`` (default 1, 2, 8),
``pace_seconds`` (1.0), ``page_size`` (100), ``max_pages`` (60), ``retries`` (3).

Interreg is not in this API: its programmes are run under shared management by their own
secretariats and publish calls on their sites, so there is no frameworkProgramme code to
ask for. Use their feeds (rss adapter) instead; naming it here is a configuration error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

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
from feeds.sources.eu_ft_records import (
    BRUSSELS,
    PORTAL,
    PROGRAMMES,
    STATUS_CLOSED,
    STATUS_FORTHCOMING,
    STATUS_HINTS,
    STATUS_OPEN,
    TYPE_CASCADE,
    TYPE_EXTERNAL,
    TYPE_TENDER,
    TYPE_TOPIC,
    TYPES,
    budget,
    cascade_id,
    first_value,
    identifier_of,
    kind_of,
    page_url,
    parse_date,
    row_key,
    to_draft,
    type_of,
)
from feeds.types import CachingState, Draft, SourceSpec

if TYPE_CHECKING:
    from feeds.http import Fetcher

__all__ = [  # reading a record lives in feeds.sources.eu_ft_records; importable from here too
    "BRUSSELS",
    "DEFAULT_PROGRAMMES",
    "DEFAULT_TYPES",
    "PARAMS",
    "PORTAL",
    "PROGRAMMES",
    "PROGRAMME_CODES",
    "SEARCH_URL",
    "STATUS_CLOSED",
    "STATUS_FORTHCOMING",
    "STATUS_HINTS",
    "STATUS_OPEN",
    "TYPES",
    "TYPE_CASCADE",
    "TYPE_CODES",
    "TYPE_EXTERNAL",
    "TYPE_TENDER",
    "TYPE_TOPIC",
    "Options",
    "budget",
    "cascade_id",
    "fetch",
    "first_value",
    "identifier_of",
    "kind_of",
    "options",
    "page_url",
    "parse_date",
    "programme_codes",
    "query",
    "row_key",
    "to_draft",
    "type_codes",
    "type_of",
]

SEARCH_URL = "https://api.tech.ec.europa.eu/search-api/prod/rest/search"
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
DEFAULT_TYPES: tuple[str, ...] = (TYPE_TOPIC, TYPE_EXTERNAL, TYPE_CASCADE)
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
        c for c in (first_value(r, "frameworkProgramme") for r in records.values()) if c
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
