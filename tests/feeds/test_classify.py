"""Classification keywords apply to text of their own language (issue 11)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.config import parse_settings
from bot.feeds_bridge import taxonomy as bot_taxonomy
from feeds.classify import classify, compile_taxonomy
from feeds.language import language_of, segments

DEFAULT = compile_taxonomy(bot_taxonomy(parse_settings({}, environ={})))

#: The case a member met: a Romanian youth sports call classified as "Digital transformation"
#: because the English keyword "data" matched "Data limită de depunere".
YOUTH_SPORTS_RO = (
    "Apel de proiecte pentru activități sportive destinate tineretului – sesiunea 2027",
    "Ministerul Sportului anunță lansarea apelului de proiecte pentru programe sportive "
    "destinate tinerilor din mediul rural. Pot depune proiecte cluburile sportive și "
    "asociațiile de tineret.\nData limită de depunere: 16 martie 2027, ora 16:00.\n"
    "Data publicării: 20 ianuarie 2027.",
)


def _classify(title: str, summary: str, language: str, keywords: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    return classify(
        title=title, summary=summary, keywords=keywords, language=language,
        programme_hint=None, taxonomy=DEFAULT,
    )  # fmt: skip


def test_romanian_data_limita_is_not_digital() -> None:
    result = _classify(*YOUTH_SPORTS_RO, "ro")
    assert "digital" not in result.themes, result.rules
    assert "youth" in result.themes
    assert all(not r.reason.startswith("keyword:en:") for r in result.rules)


def test_spanish_and_romanian_false_friends_of_english_keywords() -> None:
    # "data" (ro: date), "pilot" stays "pilot" in Spanish and Romanian but "data" and "green"
    # must not fire on national text; the national keywords still do.
    es = _classify(
        "Convocatoria de ayudas a clubes deportivos juveniles",
        "Las solicitudes se presentarán hasta la fecha indicada. Data de publicación: "
        "3 de febrero de 2027. Podrán participar asociaciones de jóvenes.",
        "es",
    )
    assert "digital" not in es.themes
    assert "youth" in es.themes
    ro = _classify(
        "Granturi pentru digitalizare în IMM-uri",
        "Data deschiderii: 1 martie 2027. Data închiderii: 30 aprilie 2027.",
        "ro",
    )
    assert ro.themes == ("digital", "entrepreneurship")


def test_english_sentences_inside_a_national_item_keep_english_keywords() -> None:
    result = _classify(
        "Apel deschis: Erasmus+ KA2",
        "The call supports cooperation partnerships in the field of youth and "
        "the digital skills of youth workers. Data limită de depunere: 5 martie 2027.",
        "ro",
    )
    assert {"digital", "youth"} <= set(result.themes)
    assert "erasmus-plus" in result.programmes


def test_english_items_use_english_keywords_throughout() -> None:
    result = _classify(
        "Data spaces for public administrations",
        "Deadline: 12 May 2027. Artificial intelligence and data for e-government.",
        "en",
    )
    assert "digital" in result.themes


def test_acronyms_and_programme_names_apply_to_every_language() -> None:
    result = _classify(
        "Formare pentru tineri NEET și furnizori VET",
        "Finanțat prin FSE+ în cadrul PEO. DATA LIMITĂ: 15.03.2027.",
        "ro",
    )
    assert {"youth", "vet"} <= set(result.themes)
    assert {"esf-plus", "national"} <= set(result.programmes)
    assert "digital" not in result.themes  # a shouted heading is not an acronym


def test_segment_language() -> None:
    assert language_of("Data limită de depunere: 15.01.2027", "ro") == "ro"
    assert language_of("Data limita 15.01.2027", "ro") == "ro"
    assert language_of("The deadline for applications is 5 March 2027", "es") == "en"
    assert language_of("Plazo de presentación de solicitudes: 20 días hábiles", "es") == "es"
    assert language_of("Anything at all", "en") == "en"
    parts = segments("Apel de proiecte. The call is open to youth organisations.", "ro")
    assert [p.language for p in parts] == ["ro", "en"]


_RO_WORDS = ["data", "limită", "de", "depunere", "tineri", "apel", "proiecte", "pentru", "și"]


@given(st.lists(st.sampled_from(_RO_WORDS), min_size=1, max_size=30))
def test_no_english_keyword_fires_on_romanian_function_text(words: list[str]) -> None:
    text = " ".join(words)
    result = _classify(text, text, "ro")
    assert not [r for r in result.rules if r.reason.startswith("keyword:en:")]
