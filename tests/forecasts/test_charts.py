"""The line charts' geometry: worked out in Python, written by the template as given."""

from decimal import Decimal

from forecasts.charts import LEFT, coordinate, line_chart


def test_coordinates_round_half_up_as_the_template_once_did():
    assert coordinate(12.25) == "12.3"
    assert coordinate(70.0) == "70.0"
    assert coordinate(70.0, 0) == "70"
    assert coordinate(70.5, 0) == "71"


def test_names_at_the_lines_ends_never_overlap():
    chart = line_chart(
        ["2023/24", "2024/25"],
        [
            ("One", "#000", "", {"2023/24": Decimal(0), "2024/25": Decimal(100)}),
            ("Two", "#111", "6 4", {"2023/24": Decimal(0), "2024/25": Decimal(99)}),
        ],
    )
    first, second = sorted(float(series.label_y) for series in chart.series)
    assert second - first >= 16
    assert chart.axis[0].x == str(LEFT - 8)
    assert [series.label_x for series in chart.series] == ["640", "640"]


def test_nothing_to_draw_is_no_chart():
    assert line_chart([], []) is None
    assert line_chart(["2023/24"], [("One", "#000", "", {})]) is None
