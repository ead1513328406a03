"""Shared fixtures for feeds tests: small taxonomies, a loopback server, a fetcher that never waits.

The real default taxonomy lives in the bot's configuration; these are small stand-ins so
``feeds`` tests do not depend on it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from feeds.http import Fetcher
from feeds.types import Taxonomy, TaxonomyEntry
from tests.feeds.feedserver import FeedServer

#: The fixed "now" of adapter, pipeline and golden tests.
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def make_taxonomy() -> Taxonomy:
    return Taxonomy(
        topics=(
            TaxonomyEntry(
                "green",
                "topic",
                {"en": "Green transition"},
                {"en": ("climate", "circular economy"), "ro": ("mediu", "climă"), "es": ("clima",)},
            ),
            TaxonomyEntry(
                "vet",
                "topic",
                {"en": "Vocational training"},
                {
                    "en": ("vocational", "skills"),
                    "ro": ("formare profesională",),
                    "es": ("formación profesional",),
                },
            ),
            TaxonomyEntry("youth", "topic", {"en": "Youth"}, {"en": ("youth", "young people")}),
        ),
        programmes=(
            TaxonomyEntry(
                "erasmus-plus", "programme", {"en": "Erasmus+"}, {}, ("Erasmus+", "43353764")
            ),
            TaxonomyEntry("life", "programme", {"en": "LIFE"}, {}, ("LIFE", "43252405")),
            TaxonomyEntry(
                "esf-plus", "programme", {"en": "ESF+"}, {}, ("ESF+", "FSE+", "43254019")
            ),
            TaxonomyEntry("national", "programme", {"en": "National"}, {}, ("BDNS", "PEO")),
        ),
    )


def source_taxonomy() -> Taxonomy:
    """``make_taxonomy`` plus the topics and programmes the source fixtures name."""
    base = make_taxonomy()
    return Taxonomy(
        topics=(
            *base.topics,
            TaxonomyEntry(
                "employment",
                "topic",
                {"en": "Employment"},
                {"en": ("employment", "jobs"), "ro": ("ocupare",), "es": ("empleo",)},
            ),
            TaxonomyEntry(
                "social_inclusion",
                "topic",
                {"en": "Social inclusion"},
                {
                    "en": ("social inclusion",),
                    "ro": ("incluziune socială", "economie socială"),
                    "es": ("inclusión social", "economía social"),
                },
            ),
            TaxonomyEntry(
                "digital", "topic", {"en": "Digital"}, {"en": ("digital",), "es": ("digital",)}
            ),
        ),
        programmes=(
            *base.programmes,
            TaxonomyEntry(
                "digital-europe", "programme", {"en": "Digital Europe"}, {}, ("Digital Europe",)
            ),
            TaxonomyEntry("cerv", "programme", {"en": "CERV"}, {}, ("CERV", "43251589")),
        ),
    )


@pytest.fixture
def taxonomy() -> Taxonomy:
    return make_taxonomy()


@dataclass
class Sleeps:
    """An injectable ``sleep`` that records what it was asked and returns at once."""

    calls: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture(scope="session")
def feed_server() -> Iterator[FeedServer]:
    with FeedServer.in_thread() as running:
        yield running


@pytest.fixture
def server(feed_server: FeedServer) -> FeedServer:
    """The session's loopback server, with no routes and no recorded requests."""
    feed_server.reset()
    return feed_server


@pytest.fixture
async def fetcher(sleeps: Sleeps) -> AsyncIterator[Fetcher]:
    """A fetcher with short timeouts, a small size cap and a sleep that never waits."""
    async with Fetcher.create(
        connect_timeout=2, read_timeout=2, max_bytes=512 * 1024, sleep=sleeps
    ) as made:
        yield made
