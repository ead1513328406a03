"""Shared fixtures for feeds tests: a small taxonomy (the real default lives in the bot)."""

from __future__ import annotations

import pytest

from feeds.types import Taxonomy, TaxonomyEntry


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


@pytest.fixture
def taxonomy() -> Taxonomy:
    return make_taxonomy()
