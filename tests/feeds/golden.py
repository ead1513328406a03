"""Golden files: a source's payloads beside the records we expect from them.

Set INEXA_REGEN_GOLDEN=1 to rewrite the expected files after an intended change, then
review the diff like any other code change.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tomllib
from datetime import datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from feeds.types import Opportunity, Taxonomy, TaxonomyEntry

ROOT = Path(__file__).resolve().parents[2]
REGENERATE = os.environ.get("INEXA_REGEN_GOLDEN") == "1"


def default_taxonomy() -> Taxonomy:
    """The alliance's bundled taxonomy, read as plain data."""
    data = tomllib.loads((ROOT / "bot" / "taxonomy_default.toml").read_text(encoding="utf-8"))

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


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def serialise(items: tuple[Opportunity, ...], base_url: str) -> list[dict[str, Any]]:
    """Records as JSON values, without audit fields, with the loopback address made stable."""
    rows = []
    for item in items:
        row = _plain(item)
        row.pop("raw", None)
        row.pop("fetched_at", None)
        rows.append(json.loads(json.dumps(row).replace(base_url, "http://feeds.test")))
    return rows


def check(path: Path, actual: list[dict[str, Any]]) -> None:
    """Compare with (or, when regenerating, write) the expected file."""
    if REGENERATE or not path.exists():
        path.write_text(
            json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert actual == expected, f"{path.name} differs; INEXA_REGEN_GOLDEN=1 rewrites it after review"
