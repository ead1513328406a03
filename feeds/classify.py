"""Classification into the alliance's taxonomy by keyword and programme rules (pure).

Every topic or programme an item lands in carries at least one :class:`Rule` saying why,
so a digest can tell the member ("topic: green transition · programme: LIFE").
Keywords match whole words or phrases of the folded text (case and accents ignored);
English keywords are tried on every text because EU titles are often in English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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
    return CompiledTaxonomy(
        taxonomy, _keyword_matchers((*taxonomy.topics, *taxonomy.programmes)), aliases
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
    languages = [language] + ([] if language == "en" else ["en"])
    for lang in languages:
        for matcher in compiled.keywords.get(lang, ()):
            if (matcher.target, matcher.kind) not in seen and matcher.found_in(text):
                add(matcher.target, matcher.kind, matcher.reason)
    themes = tuple(sorted({r.target for r in rules if r.kind == "topic"}))
    programmes = tuple(sorted({r.target for r in rules if r.kind == "programme"}))
    return Classification(
        themes, programmes, tuple(sorted(rules, key=lambda r: (r.kind, r.target)))
    )
