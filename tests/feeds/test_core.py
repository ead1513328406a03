"""Pure helpers: text, classification, scheduling, duplicates and changes, normalisation."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from feeds.classify import classify
from feeds.dedupe import ChangeKind, dedupe, diff
from feeds.normalize import build_opportunity, passes_filters
from feeds.schedule import clamp_retry_after, next_check_at
from feeds.text import bounded, fold, html_to_text
from feeds.types import Confidence, DeadlineModel, Draft, SourceKind, SourceSpec, Status, Taxonomy

NOW = datetime(2026, 6, 1, tzinfo=UTC)
SPEC = SourceSpec("demo", SourceKind.RSS, "http://127.0.0.1/feed", language="ro", topics=("youth",))


def test_html_to_text_and_bounds() -> None:
    assert html_to_text("<p>A&amp;B</p><script>alert(1)</script><li>x</li>") == "A&B\nx"
    assert bounded("word " * 300, 100).endswith("…")
    assert len(bounded("word " * 300, 100)) <= 100
    assert fold("  Formare PROFESIONALĂ şi ţară ") == "formare profesionala si tara"


@given(st.text(max_size=2000), st.integers(10, 700))
def test_bounded_never_exceeds_the_limit(text: str, limit: int) -> None:
    assert len(bounded(text, limit)) <= limit


def test_classification_records_why(taxonomy: Taxonomy) -> None:
    result = classify(
        title="Apel pentru formare profesională în economie verde",
        summary="Proiecte de mediu finanțate prin FSE+ și Erasmus+",
        keywords=[],
        language="ro",
        programme_hint=None,
        taxonomy=taxonomy,
        default_topics=["youth"],
    )
    assert result.themes == ("green", "vet", "youth")
    assert result.programmes == ("erasmus-plus", "esf-plus")
    reasons = {(r.target, r.reason) for r in result.rules}
    assert ("vet", "keyword:ro:formare profesională") in reasons
    assert ("youth", "source-default") in reasons
    assert ("esf-plus", "programme:FSE+") in reasons


def test_whole_words_only(taxonomy: Taxonomy) -> None:
    result = classify(
        title="Lifestyle skillset", summary="", keywords=[], language="en",
        programme_hint=None, taxonomy=taxonomy,
    )  # fmt: skip
    assert result.programmes == ()
    assert result.themes == ()


@given(st.text(max_size=300), st.sampled_from(["en", "ro", "es"]))
def test_classification_is_deterministic_and_explained(text: str, language: str) -> None:
    from tests.feeds.conftest import make_taxonomy

    taxonomy = make_taxonomy()
    first = classify(
        title=text,
        summary=text,
        keywords=[],
        language=language,
        programme_hint=None,
        taxonomy=taxonomy,
    )
    again = classify(
        title=text,
        summary=text,
        keywords=[],
        language=language,
        programme_hint=None,
        taxonomy=taxonomy,
    )
    assert first == again
    explained = {r.target for r in first.rules}
    assert set(first.themes) | set(first.programmes) <= explained


def test_backoff_doubles_and_caps_at_a_day() -> None:
    interval = timedelta(hours=6)
    delays = [
        next_check_at(now=NOW, interval=interval, consecutive_failures=n) - NOW for n in range(12)
    ]
    assert delays[0] == interval
    assert delays[1] < delays[2] < delays[3]
    assert max(delays) == timedelta(hours=24)
    assert next_check_at(
        now=NOW, interval=interval, consecutive_failures=0, retry_after=86400 * 5
    ) - NOW == timedelta(hours=24)
    assert clamp_retry_after(-5) == 0
    assert clamp_retry_after(None) is None


@given(st.integers(0, 200), st.integers(5, 10_000))
def test_backoff_is_monotonic_and_bounded(failures: int, minutes: int) -> None:
    interval = timedelta(minutes=minutes)
    here = next_check_at(now=NOW, interval=interval, consecutive_failures=failures)
    after = next_check_at(now=NOW, interval=interval, consecutive_failures=failures + 1)
    assert here > NOW
    if failures:
        assert here <= after
        assert after - NOW <= timedelta(hours=24)


def _draft(**changes: object) -> Draft:
    base = Draft(
        native_id="42",
        url="https://example.org/42",
        title="Apel <b>tineri</b> pentru formare profesională",
        summary="<p>Termen limită de depunere: 31 decembrie 2026, ora 16:00</p>",
        language="ro",
        published_at=datetime(2026, 5, 20, tzinfo=UTC),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_build_opportunity_from_text(taxonomy: Taxonomy) -> None:
    item = build_opportunity(_draft(), source=SPEC, taxonomy=taxonomy, now=NOW)
    assert item.uid == "demo:42"
    assert item.title == "Apel tineri pentru formare profesională"
    assert item.status is Status.OPEN
    assert item.deadline_confidence is Confidence.HIGH
    assert item.next_deadline == datetime(2026, 12, 31, 14, 0, tzinfo=UTC)
    assert "vet" in item.themes
    assert "youth" in item.themes
    assert len(item.content_hash) == 64


def test_text_deadlines_are_read_in_the_zone_of_the_text_language(taxonomy: Taxonomy) -> None:
    draft = _draft(
        title="Aviso de concurso",
        summary="Prazo de candidatura: até 15 de dezembro de 2026, às 17h00.",
        language="pt",
    )
    item = build_opportunity(draft, source=SPEC, taxonomy=taxonomy, now=NOW)
    assert item.deadline_zone == "Europe/Lisbon"
    assert item.deadline_has_time
    assert item.next_deadline == datetime(
        2026, 12, 15, 17, 0, tzinfo=UTC
    )  # Lisbon is UTC in winter


def test_structured_deadlines_win_and_status_is_derived(taxonomy: Taxonomy) -> None:
    past = datetime(2026, 5, 1, tzinfo=UTC)
    item = build_opportunity(
        _draft(deadlines=(past,), status_hint=Status.OPEN), source=SPEC, taxonomy=taxonomy, now=NOW
    )
    assert item.status is Status.CLOSED  # a source's "open" flag never overrides the dates
    assert item.deadline_confidence is Confidence.SOURCE
    continuous = build_opportunity(
        _draft(summary="Fără termen", continuous=True), source=SPEC, taxonomy=taxonomy, now=NOW
    )
    assert continuous.status is Status.OPEN
    assert continuous.deadline_model is DeadlineModel.CONTINUOUS


def test_filters() -> None:
    assert passes_filters("Apel de proiecte", include=["apel"], exclude=[])
    assert not passes_filters("Lista plăților", include=[], exclude=["lista plăților"])
    assert not passes_filters("Stiri", include=["apel"], exclude=[])


def test_changes_and_duplicates(taxonomy: Taxonomy) -> None:
    old = build_opportunity(_draft(), source=SPEC, taxonomy=taxonomy, now=NOW)
    changed = _draft(
        summary="Termen limită: 15 ianuarie 2027", budget_total=Decimal(100000), currency="EUR"
    )
    moved = build_opportunity(changed, source=SPEC, taxonomy=taxonomy, now=NOW)
    kinds = {c.kind for c in diff(old, moved)}
    assert kinds == {ChangeKind.DEADLINE, ChangeKind.BUDGET}
    assert diff(old, old) == ()
    closed = replace(moved, status=Status.CLOSED)
    assert ChangeKind.CLOSED in {c.kind for c in diff(moved, closed)}
    news = replace(old, uid="news:1", call_id="CALL-1", deadline_confidence=Confidence.LOW)
    topic = replace(old, uid="ft:1", call_id="CALL-1", deadline_confidence=Confidence.SOURCE)
    assert [i.uid for i in dedupe([news, topic, news])] == ["ft:1"]
