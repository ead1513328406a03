"""Matching members to opportunities: the rules, the reasons, and the bit-mask index."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.digest.matching import ALSO_LIMIT, Candidate, MemberPrefs, OpportunityIndex
from feeds.types import OpportunityKind, Status
from tests.bot.digest.helpers import NOW, opp

ITEMS = [
    opp(
        "green-ro",
        themes=("green",),
        eligible_countries=("RO",),
        next_deadline=NOW + timedelta(days=5),
    ),
    opp("green-any", themes=("green",), programmes=("life",), first_seen=NOW - timedelta(days=2)),
    opp("vet-es", themes=("vet",), eligible_countries=("ES300",), eligible_org_types=("sme",)),
    opp("life-only", programmes=("life",), status=Status.FORTHCOMING, next_deadline=None),
    opp("closed", themes=("green",), status=Status.CLOSED),
    opp(
        "robots",
        themes=("vet",),
        summary="Robotics labs for schools",
        eligible_org_types=("school",),
    ),
    opp("tenders", themes=("green",), title="Green public tenders"),
]
INDEX = OpportunityIndex.build(ITEMS, now=NOW)


def uids(prefs: MemberPrefs) -> list[str]:
    return [INDEX.items[p].opportunity.uid for p in _all(INDEX.sections(prefs))]


def _all(sections: object) -> list[int]:
    return sorted(
        [*sections.closing_soon, *sections.new, *sections.opening_soon, *sections.other]  # type: ignore[attr-defined]
    )


def test_topics_or_programmes_and_closed_never() -> None:
    found = uids(MemberPrefs(topics=frozenset({"green"})))
    assert set(found) == {"green-ro", "green-any", "tenders"}
    assert "closed" not in found
    assert set(uids(MemberPrefs(programmes=frozenset({"life"})))) == {"green-any", "life-only"}
    assert uids(MemberPrefs()) == []


def test_country_and_org_type_apply_only_when_stated() -> None:
    es_sme = MemberPrefs(topics=frozenset({"vet", "green"}), country="ES", org_type="sme")
    assert set(uids(es_sme)) == {"vet-es", "green-any", "tenders"}
    ro_school = MemberPrefs(topics=frozenset({"vet", "green"}), country="RO", org_type="school")
    assert set(uids(ro_school)) == {"green-ro", "green-any", "robots", "tenders"}
    # A university is admitted where schools or universities are; no org type means no filter.
    assert "robots" in uids(MemberPrefs(topics=frozenset({"vet"})))


def test_include_and_exclude_words() -> None:
    robots = MemberPrefs(topics=frozenset({"vet"}), include=("robotics",))
    assert uids(robots) == ["robots"]
    no_tenders = MemberPrefs(topics=frozenset({"green"}), exclude=("tenders",))
    assert "tenders" not in uids(no_tenders)


def test_sections_and_order() -> None:
    sections = INDEX.sections(
        MemberPrefs(topics=frozenset({"green"}), programmes=frozenset({"life"}))
    )

    def by(positions: Iterable[int]) -> list[str]:
        return [INDEX.items[p].opportunity.uid for p in positions]

    assert by(sections.closing_soon) == ["green-ro"]
    assert by(sections.new) == ["green-any"]
    assert by(sections.opening_soon) == ["life-only"]
    assert by(sections.other) == ["tenders"]


def test_already_sent_items_are_left_out() -> None:
    prefs = MemberPrefs(topics=frozenset({"green"}))
    sent = INDEX.uids_mask(["green-ro", "unknown"])
    assert "green-ro" not in [
        INDEX.items[p].opportunity.uid for p in _all(INDEX.sections(prefs, exclude=sent))
    ]


def test_reason_names_what_matched() -> None:
    position = INDEX.by_uid["green-ro"]
    reason = INDEX.reason(position, MemberPrefs(topics=frozenset({"green"}), country="RO"))
    assert reason.topics == ("green",)
    assert reason.country == "RO"


TOPICS = ["green", "vet", "youth", "digital"]
COUNTRIES = ["RO", "ES", "MD", None]


@given(
    st.lists(
        st.tuples(
            st.sets(st.sampled_from(TOPICS), max_size=2),
            st.sets(st.sampled_from(["RO", "ES"]), max_size=2),
            st.sampled_from([Status.OPEN, Status.CLOSED, Status.FORTHCOMING]),
            st.integers(-10, 90),
        ),
        max_size=25,
    ),
    st.sets(st.sampled_from(TOPICS), max_size=3),
    st.sampled_from(COUNTRIES),
)
def test_index_agrees_with_the_naive_rules(
    rows: list[tuple[set[str], set[str], Status, int]], topics: set[str], country: str | None
) -> None:
    items = [
        opp(f"o{i}", themes=tuple(sorted(t)), eligible_countries=tuple(sorted(c)), status=s,
            next_deadline=NOW + timedelta(days=d))
        for i, (t, c, s, d) in enumerate(rows)
    ]  # fmt: skip
    index = OpportunityIndex.build(items, now=NOW)
    prefs = MemberPrefs(topics=frozenset(topics), country=country)
    got = {index.items[p].opportunity.uid for p in _all(index.sections(prefs))}
    expected = {
        c.opportunity.uid
        for c in items
        if c.opportunity.status is not Status.CLOSED
        and set(c.opportunity.themes) & topics
        and (
            not c.opportunity.eligible_countries
            or country is None
            or country in c.opportunity.eligible_countries
        )
    }
    assert got == expected


def test_closing_soon_counts_calendar_days_where_the_deadline_is() -> None:
    """A date-only deadline 14 calendar days away is closing soon, though 14 days and 14 hours
    remain until 23:59 of its day; one more day and it is not."""
    madrid = ZoneInfo("Europe/Madrid")

    def on(day: date) -> Candidate:
        return opp(
            f"d-{day.isoformat()}",
            themes=("green",),
            next_deadline=datetime.combine(day, time(23, 59), tzinfo=madrid),
            deadline_has_time=False,
            deadline_zone="Europe/Madrid",
        )

    index = OpportunityIndex.build([on(date(2026, 12, 9)), on(date(2026, 12, 10))], now=NOW)
    sections = index.sections(MemberPrefs(topics=frozenset({"green"})))
    soon = [index.items[p].opportunity.uid for p in sections.closing_soon]
    assert soon == ["d-2026-12-09"]


# ---------------------------------------------------------------- kinds (issue 11)

KIND_ITEMS = [
    opp("call", themes=("vet",), first_seen=NOW - timedelta(days=1)),
    opp("tender", themes=("vet",), kind=OpportunityKind.TENDER),
    opp("cascade", themes=("vet",), kind=OpportunityKind.CASCADE, status=Status.FORTHCOMING),
    opp("info-day", themes=("vet",), kind=OpportunityKind.EVENT, first_seen=NOW - timedelta(days=1),
        next_deadline=NOW + timedelta(days=3), published_at=NOW - timedelta(days=3)),
    opp("press", themes=("vet",), kind=OpportunityKind.NEWS, first_seen=NOW - timedelta(days=2),
        next_deadline=None, published_at=NOW - timedelta(days=1)),
    opp("results", themes=("vet",), kind=OpportunityKind.RESULT,
        first_seen=NOW - timedelta(days=3), next_deadline=None),
    opp("old-news", themes=("vet",), kind=OpportunityKind.NEWS,
        first_seen=NOW - timedelta(days=20), next_deadline=None),
    opp("more-news", themes=("vet",), kind=OpportunityKind.NEWS,
        first_seen=NOW - timedelta(days=6), next_deadline=None),
]  # fmt: skip


def test_call_sections_carry_only_funding_kinds_and_the_rest_goes_apart() -> None:
    index = OpportunityIndex.build(KIND_ITEMS, now=NOW)
    sections = index.sections(MemberPrefs(topics=frozenset({"vet"})))
    calls = {index.items[p].opportunity.uid for p in _all(sections)}
    assert calls == {"call", "tender", "cascade"}
    also = [index.items[p].opportunity.uid for p in sections.also]
    # at most three, newest first; never last month's news
    assert also == ["press", "info-day", "results"]
    assert sections.total == 3


def test_the_also_section_can_be_switched_off() -> None:
    index = OpportunityIndex.build(KIND_ITEMS, now=NOW)
    sections = index.sections(MemberPrefs(topics=frozenset({"vet"}), also_this_week=False))
    assert sections.also == ()
    assert sections.total == 3


@given(
    st.lists(
        st.tuples(st.sampled_from(list(OpportunityKind)), st.integers(0, 30), st.integers(-5, 60)),
        max_size=20,
    ),
    st.booleans(),
)
def test_kinds_never_mix(rows: list[tuple[OpportunityKind, int, int]], also: bool) -> None:
    items = [
        opp(f"o{i}", themes=("vet",), kind=kind, first_seen=NOW - timedelta(days=age),
            next_deadline=NOW + timedelta(days=days))
        for i, (kind, age, days) in enumerate(rows)
    ]  # fmt: skip
    index = OpportunityIndex.build(items, now=NOW)
    sections = index.sections(MemberPrefs(topics=frozenset({"vet"}), also_this_week=also))
    assert all(index.items[p].opportunity.kind.is_funding for p in _all(sections))
    assert all(not index.items[p].opportunity.kind.is_funding for p in sections.also)
    assert len(sections.also) <= ALSO_LIMIT
    assert also or not sections.also
