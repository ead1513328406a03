"""Catalogs: complete, not fuzzy, placeholders intact, and in step with the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.config import SUPPORTED_LANGUAGES
from bot.i18n import Catalogs

ROOT = Path(__file__).resolve().parents[2]
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
        key = message.id if isinstance(message.id, str) else message.id[0]
        seen.add(key)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
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
