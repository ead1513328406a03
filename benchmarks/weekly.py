"""The weekly run at scale: the real ``WeeklyDigests.queue_due`` for 10,000 and 100,000 members
against 5,000 open calls, on SQLite and on PostgreSQL.

Each size is seeded into a scratch database (a temporary SQLite file; a PostgreSQL database
created on 127.0.0.1:5432 and dropped afterwards), then the run happens in a child process
of its own, so its peak memory is the run's. Prints, per backend and size: the time, the SQL
statements per member (counted with a ``before_cursor_execute`` hook), the peak memory, the
messages queued; then the growth 10k -> 100k and the ratio to the pure matching benchmark
(benchmarks/matching.py, run in the same invocation).
Targets: <= 2x matching at 100k, <= 0.05 statements per member, <= 1 GB, growth <= 11x.

    python benchmarks/weekly.py [--members 10000 100000] [--calls 5000]
                                [--backends sqlite postgres] [--chunk 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_data import MONDAY, peak_mb, scratch_database, seed, statements

from bot.config import parse_settings
from bot.core.i18n import Catalogs
from bot.db.session import Database
from bot.services.digests import WeeklyDigests

#: Every member's 09:00 has come (Madrid's is 08:00 UTC).
RUN_AT = MONDAY + timedelta(hours=1)
HERE = Path(__file__).resolve()


async def run_once(url: str, chunk: int) -> dict[str, float]:
    """The weekly run on a seeded database (in this process, which does nothing else)."""
    db = Database.from_url(url)
    try:
        weekly = WeeklyDigests(
            db, parse_settings({}, environ={}), Catalogs(["en", "ro", "es"], "en"), chunk=chunk
        )
        with statements(db) as counted:
            started, cpu = time.perf_counter(), time.process_time()
            queued = await weekly.queue_due(now=RUN_AT)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        await db.dispose()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "statements": counted[0],
        "members": queued.members,
        "messages": queued.messages,
        "peak_mb": peak_mb(),
    }


async def case(backend: str, members: int, calls: int, chunk: int) -> dict[str, float]:
    """Seed a scratch database, run the weekly run in a child process, return its figures."""
    async with scratch_database(backend) as db:
        started = time.perf_counter()
        await seed(db, members=members, calls=calls)
        seeded = time.perf_counter() - started
        url = db.engine.url.render_as_string(hide_password=False)
        child = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, str(HERE), "--run", url, "--chunk", str(chunk)],
            check=True,
            capture_output=True,
            text=True,
        )
    figures: dict[str, float] = json.loads(child.stdout.strip().splitlines()[-1])
    figures["seed_seconds"] = seeded
    return figures


def matching_once(sizes: list[int]) -> dict[int, tuple[float, float]]:
    """benchmarks/matching.py's measurement (wall and CPU seconds per size), in this process."""
    import random

    import matching

    rng = random.Random(7)
    index = matching.OpportunityIndex.build(matching.opportunities(5000, rng), now=matching.NOW)
    found = {}
    for size in sizes:
        prefs = matching.members(size, rng)
        sent = [
            index.uids_mask(f"src:{rng.randrange(5000)}" for _ in range(5)) for _ in range(size)
        ]
        cpu = time.process_time()
        wall, _ = matching.run(index, prefs, sent)
        found[size] = (wall, time.process_time() - cpu)
    return found


async def matching_times(sizes: list[int]) -> dict[int, tuple[float, float]]:
    """The pure matching benchmark, run now in a child process (same machine, same moment)."""
    child = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, str(HERE), "--matching", *map(str, sizes)],
        check=True,
        capture_output=True,
        text=True,
    )
    answer = json.loads(child.stdout.strip().splitlines()[-1])
    return {int(size): (wall, cpu) for size, (wall, cpu) in answer.items()}


async def main(args: argparse.Namespace) -> None:
    matching = await matching_times(args.members)
    print(
        "pure matching (benchmarks/matching.py's loop): "
        + ", ".join(f"{n}: {w:.2f} s ({c:.2f} s CPU)" for n, (w, c) in sorted(matching.items()))
    )
    for backend in args.backends:
        times: dict[int, float] = {}
        for members in args.members:
            try:
                f = await case(backend, members, args.calls, args.chunk)
            except OSError as exc:
                print(f"{backend}: skipped ({exc})")
                break
            times[members] = f["seconds"]
            wall, cpu = matching[members]
            ratio = (
                f" ({f['cpu']:.2f} s CPU in the bot's process), {f['seconds'] / wall:.1f}x "
                f"matching ({f['cpu'] / cpu:.1f}x in CPU; target <= 2x)"
            )
            print(
                f"{backend:>10} {members:>7} members x {args.calls} calls: "
                f"{f['seconds']:.2f} s{ratio}, {f['statements']:.0f} statements "
                f"({f['statements'] / members:.4f} per member, target <= 0.05), "
                f"peak {f['peak_mb']:.0f} MB (target <= 1024), "
                f"{f['members']:.0f} digests in {f['messages']:.0f} messages "
                f"(seeded in {f['seed_seconds']:.0f} s)"
            )
        if len(times) >= 2:
            small, large = min(times), max(times)
            print(
                f"{backend:>10} growth {small} -> {large}: {times[large] / times[small]:.1f}x "
                f"for {large / small:.0f}x the members (target <= 11x)"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--chunk", type=int, default=1000)
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--matching", type=int, nargs="+", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.matching:
        print(json.dumps(matching_once(arguments.matching)))
    elif arguments.run:
        print(json.dumps(asyncio.run(run_once(arguments.run, arguments.chunk))))
    else:
        asyncio.run(main(arguments))
