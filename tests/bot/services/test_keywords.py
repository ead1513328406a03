"""Keyword and organisation-name input rules."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.members.rules import KEYWORDS_MAX, clean_org_name, parse_keywords


def test_plain_words_split_on_commas_and_lines() -> None:
    words, problem = parse_keywords("Robotics, rural schools\nRoma;  robotics ")
    assert problem is None
    assert words == ("robotics", "rural schools", "roma")


def test_limits_and_characters() -> None:
    assert parse_keywords(" , ,")[1].code == "empty"  # type: ignore[union-attr]
    many = ", ".join(f"w{i}x" for i in range(KEYWORDS_MAX + 1))
    assert parse_keywords(many)[1].code == "too_many"  # type: ignore[union-attr]
    assert parse_keywords("a")[1].code == "length"  # type: ignore[union-attr]
    problem = parse_keywords("green, (a|b)*")[1]
    assert problem is not None
    assert (problem.code, problem.word) == ("characters", "(a|b)*")
    assert parse_keywords("formare profesională, educación")[1] is None


@given(st.text(max_size=300))
def test_any_text_gives_words_or_a_reason(text: str) -> None:
    words, problem = parse_keywords(text)
    assert (problem is None) == bool(words)
    assert len(words) <= KEYWORDS_MAX
    assert all(2 <= len(w) <= 30 for w in words)


def test_org_name_is_trimmed_and_bounded() -> None:
    assert clean_org_name('  Asociația   <b>&"  ') == 'Asociația <b>&"'
    assert clean_org_name("   ") is None
    assert clean_org_name("x" * 121) is None
