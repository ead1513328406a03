"""Small immutable records that cross the boundary between ``feeds`` and the bot.

Contract, stated once:

* every ``datetime`` here is timezone-aware (UTC unless a source states another zone);
* money is ``Decimal``, never ``float``;
* sequences are tuples so records stay hashable and cannot be mutated by a caller;
* nothing in this module does I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class SourceKind(StrEnum):
    """The adapters ``feeds`` knows how to read."""

    RSS = "rss"
    EU_FT = "eu-ft"
    BDNS = "bdns"
    WP_JSON = "wp-json"
    HTML = "html"


class Status(StrEnum):
    """Where a call stands; always derived from its dates, never copied from a source."""

    FORTHCOMING = "forthcoming"
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


class DeadlineModel(StrEnum):
    """How a call's deadlines are organised."""

    SINGLE = "single"
    TWO_STAGE = "two-stage"
    CUT_OFFS = "cut-offs"
    CONTINUOUS = "continuous"
    UNKNOWN = "unknown"


class OpportunityKind(StrEnum):
    """What an item is. Digests carry the funding kinds; news and events go apart.

    Decided by pure rules (:mod:`feeds.kinds`) from source fields, title and text.
    """

    CALL = "call"
    TENDER = "tender"
    CASCADE = "cascade"
    NEWS = "news"
    EVENT = "event"
    RESULT = "result"

    @property
    def is_funding(self) -> bool:
        """Calls for proposals, tenders and cascade calls: what a member can apply to."""
        return self in (OpportunityKind.CALL, OpportunityKind.TENDER, OpportunityKind.CASCADE)


class Confidence(StrEnum):
    """How much we trust a deadline.

    ``source``: a structured field; ``high``: a trigger phrase followed by an explicit date;
    ``approx``: a relative period ("20 días hábiles"); ``low``: a cautious guess, the latest
    future date no cue speaks about in a call's text (never for events, results or news).
    """

    SOURCE = "source"
    HIGH = "high"
    APPROX = "approx"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """What ``feeds`` needs to know about one configured source (built from the bot's config)."""

    #: Stable identifier chosen by the operator, e.g. ``"eu-ft"`` or ``"ro-mfe"``.
    id: str
    kind: SourceKind
    url: str
    #: BCP-47 language of the source's texts (``en``, ``ro``, ``es``).
    language: str = "en"
    #: Programme assumed for every item when the source does not say (e.g. ``"erasmus-plus"``).
    programme: str | None = None
    #: Taxonomy topic ids assumed for every item.
    topics: tuple[str, ...] = ()
    #: Keep only items whose text contains one of these words (empty: keep all).
    include: tuple[str, ...] = ()
    #: Drop items whose text contains one of these words.
    exclude: tuple[str, ...] = ()
    #: Fewer items than this in a full answer means an outage, not "no news".
    min_items: int = 0
    #: Adapter-specific parameters (e.g. F&T programme codes); validated by the adapter.
    params: Mapping[str, Any] = field(default_factory=dict)
    #: What the source publishes when an item's text says nothing (a news feed: news);
    #: None: calls for the call portals (F&T, BDNS, WordPress), news for RSS feeds.
    publishes: OpportunityKind | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A classification rule that fired, so a digest can say why an item was chosen."""

    #: Taxonomy id of the topic or programme the rule points to.
    target: str
    #: ``"topic"`` or ``"programme"``.
    kind: str
    #: What matched, e.g. ``"keyword:ro:formare profesională"`` or ``"source-default"``.
    reason: str


@dataclass(frozen=True, slots=True)
class Opportunity:
    """One funding opportunity, normalised from any source."""

    #: ``"{source}:{native_id}"``; stable across fetches.
    uid: str
    source: str
    url: str
    #: Official title, never translated.
    title: str
    #: Plain text, at most 600 characters.
    summary: str
    language: str
    status: Status
    programme: str | None = None
    call_id: str | None = None
    #: The F&T topic identifier (or the source's own sub-call id) when there is one.
    topic_id: str | None = None
    action_type: str | None = None
    opening_date: datetime | None = None
    #: Every deadline, sorted ascending (stages and cut-offs).
    deadlines: tuple[datetime, ...] = ()
    #: First deadline at or after "now" when the record was built.
    next_deadline: datetime | None = None
    deadline_model: DeadlineModel = DeadlineModel.UNKNOWN
    deadline_confidence: Confidence | None = None
    #: The deadlines carry a time of day; False: date-only, stored as 23:59 in ``deadline_zone``
    #: and shown as that calendar day ("10 December 2026, end of day").
    deadline_has_time: bool = False
    #: IANA zone the source states its deadlines in (the calendar day is read there).
    deadline_zone: str = "Europe/Brussels"
    #: What the item is (call, tender, cascade, news, event, result) and the rule that said so.
    kind: OpportunityKind = OpportunityKind.CALL
    kind_rule: str = ""
    #: Uids of related records (e.g. a cascade call's parent F&T topic).
    related: tuple[str, ...] = ()
    budget_total: Decimal | None = None
    grant_max: Decimal | None = None
    currency: str | None = None
    #: Source keywords and tags, as published.
    keywords: tuple[str, ...] = ()
    #: ISO 3166-1 alpha-2 codes or NUTS codes; empty means "not stated".
    eligible_countries: tuple[str, ...] = ()
    #: ``ngo, public, vet_provider, school, university, sme, social_enterprise``; empty: not stated.
    eligible_org_types: tuple[str, ...] = ()
    #: Taxonomy topic ids this item was classified into.
    themes: tuple[str, ...] = ()
    #: Taxonomy programme ids this item was classified into.
    programmes: tuple[str, ...] = ()
    #: The rules that put it there.
    rules: tuple[Rule, ...] = ()
    published_at: datetime | None = None
    updated_at: datetime | None = None
    fetched_at: datetime | None = None
    #: Hash of the fields whose change should re-notify followers (deadlines, status, budget).
    content_hash: str = ""
    #: The source's own record, for audit. Not compared.
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class CachingState:
    """What a source remembers between fetches (conditional GET and redirects)."""

    etag: str | None = None
    last_modified: str | None = None
    #: Set when a permanent redirect moved the source.
    url: str | None = None
    #: Adapter-specific cursors (e.g. BDNS last seen id, WP ``modified`` per post).
    cursor: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one adapter run produced."""

    opportunities: tuple[Opportunity, ...]
    state: CachingState
    #: True when the server answered 304 (nothing changed).
    not_modified: bool = False
    #: Seconds the server asked us to wait (Retry-After / Cache-Control), already clamped.
    retry_after: float | None = None
    #: Entries skipped as unreadable, with a short reason each (never silently dropped).
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Draft:
    """What an adapter read from one source item, before deciding anything.

    Adapters fill what the source states; :func:`feeds.normalize.build_opportunity` derives
    status, next deadline, confidence, classification and the content hash from it.
    """

    #: The source's own id for the item (F&T identifier, WP id, numeroConvocatoria, RSS guid).
    native_id: str
    url: str
    title: str
    #: Plain text or HTML; normalisation strips tags and bounds the length.
    summary: str
    language: str
    programme: str | None = None
    call_id: str | None = None
    topic_id: str | None = None
    action_type: str | None = None
    opening_date: datetime | None = None
    #: Deadlines from structured source fields (confidence ``source``); empty when none.
    deadlines: tuple[datetime, ...] = ()
    deadline_model: DeadlineModel = DeadlineModel.UNKNOWN
    #: Whether the structured ``deadlines`` carry a time of day (F&T: yes; date-only fields: no).
    deadline_has_time: bool = False
    #: IANA zone of the structured deadlines; None: the zone of the source's language.
    deadline_zone: str | None = None
    #: A kind the source states (F&T ``type``, a "news" category); None: decided from the text.
    kind_hint: OpportunityKind | None = None
    #: Uids of related records (e.g. the parent topic of a cascade call).
    related: tuple[str, ...] = ()
    #: Free text to search for a deadline when ``deadlines`` is empty.
    deadline_text: str = ""
    #: The call is open without a deadline ("fără termen", continuous submission).
    continuous: bool = False
    #: A source-stated status used only when no date decides it (e.g. BDNS ``abierto``).
    status_hint: Status | None = None
    budget_total: Decimal | None = None
    grant_max: Decimal | None = None
    currency: str | None = None
    keywords: tuple[str, ...] = ()
    eligible_countries: tuple[str, ...] = ()
    eligible_org_types: tuple[str, ...] = ()
    published_at: datetime | None = None
    updated_at: datetime | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class TaxonomyEntry:
    """A topic or programme of the alliance's taxonomy (built from the bot's config)."""

    id: str
    #: ``"topic"`` or ``"programme"``.
    kind: str
    #: Label per language code; ``en`` is always present.
    labels: Mapping[str, str]
    #: Classification keywords per language code (plain words or phrases, no regex).
    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: For programmes: the names sources use for it (``"ERASMUS+"``, ``"43353764"``, ``"LIFE"``).
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The alliance's topics and programmes."""

    topics: tuple[TaxonomyEntry, ...]
    programmes: tuple[TaxonomyEntry, ...]
