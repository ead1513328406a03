"""The /stats texts: the numbers of a period and the charts' labels (pure functions)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from bot.config import Settings
from bot.core import dates
from bot.core.i18n import Translator
from bot.core.labels import country_label, language_label, org_type_label
from bot.core.render import esc
from bot.digest.render import kind_label
from bot.reports.charts import ChartLabels
from bot.reports.export import ReportLabels
from bot.stats.types import Count, Stats
from bot.views.common import Screen, taxonomy_label
from feeds.types import OpportunityKind

KIND_CODES = frozenset(kind.value for kind in OpportunityKind)


def usage(tr: Translator) -> Screen:
    """/stats with arguments that are not a period."""
    return Screen(
        tr.gettext(
            "Use /stats (last 30 days), /stats 7 (last 7 days) or /stats 2026-11-01 2026-11-30."
        )
    )


def topic_names(settings: Settings, language: str) -> dict[str, str]:
    """Every topic id's label in ``language``."""
    return {
        t.id: taxonomy_label(settings, "topic", t.id, language) for t in settings.taxonomy.topics
    }


def programme_names(settings: Settings, language: str) -> dict[str, str]:
    """Every programme id's label in ``language``."""
    return {
        p.id: taxonomy_label(settings, "programme", p.id, language)
        for p in settings.taxonomy.programmes
    }


def stats_text(
    tr: Translator,
    stats: Stats,
    *,
    topic_label: dict[str, str],
    programme_label: dict[str, str] | None = None,
) -> str:
    """The short text that goes with the charts."""
    first = stats.start.date()
    last = (stats.end - timedelta(seconds=1)).date()
    m, reach, msg, opp = stats.members, stats.reach, stats.messages, stats.opportunities

    def counts(items: tuple[Count, ...], name: Callable[[str], str]) -> str:
        not_given = tr.gettext("not given")
        shown = [
            esc(name(item.key) if item.key else not_given) + f" {item.count}" for item in items[:6]
        ]
        return ", ".join(shown) or "—"

    def labelled(names: dict[str, str] | None) -> Callable[[str], str]:
        return lambda key: (names or {}).get(key, key)

    def country(code: str) -> str:
        return country_label(code, tr.language)

    def org_type(code: str) -> str:
        return org_type_label(tr, code)

    def spoken(code: str) -> str:
        return language_label(code, tr.language)

    def kind(code: str) -> str:
        return kind_label(tr, OpportunityKind(code)) if code in KIND_CODES else code

    lines = [
        "<b>"
        + tr.gettext(
            "Reach and impact, %(period)s",
            period=dates.period(first, last, tr.language),
        )
        + "</b>",
        "",
        tr.gettext(
            "Members: %(active)s active, %(paused)s paused, %(blocked)s gone (%(total)s in all)",
            active=m.active,
            paused=m.paused,
            blocked=m.blocked,
            total=m.consented,
        ),
        tr.gettext("By country: %(list)s", list=counts(m.by_country, country)),
        tr.gettext("By type: %(list)s", list=counts(m.by_org_type, org_type)),
        tr.gettext("By topic: %(list)s", list=counts(m.by_topic, labelled(topic_label))),
        tr.gettext("By language: %(list)s", list=counts(m.by_language, spoken)),
        "",
        tr.gettext(
            "People reached: %(n)s (%(countries)s)",
            n=reach.members,
            countries=counts(reach.by_country, country),
        ),
        tr.gettext(
            "Messages: %(sent)s sent, %(failed)s failed; %(digests)s weekly digests",
            sent=msg.sent,
            failed=msg.failed,
            digests=msg.digests_sent,
        ),
        tr.gettext(
            "Opportunities: %(new)s new, %(shared)s passed on in digests, %(follows)s follows",
            new=opp.ingested,
            shared=opp.disseminated,
            follows=opp.follows,
        ),
        tr.gettext("New by source: %(list)s", list=counts(opp.by_source, labelled(None))),
        tr.gettext(
            "New by programme: %(list)s", list=counts(opp.by_programme, labelled(programme_label))
        ),
        tr.gettext("New by kind: %(list)s", list=counts(opp.by_kind, kind)),
    ]
    held = [w for w in stats.workshops if w.status != "cancelled"]
    lines.append("")
    lines.append(
        tr.gettext(
            "Workshops: %(count)s, %(participants)s",
            count=len(held),
            participants=tr.ngettext("%(n)s participant", "%(n)s participants", stats.participants),
        )
    )
    for workshop in held[:8]:
        lines.append(
            tr.gettext(
                "#%(id)s %(title)s: %(going)s, %(attended)s",
                id=workshop.id,
                title=esc(workshop.title),
                # Plural forms: Spanish says "1 va", "2 van"; Romanian has three forms.
                going=tr.ngettext("%(n)s going", "%(n)s going", workshop.going),
                attended=tr.ngettext("%(n)s attended", "%(n)s attended", workshop.attended),
            )
        )
    lines.append("")
    lines.append(tr.gettext("The funder's report (Excel workbook, ESF+ indicators): /report"))
    return "\n".join(lines)


def chart_labels(tr: Translator, stats: Stats, topic_names: dict[str, str]) -> ReportLabels:
    """The charts' texts in the coordinator's language."""
    first = stats.start.date()
    last = (stats.end - timedelta(seconds=1)).date()
    period = dates.period(first, last, tr.language)
    members = tr.gettext("members")
    return ReportLabels(
        members_by_topic=ChartLabels(
            title=tr.gettext("Members by topic"),
            subtitle=period,
            value_axis=members,
            no_data=tr.gettext("No member has chosen a topic yet"),
        ),
        weekly_reach=ChartLabels(
            title=tr.gettext("Members reached per week"),
            subtitle=period,
            value_axis=tr.gettext("members who got at least one message"),
            no_data=tr.gettext("No message was sent in this period"),
        ),
        rsvp_vs_attendance=ChartLabels(
            title=tr.gettext("Workshops: going and attended"),
            subtitle=period,
            value_axis=members,
            legend=(tr.gettext("Answered “Going”"), tr.gettext("Attended")),
            no_data=tr.gettext("No workshop in this period"),
        ),
        topic_names=topic_names,
        week_label=lambda day: dates.short_day(day, tr.language),
    )
