"""The digest text: sections, each item's facts and reason, escaping, language, splitting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.core.i18n import Catalogs
from bot.digest.matching import MemberPrefs, OpportunityIndex
from bot.digest.render import render_digest, render_digest_parts
from bot.sandbox.localapi.html import parse
from feeds.types import Confidence, OpportunityKind
from tests.bot.digest.helpers import NOW, opp

CATALOGS = Catalogs(["en", "ro", "es"], "en")
LABELS = {("topic", "green"): "Green transition", ("programme", "life"): "LIFE"}


def label(kind: str, item: str, language: str) -> str:
    return LABELS.get((kind, item), item)


def test_items_show_their_facts_and_reason() -> None:
    items = [
        opp(
            "life-1",
            title='LIFE <Nature> & "people"',
            themes=("green",),
            programmes=("life",),
            programme="life",
            call_id="LIFE-2027-SAP",
            eligible_countries=("RO",),
            next_deadline=datetime(2026, 12, 3, 16, 0, tzinfo=UTC),
            deadline_has_time=True,
            deadline_zone="Europe/Brussels",
            deadline_confidence=Confidence.SOURCE,
            budget_total=Decimal("5000000"),
            currency="EUR",
        ),
        opp("approx", themes=("green",), deadline_confidence=Confidence.APPROX),
    ]
    index = OpportunityIndex.build(items, now=NOW)
    prefs = MemberPrefs(topics=frozenset({"green"}), programmes=frozenset({"life"}), country="RO")
    messages = render_digest(
        CATALOGS.get("en"), index, index.sections(prefs), prefs,
        language="en", zone=ZoneInfo("Europe/Bucharest"), label=label, now=NOW,
    )  # fmt: skip
    assert len(messages) == 1
    text, entities = parse(messages[0])
    assert 'LIFE <Nature> & "people"' in text
    assert "LIFE · LIFE-2027-SAP" in text
    # Its own zone, with the member's time (Bucharest) beside it.
    assert "Deadline: 3 December 2026, 17:00 Brussels time (18:00 yours)" in text
    assert "€5,000,000.00" in text
    assert "topic: Green transition · programme: LIFE · open to Romania" in text
    assert "Deadline: about " in text
    assert "(estimated from the publication date)" in text
    assert any(
        e["type"] == "text_link" and e["url"] == "https://example.eu/life-1" for e in entities
    )
    assert text.index("Closing soon") < text.index("Still open")


@pytest.mark.parametrize("language", ["en", "ro", "es"])
def test_empty_week_and_overflow_in_each_language(language: str) -> None:
    tr = CATALOGS.get(language)
    index = OpportunityIndex.build([], now=NOW)
    prefs = MemberPrefs(topics=frozenset({"green"}))
    empty = render_digest(tr, index, index.sections(prefs), prefs, language=language,
                          zone=ZoneInfo("UTC"), label=label, now=NOW)  # fmt: skip
    assert (
        tr.gettext("Nothing new matches your topics this week. Change them with /topics.")
        in empty[0]
    )
    many = [
        opp(
            f"x{i}", themes=("green",), title="Ș😀 " * 40, next_deadline=NOW + timedelta(days=i + 1)
        )
        for i in range(60)
    ]
    index = OpportunityIndex.build(many, now=NOW)
    messages = render_digest(tr, index, index.sections(prefs), prefs, language=language,
                             zone=ZoneInfo("UTC"), label=label, now=NOW, max_items=30)  # fmt: skip
    for message in messages:
        parse(message)
    assert (
        tr.ngettext(
            "…and %(n)s more matching call. Narrow your choices with /topics.",
            "…and %(n)s more matching calls. Narrow your choices with /topics.",
            30,
        )
        in messages[-1]
    )


def test_the_count_of_hidden_calls_never_stands_alone() -> None:
    """However long the items, "…and N more" ends the last message that has items, never a
    message of its own (issue 12)."""
    tr = CATALOGS.get("en")
    prefs = MemberPrefs(topics=frozenset({"green"}))
    alone = []
    for length in range(150, 420, 3):  # item sizes that fill the messages differently
        many = [
            opp(f"x{i}", themes=("green",), title="Ș" * length,
                next_deadline=NOW + timedelta(days=i + 1))
            for i in range(19)
        ]  # fmt: skip
        index = OpportunityIndex.build(many, now=NOW)
        parts = render_digest_parts(
            tr, index, index.sections(prefs), prefs, language="en", zone=ZoneInfo("UTC"),
            label=label, now=NOW,
        )  # fmt: skip
        assert "7 more matching calls" in parts[-1].text
        if not parts[-1].items:
            alone.append(length)
        for part in parts:
            assert len(part.text.encode("utf-16-le")) // 2 <= 4096
            parse(part.text)
    assert alone == []


@pytest.mark.parametrize("language", ["en", "ro", "es"])
def test_also_this_week_comes_after_the_calls_without_deadlines(language: str) -> None:
    tr = CATALOGS.get(language)
    items = [
        opp("call", themes=("green",), first_seen=NOW - timedelta(days=1),
            deadline_confidence=Confidence.HIGH),
        opp("webinar", title="Webinar: LIFE <2027>", themes=("green",),
            kind=OpportunityKind.EVENT, first_seen=NOW - timedelta(days=1),
            next_deadline=NOW + timedelta(days=2), deadline_confidence=Confidence.LOW),
        opp("adopted", title="Commission adopts LIFE work programme", themes=("green",),
            kind=OpportunityKind.NEWS, first_seen=NOW, next_deadline=None),
    ]  # fmt: skip
    index = OpportunityIndex.build(items, now=NOW)
    prefs = MemberPrefs(topics=frozenset({"green"}))
    parts = render_digest_parts(
        tr, index, index.sections(prefs), prefs,
        language=language, zone=ZoneInfo("Europe/Madrid"), label=label, now=NOW,
    )  # fmt: skip
    text, entities = parse("\n\n".join(part.text for part in parts))
    heading = tr.gettext("🗞 <b>Also this week</b>").replace("<b>", "").replace("</b>", "")
    calls, also = text.split(heading)
    assert "Call call" in calls
    assert "Webinar" not in calls
    assert f"{tr.gettext('Event')}: Webinar: LIFE <2027>" in also
    assert f"{tr.gettext('News')}: Commission adopts LIFE work programme" in also
    assert "⏰" not in also
    assert any(e["type"] == "text_link" and e["url"].endswith("/webinar") for e in entities)
    # Follow buttons only for the call
    assert [key for part in parts for _, key in part.items] == [None]


def test_tenders_and_cascade_calls_say_what_they_are() -> None:
    items = [
        opp("t", themes=("green",), kind=OpportunityKind.TENDER, call_id="EAC/2026/OP/12"),
        opp("c", themes=("green",), kind=OpportunityKind.CASCADE, programme="life"),
        opp("p", themes=("green",), call_id="LIFE-2027-SAP"),
    ]
    index = OpportunityIndex.build(items, now=NOW)
    prefs = MemberPrefs(topics=frozenset({"green"}))
    tr = CATALOGS.get("es")
    (message,) = render_digest(
        tr, index, index.sections(prefs), prefs,
        language="es", zone=ZoneInfo("Europe/Madrid"), label=label, now=NOW,
    )  # fmt: skip
    text, _ = parse(message)
    assert f"{tr.gettext('Tender')} · EAC/2026/OP/12" in text
    assert f"{tr.gettext('Cascade call')} · LIFE" in text
    assert f"{tr.gettext('Call for proposals')} · " not in text
