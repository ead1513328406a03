"""Every adapter against realistic payloads over loopback HTTP, compared with golden records."""

from __future__ import annotations

import pytest

from feeds.classify import compile_taxonomy
from feeds.http import Fetcher
from feeds.pipeline import fetch_source
from feeds.sources import adapter_modules
from feeds.types import CachingState, SourceKind
from tests.feeds.conftest import NOW, source_taxonomy
from tests.feeds.feedserver import DATA, FeedServer
from tests.feeds.sources.golden import Case, cases, check, serialise

TAXONOMY = compile_taxonomy(source_taxonomy())


@pytest.mark.parametrize("case", cases(), ids=lambda case: case.name)
async def test_golden(case: Case, server: FeedServer, fetcher: Fetcher) -> None:
    server.serve_case(case.data["routes"], case.path.parent)
    spec = case.spec(server.base)
    result = await fetch_source(fetcher, spec, CachingState(), taxonomy=TAXONOMY, now=NOW)
    assert result.opportunities, "a golden case should produce records"
    assert all(item.uid.startswith(f"{spec.id}:") for item in result.opportunities)
    check(case.expected, serialise(result.opportunities, server.base))


def test_every_adapter_has_a_golden_case() -> None:
    adapters = {case.path.parent.name for case in cases()}
    # Every registered adapter module (named after its kind) has at least one case.
    modules = adapter_modules()
    assert set(modules) == set(SourceKind)  # the registry knows every kind
    assert adapters == {module.__name__.rsplit(".", 1)[1] for module in modules.values()}
    for case in cases():
        for route in case.data["routes"]:
            assert (case.path.parent / route["file"]).exists(), route["file"]
    assert not [
        p
        for p in DATA.glob("*/*.expected.json")
        if not p.with_name(p.name.replace(".expected.json", ".case.json")).exists()
    ], "an expected file without its case"
