"""Deadline extraction measured on a labelled evaluation set of realistic call texts.

The set (``tests/data/deadlines/<language>.jsonl``) was written from the styles of real
sources (F&T topic pages, the Erasmus+ guide, BOE/BDNS extracts, MIPE guides, Interreg,
regional programmes, national agencies, EEA Grants, LEADER groups) before the grammar was
improved, and is not tuned to it. Each line: ``text``, ``language``, ``published``, ``now``,
``expected`` (ISO date, or local date and time when ``has_time``; null when the text states
no deadline), ``traps`` (publication, signature, opening or event dates in the text) and a
``note`` on its style.

Prints, per language and overall: exact (the chosen deadline, or rightly none), precision
and recall of shown deadlines (confidence high or approx; a ``low`` guess is a "possible
deadline" and counts as none), how many no-deadline texts stayed clean, and how many times a
publication/signature/opening/event date was taken. Targets: exact >= 95 %, no-deadline
texts 100 % clean, 0 trap dates taken.

    python benchmarks/deadlines.py [-v]
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feeds.deadlines import extract_deadlines, next_deadline, zone_for
from feeds.types import Confidence

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "deadlines"
LANGUAGES = ("en", "ro", "es", "fr", "it", "de", "pt", "ca")


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    language: str
    published: datetime | None
    now: datetime
    expected: str | None
    has_time: bool
    traps: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    got: str | None  # what a member would be shown ("YYYY-MM-DD" or "YYYY-MM-DDTHH:MM")
    confidence: Confidence | None
    exact: bool
    trap_taken: bool


@dataclass(slots=True)
class Score:
    total: int = 0
    exact: int = 0
    with_deadline: int = 0
    shown: int = 0
    shown_right: int = 0
    without_deadline: int = 0
    clean: int = 0
    traps_taken: int = 0
    misses: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.total += 1
        self.exact += outcome.exact
        self.traps_taken += outcome.trap_taken
        if outcome.case.expected is None:
            self.without_deadline += 1
            self.clean += outcome.got is None
        else:
            self.with_deadline += 1
        if outcome.got is not None:
            self.shown += 1
            self.shown_right += outcome.exact
        if not outcome.exact:
            self.misses.append(outcome)

    @property
    def exact_rate(self) -> float:
        return self.exact / self.total if self.total else 1.0

    @property
    def precision(self) -> float:
        return self.shown_right / self.shown if self.shown else 1.0

    @property
    def recall(self) -> float:
        right = self.shown_right
        return right / self.with_deadline if self.with_deadline else 1.0

    @property
    def clean_rate(self) -> float:
        return self.clean / self.without_deadline if self.without_deadline else 1.0


def load(language: str) -> list[Case]:
    cases = []
    path = DATA / f"{language}.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        cases.append(
            Case(
                text=row["text"],
                language=row["language"],
                published=datetime.fromisoformat(row["published"]) if row["published"] else None,
                now=datetime.fromisoformat(row["now"]),
                expected=row["expected"],
                has_time=row["has_time"],
                traps=tuple(row.get("traps", ())),
                note=row.get("note", ""),
            )
        )
    return cases


def run_case(case: Case) -> Outcome:
    tz = zone_for(case.language)
    finding = extract_deadlines(
        case.text, language=case.language, now=case.now, published=case.published, tz=tz
    )
    got: str | None = None
    confidence = finding.confidence if finding is not None else None
    day: str | None = None  # a guess counts here too: it must never be a trap date
    if finding is not None:
        chosen = next_deadline(finding.deadlines, case.now) or finding.deadlines[-1]
        day = chosen.date().isoformat()  # the deadline's own calendar day, in its own zone
        if finding.confidence is not Confidence.LOW:
            got = chosen.strftime("%Y-%m-%dT%H:%M") if finding.has_time else day
    traps = set(case.traps)
    if case.published is not None:
        traps.add(case.published.astimezone(tz).date().isoformat())
    expected_day = case.expected[:10] if case.expected else None
    trap_taken = day is not None and day in traps and day != expected_day
    return Outcome(case, got, confidence, got == case.expected, trap_taken)


def evaluate() -> dict[str, Score]:
    scores = {language: Score() for language in LANGUAGES}
    scores["all"] = Score()
    for language in LANGUAGES:
        for case in load(language):
            outcome = run_case(case)
            scores[language].add(outcome)
            scores["all"].add(outcome)
    return scores


def main() -> None:
    verbose = "-v" in sys.argv[1:]
    scores = evaluate()
    print(
        f"{'lang':<5}{'texts':>6}{'exact':>8}{'prec.':>8}{'recall':>8}"
        f"{'no-dl clean':>13}{'traps taken':>13}"
    )
    for name, s in scores.items():
        print(
            f"{name:<5}{s.total:>6}{s.exact_rate:>8.1%}{s.precision:>8.1%}{s.recall:>8.1%}"
            f"{f'{s.clean}/{s.without_deadline}':>13}{s.traps_taken:>13}"
        )
    if verbose:
        for outcome in scores["all"].misses:
            print(
                f"\n[{outcome.case.language}] {outcome.case.note}\n  {outcome.case.text}\n"
                f"  expected {outcome.case.expected}, got {outcome.got} ({outcome.confidence})"
            )


if __name__ == "__main__":
    main()
