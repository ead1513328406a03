"""The report's one-paragraph summary in the reader's language; pure."""

from __future__ import annotations

from babel.numbers import format_decimal

from bot.core import dates
from bot.core.i18n import Translator
from bot.reports.model import PUBLIC_TYPES, SME_TYPES, Report


def number(value: float, language: str) -> str:
    """A number as the reader writes it ("12,5" in Romanian and Spanish, "12.5" in English)."""
    return format_decimal(value, locale=dates.locale(language))


def summary_text(tr: Translator, report: Report) -> str:
    """What the period achieved, in a few sentences a project officer can paste."""
    lang = tr.language
    period = dates.period(report.first, report.last, lang)
    held = len(report.activities)
    public = sum(1 for o in report.organisations if o.org_type in PUBLIC_TYPES)
    smes = sum(1 for o in report.organisations if o.org_type in SME_TYPES)
    reach = report.reach
    sentences = [
        tr.ngettext(
            "In the period %(period)s the alliance held %(n)s workshop, %(hours)s hours in all.",
            "In the period %(period)s the alliance held %(n)s workshops, %(hours)s hours in all.",
            held,
            period=period,
            hours=number(report.activity_hours, lang),
        ),
        tr.ngettext(
            "%(n)s person took part (marked as attending, counted once), with %(hours)s hours "
            "of participation.",
            "%(n)s people took part (marked as attending, each counted once), with %(hours)s "
            "hours of participation.",
            report.participants,
            hours=number(report.participation_hours, lang),
        ),
        tr.ngettext(
            "They came from %(n)s organisation (public administrations or services, EECO18: "
            "%(public)s; SMEs, EECO19: %(smes)s).",
            "They came from %(n)s organisations (public administrations or services, EECO18: "
            "%(public)s; SMEs, EECO19: %(smes)s).",
            len(report.organisations),
            public=public,
            smes=smes,
        ),
        tr.ngettext(
            "%(n)s more person registered without being marked as attending and is not counted "
            "as a participant.",
            "%(n)s more people registered without being marked as attending and are not counted "
            "as participants.",
            report.registered_only,
        ),
        tr.ngettext(
            "The bot reached %(n)s person with at least one message and passed on %(calls)s "
            "funding calls in %(digests)s weekly digests.",
            "The bot reached %(n)s people with at least one message and passed on %(calls)s "
            "funding calls in %(digests)s weekly digests.",
            reach.members_reached,
            calls=reach.calls_disseminated,
            digests=reach.digests_sent,
        ),
    ]
    return " ".join(sentences)
