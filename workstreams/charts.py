"""Geometry for the dashboard's SVG charts, drawn server-side.

Plain values in, plain values out; the templates only place what is computed here.
Every bar carries its figure or its RAG words as text, never colour alone.
"""

from dataclasses import dataclass
from decimal import Decimal

from hnb_monitor.money import format_money
from workstreams.choices import RAG_ORDER, Rag

RAG_FILL = {Rag.GREEN: "#00703c", Rag.AMBER: "#f47738", Rag.RED: "#d4351c"}


@dataclass(frozen=True)
class Bar:
    y: int
    width: float
    label: str


@dataclass(frozen=True)
class PairRow:
    name: str
    y: int
    target: Bar
    forecast: Bar


def target_forecast_bars(
    items: list[tuple[str, Decimal | None, Decimal | None]],
    *,
    plot_width: int = 420,
    row_height: int = 44,
) -> dict:
    """One row per workstream with money: a target bar above a forecast bar."""
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
                    y + 4,
                    float(abs(target or 0) / largest) * plot_width,
                    f"Target £{format_money(target or 0)}",
                ),
                forecast=Bar(
                    y + 22,
                    float(abs(forecast or 0) / largest) * plot_width,
                    f"Forecast £{format_money(forecast)}"
                    if forecast is not None
                    else "No forecast",
                ),
            )
        )
    return {
        "rows": rows,
        "height": max(len(rows) * row_height, row_height),
        "plot_width": plot_width,
    }


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    fill: str
    rag: Rag
    count: int


def rag_history_bars(history: list[tuple[str, dict[str, int]]], *, plot_width: int = 480) -> dict:
    """A stacked bar per quarter of its returns by RAG, with the counts in words."""
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
        rows.append({"label": label, "y": i * 56, "segments": segments, "words": words})
    return {"rows": rows, "height": max(len(rows) * 56, 56), "plot_width": plot_width}
