"""The EU Funding & Tenders search API (SEDIA): open and forthcoming grants and cascade calls.

The request is ``multipart/form-data`` whose parts are JSON; pages are sorted by
``identifier`` (the default sort has ties that shuffle rows across pages) and read until an
empty page, with rows deduplicated on ``identifier``. Every ``metadata`` value is a list of
strings, dates come as ``2026-12-08T00:00:00.000+0000``, ``keywords`` is a JSON array inside
a string inside a list, and the ``status`` field stays "Open" after the deadline, so status
is never copied: it is derived from the dates.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from feeds.exceptions import FeedError, ParseError, SourceOutage
from feeds.sources import AdapterResult
from feeds.types import CachingState, DeadlineModel, Draft, SourceSpec, Status

if TYPE_CHECKING:
    from feeds.http import Fetcher

BRUSSELS = ZoneInfo("Europe/Brussels")
PAGE_SIZE = 100
MAX_PAGES = 60
STATUS_FORTHCOMING, STATUS_OPEN = "31094501", "31094502"
#: frameworkProgramme codes -> the programme name shown to members.
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
#: The alliance's default selection (Interreg calls are not in F&T; they come from programme sites).
DEFAULT_PROGRAMMES = tuple(PROGRAMMES)
PORTAL = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities"
_DEADLINE_MODELS = {
    "single-stage": DeadlineModel.SINGLE,
    "two-stage": DeadlineModel.TWO_STAGE,
    "multiple cut-off": DeadlineModel.CUT_OFFS,
}
_ZONE_SUFFIX = re.compile(r"\s+[A-Za-z]+/[A-Za-z_]+$")

Sleep = Callable[[float], Awaitable[None]]


def query(programmes: tuple[str, ...]) -> dict[str, Any]:
    """The search query: grants, calls and cascade funding, open or forthcoming, 2021-2027."""
    return {
        "bool": {
            "must": [
                {"terms": {"type": ["1", "2", "8"]}},
                {"terms": {"status": [STATUS_FORTHCOMING, STATUS_OPEN]}},
                {"term": {"programmePeriod": "2021 - 2027"}},
                {"terms": {"frameworkProgramme": list(programmes)}},
            ]
        }
    }


def parse_date(value: str) -> datetime | None:
    """F&T dates: ``…+0000``, ``…+0200``, ``2024-09-27+02:00 Europe/Brussels``, epoch ms."""
    text = _ZONE_SUFFIX.sub("", value.strip())
    if text.isdigit():
        return datetime.fromtimestamp(int(text) / 1000, BRUSSELS)
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[+-]\d{2}:\d{2}", text):
        text = text[:10] + "T17:00:00" + text[10:]  # a date alone: the usual 17:00 Brussels
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BRUSSELS)


def _values(record: Mapping[str, Any], key: str) -> list[str]:
    metadata = record.get("metadata")
    value = metadata.get(key) if isinstance(metadata, Mapping) else None
    if value is None:
        value = record.get(key)  # cascade (type 8) rows may carry fields at the top level
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    return [str(value)]


def _first(record: Mapping[str, Any], key: str) -> str | None:
    values = _values(record, key)
    return values[0] if values else None


def _keywords(record: Mapping[str, Any]) -> tuple[str, ...]:
    words: list[str] = []
    for raw in _values(record, "keywords"):
        try:
            decoded = json.loads(raw)
        except ValueError:
            decoded = [raw]
        if isinstance(decoded, list):
            words.extend(str(w).strip() for w in decoded if str(w).strip())
    return tuple(dict.fromkeys(words))


def _budget(record: Mapping[str, Any], identifier: str) -> tuple[Decimal | None, Decimal | None]:
    raw = _first(record, "budgetOverview")
    if not raw:
        return None, None
    try:
        overview = json.loads(raw)
    except ValueError:
        return None, None
    total = Decimal(0)
    grant_max: Decimal | None = None
    found = False
    actions = overview.get("budgetTopicActionMap", {}) if isinstance(overview, dict) else {}
    for entries in actions.values() if isinstance(actions, dict) else ():
        for entry in entries if isinstance(entries, list) else ():
            if not isinstance(entry, dict) or not str(entry.get("action", "")).startswith(
                f"{identifier} "
            ):
                continue
            for amount in (entry.get("budgetYearMap") or {}).values():
                try:
                    total += Decimal(str(amount))
                    found = True
                except InvalidOperation:
                    continue
            try:
                maximum = entry.get("maxContribution")
                if maximum is not None:
                    value = Decimal(str(maximum))
                    grant_max = value if grant_max is None else max(grant_max, value)
            except InvalidOperation:
                pass
    return (total if found else None), grant_max


def _page_url(record: Mapping[str, Any], kind: str, identifier: str) -> str:
    if kind == "8":
        ccm = _first(record, "callccm2Id") or identifier
        return f"{PORTAL}/competitive-calls-cs/{ccm}"
    if kind == "2":
        return f"{PORTAL}/prospect-details/{record.get('reference') or identifier}"
    return f"{PORTAL}/topic-details/{identifier}"


def to_draft(record: Mapping[str, Any], spec: SourceSpec) -> Draft:
    """One search result as a draft."""
    identifier = _first(record, "identifier") or str(record.get("reference") or "")
    if not identifier:
        raise ParseError("result without identifier")
    kind = _first(record, "type") or "1"
    title = _first(record, "title") or str(record.get("title") or record.get("content") or "")
    summary = (
        _first(record, "descriptionByte")
        or str(record.get("summary") or "")
        or _first(record, "topicConditions")
        or ""
    )
    deadlines = tuple(
        sorted(d for d in (parse_date(v) for v in _values(record, "deadlineDate")) if d)
    )
    opening = next(
        (d for d in (parse_date(v) for v in _values(record, "startDate")) if d is not None), None
    )
    programme_code = _first(record, "frameworkProgramme")
    status_code = _first(record, "status")
    total, grant_max = _budget(record, identifier)
    updated = parse_date(_first(record, "esDA_IngestDate") or "")
    return Draft(
        native_id=identifier,
        url=_page_url(record, kind, identifier),
        title=" ".join(title.split()) or identifier,
        summary=summary,
        language="en",
        programme=PROGRAMMES.get(programme_code or "", programme_code),
        call_id=_first(record, "callIdentifier"),
        topic_id=identifier,
        action_type=_first(record, "typesOfAction"),
        opening_date=opening,
        deadlines=deadlines,
        deadline_model=_DEADLINE_MODELS.get(
            (_first(record, "deadlineModel") or "").lower(), DeadlineModel.UNKNOWN
        ),
        status_hint=Status.FORTHCOMING if status_code == STATUS_FORTHCOMING else None,
        budget_total=total,
        grant_max=grant_max,
        currency="EUR" if total is not None or grant_max is not None else None,
        keywords=_keywords(record),
        published_at=opening,
        updated_at=updated,
        raw={"identifier": identifier, "type": kind, "status": status_code},
    )


async def fetch(
    fetcher: Fetcher,
    spec: SourceSpec,
    state: CachingState,
    now: datetime,
    *,
    sleep: Sleep = asyncio.sleep,
    pace: float = 1.0,
) -> AdapterResult:
    """Sweep every page of open and forthcoming calls."""
    programmes = tuple(str(p) for p in spec.params.get("programmes", DEFAULT_PROGRAMMES))
    pace = float(spec.params.get("pace_seconds", pace))
    files = {
        "query": (None, json.dumps(query(programmes)), "application/json"),
        "languages": (None, json.dumps(["en"]), "application/json"),
        "sort": (None, json.dumps({"field": "identifier", "order": "ASC"}), "application/json"),
    }
    records: dict[str, Mapping[str, Any]] = {}
    skipped: list[str] = []
    for page in range(1, MAX_PAGES + 1):
        params = {"apiKey": "SEDIA", "text": "***", "pageSize": PAGE_SIZE, "pageNumber": page}
        results = await _page(fetcher, spec.url, params, files, sleep)
        if not results:
            break
        for index, record in enumerate(results):
            if not isinstance(record, Mapping):
                skipped.append(f"page {page} row {index}: not an object")
                continue
            key = _first(record, "identifier") or str(record.get("reference") or "")
            if key:
                records.setdefault(key, record)
            else:
                skipped.append(f"page {page} row {index}: no identifier")
        if page > 1 or pace:
            await sleep(pace)
    drafts: list[Draft] = []
    for key, record in records.items():
        try:
            drafts.append(to_draft(record, spec))
        except (ParseError, ValueError, TypeError, KeyError) as exc:
            skipped.append(f"{key}: {exc}")
    if spec.min_items and len(drafts) < spec.min_items:
        raise SourceOutage(
            f"{spec.id}: {len(drafts)} calls where at least {spec.min_items} are usual"
        )
    return AdapterResult(tuple(drafts), state, skipped=tuple(skipped))


async def _page(
    fetcher: Fetcher, url: str, params: Mapping[str, Any], files: Any, sleep: Sleep
) -> list[Any]:
    """One page, retried up to three times with backoff on timeouts and stray 5xx."""
    last: FeedError | None = None
    for attempt in range(4):
        if attempt:
            await sleep(2.0**attempt)
        try:
            result = await fetcher.request(
                "POST",
                url,
                params=params,
                files=files,
                expect="json",
                headers={"Accept": "application/json"},
            )
        except FeedError as exc:
            last = exc
            if getattr(exc, "status", 500) < 500:
                raise
            continue
        try:
            body = json.loads(result.content)
        except ValueError as exc:
            raise ParseError(f"F&T answered something that is not JSON: {exc}") from exc
        if isinstance(body, dict) and body.get("type") == "throwable":
            last = ParseError(f"F&T error: {body.get('message') or body}")
            continue
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list):
            raise ParseError("F&T answer has no results list")
        return results
    raise last or ParseError("F&T page failed")
