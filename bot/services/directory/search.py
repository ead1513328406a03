"""Searching the published entries of other members: the filter counts, one page of results,
and the partners that fit one call.

Searches never return a Telegram identity: results are :class:`~bot.directory.types.Entry`
snapshots keyed by the member's row id. The directory of an alliance holds at most a few
thousand entries, so topic filters (a JSON list) are applied in Python after the SQL filters;
that keeps one code path for SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.core import countries
from bot.core.orgtypes import ORG_TYPES
from bot.db.models import DirectoryEntry, Member
from bot.db.repositories import directory as repo
from bot.directory.rules import fits_call, page_of
from bot.directory.types import CallPartners, DirectoryError, Filters, SearchResult
from bot.services.directory.base import DirectoryBase


class PartnerSearch(DirectoryBase):
    """Finding other members' published entries."""

    def _page(self, rows: Sequence[tuple[DirectoryEntry, Member]], page: int) -> SearchResult:
        chosen, page = page_of(rows, page)
        return SearchResult(tuple(self._snapshot(e, m) for e, m in chosen), len(rows), page)

    async def filters(self, exclude_chat_id: int) -> Filters:
        """How many published entries (other than the member's own) per topic, country, type."""
        async with self.db.transaction() as session:
            await self._searcher(session, exclude_chat_id)
            rows = await self._listed(
                session, await repo.published(session, exclude_chat_id=exclude_chat_id)
            )
            own = await repo.has_published(session, exclude_chat_id)
        topics: Counter[str] = Counter(t for e, _ in rows for t in set(e.topics))
        found_countries: Counter[str] = Counter(m.country for _, m in rows if m.country)
        org_types: Counter[str] = Counter(m.org_type for _, m in rows if m.org_type)
        by_name = countries.names("en")
        return Filters(
            total=len(rows),
            topics={t: topics[t] for t in self._topic_ids if topics[t]},
            countries={
                c: found_countries[c]
                for c in sorted(found_countries, key=lambda c: by_name.get(c, c))
            },
            org_types={o: org_types[o] for o in ORG_TYPES if org_types[o]},
            own_published=own,
        )

    async def search(
        self,
        *,
        exclude_chat_id: int,
        topic: str | None = None,
        country: str | None = None,
        org_type: str | None = None,
        page: int = 0,
    ) -> SearchResult:
        """Published entries with the topic, in the country, of the type (each optional).

        The asking member's own entry is never listed.

        Raises:
            DirectoryError: ``stale``: an unknown topic, country or type (an old button).
        """
        if topic is not None and topic not in self._topic_ids:
            raise DirectoryError("stale", f"unknown topic {topic!r}")
        if country is not None and not countries.is_country(country):
            raise DirectoryError("stale", f"unknown country {country!r}")
        if org_type is not None and org_type not in ORG_TYPES:
            raise DirectoryError("stale", f"unknown organisation type {org_type!r}")
        async with self.db.transaction() as session:
            await self._searcher(session, exclude_chat_id)
            rows = await self._listed(
                session,
                await repo.published(
                    session, exclude_chat_id=exclude_chat_id, country=country, org_type=org_type
                ),
            )
            if topic is not None:
                rows = [(e, m) for e, m in rows if topic in e.topics]
            return self._page(rows, page)

    async def for_call(
        self, opportunity_id: int, exclude_chat_id: int, *, page: int = 0
    ) -> CallPartners:
        """Published entries fitting a call: a topic in common with the call's themes and, when
        the call lists eligible countries, a country among them.

        Raises:
            DirectoryError: ``unknown_call``.
        """
        async with self.db.transaction() as session:
            await self._searcher(session, exclude_chat_id)
            call = await repo.call(session, opportunity_id)
            if call is None:
                raise DirectoryError("unknown_call")
            rows = [
                (e, m)
                for e, m in await self._listed(
                    session, await repo.published(session, exclude_chat_id=exclude_chat_id)
                )
                if fits_call(e.topics, m.country, call.themes, call.eligible_countries)
            ]
            return CallPartners(call.id, call.title, self._page(rows, page))
