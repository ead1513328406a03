"""Ingestion speed: 200 RSS sources x 50 items over loopback HTTP.

Prints the cold time (every source answers 200), the warm time (every source answers 304),
and the ratio of cold time to raw ``feedparser.parse`` of the same bytes, measured in the
same run (these machines are shared and noisy, so only ratios within one run mean much).
Targets: cold <= 2x raw parse plus I/O; warm <= 1 s.

    python benchmarks/ingest.py [--sources 200] [--items 50]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import io
import sys
import time
import tomllib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import feedparser
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feeds.classify import compile_taxonomy
from feeds.http import Fetcher
from feeds.normalize import build_opportunity
from feeds.parse import parse_feed
from feeds.pipeline import fetch_many
from feeds.sources.rss import to_draft
from feeds.types import CachingState, SourceKind, SourceSpec, Taxonomy, TaxonomyEntry

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
SENTENCES = [
    "Termen limită de depunere: {d} decembrie 2026, ora 16:00. Apel pentru formare profesională.",
    "El plazo de presentación de solicitudes finaliza el {d} de enero de 2027 para entidades.",
    "Erasmus+ call for proposals on youth and digital skills. Deadline: {d} March 2027 17:00 CET.",
    "Circular economy and climate projects (LIFE). Cut-off dates: 2027-02-{d:02d} and 2027-09-17.",
]


def default_taxonomy() -> Taxonomy:
    """The bot's bundled taxonomy, read as plain data (classification cost is part of ingest)."""
    path = Path(__file__).resolve().parents[1] / "bot" / "taxonomy_default.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))

    def entries(kind: str, key: str) -> tuple[TaxonomyEntry, ...]:
        return tuple(
            TaxonomyEntry(
                item["id"],
                kind,
                item["labels"],
                {lang: tuple(words) for lang, words in item.get("keywords", {}).items()},
                tuple(item.get("aliases", ())),
            )
            for item in data[key]
        )

    return Taxonomy(entries("topic", "topics"), entries("programme", "programmes"))


def make_feed(source: int, items: int) -> bytes:
    entries = []
    for i in range(items):
        day = 1 + (source + i) % 27
        text = SENTENCES[(source + i) % len(SENTENCES)].format(d=day)
        published = format_datetime(NOW - timedelta(hours=i))
        entries.append(
            f"<item><title>Call {source}-{i}: funding for organisations</title>"
            f"<link>https://example.eu/{source}/{i}</link><guid>src{source}-item{i}</guid>"
            f"<pubDate>{published}</pubDate><description><![CDATA[<p>{text}</p>]]></description>"
            f"<category>Calls</category></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Source {source}</title><link>https://example.eu/{source}</link>"
        f"<description>bench</description>{''.join(entries)}</channel></rss>"
    ).encode()


async def main(sources: int, items: int) -> None:
    feeds = {f"/feed/{n}": make_feed(n, items) for n in range(sources)}
    tags = {
        path: '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:16] + '"'
        for path, body in feeds.items()
    }

    async def serve(request: Request) -> Response:
        path = request.url.path
        if request.headers.get("if-none-match") == tags[path]:
            return Response(status_code=304, headers={"ETag": tags[path]})
        return Response(feeds[path], media_type="application/rss+xml", headers={"ETag": tags[path]})

    app = Starlette(routes=[Route("/feed/{n}", serve)])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error", lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn exposes a flag, not an event
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    taxonomy = compile_taxonomy(default_taxonomy())
    specs = [
        SourceSpec(f"s{n}", SourceKind.RSS, f"http://127.0.0.1:{port}/feed/{n}")
        for n in range(sources)
    ]

    started = time.perf_counter()
    for body in feeds.values():
        feedparser.parse(io.BytesIO(body))  # as feeds.parse hands it over
    raw_parse = time.perf_counter() - started

    # The same work without the network: parse, read entries, normalise and classify.
    started = time.perf_counter()
    for spec, body in zip(specs, feeds.values(), strict=True):
        parsed = parse_feed(body, headers={"content-type": "application/rss+xml"}, url=spec.url)
        for entry in parsed.entries:
            build_opportunity(to_draft(entry, spec), source=spec, taxonomy=taxonomy, now=NOW)
    offline = time.perf_counter() - started

    async with Fetcher.create(per_host=16) as fetcher:
        started = time.perf_counter()
        cold = await fetch_many(
            fetcher, [(s, CachingState()) for s in specs], taxonomy=taxonomy, now=NOW
        )
        cold_time = time.perf_counter() - started
        states = [
            (s, o.result.state if o.result else CachingState())
            for s, o in zip(specs, cold, strict=True)
        ]
        started = time.perf_counter()
        warm = await fetch_many(fetcher, states, taxonomy=taxonomy, now=NOW)
        warm_time = time.perf_counter() - started
    server.should_exit = True
    await task

    items_read = sum(len(o.result.opportunities) for o in cold if o.result)
    failures = sum(1 for o in cold if o.error) + sum(1 for o in warm if o.error)
    not_modified = sum(1 for o in warm if o.result and o.result.not_modified)
    print(f"sources: {sources}, items per source: {items}, items read: {items_read}")
    print(f"failures: {failures}")
    print(f"raw feedparser.parse of the same bytes: {raw_parse:.2f} s")
    print(
        f"pipeline without I/O (parse, normalise, classify): {offline:.2f} s, "
        f"{offline / raw_parse:.2f}x raw parse (target <= 2x)"
    )
    print(
        f"cold over loopback HTTP (200 everywhere): {cold_time:.2f} s, "
        f"{cold_time / raw_parse:.2f}x raw parse (I/O and scheduling included)"
    )
    print(f"warm (304 everywhere, {not_modified}/{sources}): {warm_time:.2f} s (target <= 1 s)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    options = parser.parse_args()
    asyncio.run(main(options.sources, options.items))
