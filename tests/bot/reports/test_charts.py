"""Charts: real PNGs of the promised size, for data and for no data, byte for byte stable."""

from __future__ import annotations

import io
import struct
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from matplotlib.image import imread

from bot.reports import charts
from bot.reports.charts import HEIGHT_PX, WIDTH_PX, ChartLabels

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LABELS = ChartLabels(
    title="Membri pe teme",
    subtitle="2026-11-04 – 2026-11-17",
    value_axis="membri",
    no_data="Nu există date",
    legend=("Participă", "Au participat"),
)

Chart = Callable[[Sequence[Any], ChartLabels], bytes]

#: Each chart with realistic data: diacritics, a long title, an emoji the font lacks, zeros.
CASES: dict[str, tuple[Chart, list[Any]]] = {
    "members_by_topic": (
        charts.members_by_topic,
        [("Tranziție verde", 12), ("Digitalizare și incluziune socială", 9), ("Ñandú", 0)],
    ),
    "weekly_reach": (charts.weekly_reach, [(f"2026-W{w:02d}", w % 7) for w in range(1, 54)]),
    "rsvp_vs_attendance": (
        charts.rsvp_vs_attendance,
        [("🌱 Erasmus+ KA2: parteneriate de cooperare în educație", 20, 15), ("LIFE", 8, 0)],
    ),
}
NAMES = sorted(CASES)


def ihdr_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE
    length, chunk = struct.unpack(">I4s", png[8:16])
    assert (length, chunk) == (13, b"IHDR")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def draws_something(png: bytes) -> bool:
    pixels = imread(io.BytesIO(png), format="png")
    assert pixels.shape[:2] == (HEIGHT_PX, WIDTH_PX)
    return bool(pixels[..., :3].min() < 0.5)


@pytest.mark.parametrize("name", NAMES)
def test_chart_is_a_phone_sized_png(name: str) -> None:
    chart, data = CASES[name]
    png = chart(data, LABELS)
    assert len(png) > 10_000
    assert ihdr_size(png) == (WIDTH_PX, HEIGHT_PX) == (1080, 1350)
    assert draws_something(png)


@pytest.mark.parametrize("name", NAMES)
def test_no_data_draws_the_callers_notice(name: str) -> None:
    chart, data = CASES[name]
    empty = chart([], LABELS)
    assert ihdr_size(empty) == (WIDTH_PX, HEIGHT_PX)
    assert draws_something(empty)
    assert empty != chart(data, LABELS)
    # Only the notice differs, and the picture with it: the notice is drawn.
    other = ChartLabels(title=LABELS.title, subtitle=LABELS.subtitle, no_data="Sin datos")
    assert empty != chart([], other)


def test_only_zeros_is_no_data() -> None:
    zeros = charts.weekly_reach([("2026-W45", 0), ("2026-W46", 0)], LABELS)
    assert zeros == charts.weekly_reach([], LABELS)


@pytest.mark.parametrize("name", NAMES)
def test_same_data_gives_the_same_bytes(name: str) -> None:
    chart, data = CASES[name]
    png = chart(data, LABELS)
    assert png == chart(data, LABELS)
    assert b"Software" not in png
    assert b"matplotlib" not in png.lower()


def test_texts_are_the_callers() -> None:
    english = charts.members_by_topic([("Green", 3)], ChartLabels(title="Members", no_data="-"))
    spanish = charts.members_by_topic([("Verde", 3)], ChartLabels(title="Miembros", no_data="-"))
    assert english != spanish
