"""Catalogs: complete, not fuzzy, placeholders intact, and in step with the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.config import SUPPORTED_LANGUAGES
from bot.core.i18n import Catalogs

ROOT = Path(__file__).resolve().parents[3]
LOCALES = ROOT / "bot" / "locales"
TRANSLATED = [lang for lang in SUPPORTED_LANGUAGES if lang != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _extract(tmp_path: Path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "N_",
            "-k",
            "gettext",
            "-k",
            "ngettext:1,2",
            "--no-location",
            "-o",
            str(pot),
            str(ROOT),
        ],
        check=True,
        cwd=ROOT,
    )
    with pot.open("rb") as handle:
        catalog = read_po(handle)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.fixture(scope="module")
def code_messages(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    return _extract(tmp_path_factory.mktemp("pot"))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_text_in_the_code_is_translated(language: str, code_messages: set[str]) -> None:
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    problems: list[str] = []
    seen: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        key = _texts(message.id)[0]
        seen.add(key)
        forms = _texts(message.string)
        if not all(forms):
            problems.append(f"untranslated: {key!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        wanted = set(PLACEHOLDER.findall(key))
        for form in forms:
            if form and set(PLACEHOLDER.findall(form)) != wanted:
                problems.append(f"placeholders differ: {key!r}")
        if key.count("<") != sum(f.count("<") for f in forms[:1]):
            problems.append(f"HTML tags differ: {key!r}")
    problems += [f"missing from the catalog: {m!r}" for m in sorted(code_messages - seen)]
    problems += [f"no longer in the code: {m!r}" for m in sorted(seen - code_messages)]
    assert problems == [], "run scripts/i18n and translate:\n" + "\n".join(problems)


def test_translator_falls_back_to_the_default_language() -> None:
    catalogs = Catalogs(["en", "ro", "es"], "en")
    assert catalogs.get("ro").gettext("/help: this message") == "/help: acest mesaj"
    assert catalogs.get("es").gettext("/help: this message") == "/help: este mensaje"
    assert catalogs.get("fr").language == "en"
    assert catalogs.get(None).gettext("/help: this message") == "/help: this message"
    text = catalogs.get("ro").gettext("Questions about your data: %(contact)s", contact="<x>")
    assert text == "Întrebări despre datele tale: <x>"


def test_no_translated_text_hides_inside_an_f_string() -> None:
    # Babel's extractor cannot see gettext() calls inside f-strings on Python 3.11.
    pattern = re.compile(r"""\bf(["']).*\b(n?gettext)\(""")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "bot").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def _texts(value: object) -> tuple[str, ...]:
    """A catalog id or string as its forms (one, or one per plural form)."""
    if isinstance(value, tuple | list):
        return tuple(str(v or "") for v in value)
    return (str(value or ""),)


def _catalog(language: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(key, English forms, translated forms) for every entry of a catalog."""
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    entries = []
    for message in catalog:
        if not message.id:
            continue
        english = _texts(message.id)
        entries.append((english[0], english, _texts(message.string)))
    return entries


#: What is left of a text once the parts nobody translates are taken out: placeholders,
#: commands, links, HTML tags, codes and acronyms in capitals (ID, CSV, UTC), digits, emoji
#: and punctuation. A text with no word left has nothing to translate.
_UNTRANSLATABLE = re.compile(
    r"%\(\w+\)[sd]|/\w+|https?://\S+|<[^>]+>|\b[A-Z][A-Z0-9_+-]*\b|[\d\W_]", re.UNICODE
)
#: Texts that read the same in a language on purpose, with the reason.
SAME_AS_ENGLISH: dict[tuple[str, str], str] = {
    ("ro", "✅ Accept"): "Romanian for 'I accept' is the same word",
    ("ro", "%(n)s participant"): "Romanian's singular is the same word",
    ("es", "No"): "Spanish for 'no' is the same word",
}


def _has_words(text: str) -> bool:
    return any(len(word) > 1 for word in _UNTRANSLATABLE.sub(" ", text).split())


def _left_in_english(
    language: str, entries: list[tuple[str, tuple[str, ...], tuple[str, ...]]]
) -> list[str]:
    return [
        key
        for key, english, forms in entries
        if any(form in english for form in forms)
        and _has_words(key)
        and (language, key) not in SAME_AS_ENGLISH
    ]


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_text_is_left_in_english(language: str) -> None:
    # A translator who copies the English (or a merge that keeps it) leaves the member
    # reading English in the middle of their language.
    left = _left_in_english(language, _catalog(language))
    assert left == [], "still in English: " + "; ".join(map(repr, left))


def test_the_untranslated_check_tells_words_from_names_and_codes() -> None:
    entries = [
        (
            "/attendees ID · /editworkshop ID",
            ("/attendees ID · /editworkshop ID",),
            ("/attendees ID · /editworkshop ID",),
        ),
        ("%(n)s · %(title)s", ("%(n)s · %(title)s",), ("%(n)s · %(title)s",)),
        ("CSV · UTC ✅", ("CSV · UTC ✅",), ("CSV · UTC ✅",)),
        ("✅ Accept", ("✅ Accept",), ("✅ Accept",)),
        ("Export CSV", ("Export CSV",), ("Export CSV",)),
        ("Next ▶", ("Next ▶",), ("Înainte ▶",)),
        ("%(n)s day", ("%(n)s day", "%(n)s days"), ("%(n)s zi", "%(n)s days", "%(n)s de zile")),
    ]
    assert _left_in_english("ro", entries) == ["Export CSV", "%(n)s day"]
    assert _left_in_english("es", entries) == ["✅ Accept", "Export CSV", "%(n)s day"]


#: Term choices (docs/design.md, "Wording" under issue 12), checked in every translation:
#: (language, pattern that must not occur, only in entries whose English matches, why).
GLOSSARY: list[tuple[str, str, str, str]] = [
    ("ro", r"(?i)rezumat", r"(?i)digest", "the digest is «buletinul (săptămânal)»"),
    ("es", r"(?i)resumen", r"(?i)digest", "the digest is «el boletín (semanal)»"),
    ("ro", r"[şţŞŢ]", "", "Romanian ș and ț take a comma below, not a cedilla"),
    ("ro", r"Ne pare rău|Te rugăm|Mulțumim", "", "the bot speaks as «eu»: «Îmi pare rău… Te rog»"),
    ("es", r"\b(usted|ustedes|Lo sentimos)\b", "", "the bot speaks as «yo» and says «tú»"),
    ("ro", r"INEXA Alliance|Alianța Inexa", "", "one name: «Alianța INEXA»"),
    ("es", r"INEXA Alliance", "", "one name: «Alianza INEXA»"),
    ("ro", r"^Înainte", "", "«Înainte» is ambiguous: «Următoarea ▶», «Mai departe»"),
    ("ro", r"cerere de prezentare|directorul de parteneri", "", "«punere în legătură», «catalog»"),
    ("es", r"(?i)presentaci[oó]n", r"(?i)introduction", "«solicitud de contacto»"),
    ("es", r"(?i)horas de silencio", "", "«horario de silencio»"),
    ("es", r"(?i)temas de experiencia", "", "«áreas de especialización»"),
]


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_chosen_terms(language: str) -> None:
    problems = [
        f"{key!r}: {why}"
        for rule_language, pattern, scope, why in GLOSSARY
        if rule_language == language
        for key, _, forms in _catalog(language)
        if (not scope or re.search(scope, key)) and any(re.search(pattern, f) for f in forms)
    ]
    assert problems == []


_MARKUP = re.compile(r"https?://\S+|<[^>]+>")


def test_spanish_questions_and_exclamations_open_with_their_sign() -> None:
    problems = [
        key
        for key, _, forms in _catalog("es")
        for form in forms
        for close, open_ in (("?", "¿"), ("!", "¡"))
        if close in _MARKUP.sub("", form) and open_ not in form
    ]
    assert problems == []
