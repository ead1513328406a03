"""Pure rules of the partner directory: cleaning a description, ordering lists, paging,
which entries fit a call."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from bot.config import Settings
from bot.directory.types import DESCRIPTION_MAX, EXTRA_LANGUAGES, PAGE_SIZE

T = TypeVar("T")


def spoken_languages(settings: Settings) -> tuple[str, ...]:
    """Languages an entry can list: the bot's languages, then other common ones."""
    return tuple(dict.fromkeys([*settings.i18n.languages, *EXTRA_LANGUAGES]))


def clean_description(text: str) -> str | None:
    """A usable description (lines trimmed, spaces collapsed), or None when empty or too long."""
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    cleaned = "\n".join(line for line in lines if line)
    if not cleaned or len(cleaned) > DESCRIPTION_MAX:
        return None
    return cleaned


def ordered(values: Iterable[str], order: Sequence[str]) -> tuple[str, ...]:
    """``values`` in the order of ``order`` (unknown values last, sorted)."""
    wanted = set(values)
    known = [v for v in order if v in wanted]
    return (*known, *sorted(wanted - set(order)))


def country_code(code: str) -> str:
    """``ES-AN`` (a region) -> ``ES``, as the digest's matching does."""
    return code[:2].upper()


def fits_call(
    topics: Iterable[str], country: str | None, themes: Iterable[str], eligible: Iterable[str]
) -> bool:
    """An entry fits a call: a topic among its themes and, when the call lists eligible
    countries (or regions of them), a country among those."""
    countries = {country_code(c) for c in eligible}
    return bool(set(themes).intersection(topics)) and (
        not countries or (country is not None and country in countries)
    )


def page_of(items: Sequence[T], page: int) -> tuple[Sequence[T], int]:
    """The items of page ``page`` (clamped to the pages there are) and that page's number."""
    pages = max(1, -(-len(items) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    return items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE], page
