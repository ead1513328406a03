"""Classification into the alliance's taxonomy by keyword and programme rules (pure).

Every topic or programme an item lands in carries at least one :class:`Rule` saying why,
so a digest can tell the member ("topic: green transition · programme: LIFE").
Keywords match whole words or phrases of the folded text (case and accents ignored), and
only text of their own language (:mod:`feeds.language`): Romanian keywords read the Romanian
parts of an item, English keywords the English parts (all of an English item; in a national
item only sentences that read as English), so "data" never fires on "Data limită de depunere".
Programme names and acronyms apply to every language: aliases as now, and a short keyword
written in capitals ("VET", "NEET", "IMM") wherever it stands, unless its sentence is all
capitals (a shouted heading such as "DATA LIMITĂ").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from feeds.language import segments
from feeds.text import fold, strip_accents
from feeds.types import Rule, Taxonomy, TaxonomyEntry


@dataclass(frozen=True, slots=True)
class Classification:
    """Topics and programmes an item belongs to, and the rules that put it there."""

    themes: tuple[str, ...]
    programmes: tuple[str, ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class _Matcher:
    target: str
    kind: str
    reason: str
    pattern: re.Pattern[str]
    #: A substring the text must contain; checked first because ``in`` is far cheaper than
    #: a regex search, and most keywords are absent from most texts.
    needle: str

    def found_in(self, text: str) -> bool:
        return self.needle in text and self.pattern.search(text) is not None


@dataclass(frozen=True, slots=True)
class CompiledTaxonomy:
    """A taxonomy with its keyword patterns compiled once."""

    taxonomy: Taxonomy
    #: language -> matchers for that language's keywords
    keywords: dict[str, tuple[_Matcher, ...]]
    aliases: tuple[_Matcher, ...]
    #: Short single-word keywords of every language, matched in capitals on any text.
    acronyms: tuple[_Matcher, ...] = ()


def _phrase(word: str) -> re.Pattern[str]:
    # Whole words: "vet" must not match "velvet"; "+" in "Erasmus+" is part of the name.
    return re.compile(r"(?<![\w+])" + re.escape(fold(word)) + r"(?![\w+])")


def _acronym(word: str) -> re.Pattern[str]:
    # "LIFE", "DIGITAL", "PEO": only in capitals, so "quality of life" is not the LIFE programme.
    return re.compile(r"(?<![\w+])" + re.escape(word) + r"(?![\w+])")


def _is_acronym(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and " " not in word


def _keyword_matchers(entries: Sequence[TaxonomyEntry]) -> dict[str, tuple[_Matcher, ...]]:
    by_language: dict[str, list[_Matcher]] = {}
    for entry in entries:
        for language, words in entry.keywords.items():
            for word in words:
                by_language.setdefault(language, []).append(
                    _Matcher(
                        entry.id,
                        entry.kind,
                        f"keyword:{language}:{word}",
                        _phrase(word),
                        fold(word),
                    )
                )
    return {language: tuple(matchers) for language, matchers in by_language.items()}


#: A keyword with at most this many letters and no space also counts as an acronym.
ACRONYM_LETTERS = 4


def _acronym_matchers(entries: Sequence[TaxonomyEntry]) -> tuple[_Matcher, ...]:
    found: list[_Matcher] = []
    for entry in entries:
        for language, words in entry.keywords.items():
            for word in words:
                letters = sum(ch.isalpha() for ch in word)
                if " " in word.strip() or not 2 <= letters <= ACRONYM_LETTERS:
                    continue
                upper = strip_accents(word).upper()
                found.append(
                    _Matcher(entry.id, entry.kind, f"acronym:{language}:{upper}",
                             _acronym(upper), upper)
                )  # fmt: skip
    return tuple(found)


def _shouting(text: str) -> bool:
    """A sentence written in capitals (a heading), where capitals say nothing about acronyms."""
    words: list[str] = re.findall(r"[^\W\d_]{2,}", text)
    if len(words) < 2:
        return False
    return sum(w.isupper() for w in words) / len(words) >= 0.6


_compiled: dict[int, CompiledTaxonomy] = {}


def compile_taxonomy(taxonomy: Taxonomy) -> CompiledTaxonomy:
    """Compile keyword and alias patterns once per taxonomy object (they are immutable)."""
    cached = _compiled.get(id(taxonomy))
    if cached is not None and cached.taxonomy is taxonomy:
        return cached
    if len(_compiled) > 16:
        _compiled.clear()
    _compiled[id(taxonomy)] = compiled = _compile(taxonomy)
    return compiled


def _compile(taxonomy: Taxonomy) -> CompiledTaxonomy:
    aliases = tuple(
        _Matcher(
            entry.id,
            "programme",
            f"programme:{alias}",
            _acronym(alias) if _is_acronym(alias) else _phrase(alias),
            alias if _is_acronym(alias) else fold(alias),
        )
        for entry in taxonomy.programmes
        for alias in dict.fromkeys((*entry.aliases, entry.labels.get("en", entry.id)))
    )
    entries = (*taxonomy.topics, *taxonomy.programmes)
    return CompiledTaxonomy(
        taxonomy, _keyword_matchers(entries), aliases, _acronym_matchers(entries)
    )


def classify(
    *,
    title: str,
    summary: str,
    keywords: Sequence[str],
    language: str,
    programme_hint: str | None,
    taxonomy: Taxonomy | CompiledTaxonomy,
    default_topics: Sequence[str] = (),
    default_programme: str | None = None,
) -> Classification:
    """Which topics and programmes an item belongs to, and why."""
    compiled = taxonomy if isinstance(taxonomy, CompiledTaxonomy) else compile_taxonomy(taxonomy)
    raw_text = " \n ".join([title, summary, *keywords])
    text = fold(raw_text)
    cased = strip_accents(raw_text)
    rules: list[Rule] = []
    seen: set[tuple[str, str]] = set()

    def add(target: str, kind: str, reason: str) -> None:
        if (target, kind) not in seen:
            seen.add((target, kind))
            rules.append(Rule(target, kind, reason))

    valid_topics = {t.id for t in compiled.taxonomy.topics}
    valid_programmes = {p.id for p in compiled.taxonomy.programmes}
    for topic in default_topics:
        if topic in valid_topics:
            add(topic, "topic", "source-default")
    if default_programme in valid_programmes:
        add(default_programme, "programme", "source-default")
    if programme_hint:
        for matcher in compiled.aliases:
            if matcher.found_in(fold(programme_hint)) or matcher.found_in(
                strip_accents(programme_hint)
            ):
                add(matcher.target, "programme", f"programme:{programme_hint}")
    for matcher in compiled.aliases:
        if matcher.found_in(text) or matcher.found_in(cased):
            add(matcher.target, "programme", matcher.reason)
    by_language: dict[str, list[str]] = {}
    cased_parts: list[str] = []
    pieces = [*segments(title, language), *segments(summary, language)]
    pieces += [s for keyword in keywords for s in segments(keyword, language)]
    for piece in pieces:
        by_language.setdefault(piece.language, []).append(piece.folded)
        if not _shouting(piece.text):
            cased_parts.append(strip_accents(piece.text))
    for lang in sorted(by_language, key=lambda lang: lang != language):
        own = " \n ".join(by_language[lang])
        for matcher in compiled.keywords.get(lang, ()):
            if (matcher.target, matcher.kind) not in seen and matcher.found_in(own):
                add(matcher.target, matcher.kind, matcher.reason)
    plain = " \n ".join(cased_parts)
    for matcher in compiled.acronyms:
        if (matcher.target, matcher.kind) not in seen and matcher.found_in(plain):
            add(matcher.target, matcher.kind, matcher.reason)
    themes = tuple(sorted({r.target for r in rules if r.kind == "topic"}))
    programmes = tuple(sorted({r.target for r in rules if r.kind == "programme"}))
    return Classification(
        themes, programmes, tuple(sorted(rules, key=lambda r: (r.kind, r.target)))
    )
