"""From what an adapter read (:class:`Draft`) to a normalised :class:`Opportunity` (pure)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from feeds.classify import CompiledTaxonomy, classify
from feeds.deadlines import derive_status, extract_deadlines, next_deadline, zone_for
from feeds.kinds import decide_kind
from feeds.text import bounded, fold, html_to_text
from feeds.types import (
    Confidence,
    DeadlineModel,
    Draft,
    Opportunity,
    SourceSpec,
    Status,
    Taxonomy,
)

#: Where a source's local times are, when its texts do not say.
SUMMARY_LIMIT = 600
#: How much of an item's text the kind rules read (the lead says what an item is).
KIND_TEXT_LIMIT = 4000


def content_hash(
    *,
    deadlines: Sequence[datetime],
    status: Status,
    budget_total: object,
    grant_max: object,
    currency: str | None,
    opening: datetime | None,
) -> str:
    """Hash of what should re-notify followers: deadlines, status, budget, opening.

    Status is derived from "now", so the hash changes when a call opens or closes.
    """
    canonical = json.dumps(
        {
            "deadlines": [d.astimezone(UTC).isoformat() for d in deadlines],
            "status": status.value,
            "budget_total": None if budget_total is None else str(budget_total),
            "grant_max": None if grant_max is None else str(grant_max),
            "currency": currency,
            "opening": opening.astimezone(UTC).isoformat() if opening else None,
        },
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def passes_filters(text: str, *, include: Sequence[str], exclude: Sequence[str]) -> bool:
    """A source's include/exclude words (plain, folded, substring match)."""
    folded = fold(text)
    if include and not any(fold(word) in folded for word in include):
        return False
    return not any(fold(word) in folded for word in exclude)


def build_opportunity(
    draft: Draft,
    *,
    source: SourceSpec,
    taxonomy: Taxonomy | CompiledTaxonomy,
    now: datetime,
    fetched_at: datetime | None = None,
) -> Opportunity:
    """Derive deadlines, status, classification and the content hash from ``draft``."""
    summary = bounded(html_to_text(draft.summary), SUMMARY_LIMIT)
    title = " ".join(html_to_text(draft.title).split()) or draft.native_id
    # A zone the source states (a site in English giving Romanian times) beats the language's.
    tz = ZoneInfo(draft.deadline_zone) if draft.deadline_zone else zone_for(draft.language)
    deadline_zone = draft.deadline_zone or tz.key
    deadlines = tuple(sorted(set(draft.deadlines)))
    model = draft.deadline_model
    has_time = draft.deadline_has_time
    confidence: Confidence | None = Confidence.SOURCE if deadlines else None
    if not deadlines and not draft.continuous:
        text = draft.deadline_text or f"{title}\n{html_to_text(draft.summary)}"
        finding = extract_deadlines(
            text, language=draft.language, now=now, published=draft.published_at, tz=tz
        )
        if finding is not None:
            deadlines, confidence, model = finding.deadlines, finding.confidence, finding.model
            has_time, deadline_zone = finding.has_time, tz.key
    body = html_to_text(draft.summary)
    extra = draft.deadline_text.removeprefix(title).strip()
    if extra and extra not in body:
        body = f"{body}\n{extra}"
    kind = decide_kind(
        title=title,
        text=body[:KIND_TEXT_LIMIT],
        language=draft.language,
        hint=draft.kind_hint,
        source_kind=source.kind,
        publishes=source.publishes,
        deadline=bool(deadlines) and confidence is not Confidence.LOW,
        budget=draft.budget_total is not None or draft.grant_max is not None,
        continuous=draft.continuous,
    )
    if not kind.kind.is_funding and confidence is Confidence.LOW:
        # An event's own date, a news item's date: never a "possible deadline".
        deadlines, confidence, model, has_time = (), None, draft.deadline_model, False
    if draft.continuous and not deadlines:
        model = DeadlineModel.CONTINUOUS
    elif model is DeadlineModel.UNKNOWN and deadlines:
        model = DeadlineModel.SINGLE if len(deadlines) == 1 else DeadlineModel.CUT_OFFS
    status = derive_status(
        now=now,
        opening=draft.opening_date,
        deadlines=deadlines,
        continuous=draft.continuous,
        hint=draft.status_hint,
    )
    classification = classify(
        title=title,
        summary=summary,
        keywords=draft.keywords,
        language=draft.language,
        programme_hint=draft.programme,
        taxonomy=taxonomy,
        default_topics=source.topics,
        default_programme=source.programme,
    )
    programme = draft.programme or (
        classification.programmes[0] if classification.programmes else None
    )
    return Opportunity(
        uid=f"{source.id}:{draft.native_id}",
        source=source.id,
        url=draft.url,
        title=title,
        summary=summary,
        language=draft.language,
        status=status,
        programme=programme,
        call_id=draft.call_id,
        topic_id=draft.topic_id,
        action_type=" ".join(draft.action_type.split()) if draft.action_type else None,
        opening_date=draft.opening_date,
        deadlines=deadlines,
        next_deadline=next_deadline(deadlines, now),
        deadline_model=model,
        deadline_confidence=confidence,
        deadline_has_time=has_time,
        deadline_zone=deadline_zone,
        kind=kind.kind,
        kind_rule=kind.rule,
        related=draft.related,
        budget_total=draft.budget_total,
        grant_max=draft.grant_max,
        currency=draft.currency,
        keywords=draft.keywords,
        eligible_countries=draft.eligible_countries,
        eligible_org_types=draft.eligible_org_types,
        themes=classification.themes,
        programmes=classification.programmes,
        rules=classification.rules,
        published_at=draft.published_at,
        updated_at=draft.updated_at,
        fetched_at=fetched_at or now,
        content_hash=content_hash(
            deadlines=deadlines,
            status=status,
            budget_total=draft.budget_total,
            grant_max=draft.grant_max,
            currency=draft.currency,
            opening=draft.opening_date,
        ),
        raw=draft.raw,
    )
