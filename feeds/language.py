"""Which parts of a text are in English, and which in the item's own language (pure).

Sources in Romania and Spain mix languages: an English programme name or title above a
national body, an English sentence quoted from the Commission. Keyword and pattern rules
must apply to text of their own language, or an English word fires on a Romanian one
("data" in "Data limită de depunere"). A text is cut into segments (its title, its lines
and sentences); a segment of a non-English item counts as English only on positive
evidence: at least two English function words, more than the item language's own, or one
English function word in a segment of three or more words with none of the item
language's. Everything else keeps the item's language. An English item is English
throughout.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from feeds.text import fold

#: Function words distinctive of English (no word that is also common in the other
#: supported languages: "are" is Romanian, "an" is Romanian "year", "in" is everywhere).
_ENGLISH_WORDS = """
    the and of for to with is be by from will this that these those which who can must should
    have has their its into under within between not also been were was
"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())
#: Frequent function words per supported language (folded: lower case, no accents).
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    language: frozenset(words.split())
    for language, words in {
        "ro": """si de la pentru cu din in pe care este sunt al ale ai prin sau unei unui privind
                 acest aceasta fost vor va se sa nu mai dupa catre asupra intre""",
        "es": """de la el los las y en para con por que del una un se al su sus es son como o
                 sobre entre hasta desde""",
        "ca": "el la els les de del i en per amb que un una al als es son sobre fins des",
        "fr": "le la les de des du et en pour avec par que qui un une au aux est sont sur dans",
        "it": "il lo la le gli di del della dei e in per con da che un una al alla sono",
        "de": "der die das und fur mit von zu im den dem ein eine ist sind auf bei des",
        "pt": "o a os as de da do das dos e em para com por que um uma no na ao",
    }.items()
}
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+| [–—|] ")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text and the language its words are read in."""

    language: str
    text: str
    #: ``text`` folded (lower case, no accents), as every rule reads it.
    folded: str


def language_of(segment: str, language: str, *, folded: str | None = None) -> str:
    """``"en"`` when ``segment`` reads as English inside an item in ``language``, else that."""
    if language == "en":
        return "en"
    words = _WORD.findall(fold(segment) if folded is None else folded)
    english = sum(word in ENGLISH for word in words)
    native = sum(word in FUNCTION_WORDS.get(language, frozenset()) for word in words)
    if english >= 2 and english > native:
        return "en"
    if english == 1 and native == 0 and len(words) >= 3:
        return "en"
    return language


def split_sentences(text: str) -> Iterator[str]:
    """Lines and sentences of ``text``, stripped, empty ones left out."""
    for piece in _SENTENCE.split(text):
        piece = piece.strip()
        if piece:
            yield piece


def segments(text: str, language: str) -> list[Segment]:
    """``text`` cut into sentences, each with the language its words should be read in."""
    found = []
    for piece in split_sentences(text):
        folded = fold(piece)
        found.append(Segment(language_of(piece, language, folded=folded), piece, folded))
    return found
