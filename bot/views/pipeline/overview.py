"""The coordinators' /pipeline (projects by stage, filters, stuck projects, calls to convene a
group for) and the pipeline's indicators as lines of /stats."""

from __future__ import annotations

from datetime import datetime

from bot.buttons.pipeline import FilterKind, PipelineFilter
from bot.config import Settings
from bot.core import countries
from bot.core.i18n import Translator
from bot.core.render import esc
from bot.pipeline.types import ALL_STAGES, Overview, ProjectRow
from bot.views.common import Screen, button, keyboard, rows, taxonomy_label
from bot.views.pipeline.common import amount_text, org_line, role_label, stage_label

#: Projects listed per stage (the counts always cover them all).
LISTED = 8


def _value_label(tr: Translator, settings: Settings, kind: str, value: str, title: str) -> str:
    if kind == "p":
        return taxonomy_label(settings, "programme", value, tr.language) if value != "-" else "—"
    if kind == "n":
        return countries.name(value, tr.language)
    if kind == "t":
        return taxonomy_label(settings, "topic", value, tr.language)
    return title[:40]


def _project(tr: Translator, row: ProjectRow) -> str:
    who = ", ".join(
        f"{org_line(tr, p.org)} ({esc(role_label(tr, p.role))})" for p in row.consortium
    ) or esc(tr.gettext("(organisations erased)"))
    line = f"• {esc(row.call.title)}: {who}"
    if row.amount is not None:
        line += " · " + esc(amount_text(row.amount, row.call.currency, tr.language))
    return line


def overview(tr: Translator, settings: Settings, found: Overview, *, now: datetime) -> Screen:
    """/pipeline for coordinators."""
    chosen = found.filter
    lines = [tr.gettext("📊 <b>Project pipeline</b>")]
    if chosen.kind != "-":
        title = next((t for v, t in found.choices.get(chosen.kind, ()) if v == chosen.value), "")
        lines.append(
            tr.gettext(
                "Filtered by: %(value)s",
                value=esc(_value_label(tr, settings, chosen.kind, chosen.value, title)),
            )
        )
    total = len(found.projects)
    lines.append(tr.ngettext("%(n)s project", "%(n)s projects", total))
    for stage in ALL_STAGES:
        count = found.counts.get(stage, 0)
        if not count:
            continue
        lines += ["", f"<b>{esc(stage_label(tr, stage))}: {count}</b>"]
        listed = [r for r in found.projects if r.stage == stage]
        lines += [_project(tr, r) for r in listed[:LISTED]]
        if len(listed) > LISTED:
            lines.append(tr.gettext("… and %(n)s more", n=len(listed) - LISTED))
    if found.stuck:
        lines += [
            "",
            tr.ngettext(
                "⏸ <b>Stuck for more than %(n)s day:</b>",
                "⏸ <b>Stuck for more than %(n)s days:</b>",
                found.stuck_days,
            ),
        ]
        for row in found.stuck[:LISTED]:
            days = (now - row.stage_at).days
            lines.append(
                f"• {esc(row.call.title)} · {esc(stage_label(tr, row.stage))} · "
                + esc(tr.ngettext("%(n)s day", "%(n)s days", days))
            )
    if found.unclaimed:
        lines += ["", tr.gettext("📣 <b>Followed by many, planned by nobody:</b>")]
        for call, followers in found.unclaimed:
            lines.append(
                f"• {esc(call.title)} · "
                + esc(tr.ngettext("%(n)s follower", "%(n)s followers", followers))
            )
    kinds: list[tuple[FilterKind, str]] = [
        ("p", tr.gettext("Programme")),
        ("c", tr.gettext("Call")),
        ("n", tr.gettext("Country")),
        ("t", tr.gettext("Topic")),
    ]
    buttons = [button(label, PipelineFilter(kind, "-", True)) for kind, label in kinds]
    if chosen.kind != "-":
        buttons.append(button(tr.gettext("All projects"), PipelineFilter()))
    return Screen("\n".join(lines), keyboard(rows(buttons, 4)))


def pick(tr: Translator, settings: Settings, found: Overview, kind: FilterKind) -> Screen:
    """The values of one filter present in the projects."""
    options = found.choices.get(kind, ())
    buttons = [
        button(_value_label(tr, settings, kind, value, title), PipelineFilter(kind, value))
        for value, title in options[:40]
    ]
    back = [[button(tr.gettext("« Back"), PipelineFilter())]]
    if not buttons:
        return Screen(tr.gettext("No project to filter yet."), keyboard(back))
    return Screen(tr.gettext("Show the projects of:"), keyboard(rows(buttons, 2), back))


def indicator_label(tr: Translator, key: str) -> str:
    """An indicator's name for people."""
    labels = {
        "projects": tr.gettext("Projects planned"),
        "applications_submitted": tr.gettext("Applications submitted"),
        "consortia_formed": tr.gettext("Consortia formed"),
        "consortium_members": tr.gettext("Alliance members in consortia"),
        "consortium_countries": tr.gettext("Countries in consortia"),
        "funded": tr.gettext("Funded"),
        "rejected": tr.gettext("Not funded"),
        "success_rate": tr.gettext("Success rate"),
        "funding_won": tr.gettext("Funding won"),
        "partner_requests_answered": tr.gettext("Partner requests answered"),
        "introductions_to_consortia": tr.gettext("Introductions that led to a consortium"),
    }
    return labels.get(key, key)


def indicator_lines(tr: Translator, rows_: list[tuple[str, str, str]]) -> list[str]:
    """The indicators as lines of /stats."""
    lines = [tr.gettext("<b>Project pipeline</b>")]
    for key, breakdown, value in rows_:
        name = indicator_label(tr, key)
        if breakdown:
            name += f" ({breakdown})"
        lines.append(f"{esc(name)}: {esc(value)}")
    return lines
