"""Fetch sources and normalise what they hold; one failing source never blocks the others.

for each due source, concurrently (per-host limits inside the fetcher):
    adapter(fetcher, spec, state, now=now)   -> drafts, new caching state, listed count
    listed < spec.min_items                  -> SourceOutage (not "no news")
    drafts | include/exclude words           -> kept drafts
    kept | build_opportunity                 -> opportunities (a draft that fails: skipped)
    dedupe                                   -> FetchResult
a FeedError, or any other exception          -> a recorded failure of that source only
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
from feeds.exceptions import FeedError, FetchTimeout, ParseError, SourceOutage
from feeds.http import Fetcher
from feeds.normalize import build_opportunity, passes_filters
from feeds.sources import adapter_for
from feeds.text import html_to_text
from feeds.types import CachingState, Draft, FetchResult, Opportunity, SourceSpec, Taxonomy

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    """One source's result, or why it failed, and how long it took."""

    source_id: str
    result: FetchResult | None
    error: FeedError | None
    seconds: float


def _compiled(taxonomy: Taxonomy | CompiledTaxonomy) -> CompiledTaxonomy:
    return taxonomy if isinstance(taxonomy, CompiledTaxonomy) else compile_taxonomy(taxonomy)


def _filter_text(draft: Draft) -> str:
    return "\n".join([draft.title, html_to_text(draft.summary), *draft.keywords])


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
        FeedError: the source failed; an unexpected exception in an adapter (a bug, or a
            shape nobody foresaw) is wrapped as ``ParseError``.
    """
    compiled = _compiled(taxonomy)
    try:
        read = await adapter_for(spec.kind)(fetcher, spec, state, now=now)
    except FeedError:
        raise
    except Exception as exc:
        log.exception("adapter for %s failed unexpectedly", spec.id)
        raise ParseError(
            f"{spec.id}: could not read the answer ({type(exc).__name__}: {exc})"
        ) from exc
    for problem in read.problems:
        log.warning("source %s: %s", spec.id, problem)
    listed = len(read.drafts) if read.listed is None else read.listed
    if spec.min_items and not read.not_modified and listed < spec.min_items:
        raise SourceOutage(
            f"{spec.id} listed {listed} items where at least {spec.min_items} are usual",
            retry_after=read.retry_after,
        )
    opportunities: list[Opportunity] = []
    skipped = list(read.skipped)
    for draft in read.drafts:
        if not passes_filters(_filter_text(draft), include=spec.include, exclude=spec.exclude):
            continue
        try:
            opportunities.append(
                build_opportunity(draft, source=spec, taxonomy=compiled, now=now, fetched_at=now)
            )
        except (ValueError, TypeError, ArithmeticError) as exc:
            skipped.append(f"{draft.native_id}: {type(exc).__name__}: {exc}")
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
    source_timeout: float | None = None,
) -> list[SourceOutcome]:
    """Fetch several sources concurrently; one outcome per source, in the given order.

    ``source_timeout`` bounds each source's whole run (all its requests and pauses).
    """
    compiled = _compiled(taxonomy)

    async def one(spec: SourceSpec, state: CachingState) -> SourceOutcome:
        started = time.monotonic()
        failure: FeedError
        try:
            async with asyncio.timeout(source_timeout):
                result = await fetch_source(fetcher, spec, state, taxonomy=compiled, now=now)
        except FeedError as error:
            failure = error
        except TimeoutError:
            failure = FetchTimeout(f"{spec.id} took longer than {source_timeout} s")
        except Exception as exc:  # never let one source's bug sink the others
            log.exception("source %s failed unexpectedly", spec.id)
            failure = ParseError(f"{spec.id}: unexpected {type(exc).__name__}: {exc}")
        else:
            return SourceOutcome(spec.id, result, None, time.monotonic() - started)
        return SourceOutcome(spec.id, None, failure, time.monotonic() - started)

    return list(await asyncio.gather(*(one(spec, state) for spec, state in sources)))
