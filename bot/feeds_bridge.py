"""Conversions between the bot's settings and ``feeds``' framework-free records."""

from __future__ import annotations

from bot.config import Settings, SourceSettings, TaxonomyItem
from feeds.types import SourceSpec, Taxonomy, TaxonomyEntry


def _entry(item: TaxonomyItem, kind: str) -> TaxonomyEntry:
    return TaxonomyEntry(
        id=item.id,
        kind=kind,
        labels=dict(item.labels),
        keywords={lang: tuple(words) for lang, words in item.keywords.items()},
        aliases=tuple(item.aliases),
    )


def taxonomy(settings: Settings) -> Taxonomy:
    """The configured taxonomy as ``feeds`` records."""
    return Taxonomy(
        topics=tuple(_entry(t, "topic") for t in settings.taxonomy.topics),
        programmes=tuple(_entry(p, "programme") for p in settings.taxonomy.programmes),
    )


def source_spec(source: SourceSettings, *, url: str | None = None) -> SourceSpec:
    """One configured source as a ``feeds`` spec (``url`` overrides after a permanent redirect)."""
    return SourceSpec(
        id=source.id,
        kind=source.kind,
        url=url or source.url,
        language=source.language,
        programme=source.programme,
        topics=tuple(source.topics),
        include=tuple(source.include),
        exclude=tuple(source.exclude),
        min_items=source.min_items,
        params=dict(source.params),
        publishes=source.publishes,
    )
