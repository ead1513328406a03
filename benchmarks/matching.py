"""Digest matching at scale: 10,000 and 100,000 members against 5,000 open opportunities.

Prints, per size, the time to decide every member's digest sections (the items each member
gets, in order, minus what they already received), the peak memory of the process, and the
growth ratio from 10k to 100k; rendering is timed on a sample (it happens per member as the
sender goes, at Telegram's pace). Targets: 100k in <= 5 s and <= 1 GB, growth <= 11x.

    python benchmarks/matching.py
"""

from __future__ import annotations

import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.i18n import Catalogs
from bot.digest.matching import Candidate, MemberPrefs, OpportunityIndex
from bot.digest.render import render_digest
from feeds.types import Opportunity, Status

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TOPICS = ["digital", "green", "entrepreneurship", "community", "employment", "vet",
          "social-inclusion", "youth", "research"]  # fmt: skip
PROGRAMMES = ["esf-plus", "erasmus-plus", "horizon-europe", "interreg", "life", "digital-europe",
              "cerv", "national"]  # fmt: skip
COUNTRIES = ["RO", "ES", "MD", "BG", "IT", "PT", "GR", "HU", "PL", "FR", "DE", "BE"]
ORG_TYPES = ["ngo", "public", "vet_provider", "school", "sme", "social_enterprise", "other"]
WORDS = ["robotics", "rural", "roma", "climate", "women", "migrants", "digital", "tender"]


def opportunities(count: int, rng: random.Random) -> list[Candidate]:
    items = []
    for n in range(count):
        status = Status.FORTHCOMING if rng.random() < 0.1 else Status.OPEN
        items.append(
            Candidate(
                Opportunity(
                    uid=f"src:{n}",
                    source="src",
                    url=f"https://example.eu/{n}",
                    title=f"Call {n} on {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                    summary=" ".join(rng.choices(WORDS, k=12)),
                    language="en",
                    status=status,
                    next_deadline=NOW + timedelta(days=rng.randint(1, 200)),
                    themes=tuple(rng.sample(TOPICS, rng.randint(1, 3))),
                    programmes=tuple(rng.sample(PROGRAMMES, rng.randint(0, 1))),
                    eligible_countries=tuple(rng.sample(COUNTRIES, 2))
                    if rng.random() < 0.3
                    else (),
                    eligible_org_types=tuple(rng.sample(ORG_TYPES[:6], 2))
                    if rng.random() < 0.3
                    else (),
                ),
                first_seen=NOW - timedelta(days=rng.randint(0, 60)),
            )
        )
    return items


def members(count: int, rng: random.Random) -> list[MemberPrefs]:
    return [
        MemberPrefs(
            topics=frozenset(rng.sample(TOPICS, rng.randint(1, 4))),
            programmes=frozenset(rng.sample(PROGRAMMES, rng.randint(0, 2))),
            country=rng.choice(COUNTRIES),
            org_type=rng.choice(ORG_TYPES),
            include=tuple(rng.sample(WORDS, 1)) if rng.random() < 0.1 else (),
            exclude=tuple(rng.sample(WORDS, 1)) if rng.random() < 0.1 else (),
        )
        for _ in range(count)
    ]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(index: OpportunityIndex, prefs: list[MemberPrefs], sent: list[int]) -> tuple[float, int]:
    started = time.perf_counter()
    total = 0
    for member, already in zip(prefs, sent, strict=True):
        sections = index.sections(member, exclude=already, limit=12)
        total += len(sections.closing_soon) + len(sections.new) + len(sections.opening_soon)
    return time.perf_counter() - started, total


def main() -> None:
    rng = random.Random(7)
    started = time.perf_counter()
    index = OpportunityIndex.build(opportunities(5000, rng), now=NOW)
    build = time.perf_counter() - started
    print(f"index of 5000 opportunities built in {build:.2f} s")
    timings = {}
    for size in (10_000, 100_000):
        prefs = members(size, rng)
        # Each member already received a few items last week.
        sent = [
            index.uids_mask(f"src:{rng.randrange(5000)}" for _ in range(5)) for _ in range(size)
        ]
        elapsed, items = run(index, prefs, sent)
        timings[size] = elapsed
        print(
            f"{size:>7} members: {elapsed:.2f} s, {items / size:.1f} items per digest, "
            f"peak memory {peak_mb():.0f} MB"
        )
    print(f"growth 10k -> 100k: {timings[100_000] / timings[10_000]:.1f}x (target <= 11x)")
    tr = Catalogs(["en"], "en").get("en")
    sample = members(1000, rng)
    started = time.perf_counter()
    for member in sample:
        sections = index.sections(member, limit=12)
        render_digest(
            tr,
            index,
            sections,
            member,
            language="en",
            zone=ZoneInfo("Europe/Bucharest"),
            label=lambda kind, item, language: item,
            now=NOW,
        )
    per = (time.perf_counter() - started) / len(sample)
    print(f"rendering: {per * 1000:.2f} ms per digest (done per member while sending)")


if __name__ == "__main__":
    main()
