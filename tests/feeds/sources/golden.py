"""Golden cases: a source's payloads, a route table, and the records we expect from them.

A case is ``tests/data/sources/<adapter>/<name>.case.json``::

    {"about": "…",
     "spec": {"id": …, "kind": …, "path": "/served/path", "language": …, "params": {…}},
     "routes": [{"path": …, "file": …, "method"?, "query"?, "content_type"?, "gzip"?,
                 "headers"?, "status"?, "etag"?, "last_modified"?}],
     "url_query"?: "?c=ayudas"}

and its expected records are ``<name>.expected.json`` beside it: the opportunities of one
``fetch_source`` run at :data:`tests.feeds.conftest.NOW`, serialised with sorted keys,
without ``raw`` and with the loopback address replaced by ``http://feeds.test``.

Regenerate after an intended change with ``INEXA_REGEN_GOLDEN=1 pytest tests/feeds``, then
review the diff of the ``*.expected.json`` files like any other code change.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from feeds.types import Opportunity, SourceKind, SourceSpec
from tests.feeds.feedserver import DATA

REGENERATE = os.environ.get("INEXA_REGEN_GOLDEN") == "1"
STABLE_BASE = "http://feeds.test"


@dataclass(frozen=True)
class Case:
    """One golden case on disk."""

    path: Path
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.name.removesuffix('.case.json')}"

    @property
    def expected(self) -> Path:
        return self.path.with_name(self.path.name.replace(".case.json", ".expected.json"))

    def spec(self, base: str) -> SourceSpec:
        raw = dict(self.data["spec"])
        url = base + raw.pop("path") + self.data.get("url_query", "")
        return SourceSpec(
            id=raw.pop("id"),
            kind=SourceKind(raw.pop("kind")),
            url=url,
            language=raw.pop("language", "en"),
            programme=raw.pop("programme", None),
            topics=tuple(raw.pop("topics", ())),
            include=tuple(raw.pop("include", ())),
            exclude=tuple(raw.pop("exclude", ())),
            min_items=raw.pop("min_items", 0),
            params=raw.pop("params", {}),
        )


def cases() -> list[Case]:
    """Every golden case, sorted by adapter and name."""
    return [
        Case(path, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(DATA.glob("*/*.case.json"))
    ]


def plain(value: Any) -> Any:
    """A record as JSON values: ISO datetimes, decimal strings, enum values."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def serialise(items: tuple[Opportunity, ...], base_url: str) -> list[dict[str, Any]]:
    """Records as JSON values without the audit copy, the loopback address made stable."""
    rows = []
    for item in items:
        row = plain(item)
        row.pop("raw", None)
        rows.append(json.loads(json.dumps(row).replace(base_url, STABLE_BASE)))
    return rows


def check(path: Path, actual: list[dict[str, Any]]) -> None:
    """Compare with (or, when regenerating, write) the expected file."""
    assert REGENERATE or path.exists(), (
        f"{path.name} is missing; INEXA_REGEN_GOLDEN=1 writes it for review"
    )
    if REGENERATE:
        path.write_text(
            json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert actual == expected, (
        f"{path.name} differs; after review, INEXA_REGEN_GOLDEN=1 rewrites it"
    )
