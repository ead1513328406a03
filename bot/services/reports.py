"""The funder's report for a period: read in one transaction, computed by pure rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.db.repositories import reports as repo
from bot.db.repositories import surveys as surveys_repo
from bot.db.session import Database
from bot.pipeline.rules import indicators
from bot.reports.model import Report, build_report, split_people
from bot.services.pipeline.overview import read_tallies
from bot.services.stats import period_of_days


async def collect_report(db: Database, first: date, last: date) -> Report:
    """The report for the inclusive UTC days ``first`` to ``last``.

    A few set-based reads (workshops, people, reach) in one transaction, so the numbers agree,
    whatever the number of members; everything else is :func:`bot.reports.model.build_report`.

    Raises:
        ValueError: ``first`` is after ``last``.
    """
    start, end = period_of_days(first, last)
    async with db.transaction() as session:
        workshops = await repo.workshops(session, start=start, end=end)
        people = await repo.people(session, start=start, end=end)
        reach = await repo.reach(session, start=start, end=end)
        projects = await read_tallies(session)
        surveys = [
            (
                await surveys_repo.info(session, row),
                tuple(await surveys_repo.all_answers(session, row.id)),
            )
            for row in await surveys_repo.sent_between(session, start, end)
        ]
    attendees, organisations, registered = split_people(people)
    report = build_report(
        first,
        last,
        workshops=workshops,
        attendees=attendees,
        organisations=organisations,
        reach=reach,
        registered_people=registered,
    )
    return replace(report, pipeline=tuple(indicators(projects)), surveys=tuple(surveys))
