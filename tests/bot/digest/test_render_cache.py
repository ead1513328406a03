"""The weekly run's shortcuts change nothing: a run-wide item cache renders the same digests,
and sections cut to a dozen items still count every match."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.i18n import Catalogs
from bot.digest.matching import MemberPrefs, OpportunityIndex
from bot.digest.render import MAX_ITEMS, ItemCache, render_digest_parts
from tests.bot.digest.helpers import NOW, opp

TOPICS = ("green", "digital", "youth")
CATALOGS = Catalogs(["en", "ro", "es"], "en")
INDEX = OpportunityIndex.build(
    [
        opp(
            f"s:{n}",
            themes=(TOPICS[n % 3], TOPICS[(n + n // 3) % 3]),
            programmes=("erasmus-plus",) if n % 4 == 0 else (),
            eligible_countries=("RO", "ES") if n % 5 == 0 else (),
            next_deadline=NOW + timedelta(days=3 + 2 * n),
            first_seen=NOW - timedelta(days=n % 10),
        )
        for n in range(40)
    ],
    now=NOW,
)
members = st.builds(
    MemberPrefs,
    topics=st.frozensets(st.sampled_from(TOPICS), min_size=1),
    programmes=st.frozensets(st.just("erasmus-plus")),
    country=st.sampled_from([None, "RO", "MD"]),
)


def label(kind: str, item: str, language: str) -> str:
    return f"{kind}:{item}:{language}"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            members,
            st.sampled_from(["en", "ro", "es"]),
            st.sampled_from(["Europe/Bucharest", "Europe/Madrid"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_run_wide_cache_renders_the_same_digests(
    run: list[tuple[MemberPrefs, str, str]],
) -> None:
    cache: ItemCache = {}
    for prefs, language, zone in run:
        sections = INDEX.sections(prefs)
        cut = INDEX.sections(prefs, limit=MAX_ITEMS)
        assert cut.total == sections.total
        tr, where = CATALOGS.get(language), ZoneInfo(zone)
        plain = render_digest_parts(
            tr, INDEX, sections, prefs, language=language, zone=where, label=label, now=NOW
        )
        cached = render_digest_parts(
            tr, INDEX, cut, prefs, language=language, zone=where, label=label, now=NOW,
            cache=cache,
        )  # fmt: skip
        assert cached == plain
        assert len(plain[0].text) > 0
