"""Fetch sources and normalise what they hold: one failing source never blocks the others.

for each due source, concurrently:
    adapter(fetcher, spec, state)          -> drafts, new caching state
    drafts | build_opportunity | filters   -> opportunities
    dedupe                                 -> FetchResult
any FeedError (or unexpected exception)    -> a recorded failure for that source only
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from feeds.classify import CompiledTaxonomy, compile_taxonomy
from feeds.dedupe import dedupe
from feeds.exceptions import FeedError, ParseError
from feeds.http import Fetcher
from feeds.normalize import build_opportunity, passes_filters
from feeds.sources import adapter_for
from feeds.types import CachingState, FetchResult, SourceSpec, Taxonomy

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    """One source's result, or why it failed, and how long it took."""

    source_id: str
    result: FetchResult | None
    error: FeedError | None
    seconds: float


async def fetch_source(
    fetcher: Fetcher,
    spec: SourceSpec,
    state: CachingState,
    *,
    taxonomy: Taxonomy | CompiledTaxonomy,
    now: datetime,
) -> FetchResult:
    """Fetch one source and normalise its items.

    Raises:
        FeedError: the source failed (any unexpected error is wrapped as ``ParseError``).
    """
    compiled = taxonomy if isinstance(taxonomy, CompiledTaxonomy) else compile_taxonomy(taxonomy)
    try:
        read = await adapter_for(spec.kind)(fetcher, spec, state, now)
    except FeedError:
        raise
    except Exception as exc:  # a bug or a shape no adapter expected: still a recorded failure
        log.exception("adapter for %s failed unexpectedly", spec.id)
        raise ParseError(
            f"{spec.id}: could not read the answer ({type(exc).__name__}: {exc})"
        ) from exc
    opportunities = []
    skipped = list(read.skipped)
    for draft in read.drafts:
        try:
            item = build_opportunity(draft, source=spec, taxonomy=compiled, now=now, fetched_at=now)
        except (ValueError, TypeError) as exc:
            skipped.append(f"{draft.native_id}: {exc}")
            continue
        if passes_filters(
            f"{item.title}\n{item.summary}", include=spec.include, exclude=spec.exclude
        ):
            opportunities.append(item)
    return FetchResult(
        opportunities=dedupe(opportunities),
        state=read.state,
        not_modified=read.not_modified,
        retry_after=read.retry_after,
        skipped=tuple(skipped),
    )


async def fetch_many(
    fetcher: Fetcher,
    sources: Sequence[tuple[SourceSpec, CachingState]],
    *,
    taxonomy: Taxonomy | CompiledTaxonomy,
    now: datetime,
) -> list[SourceOutcome]:
    """Fetch several sources concurrently (per-host limits apply inside the fetcher)."""
    compiled = taxonomy if isinstance(taxonomy, CompiledTaxonomy) else compile_taxonomy(taxonomy)

    async def one(spec: SourceSpec, state: CachingState) -> SourceOutcome:
        started = time.monotonic()
        try:
            result = await fetch_source(fetcher, spec, state, taxonomy=compiled, now=now)
        except FeedError as exc:
            return SourceOutcome(spec.id, None, exc, time.monotonic() - started)
        return SourceOutcome(spec.id, result, None, time.monotonic() - started)

    return list(await asyncio.gather(*(one(spec, state) for spec, state in sources)))
