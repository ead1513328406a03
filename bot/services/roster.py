"""The coordinators' roster: organisations with their people counts, search, pending approvals."""

from __future__ import annotations

from bot.db.models import Organisation
from bot.db.repositories import organisations as repo
from bot.db.session import Database
from bot.organisations.names import fold
from bot.organisations.rules import search_words
from bot.organisations.types import OrgInfo, RosterEntry, RosterPage

PAGE_SIZE = 8


def _haystack(row: Organisation) -> str:
    fields = (
        row.name,
        row.country,
        row.org_type,
        row.registration_number,
        row.website,
        row.nuts_region,
    )
    return fold(" ".join(f for f in fields if f))


class Roster:
    """Read-only views of every organisation, for coordinators."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def page(self, query: str | None, page: int) -> RosterPage:
        """One page of organisations by name, matching every word of ``query`` (a search token)."""
        wanted = search_words(query)
        async with self.db.transaction() as session:
            ids = None
            if wanted:
                everyone = await repo.all_organisations(session)
                ids = [r.id for r in everyone if all(w in _haystack(r) for w in wanted)]
            total = len(ids) if ids is not None else None
            rows, counted = await repo.roster(
                session, ids=ids, offset=max(page, 0) * PAGE_SIZE, limit=PAGE_SIZE
            )
            total = counted if total is None else total
            pages = max(1, -(-total // PAGE_SIZE))
            return RosterPage(
                query=query or "",
                page=min(max(page, 0), pages - 1),
                pages=pages,
                total=total,
                entries=tuple(await repo.infos(session, rows)),
                pending=tuple(await repo.infos(session, await repo.pending(session))),
                waiting_people=await repo.waiting_people(session),
            )

    async def everything(self) -> list[RosterEntry]:
        """Every organisation with its people, by name (for the exports)."""
        async with self.db.transaction() as session:
            rows = await repo.all_organisations(session)
            people = await repo.roster_people(session)
            infos: list[OrgInfo] = await repo.infos(session, rows)
            return [RosterEntry(info, tuple(people.get(info.id, ()))) for info in infos]
