"""Source adapters: each reads one kind of source into :class:`~feeds.types.Draft` records.

An adapter is ``async fetch(fetcher, spec, state, *, now) -> AdapterResult``: it does the
HTTP work, reads the answer, and returns drafts plus the new caching state. Deciding
(status, deadlines, topics) happens afterwards in :mod:`feeds.normalize`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from feeds.types import CachingState, Draft, SourceKind, SourceSpec

if TYPE_CHECKING:
    from feeds.http import Fetcher


@dataclass(frozen=True, slots=True)
class AdapterResult:
    """What one adapter run read."""

    drafts: tuple[Draft, ...]
    state: CachingState
    not_modified: bool = False
    retry_after: float | None = None
    #: Entries that could not be read, each with a short reason (never dropped silently).
    skipped: tuple[str, ...] = ()


Adapter = Callable[["Fetcher", SourceSpec, CachingState, datetime], Awaitable[AdapterResult]]


def adapter_for(kind: SourceKind) -> Adapter:
    """The adapter function for a source kind."""
    from feeds.sources import bdns, eu_ft, rss, wp_json

    adapters: dict[SourceKind, Adapter] = {
        SourceKind.RSS: rss.fetch,
        SourceKind.EU_FT: eu_ft.fetch,
        SourceKind.BDNS: bdns.fetch,
        SourceKind.WP_JSON: wp_json.fetch,
    }
    return adapters[kind]
