"""Is the organisation a person names one the alliance already knows? (pure, no I/O)

People write the same organisation many ways: "Asociația Vest Digital", "ASOCIATIA VEST
DIGITAL", "Asoc. Vest-Digital", "Vest Digital"; "S.C. Eco Soft S.R.L." and "Ecosoft SRL";
"Fundación Lucero" and "Fundacion Lucero, F.P."... The rules, in order:

1. Unicode compatibility form, diacritics dropped (ș/ş -> s, ț/ţ -> t, ă, â, î, ñ, á...),
   case folded (ß -> ss).
2. Dots and apostrophes vanish (``S.R.L.`` -> ``srl``, ``e.V.`` -> ``ev``); every other
   punctuation mark separates words; ``&`` is a word.
3. Runs of single letters join (``S R L`` -> ``srl``, ``e. V.`` -> ``ev``).
4. Legal forms and generic prefixes are dropped from both ends, repeatedly (``S.C. X S.R.L.``
   -> ``x``), using the forms of the organisation's country (every known form when the country
   is unknown or not in the table). A name made only of forms keeps them.
5. The words are compared without spaces ("Eco Vest" is "Ecovest").

Two names are an **exact** match when their compared forms are equal, a **near** match when a
few typos apart (optimal-string-alignment distance, with an allowance growing with the length:
none under 5 letters; numbers must be the same, "nr. 5" is not "nr. 6") or when they have the
same words in another order. Candidates from
another country never match when both countries are known.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

#: Words that may start a name in any country without being part of it.
_COMMON_PREFIXES = frozenset({"the", "ong", "ngo", "association", "foundation"})
#: Words that may end a name in any country without being part of it.
_COMMON_SUFFIXES = frozenset({"ong", "ngo"})

#: Legal forms and generic prefixes by country (after rules 1-3), as organisations write them.
_PREFIXES: dict[str, frozenset[str]] = {
    "RO": frozenset(
        {"asociatia", "asoc", "fundatia", "fund", "federatia", "sc", "ong", "organizatia"}
    ),
    "MD": frozenset({"asociatia", "asociatia obsteasca", "ao", "fundatia", "ong", "sc"}),
    "ES": frozenset({"asociacion", "asoc", "fundacion", "fund", "federacion", "associacio"}),
    "DE": frozenset({"verein", "stiftung"}),
    "FR": frozenset({"association", "fondation"}),
    "BE": frozenset({"association", "fondation", "stichting", "vereniging"}),
    "IT": frozenset({"associazione", "ass", "fondazione", "cooperativa"}),
    "PT": frozenset({"associacao", "fundacao"}),
    "NL": frozenset({"stichting", "vereniging"}),
    "PL": frozenset({"fundacja", "stowarzyszenie"}),
    "GB": frozenset(),
    "IE": frozenset(),
}
_SUFFIXES: dict[str, frozenset[str]] = {
    "RO": frozenset({"srl", "srld", "srl d", "sa", "snc", "scs", "sca", "pfa", "ii", "if", "ong"}),
    "MD": frozenset({"srl", "sa", "ii", "ao"}),
    "ES": frozenset(
        {
            "sl",
            "slu",
            "sa",
            "sau",
            "sll",
            "sal",
            "slne",
            "scoop",
            "s coop",
            "coop",
            "coop v",
            "sc",
            "cb",
        }
    ),
    "DE": frozenset({"ev", "gmbh", "ggmbh", "ag", "ug", "kg", "eg", "mbh", "gug"}),
    "FR": frozenset({"sarl", "sas", "sasu", "sa", "eurl", "scop"}),
    "BE": frozenset({"asbl", "vzw", "srl", "bv", "sa", "nv", "scrl"}),
    "IT": frozenset(
        {"srl", "spa", "aps", "ets", "onlus", "odv", "scarl", "scs", "coop", "impresa sociale"}
    ),
    "PT": frozenset({"lda", "sa", "ipss", "crl"}),
    "NL": frozenset({"bv", "nv", "vof"}),
    "PL": frozenset({"spzoo", "sp zoo", "sp z oo", "sa", "sk"}),
    "GB": frozenset({"ltd", "limited", "plc", "cic", "llp", "cio"}),
    "IE": frozenset({"ltd", "limited", "clg", "dac", "plc"}),
}
for _same, _as in (("AT", "DE"), ("CH", "DE"), ("LU", "FR")):
    _PREFIXES[_same], _SUFFIXES[_same] = _PREFIXES[_as], _SUFFIXES[_as]
_ALL_PREFIXES = frozenset().union(*_PREFIXES.values())
_ALL_SUFFIXES = frozenset().union(*_SUFFIXES.values())

_DROPPED = re.compile(r"[.'’`´]")
_SEPARATORS = re.compile(r"[^\w&]+")
_DIGITS = re.compile(r"\d+")

MatchKind = Literal["exact", "near"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """An organisation the alliance knows, as the matcher needs it."""

    id: int
    name: str
    country: str | None


@dataclass(frozen=True, slots=True)
class Match:
    """A known organisation the typed name may mean; ``distance`` 0 for exact matches."""

    id: int
    name: str
    kind: MatchKind
    distance: int


def fold(text: str) -> str:
    """Rule 1: compatibility form, no diacritics, case folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare.casefold())


def words(name: str) -> list[str]:
    """Rules 1-3: the name's words."""
    tokens = [t for t in _SEPARATORS.split(_DROPPED.sub("", fold(name))) if t and t != "_"]
    joined: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            joined.append("".join(run))
            run = []
        if token:
            joined.append(token)
    return joined


def _strip(tokens: list[str], prefixes: frozenset[str], suffixes: frozenset[str]) -> list[str]:
    """Rule 4: drop forms (one to three words long) from both ends while something remains."""
    core = list(tokens)
    changed = True
    while changed:
        changed = False
        for size in (3, 2, 1):
            if len(core) > size and " ".join(core[:size]) in prefixes:
                core = core[size:]
                changed = True
                break
            if len(core) > size and " ".join(core[-size:]) in suffixes:
                core = core[:-size]
                changed = True
                break
    return core


def core_words(name: str, country: str | None) -> list[str]:
    """The name's distinctive words: rules 1-4 with ``country``'s legal forms."""
    known = country is not None and country in _PREFIXES
    prefixes = (_PREFIXES[country] if known and country else _ALL_PREFIXES) | _COMMON_PREFIXES
    suffixes = (_SUFFIXES[country] if known and country else _ALL_SUFFIXES) | _COMMON_SUFFIXES
    return _strip(words(name), prefixes, suffixes)


def key(name: str, country: str | None) -> str:
    """What two names must share to be the same organisation (rules 1-5)."""
    return "".join(core_words(name, country))


def allowance(length: int) -> int:
    """Typos forgiven in a compared form of ``length`` letters."""
    if length < 5:
        return 0
    if length < 10:
        return 1
    if length < 20:
        return 2
    return 3


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one typo), or ``limit + 1``
    as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def compare(typed: str, known: str, country: str | None) -> tuple[MatchKind, int] | None:
    """How ``typed`` matches ``known`` (both names of organisations in ``country``)."""
    a, b = core_words(typed, country), core_words(known, country)
    left, right = "".join(a), "".join(b)
    if not left or not right:
        return None
    if left == right:
        return "exact", 0
    if _numbers(left) != _numbers(right):  # "Școala nr. 5" is not "Școala nr. 6"
        return None
    limit = allowance(min(len(left), len(right)))
    if limit and (found := distance(left, right, limit)) <= limit:
        return "near", found
    if len(a) > 1 and sorted(a) == sorted(b):
        return "near", 1
    return None


def _numbers(text: str) -> list[str]:
    return _DIGITS.findall(text)


def same_country(a: str | None, b: str | None) -> bool:
    """Names can only match within one country (or when a country is not known)."""
    return a is None or b is None or a == b


def matches(
    name: str, country: str | None, candidates: Iterable[Candidate], *, limit: int = 3
) -> list[Match]:
    """The known organisations ``name`` may mean, best first (exact, then fewest typos)."""
    found: list[Match] = []
    for candidate in candidates:
        if not same_country(country, candidate.country):
            continue
        result = compare(name, candidate.name, country or candidate.country)
        if result is not None:
            found.append(Match(candidate.id, candidate.name, *result))
    found.sort(key=lambda m: (m.distance, m.kind != "exact", fold(m.name), m.id))
    return found[:limit]
