"""Geometry for the dashboard's SVG charts, drawn server-side.

Plain values in, plain values out; the templates only place what is computed here.
Every bar carries its figure or its RAG words as text, never colour alone.
All positions are SVG user units (pixels at the chart's natural size).
"""

import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from hnb_monitor.money import format_money
from workstreams.choices import RAG_ORDER, Rag

RAG_FILL = {Rag.GREEN: "#00703c", Rag.AMBER: "#f47738", Rag.RED: "#d4351c"}

# Below the last row, so the descenders of its text are not clipped.
BOTTOM_MARGIN = 10

# Target against forecast: the workstream's name on the left, its two bars to the right.
NAME_COLUMN = 250  # the bars start here, right of the names
NAME_LENGTH = 34  # characters of a name that fit NAME_COLUMN at 13px; longer ones end in …
FIGURE_ROOM = 180  # right of the longest bar, for "Forecast £12,345,678" at 12px
FIGURE_GAP = 6  # between a bar's end and its figure
PAIR_BAR_HEIGHT = 14
TARGET_BAR_TOP = 4  # within the row
FORECAST_BAR_TOP = 22
NAME_BASELINE = 20  # within the row: level with the gap between the two bars
FIGURE_BASELINE = 12  # within a bar: the 12px figure sits level with its 14px bar

# RAG over the last quarters: the quarter's name above its stacked bar, counts below.
QUARTER_COLUMN = 130  # the stacked bars and their words start here
QUARTER_ROW_HEIGHT = 56
QUARTER_BAR_HEIGHT = 24
QUARTER_NAME_BASELINE = 18
QUARTER_WORDS_BASELINE = 42
RIGHT_MARGIN = 10  # right of a full-width stacked bar


def whole_pixels(value: float) -> int:
    """Round as the template's `floatformat:0` did (half up), so figures stay put."""
    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def one_decimal(value: float) -> str:
    """Write as the template's `floatformat:1` does (half up, never "-0.0")."""
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(rounded if rounded else abs(rounded))


@dataclass(frozen=True)
class Bar:
    y: int
    width: float
    label: str
    x: int = NAME_COLUMN
    height: int = PAIR_BAR_HEIGHT

    @property
    def label_x(self) -> int:
        return self.x + whole_pixels(self.width) + FIGURE_GAP

    @property
    def label_y(self) -> int:
        return self.y + FIGURE_BASELINE

    def marks(self, bar: str) -> dict[str, str]:
        """The bar as PAIR_ROW writes it, its figures as text, keyed `{bar}_x`..."""
        return {
            f"{bar}_x": str(self.x),
            f"{bar}_y": str(self.y),
            f"{bar}_width": one_decimal(self.width),
            f"{bar}_height": str(self.height),
            f"{bar}_label_x": str(self.label_x),
            f"{bar}_label_y": str(self.label_y),
            f"{bar}_label": self.label,
        }


@dataclass(frozen=True)
class PairRow:
    name: str
    y: int
    target: Bar
    forecast: Bar

    @property
    def name_y(self) -> int:
        return self.y + NAME_BASELINE

    @property
    def shown_name(self) -> str:
        return shown_name(self.name)

    @property
    def marks(self) -> dict[str, str]:
        """The row as PAIR_ROW writes it, every figure already text: with a row per
        workstream, a template's own lookups and number formatting were most of the
        chart's time."""
        return {
            "name_y": str(self.name_y),
            "name": self.shown_name,
            **self.target.marks("target"),
            **self.forecast.marks("forecast"),
        }


# A workstream's row of the chart, written once per row in Python: with a row per
# workstream, a template loop over its dozen figures was most of the chart's time.
PAIR_ROW = """  <g>
    <text x="0" y="{name_y}" font-size="13" fill="#0b0c0c">{name}</text>
    <rect x="{target_x}" y="{target_y}" width="{target_width}" height="{target_height}" \
fill="#b1b4b6"></rect>
    <text x="{target_label_x}" y="{target_label_y}" font-size="12" fill="#0b0c0c">\
{target_label}</text>
    <rect x="{forecast_x}" y="{forecast_y}" width="{forecast_width}" \
height="{forecast_height}" fill="#1d70b8"></rect>
    <text x="{forecast_label_x}" y="{forecast_label_y}" font-size="12" fill="#0b0c0c">\
{forecast_label}</text>
  </g>
"""


# The words of a row; its other marks are numbers this module wrote.
PAIR_ROW_WORDS = ("name", "target_label", "forecast_label")


def pair_rows_svg(marks: list[dict[str, str]]) -> SafeString:
    """The rows' SVG. Only the words are escaped: escaping every figure of every row too
    (format_html) cost as much as the template loop it replaced."""
    return mark_safe(
        "".join(
            PAIR_ROW.format_map({**row, **{key: escape(row[key]) for key in PAIR_ROW_WORDS}})
            for row in marks
        )
    )


def shown_name(name: str) -> str:
    """The name cut to NAME_LENGTH characters, as Truncator cuts it; most names fit, and
    they are known to fit without Truncator's counting, which took a fifth of the chart's
    time. Truncator counts no combining mark and returns the name NFC-normalised."""
    name = unicodedata.normalize("NFC", name)
    if len(name) <= NAME_LENGTH:
        return name
    return Truncator(name).chars(NAME_LENGTH)


def target_forecast_bars(
    items: list[tuple[str, Decimal | None, Decimal | None]],
    *,
    plot_width: int = 420,
    row_height: int = 44,
) -> dict:
    """One row per workstream with money: a target bar above a forecast bar.

    Both bars of every row share one scale, the largest figure drawn `plot_width` long;
    a saving shown negative is drawn by its size.
    """
    items = [(name, t, f) for name, t, f in items if t or f]
    largest = max([abs(v or 0) for _, t, f in items for v in (t, f)] or [1]) or 1
    rows = []
    for i, (name, target, forecast) in enumerate(items):
        y = i * row_height
        rows.append(
            PairRow(
                name=name,
                y=y,
                target=Bar(
                    y + TARGET_BAR_TOP,
                    float(abs(target or 0) / largest) * plot_width,
                    f"Target £{format_money(target or 0)}",
                ),
                forecast=Bar(
                    y + FORECAST_BAR_TOP,
                    float(abs(forecast or 0) / largest) * plot_width,
                    f"Forecast £{format_money(forecast)}"
                    if forecast is not None
                    else "No forecast",
                ),
            )
        )
    height = max(len(rows) * row_height, row_height)
    marks = [row.marks for row in rows]
    return {
        "rows": rows,
        "marks": marks,
        "svg_rows": pair_rows_svg(marks),
        "height": height,
        "plot_width": plot_width,
        "svg_width": NAME_COLUMN + plot_width + FIGURE_ROOM,
        "svg_height": height + BOTTOM_MARGIN,
    }


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    fill: str
    rag: Rag
    count: int


def rag_history_bars(history: list[tuple[str, dict[str, int]]], *, plot_width: int = 480) -> dict:
    """A stacked bar per quarter of its returns by RAG, with the counts in words.

    Segments are placed from 0 within the bar; the template shifts the whole bar right
    by `bar_left`, past the quarter's name.
    """
    rows = []
    for i, (label, counts) in enumerate(history):
        total = sum(counts.values()) or 1
        x = 0.0
        segments = []
        for rag in RAG_ORDER:
            count = counts.get(rag.value, 0)
            width = count / total * plot_width
            if count:
                segments.append(Segment(x, width, RAG_FILL[rag], rag, count))
            x += width
        words = ", ".join(f"{rag.short} {counts.get(rag.value, 0)}" for rag in RAG_ORDER)
        y = i * QUARTER_ROW_HEIGHT
        rows.append(
            {
                "label": label,
                "y": y,
                "label_y": y + QUARTER_NAME_BASELINE,
                "words_y": y + QUARTER_WORDS_BASELINE,
                "segments": segments,
                "words": words,
            }
        )
    height = max(len(rows) * QUARTER_ROW_HEIGHT, QUARTER_ROW_HEIGHT)
    return {
        "rows": rows,
        "height": height,
        "plot_width": plot_width,
        "bar_left": QUARTER_COLUMN,
        "bar_height": QUARTER_BAR_HEIGHT,
        "svg_width": QUARTER_COLUMN + plot_width + RIGHT_MARGIN,
        "svg_height": height + BOTTOM_MARGIN,
    }
