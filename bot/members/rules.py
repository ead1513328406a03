"""What a member may type: organisation names and keywords (pure, no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass

ORG_NAME_MAX = 120
KEYWORDS_MAX = 10
KEYWORD_MIN_LEN = 2
KEYWORD_MAX_LEN = 30
_WORD = re.compile(r"^[\w][\w\- ']*$", re.UNICODE)


@dataclass(frozen=True, slots=True)
class KeywordProblem:
    """Why a list of keywords was refused; ``code`` picks the translated message."""

    code: str
    word: str = ""


def parse_keywords(text: str) -> tuple[tuple[str, ...], KeywordProblem | None]:
    """Split a member's message into plain keywords (comma or newline separated).

    Limits: at most 10 words or phrases, each 2-30 characters of letters, digits, spaces,
    hyphens and apostrophes. No regex syntax: a keyword matches itself, nothing more.
    """
    parts = [p.strip().lower() for p in re.split(r"[,;\n]+", text)]
    words = tuple(dict.fromkeys(p for p in parts if p))
    if not words:
        return (), KeywordProblem("empty")
    if len(words) > KEYWORDS_MAX:
        return (), KeywordProblem("too_many")
    for word in words:
        if not KEYWORD_MIN_LEN <= len(word) <= KEYWORD_MAX_LEN:
            return (), KeywordProblem("length", word)
        if not _WORD.match(word):
            return (), KeywordProblem("characters", word)
    return words, None


def clean_org_name(text: str) -> str | None:
    """A usable organisation name (trimmed, single-spaced), or None when empty or too long."""
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > ORG_NAME_MAX:
        return None
    return cleaned
