"""Pure rules of the partner directory: ordering, paging, which entries fit a call."""

from __future__ import annotations

from bot.config import parse_settings
from bot.directory.rules import (
    clean_description,
    country_code,
    fits_call,
    ordered,
    page_of,
    spoken_languages,
)
from bot.directory.types import PAGE_SIZE


def test_descriptions_are_trimmed_and_limited() -> None:
    assert clean_description("  We  train\n\n  adults.  ") == "We train\nadults."
    assert clean_description(" \n ") is None
    assert clean_description("x" * 500) == "x" * 500
    assert clean_description("x" * 501) is None


def test_values_follow_the_given_order_and_unknown_ones_come_last() -> None:
    assert ordered(["youth", "zeta", "green", "alpha", "green"], ["green", "youth"]) == (
        "green",
        "youth",
        "alpha",
        "zeta",
    )


def test_spoken_languages_start_with_the_bots_own() -> None:
    languages = spoken_languages(parse_settings({}, environ={}))
    assert languages[:3] == ("en", "ro", "es")
    assert len(languages) == len(set(languages))
    assert {"fr", "de", "it", "pt"} <= set(languages)


def test_pages_are_clamped_to_those_there_are() -> None:
    items = list(range(PAGE_SIZE * 2 + 1))
    assert page_of(items, 0) == (items[:PAGE_SIZE], 0)
    assert page_of(items, 2) == (items[PAGE_SIZE * 2 :], 2)
    assert page_of(items, 9) == (items[PAGE_SIZE * 2 :], 2)
    assert page_of(items, -1) == (items[:PAGE_SIZE], 0)
    assert page_of([], 3) == ([], 0)


def test_an_entry_fits_a_call_by_topic_and_eligible_country() -> None:
    assert country_code("es-an") == "ES"
    assert fits_call(["green"], "RO", ["green", "digital"], ["RO", "ES-AN"])
    assert fits_call(["green"], "ES", ["green"], ["RO", "ES-AN"])  # a region of Spain
    assert not fits_call(["green"], "DE", ["green"], ["RO", "ES-AN"])
    assert not fits_call(["vet"], "RO", ["green"], ["RO"])
    assert not fits_call(["green"], None, ["green"], ["RO"])
    assert fits_call(["green"], None, ["green"], [])  # no countries listed: anyone
