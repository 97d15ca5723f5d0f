"""Geometry for the forecast's line charts, drawn server-side as SVG.

Plain values in, plain values out: every coordinate is worked out here and handed to the
template as the text it writes, so a published paper can store the chart and draw it again
exactly. Each series is told apart by line style and a label at its end as well as by
colour, and every point carries its figure, so the chart reads in greyscale and the same
figures are in the tables beside it.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PLOT_WIDTH = 560
PLOT_HEIGHT = 220
LEFT = 70  # room for the axis labels
TOP = 20
AXIS_LABEL_GAP = 8  # between the amounts on the axis and the plot
SERIES_LABEL_GAP = 10  # between a line's last point and its name
SERIES_LABEL_SPACING = 16  # names at the lines' ends are at least this far apart
KEY_WIDTH = 40  # the sample of each line in the key below the chart
KEY_HEIGHT = 10


def coordinate(value: float, places: int = 1) -> str:
    """A coordinate as the SVG carries it: rounded half up to `places` decimal places."""
    return str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Point:
    x: str
    y: str
    label: str  # the year and the figure, in £m to one decimal place


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    dash: str  # SVG stroke-dasharray; "" for a solid line
    points: tuple[Point, ...]
    path: str  # the polyline's points
    label_x: str  # where the name is written at the line's end, clear of the others
    label_y: str

    @property
    def words(self) -> str:
        return f"{self.name}: " + "; ".join(p.label for p in self.points)


@dataclass(frozen=True)
class Label:
    x: str
    y: str
    text: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int  # the plot's left and right edges, where the zero line runs
    right: int
    zero_y: str
    axis: tuple[Label, ...]  # the top and bottom amounts
    years: tuple[Label, ...]
    series: tuple[Series, ...]
    key_width: int = KEY_WIDTH
    key_height: int = KEY_HEIGHT

    @property
    def key_y(self) -> int:
        return self.key_height // 2


def millions(amount: Decimal) -> str:
    # £m to one decimal place, as seed 002's chart labels it; the tables give exact pounds.
    value = (amount / Decimal(1_000_000)).quantize(Decimal("0.1"))
    return f"(£{-value}m)" if value < 0 else f"£{value}m"


def line_chart(
    years: list[str], series: list[tuple[str, str, str, dict[str, Decimal]]]
) -> LineChart | None:
    """series: (name, colour, dash, {year: amount}); a series may skip years. None when
    there is nothing to draw."""
    amounts = [amount for *_, values in series for amount in values.values()]
    if not years or not amounts:
        return None
    top = max(max(amounts), Decimal(0))
    bottom = min(min(amounts), Decimal(0))
    span = (top - bottom) or Decimal(1)
    step = PLOT_WIDTH / max(len(years) - 1, 1)

    def y_of(amount: Decimal) -> float:
        return TOP + float((top - amount) / span) * PLOT_HEIGHT

    drawn = []
    for name, colour, dash, values in series:
        points = [
            (LEFT + index * step, y_of(values[year]), f"{year} {millions(values[year])}")
            for index, year in enumerate(years)
            if year in values
        ]
        if points:
            drawn.append((name, colour, dash, points))
    # Names at the lines' ends go top to bottom, pushed down where they would overlap.
    label_y: dict[str, float] = {}
    for name, *_, points in sorted(drawn, key=lambda s: s[-1][-1][1]):
        y = points[-1][1] + 4
        placed = list(label_y.values())
        if placed and y < placed[-1] + SERIES_LABEL_SPACING:
            y = placed[-1] + SERIES_LABEL_SPACING
        label_y[name] = y
    axis_y = TOP + PLOT_HEIGHT + 25
    return LineChart(
        width=LEFT + PLOT_WIDTH + 240,
        height=TOP + PLOT_HEIGHT + 50,
        left=LEFT,
        right=LEFT + PLOT_WIDTH,
        zero_y=coordinate(y_of(Decimal(0))),
        axis=tuple(
            Label(str(LEFT - AXIS_LABEL_GAP), coordinate(y_of(amount)), millions(amount))
            for amount in (top, bottom)
        ),
        years=tuple(
            Label(coordinate(LEFT + index * step), str(axis_y), year)
            for index, year in enumerate(years)
        ),
        series=tuple(
            Series(
                name=name,
                colour=colour,
                dash=dash,
                points=tuple(Point(coordinate(x), coordinate(y), label) for x, y, label in points),
                path=" ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points),
                label_x=str(int(coordinate(points[-1][0], 0)) + SERIES_LABEL_GAP),
                label_y=coordinate(label_y[name]),
            )
            for name, colour, dash, points in drawn
        ),
    )


def retained_deficit_chart(
    years: list[str], retained: list[Decimal], trajectory: list[Decimal]
) -> LineChart | None:
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
) -> LineChart | None:
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
