"""Geometry for the forecast's line charts, drawn server-side as SVG.

Plain values in, plain values out. Each series is told apart by line style and a label at
its end as well as by colour, and every point carries its figure, so the chart reads in
greyscale and the same figures are in the tables beside it.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

PLOT_WIDTH = 560
PLOT_HEIGHT = 220
LEFT = 70  # room for the axis labels
TOP = 20


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # the figure, in £m to one decimal place


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    dash: str  # SVG stroke-dasharray; "" for a solid line
    points: list[Point]
    label_y: float = 0.0  # where the name is written at the line's end, clear of the others

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def words(self) -> str:
        return f"{self.name}: " + "; ".join(p.label for p in self.points)


def millions(amount: Decimal) -> str:
    # £m to one decimal place, as seed 002's chart labels it; the tables give exact pounds.
    value = (amount / Decimal(1_000_000)).quantize(Decimal("0.1"))
    return f"(£{-value}m)" if value < 0 else f"£{value}m"


def line_chart(years: list[str], series: list[tuple[str, str, str, dict[str, Decimal]]]) -> dict:
    """series: (name, colour, dash, {year: amount}); a series may skip years."""
    amounts = [amount for *_, values in series for amount in values.values()]
    if not years or not amounts:
        return {"series": [], "years": []}
    top = max(max(amounts), Decimal(0))
    bottom = min(min(amounts), Decimal(0))
    span = (top - bottom) or Decimal(1)
    step = PLOT_WIDTH / max(len(years) - 1, 1)

    def y_of(amount: Decimal) -> float:
        return TOP + float((top - amount) / span) * PLOT_HEIGHT

    drawn = [
        Series(
            name,
            colour,
            dash,
            [
                Point(LEFT + index * step, y_of(values[year]), f"{year} {millions(values[year])}")
                for index, year in enumerate(years)
                if year in values
            ],
        )
        for name, colour, dash, values in series
    ]
    drawn = [s for s in drawn if s.points]
    placed: list[float] = []
    for series in sorted(drawn, key=lambda s: s.points[-1].y):
        y = series.points[-1].y + 4
        if placed and y < placed[-1] + 16:
            y = placed[-1] + 16
        placed.append(y)
        drawn[drawn.index(series)] = replace(series, label_y=y)
    return {
        "series": drawn,
        "years": [(LEFT + index * step, year) for index, year in enumerate(years)],
        "zero_y": y_of(Decimal(0)),
        "axis": [(y_of(top), millions(top)), (y_of(bottom), millions(bottom))],
        "width": LEFT + PLOT_WIDTH + 240,
        "height": TOP + PLOT_HEIGHT + 50,
        "axis_y": TOP + PLOT_HEIGHT + 25,
        "left": LEFT,
        "right": LEFT + PLOT_WIDTH,
    }


def retained_deficit_chart(
    years: list[str], retained: list[Decimal], trajectory: list[Decimal]
) -> dict:
    return line_chart(
        years,
        [
            ("Forecast retained deficit", "#1d70b8", "", dict(zip(years, retained, strict=True))),
            (
                "Agreement trajectory",
                "#505a5f",
                "6 4",
                dict(zip(years, trajectory, strict=True)),
            ),
        ],
    )


def unchecked_deficit_chart(
    projection: list[tuple[str, Decimal, bool]], plan: list[tuple[str, Decimal]]
) -> dict:
    """Seed 002's chart: the deficit so far, its path if left unchecked, and the plan's."""
    years = sorted({year for year, *_ in projection} | {year for year, _ in plan})
    actual = {year: amount for year, amount, projected in projection if not projected}
    unchecked = {year: amount for year, amount, projected in projection if projected}
    if actual and unchecked:
        last = max(actual)
        unchecked = {last: actual[last], **unchecked}  # join the lines
    return line_chart(
        years,
        [
            ("Accumulated deficit", "#0b0c0c", "", actual),
            ("If left unchecked", "#d4351c", "6 4", unchecked),
            ("Recovery plan", "#1d70b8", "2 3", dict(plan)),
        ],
    )
