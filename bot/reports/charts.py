"""PNG charts sized for a phone screen, with every text supplied (translated) by the caller.

Charts are drawn on a ``Figure`` with its own Agg canvas, never through ``pyplot``: pyplot
keeps global figures and picks a GUI backend, neither of which belongs in a bot that draws
in worker threads. The output is deterministic (no timestamp or version in the metadata),
so the same numbers give the same bytes.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

#: Portrait 4:5, the shape a phone shows largest in a chat.
WIDTH_PX = 1080
HEIGHT_PX = 1350
_DPI = 100

#: Ships with matplotlib, and covers Romanian and Spanish letters.
FONT_FAMILY = "DejaVu Sans"
#: Colour-blind-safe (Okabe-Ito) blue and orange.
_COLOURS = ("#0072B2", "#E69F00")
_TEXT = "#222222"
#: Rows of space a chart keeps even when it has fewer bars.
_MIN_ROWS = 6


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The words on a chart, already in the reader's language."""

    title: str
    #: Shown instead of bars when there is nothing to draw.
    no_data: str
    #: A second line under the title, e.g. the period.
    subtitle: str = ""
    #: Caption of the value axis ("members").
    value_axis: str = ""
    #: Names of the series, for charts with more than one (``rsvp_vs_attendance``).
    legend: tuple[str, ...] = ()


@cache
def _charmap() -> frozenset[int]:
    path = font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY))
    return frozenset(FT2Font(path).get_charmap())


def _drawable(text: str) -> str:
    # Titles come from people and feeds: an emoji the font lacks would only draw a box and
    # make matplotlib warn, so characters the font cannot draw are left out.
    known = _charmap()
    return "".join(ch for ch in text if ch in "\n" or ord(ch) in known)


def _wrap(text: str, width: int, lines: int) -> str:
    wrapped = textwrap.wrap(_drawable(text), width=width, max_lines=lines, placeholder="…")
    return "\n".join(wrapped) or "–"


def _figure() -> Figure:
    figure = Figure(figsize=(WIDTH_PX / _DPI, HEIGHT_PX / _DPI), dpi=_DPI, layout="constrained")
    # Attaching the Agg canvas is what makes savefig render with Agg, whatever backend a
    # pyplot user elsewhere in the process may have chosen.
    FigureCanvasAgg(figure)
    figure.set_facecolor("white")
    return figure


def _png(figure: Figure) -> bytes:
    for text in figure.findobj(Text):
        text.set_fontfamily(FONT_FAMILY)
    buffer = io.BytesIO()
    # No "Software" (matplotlib's version) so the bytes only depend on the data.
    # Fast zlib level: a quarter of the drawing time went into compressing; files grow ~20 %.
    figure.savefig(
        buffer,
        format="png",
        dpi=_DPI,
        metadata={"Software": None},
        pil_kwargs={"compress_level": 1},
    )
    return buffer.getvalue()


def _titles(figure: Figure, labels: ChartLabels) -> None:
    title = _wrap(labels.title, 38, 2)
    if labels.subtitle:
        title += "\n" + _wrap(labels.subtitle, 60, 1)
    figure.suptitle(title, fontsize=30, fontweight="bold", color=_TEXT)


def _empty(labels: ChartLabels) -> bytes:
    figure = _figure()
    _titles(figure, labels)
    figure.text(
        0.5, 0.5, _wrap(labels.no_data, 30, 3), ha="center", va="center", fontsize=30, color="#666"
    )
    return _png(figure)


def _font_size(rows: int) -> float:
    # Large while the rows fit; shrinking with many rows (a year of weeks) but never tiny.
    return float(max(12, min(24, 380 // max(rows, 1))))


def _hbars(names: Sequence[str], series: Sequence[Sequence[int]], labels: ChartLabels) -> bytes:
    """Horizontal bars, first row on top, one colour per series, each bar with its value."""
    if not names or not any(any(values) for values in series):
        return _empty(labels)
    figure = _figure()
    _titles(figure, labels)
    axes: Axes = figure.add_subplot()
    size = _font_size(len(names))
    height = 0.8 / len(series)
    top = max(max(values) for values in series)
    positions = range(len(names))
    for index, values in enumerate(series):
        offset = (index - (len(series) - 1) / 2) * height
        bars = axes.barh(
            [p + offset for p in positions],
            list(values),
            height=height * 0.92,
            color=_COLOURS[index % len(_COLOURS)],
            label=_drawable(labels.legend[index]) if index < len(labels.legend) else None,
        )
        axes.bar_label(bars, padding=6, fontsize=size, color=_TEXT)
    axes.set_yticks(list(positions), labels=[_wrap(n, 24, 2) for n in names])
    # First row on top; a few rows keep a sensible thickness instead of filling the page.
    axes.set_ylim(max(len(names), _MIN_ROWS) - 0.5, -0.5)
    axes.tick_params(axis="y", labelsize=size, length=0, colors=_TEXT)
    axes.tick_params(axis="x", labelsize=max(12.0, size * 0.8), colors="#555")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    # Room on the right for the value labels of the longest bar.
    axes.set_xlim(0, top * 1.18)
    axes.grid(axis="x", alpha=0.3)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    if labels.value_axis:
        axes.set_xlabel(_drawable(labels.value_axis), fontsize=size, color=_TEXT)
    if len(series) > 1 and labels.legend:
        axes.legend(fontsize=size, loc="lower right", frameon=False)
    return _png(figure)


def members_by_topic(counts: Sequence[tuple[str, int]], labels: ChartLabels) -> bytes:
    """Members per topic, largest first as given: ``[(topic label, members), ...]``."""
    return _hbars([name for name, _ in counts], [[n for _, n in counts]], labels)


def weekly_reach(weeks: Sequence[tuple[str, int]], labels: ChartLabels) -> bytes:
    """Members reached per week, in the order given: ``[(week label, members), ...]``."""
    return _hbars([name for name, _ in weeks], [[n for _, n in weeks]], labels)


def rsvp_vs_attendance(rows: Sequence[tuple[str, int, int]], labels: ChartLabels) -> bytes:
    """Going versus attended per workshop: ``[(workshop title, going, attended), ...]``.

    ``labels.legend`` names the two series, e.g. ``("Going", "Attended")``.
    """
    return _hbars(
        [title for title, _, _ in rows],
        [[going for _, going, _ in rows], [attended for _, _, attended in rows]],
        labels,
    )


def survey_question(counts: Sequence[tuple[str, int]], labels: ChartLabels) -> bytes:
    """Answers to one survey question, options in their order: ``[(option, answers), ...]``."""
    return _hbars([name for name, _ in counts], [[n for _, n in counts]], labels)


def bars(names: Sequence[str], series: Sequence[Sequence[int]], labels: ChartLabels) -> bytes:
    """Horizontal bars, one row per name and one colour per series (at most two)."""
    return _hbars(names, series, labels)
