"""Organisation names: exact and near matches as real organisations write them."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.organisations.names import Candidate, compare, fold, key, matches, words

# ----- a table of real-world spellings ----------------------------------------------------
EXACT = [
    # Romanian: diacritics with comma or cedilla, legal forms before and after, abbreviations.
    ("Asociația Vest Digital", "ASOCIATIA VEST DIGITAL", "RO"),
    ("Asociaţia Vest Digital", "Asociația Vest Digital", "RO"),  # cedilla ţ vs comma-below ț
    ("Asoc. Vest-Digital", "Asociatia Vest Digital", "RO"),
    ("Vest Digital", "Asociația „Vest Digital”", "RO"),
    ("S.C. Eco Soft S.R.L.", "Eco Soft SRL", "RO"),
    ("Ecosoft S.R.L.", "ECO SOFT srl", "RO"),
    ("Eco Soft SRL-D", "Eco Soft", "RO"),
    ("Fundația Comunitară Iași", "Fundatia Comunitara Iasi", "RO"),
    ("ONG Speranța", "Speranta", "RO"),
    ("Școala Românească de Meserii", "Scoala Romaneasca de Meserii", "RO"),
    (
        "Centrul Județean de Resurse și Asistență Educațională",
        "CENTRUL JUDETEAN DE RESURSE SI ASISTENTA EDUCATIONALA",
        "RO",
    ),
    # Spanish.
    ("Fundación Lucero", "Fundacion Lucero", "ES"),
    ("Asociación Cultural Andaluza", "Asoc. Cultural Andaluza", "ES"),
    ("Formación Sur, S.L.", "Formacion Sur SL", "ES"),
    ("Formación Sur S.L.U.", "FORMACIÓN SUR", "ES"),
    ("Cooperativa Teixidors, S. Coop.", "Cooperativa Teixidors", "ES"),
    ("Niños del Mañana S.A.", "Ninos del Manana", "ES"),
    ("La Huerta de Añón, S.A.U.", "La Huerta de Anon", "ES"),
    # Elsewhere in Europe.
    ("Bildungswerk Nord e.V.", "Bildungswerk Nord e. V.", "DE"),
    ("Straßenkinder gGmbH", "Strassenkinder", "DE"),
    ("Green Skills Ltd", "Green Skills Limited", "GB"),
    ("The Green Foundation", "Green Foundation", "GB"),
    ("Kraków Edu Sp. z o.o.", "Krakow Edu", "PL"),
    ("Fundacja Rozwoju", "Rozwoju", "PL"),
    ("Cultura Viva APS", "Cultura Viva A.P.S.", "IT"),
    ("Stichting Groen", "Groen B.V.", "NL"),
    ("Jeunesse Active ASBL", "Jeunesse Active a.s.b.l.", "BE"),
    # Unknown country: every known form applies.
    ("Vest Digital S.R.L.", "Asociația Vest Digital", None),
]

NEAR = [
    ("Asociatia Vest Digitall", "Asociația Vest Digital", "RO"),  # a doubled letter
    ("Fundatia Comunitara Iais", "Fundația Comunitară Iași", "RO"),  # swapped letters
    ("Formacion Sr", "Formación Sur, S.L.", "ES"),  # a missing letter (9 letters: one typo)
    ("Bildungswerk Nrod", "Bildungswerk Nord e.V.", "DE"),
    ("Digital Vest", "Vest Digital", "RO"),  # the same words in another order
]

DIFFERENT = [
    ("Vest Digital", "Est Digital Nord", "RO"),
    ("ABC", "ABD", "RO"),  # short names: no typo forgiven
    ("Asociația Speranța", "Asociația Credința", "RO"),
    ("Fundación Lucero", "Fundación Lucena Verde", "ES"),
    ("Formación Sur", "Formación Norte", "ES"),
    ("Școala Gimnazială nr. 5 Iași", "Scoala Gimnaziala nr. 6 Iasi", "RO"),  # numbers differ
    ("Liceul Teoretic 1", "Liceul Teoretic 11", "RO"),
    ("Green Skills Ltd", "Blue Skills Ltd", "GB"),
]


@pytest.mark.parametrize(("typed", "known", "country"), EXACT)
def test_exact_matches(typed: str, known: str, country: str | None) -> None:
    assert compare(typed, known, country) == ("exact", 0)
    assert key(typed, country) == key(known, country)


@pytest.mark.parametrize(("typed", "known", "country"), NEAR)
def test_near_matches(typed: str, known: str, country: str) -> None:
    found = compare(typed, known, country)
    assert found is not None
    assert found[0] == "near"
    assert found[1] >= 1


@pytest.mark.parametrize(("typed", "known", "country"), DIFFERENT)
def test_different_organisations(typed: str, known: str, country: str) -> None:
    assert compare(typed, known, country) is None


def test_a_name_made_only_of_legal_forms_keeps_them() -> None:
    assert key("Asociația", "RO") == "asociatia"
    assert compare("S.R.L.", "SRL", "RO") == ("exact", 0)
    assert compare("Asociația", "Fundația", "RO") is None


def test_forms_of_another_country_stay_part_of_the_name() -> None:
    # "II" ends Romanian sole traders' names; in Britain it is part of a name.
    assert compare("Ioan Paul II", "Ioan Paul", "RO") == ("exact", 0)
    assert compare("Henry II", "Henry", "GB") is None


def test_candidates_of_another_country_never_match() -> None:
    known = [
        Candidate(1, "Fundación Lucero", "ES"),
        Candidate(2, "Fundatia Lucero", "RO"),
        Candidate(3, "Lucero", None),
    ]
    assert [m.id for m in matches("Fundación Lucero", "ES", known)] == [1, 3]
    assert [m.id for m in matches("Lucero", "RO", known)] == [2, 3]
    assert {m.id for m in matches("Lucero", None, known)} == {1, 2, 3}


def test_exact_first_then_fewest_typos() -> None:
    known = [
        Candidate(1, "Vest Digitale", "RO"),
        Candidate(2, "Asociația Vest Digital", "RO"),
        Candidate(3, "Vest Digitalee", "RO"),
        Candidate(4, "Nord Digital", "RO"),
    ]
    found = matches("vest digital", "RO", known)
    assert [(m.id, m.kind, m.distance) for m in found] == [
        (2, "exact", 0),
        (1, "near", 1),
        (3, "near", 2),
    ]


def test_words_join_spelled_out_abbreviations() -> None:
    assert words("S. R. L.") == ["srl"]
    assert words("A Casa do Povo") == ["a", "casa", "do", "povo"]
    assert words("Pro-Vocație & Co") == ["pro", "vocatie", "&", "co"]


# ----- properties -------------------------------------------------------------------------
LETTERS = "abcdefghijklmnopqrstuvwxyzăâîșțşţñáéíóúüöäß"
name_words = st.text(alphabet=LETTERS, min_size=2, max_size=10)
names = st.lists(name_words, min_size=1, max_size=4).map(" ".join)
countries = st.sampled_from(["RO", "ES", "DE", "GB", "PL", "FR", "IT", None])


@given(names, countries)
def test_a_name_matches_itself(name: str, country: str | None) -> None:
    assert compare(name, name, country) == ("exact", 0)


@given(names, countries)
def test_case_and_diacritics_do_not_matter(name: str, country: str | None) -> None:
    assert key(name.upper(), country) == key(name, country)
    assert key(fold(name), country) == key(name, country)


@given(names, countries, st.sampled_from([" ", "  ", "-", ", ", ". ", " / ", " (", '"']))
def test_punctuation_and_spacing_do_not_matter(name: str, country: str | None, sep: str) -> None:
    assert key(sep.join(name.split()), country) == key(name, country)


@given(names, st.sampled_from(["S.R.L.", "SRL", "S.A.", "s.r.l.", "SRL-D", "O.N.G."]))
def test_romanian_legal_forms_do_not_matter(name: str, form: str) -> None:
    assume(key(name, "RO") == "".join(words(name)))  # the name itself ends in no form
    assert compare(f"{name} {form}", name, "RO") == ("exact", 0)
    assert compare(f"Asociația {name}", f"Asociatia {name} ONG", "RO") == ("exact", 0)


@given(names, st.sampled_from(["S.L.", "S.L.U.", "S.A.", "SL", "S. Coop."]))
def test_spanish_legal_forms_do_not_matter(name: str, form: str) -> None:
    assume(key(name, "ES") == "".join(words(name)))
    assert compare(f"{name}, {form}", f"Fundación {name}", "ES") == ("exact", 0)


@given(names, names, countries)
def test_matching_is_symmetric(a: str, b: str, country: str | None) -> None:
    assert compare(a, b, country) == compare(b, a, country)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=10, max_size=30), st.data())
def test_one_typo_in_a_long_name_is_near(name: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(name) - 1))
    letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    typo = name[:at] + letter + name[at + 1 :]
    assert compare(typo, name, None) in {("exact", 0), ("near", 1)}


def _migration_key() -> Callable[[str], str]:
    """``_exact_key`` of migration 0013, which merged existing members' organisations."""
    path = Path(__file__).resolve().parents[3] / "migrations" / "versions"
    (found,) = path.glob("*_organisations_registration_and_check_in.py")
    spec = importlib.util.spec_from_file_location("migration_0013", found)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    key_of: Callable[[str], str] = module._exact_key
    return key_of


MIGRATION_KEY = _migration_key()


@given(names, countries, st.sampled_from(["", " ", "  "]), st.booleans())
def test_what_the_migration_merged_is_an_exact_match_here(
    name: str, country: str | None, pad: str, upper: bool
) -> None:
    # Two spellings 0013 merged (same up to Unicode form, case and spacing) are one
    # organisation for the matcher too: the migration never merged what people would keep apart.
    other = pad + (name.upper() if upper else name).replace(" ", "  ") + pad
    assert MIGRATION_KEY(other) == MIGRATION_KEY(name)
    assert compare(other, name, country) == ("exact", 0)
