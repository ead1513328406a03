"""A member's digest as Telegram HTML messages (pure): sections, items, reasons, splitting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.numbers import format_currency

from bot.buttons.digest import Follow
from bot.buttons.directory import PartnersForCall
from bot.buttons.pipeline import PlanCall
from bot.core import dates
from bot.core.i18n import Translator
from bot.core.labels import country_label
from bot.core.render import esc, esc_attr
from bot.digest.matching import MemberPrefs, OpportunityIndex, Reason, Sections
from bot.digest.split import LIMIT, fit, split_groups, units
from feeds.types import Confidence, Opportunity, OpportunityKind

#: (kind, id, language) -> label, e.g. ("topic", "green", "ro") -> "Tranziție verde".
Labeler = Callable[[str, str, str], str]
MAX_ITEMS = 12
#: Items already rendered in a run, by (language, zone, position, reason): the text without
#: its number. A weekly run shows the same few hundred calls to 100,000 members.
#: The digest's dated title is remembered by (language, zone) the same way.
ItemCache = dict[tuple[str, ZoneInfo, int, Reason] | tuple[str, ZoneInfo, bool], str]


def _deadline(tr: Translator, item: Opportunity, zone: ZoneInfo) -> str:
    deadline = dates.deadline_of(item)
    if deadline is None:
        if item.deadline_model.value == "continuous":
            return tr.gettext("⏰ Open, no deadline")
        return tr.gettext("⏰ No deadline stated")
    if item.deadline_confidence is Confidence.APPROX:
        # Counted from the publication date ("20 working days"): a day, never a time.
        return tr.gettext(
            "⏰ Deadline: about %(day)s (estimated from the publication date)",
            day=dates.deadline_day(deadline, tr.language),
        )
    when = dates.deadline_text(tr, deadline, reader_zone=zone)
    if item.deadline_confidence is Confidence.LOW:
        return tr.gettext("⏰ Possible deadline: %(when)s", when=when)
    return tr.gettext("⏰ Deadline: %(when)s", when=when)


def _money(amount: Decimal, currency: str | None, language: str) -> str:
    return format_currency(
        amount, currency or "EUR", locale=Locale.parse(language), format_type="standard"
    ).replace("\xa0", " ")


def render_item(
    tr: Translator,
    item: Opportunity,
    prefs: MemberPrefs,
    index: OpportunityIndex,
    position: int,
    *,
    language: str,
    zone: ZoneInfo,
    label: Labeler,
    number: int | None = None,
) -> str:
    """One item: official title, programme and call id, deadline, budget, link, why."""
    prefix = f"{number}. " if number is not None else ""
    lines = [f"{prefix}<b>{esc(item.title)}</b>"]
    # A tender or a cascade call says so; a call for proposals is what a digest holds anyway.
    kind = None if item.kind is OpportunityKind.CALL else kind_label(tr, item.kind)
    origin = " · ".join(
        p
        for p in (
            kind,
            item.programme and label("programme", item.programme, language),
            item.call_id,
        )
        if p
    )
    if origin:
        lines.append(esc(origin))
    lines.append(esc(_deadline(tr, item, zone)))
    if item.budget_total is not None:
        lines.append(
            tr.gettext(
                "💶 Budget: %(amount)s",
                amount=esc(_money(item.budget_total, item.currency, language)),
            )
        )
    link_text = tr.gettext("Official page")
    lines.append(f'🔗 <a href="{esc_attr(item.url)}">{esc(link_text)}</a>')
    reason = index.reason(position, prefs)
    parts = [
        tr.gettext("topic: %(value)s", value=label("topic", t, language)) for t in reason.topics
    ]
    parts += [
        tr.gettext("programme: %(value)s", value=label("programme", p, language))
        for p in reason.programmes
    ]
    if reason.country:
        parts.append(
            tr.gettext("open to %(country)s", country=country_label(reason.country, language))
        )
    if parts:
        lines.append(f"<i>{esc(' · '.join(parts))}</i>")
    return "\n".join(lines)


def kind_label(tr: Translator, kind: OpportunityKind) -> str:
    """What an item is, in the member's language."""
    labels = {
        OpportunityKind.CALL: tr.gettext("Call for proposals"),
        OpportunityKind.TENDER: tr.gettext("Tender"),
        OpportunityKind.CASCADE: tr.gettext("Cascade call"),
        OpportunityKind.NEWS: tr.gettext("News"),
        OpportunityKind.EVENT: tr.gettext("Event"),
        OpportunityKind.RESULT: tr.gettext("Results"),
    }
    return labels[kind]


def render_also(tr: Translator, index: OpportunityIndex, positions: tuple[int, ...]) -> str:
    """The short "Also this week" section: kind, title and link; never a deadline."""
    lines = [tr.gettext("🗞 <b>Also this week</b>")]
    for position in positions:
        item = index.items[position].opportunity
        lines.append(
            f"• {esc(kind_label(tr, item.kind))}: "
            f'<a href="{esc_attr(item.url)}">{esc(item.title)}</a>'
        )
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class DigestPart:
    """One message of a digest and the items in it: (number shown, row id or None)."""

    text: str
    items: tuple[tuple[int, int | None], ...] = ()


def render_digest_parts(
    tr: Translator,
    index: OpportunityIndex,
    sections: Sections,
    prefs: MemberPrefs,
    *,
    language: str,
    zone: ZoneInfo,
    label: Labeler,
    now: datetime,
    max_items: int = MAX_ITEMS,
    preview: bool = False,
    cache: ItemCache | None = None,
) -> list[DigestPart]:
    """The digest as messages split between items at Telegram's limit, items numbered.

    ``cache`` (one per run and index) remembers each item's text, which depends only on the
    language, the zone and why it matched; the digest is the same with or without it.
    """
    header = cache.get((language, zone, preview)) if cache is not None else None
    if header is None:
        day = dates.day(now.astimezone(zone).date(), language)
        title = (
            tr.gettext("Your funding digest (preview)")
            if preview
            else tr.gettext("Your funding digest")
        )
        header = f"<b>{esc(title)}</b> · {esc(day)}"
        if cache is not None:
            cache[(language, zone, preview)] = header
    blocks = [header]
    block_items: list[tuple[tuple[int, int | None], ...]] = [()]
    if sections.total == 0:
        blocks.append(
            tr.gettext("Nothing new matches your topics this week. Change them with /topics.")
        )
        block_items.append(())
    shown = 0
    for heading, positions in (
        (tr.gettext("⏳ <b>Closing soon</b>"), sections.closing_soon),
        (tr.gettext("🆕 <b>New this week</b>"), sections.new),
        (tr.gettext("🔜 <b>Opening soon</b>"), sections.opening_soon),
        (tr.gettext("📌 <b>Still open</b>"), sections.other),
    ):
        room = max_items - shown
        if not positions or room <= 0:
            continue
        for offset, position in enumerate(positions[:room]):
            number = shown + offset + 1
            if cache is None:
                text = render_item(
                    tr, index.items[position].opportunity, prefs, index, position,
                    language=language, zone=zone, label=label, number=number,
                )  # fmt: skip
            else:
                key = (language, zone, position, index.reason(position, prefs))
                body = cache.get(key)
                if body is None:
                    body = cache[key] = render_item(
                        tr, index.items[position].opportunity, prefs, index, position,
                        language=language, zone=zone, label=label,
                    )  # fmt: skip
                text = f"{number}. {body}"
            blocks.append(f"{heading}\n\n{text}" if offset == 0 else text)
            block_items.append(((number, index.items[position].key),))
        shown += min(room, len(positions))
    hidden = sections.total - shown
    if hidden > 0:
        more = tr.ngettext(
            "…and %(n)s more matching call. Narrow your choices with /topics.",
            "…and %(n)s more matching calls. Narrow your choices with /topics.",
            hidden,
        )
        # The count travels with the last item (never alone in a message of its own).
        last = fit(blocks[-1], LIMIT - units(more) - 2)
        blocks[-1] = f"{last}\n\n{more}"
    if sections.also:
        blocks.append(render_also(tr, index, sections.also))
        block_items.append(())
    parts = []
    for group in split_groups(blocks):
        text = "\n\n".join(fit(blocks[i]) for i in group)
        items = tuple(item for i in group for item in block_items[i])
        parts.append(DigestPart(text, items))
    return parts


def render_digest(
    tr: Translator,
    index: OpportunityIndex,
    sections: Sections,
    prefs: MemberPrefs,
    *,
    language: str,
    zone: ZoneInfo,
    label: Labeler,
    now: datetime,
    max_items: int = MAX_ITEMS,
    preview: bool = False,
) -> list[str]:
    """The digest's messages as HTML texts."""
    parts = render_digest_parts(
        tr, index, sections, prefs, language=language, zone=zone, label=label, now=now,
        max_items=max_items, preview=preview,
    )  # fmt: skip
    return [part.text for part in parts]


@lru_cache(maxsize=65_536)
def _follow_data(key: int, on: bool) -> str:
    # A weekly run encodes the same few hundred buttons for 100,000 members.
    return Follow(key, on).data


@lru_cache(maxsize=65_536)
def _partners_data(key: int) -> str:
    return PartnersForCall(key).data


@lru_cache(maxsize=65_536)
def _plan_data(key: int) -> str:
    return PlanCall(key).data


def follow_markup(
    items: tuple[tuple[int, int | None], ...], followed: set[int], *, partners: bool = True
) -> dict[str, Any] | None:
    """Buttons for a digest part as Bot API JSON, per item: ⭐ n to follow (✅ n when
    followed) and, with ``partners`` (a private chat), 📝 n to plan an application and 🤝 n
    for directory members who fit the call."""
    pairs = [
        [
            {
                "text": f"{'✅' if key in followed else '⭐'} {number}",
                "callback_data": _follow_data(key, key not in followed),
            },
            *(
                [
                    {"text": f"📝 {number}", "callback_data": _plan_data(key)},
                    {"text": f"🤝 {number}", "callback_data": _partners_data(key)},
                ]
                if partners
                else []
            ),
        ]
        for number, key in items
        if key is not None
    ]
    if not pairs:
        return None
    per_row = 2 if partners else 4
    return {
        "inline_keyboard": [
            [button for pair in pairs[i : i + per_row] for button in pair]
            for i in range(0, len(pairs), per_row)
        ]
    }
