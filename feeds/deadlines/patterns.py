"""The grammars in play, compiled: one set of regular expressions per language mix.

:func:`compile_patterns` joins the grammars of ``feeds/deadlines/<code>.py`` (cues, months,
numbers, time links, relative units) into the patterns the engine reads a text with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from feeds.deadlines import ca, de, en, es, fr, it, pt, ro
from feeds.deadlines.grammar import Grammar

GRAMMARS: dict[str, Grammar] = {
    g.code: g for g in (en.GRAMMAR, ro.GRAMMAR, es.GRAMMAR, fr.GRAMMAR, it.GRAMMAR,
                        de.GRAMMAR, pt.GRAMMAR, ca.GRAMMAR)
}  # fmt: skip
#: grammars tried besides a text's own: EU pages mix English in; Catalan sites mix Spanish
COMPANIONS = {"ca": ("es",), "es": ("ca",)}


class Cue(Enum):
    """What a cue says about the dates after it (see ``feeds.deadlines.grammar``)."""

    DEADLINE = "deadline"
    EXTENDED = "extended"
    UNTIL = "until"
    SUBMISSION = "submission"
    OPENING = "opening"
    PUBLISHED = "published"
    EVENT = "event"
    REGISTRATION = "registration"
    OTHER = "other"
    TBA = "tba"
    CONTINUOUS = "continuous"
    RESULTS = "results"


@dataclass(frozen=True, slots=True)
class Patterns:
    """The regular expressions and word tables of one mix of grammars."""

    grammars: tuple[Grammar, ...]
    cues: tuple[tuple[Cue, re.Pattern[str]], ...]
    months: dict[str, int]
    dates: tuple[tuple[str, re.Pattern[str]], ...]
    time_after: re.Pattern[str]
    time_before: re.Pattern[str]
    zones: tuple[tuple[re.Pattern[str], str], ...]
    relative: re.Pattern[str]
    numbers: dict[str, int]
    business: re.Pattern[str]
    weeks: re.Pattern[str]
    month_units: re.Pattern[str]
    publication: re.Pattern[str]
    relative_from: re.Pattern[str]
    range_join: re.Pattern[str]
    time_links_only: re.Pattern[str]
    list_join: re.Pattern[str]
    range_start: re.Pattern[str]
    all_dates: re.Pattern[str]
    call: re.Pattern[str]
    holidays: frozenset[str]


def _alternation(patterns: Iterable[str]) -> str:
    unique = sorted(set(patterns), key=lambda p: (-len(p), p))
    return "|".join(f"(?:{p})" for p in unique) or r"(?!x)x"


def _words(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_alternation(patterns)})(?!\w)")


_ORD = r"(?:st|nd|rd|th|er|eme|o|a|°|º|\.)?"
_TIME = (
    r"(?:(?P<noon>{noon})|(?P<h>2[0-3]|[01]?\d)(?:[:.h](?P<min>[0-5]\d)(?::[0-5]\d)?)?(?![\d:])\s*"
    r"(?P<ampm>a\.?m\.?|p\.?m\.?)?(?P<unit>\s*(?:h|uhr|horas?|hores|hrs|ore)(?!\w))?"
    r")"
)
_ARTICLE = r"(?:the\s+|el\s+|le\s+|il\s+|o\s+|l')"


@lru_cache(maxsize=32)
def compile_patterns(codes: tuple[str, ...]) -> Patterns:
    """The grammars named by ``codes`` compiled together (cached: the mixes are few)."""
    grammars = tuple(GRAMMARS[c] for c in codes)

    def joined(attr: str) -> list[str]:
        values: list[str] = []
        for g in grammars:
            values.extend(getattr(g, attr))
        return values

    cues = tuple((kind, _words(joined(kind.value))) for kind in Cue)
    months: dict[str, int] = {}
    for g in grammars:
        for name, number in g.months.items():
            months.setdefault(name, number)
    month = _alternation(re.escape(m) for m in months)
    numbers: dict[str, int] = {}
    for g in grammars:
        for word, value in g.numbers.items():
            numbers.setdefault(word, value)
    number_words = _alternation(re.escape(n) for n in numbers)
    dm = rf"(?P<d>\d{{1,2}}){_ORD}\s*(?:of\s+|de\s+|d'|del\s+)?(?P<month>{month})(?![a-z])\.?"
    year = r"(?:,?\s*(?:de\s+|del\s+|of\s+)?(?P<y>\d{4})(?!\d))?"
    dates: list[tuple[str, re.Pattern[str]]] = [
        (
            "iso",
            re.compile(
                r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})[t ](?P<h>\d{2}):(?P<min>\d{2})"
                r"(?::\d{2}(?:\.\d+)?)?\s*(?P<off>z|[+-]\d{2}:?\d{2})?"
            ),
        ),
        ("ymd", re.compile(r"(?<![\d.])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])")),
        (
            "dmy",
            re.compile(r"(?<![\d.])(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})(?!\d)"),
        ),
        (
            "days",
            re.compile(
                rf"(?<![\d.:])(?P<d1>\d{{1,2}}){_ORD}\s*(?P<join>-|–|—|al|au|a|to|si|bis|y|e|i|"
                rf"and|till|until|et|und|pana la)\s+(?:el\s+|le\s+|il\s+|l')?{dm}{year}"
            ),
        ),
        ("dm", re.compile(rf"(?<![\d.:])(?:l')?{dm}{year}")),
    ]
    if any(g.month_first for g in grammars):
        dates.append(
            (
                "md",
                re.compile(
                    rf"(?<![a-z])(?P<month>{month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
                    r"(?![\d:./])(?:,?\s*(?P<y>\d{4})(?!\d))?"
                ),
            )
        )
    noon = _alternation(joined("noon"))
    time_re = _TIME.format(noon=noon)
    after_links = (
        r"(?:at|by|before|a las|hasta las|la ora|ora|orele|alle ore|alle|ore|um|as|a les|a|h|"
        r"de|-|–|(?:local )?time ?:|(?:ora|hora|heure|uhrzeit)(?: limita| limite)? ?:)"
    )
    time_after = re.compile(
        rf"\s*[,;.(]?\s*(?:{after_links}\s*)?"
        rf"(?P<all>(?:{_alternation(joined('all_dates'))})\s+(?:at\s+)?)?{time_re}"
    )
    links = _alternation(joined("time_links"))
    weekdays = (
        r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|luni|marti|miercuri|joi|"
        r"vineri|sambata|duminica|lunes|martes|miercoles|jueves|viernes|sabado|domingo|lundi|"
        r"mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunedi|martedi|mercoledi|giovedi|"
        r"venerdi|sabato|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)"
    )
    time_before = re.compile(
        rf"{time_re}\s*(?:\([^)]{{0,40}}\)\s*)?(?:(?:cet|cest|mez|eet|local time)\s*)?"
        rf"(?:(?:{links})\s*)?(?:the\s+)?(?:{weekdays},?\s*)?$"
    )
    zones = tuple(
        (re.compile(rf"(?<!\w)(?:{p})(?!\w)"), z) for g in grammars for p, z in g.zones.items()
    )
    units = joined("days") + joined("weeks") + joined("month_units")
    qualifiers = joined("business") + joined("calendar")
    relative = re.compile(
        rf"(?<!\w)(?P<n>\d{{1,3}}|{number_words})\s+(?:de\s+)?(?:(?P<q1>{_alternation(qualifiers)})\s+)?"
        rf"(?P<unit>{_alternation(units)})(?:\s+(?:de\s+)?(?P<q2>{_alternation(qualifiers)}))?(?!\w)"
    )
    joins = joined("range_join")
    list_words = {
        j for j in joins if re.split(r"[ (]", j)[0] in {"and", "si", "y", "e", "i", "et", "und"}
    }
    return Patterns(
        grammars=grammars,
        cues=cues,
        months=months,
        dates=tuple(dates),
        time_after=time_after,
        time_before=time_before,
        zones=zones,
        relative=relative,
        numbers=numbers,
        business=_words([*joined("business"), r"werktag\w*", r"arbeitstag\w*"]),
        weeks=_words(joined("weeks")),
        month_units=_words(joined("month_units")),
        publication=re.compile(rf"(?<!\w)(?:{_alternation(joined('publication'))})"),
        relative_from=re.compile(rf"^\W*(?:\w+\W+){{0,2}}?(?:{_alternation(joined('relative_from'))})(?!\w)"),
        time_links_only=re.compile(rf"\s*(?:{links})?\s*(?:the\s+)?"),
        range_join=re.compile(
            rf"^\s*[,)]?\s*(?:{_alternation(j for j in joins if j not in list_words)})\s*"
            rf"{_ARTICLE}?$"
        ),
        list_join=re.compile(
            rf"^\s*[,)]?\s*(?:{_alternation(j for j in joins if j in list_words)})\s*"
            rf"{_ARTICLE}?$"
        ),
        range_start=re.compile(rf"(?<!\w)(?:{_alternation(joined('range_start'))})\s*(?:the\s+|el\s+|le\s+|il\s+|l')?$"),
        all_dates=re.compile(rf"(?<!\w)(?:{_alternation(joined('all_dates'))})(?!\w)"),
        call=_words(joined("call")),
        holidays=frozenset(grammars[0].holidays),
    )  # fmt: skip


def grammar_codes(language: str) -> tuple[str, ...]:
    """The grammars tried for a text in ``language``: its own, companions, then English;
    every grammar when the language is not one we have."""
    code = (language or "").lower().split("-")[0].split("_")[0]
    if code not in GRAMMARS:
        return tuple(GRAMMARS)
    codes = [code, *COMPANIONS.get(code, ()), "en"]
    return tuple(dict.fromkeys(codes))
