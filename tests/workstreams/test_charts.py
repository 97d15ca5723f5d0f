"""The dashboard charts' geometry (workstreams.charts): plain values, no database."""

from decimal import Decimal

from django.template.loader import render_to_string

from workstreams.charts import Bar, PairRow, Segment, rag_history_bars, target_forecast_bars
from workstreams.choices import Rag

D = Decimal


def test_target_and_forecast_bars_share_one_scale_set_by_the_largest_figure():
    pairs = target_forecast_bars(
        [
            ("Early help", D("1000"), D("500")),
            ("Annual reviews", None, None),  # no money: no row
            ("Zero both ways", D("0"), D("0")),  # nothing to draw: no row
            ("Outreach", D("200"), None),
        ]
    )
    assert pairs["rows"] == [
        PairRow(
            name="Early help",
            y=0,
            target=Bar(4, 420.0, "Target £1,000"),
            forecast=Bar(22, 210.0, "Forecast £500"),
        ),
        PairRow(
            name="Outreach",
            y=44,
            target=Bar(48, 84.0, "Target £200"),
            forecast=Bar(66, 0.0, "No forecast"),
        ),
    ]
    assert (pairs["height"], pairs["plot_width"]) == (88, 420)
    assert (pairs["svg_width"], pairs["svg_height"]) == (850, 98)


def test_bars_start_right_of_the_names_and_their_figures_follow_their_ends():
    row = target_forecast_bars([("Early help", D("1000"), D("500"))])["rows"][0]
    assert (row.name_y, row.shown_name) == (20, "Early help")
    assert (row.target.x, row.target.y, row.target.height) == (250, 4, 14)
    assert (row.target.label_x, row.target.label_y) == (676, 16)
    assert (row.forecast.x, row.forecast.y, row.forecast.height) == (250, 22, 14)
    assert (row.forecast.label_x, row.forecast.label_y) == (466, 34)


def test_a_forecast_above_its_target_sets_the_scale():
    row = target_forecast_bars([("Outreach", D("300"), D("600"))])["rows"][0]
    assert (row.target.width, row.forecast.width) == (210.0, 420.0)


def test_savings_shown_negative_are_drawn_by_their_size():
    # Seed 000: savings are shown negative; the bar's length is the amount saved.
    row = target_forecast_bars([("Transport", D("-528000"), D("-264000"))])["rows"][0]
    assert row.target == Bar(4, 420.0, "Target £(528,000)")
    assert row.forecast == Bar(22, 210.0, "Forecast £(264,000)")


def test_a_figure_follows_its_bar_rounded_half_up_to_a_whole_pixel():
    row = target_forecast_bars([("Outreach", D("2"), D("1"))], plot_width=25)["rows"][0]
    assert (row.target.width, row.target.label_x) == (25.0, 281)
    assert (row.forecast.width, row.forecast.label_x) == (12.5, 269)  # 250 + 13 + 6


def test_a_target_without_a_forecast_and_a_forecast_without_a_target():
    rows = target_forecast_bars([("A", D("400"), None), ("B", None, D("100"))])["rows"]
    assert [(r.target, r.forecast) for r in rows] == [
        (Bar(4, 420.0, "Target £400"), Bar(22, 0.0, "No forecast")),
        (Bar(48, 0.0, "Target £0"), Bar(66, 105.0, "Forecast £100")),
    ]


def test_row_height_and_plot_width_can_be_chosen():
    pairs = target_forecast_bars(
        [("A", D("10"), D("5")), ("B", D("5"), D("5"))], plot_width=100, row_height=50
    )
    assert [(r.y, r.target.y, r.forecast.y) for r in pairs["rows"]] == [(0, 4, 22), (50, 54, 72)]
    assert [r.target.width for r in pairs["rows"]] == [100.0, 50.0]
    assert (pairs["height"], pairs["svg_width"], pairs["svg_height"]) == (100, 530, 110)


def test_a_long_name_is_cut_to_fit_the_name_column():
    name = "Alternative Provision Reduction of out-of-borough places"
    row = target_forecast_bars([(name, D("1"), D("1"))])["rows"][0]
    assert row.name == name
    assert row.shown_name == "Alternative Provision Reduction o…"
    assert len(row.shown_name) == 34


def test_no_money_anywhere_gives_no_rows_and_one_empty_row_of_height():
    for items in ([], [("Annual reviews", None, None), ("Zero", D("0"), None)]):
        pairs = target_forecast_bars(items)
        assert pairs["rows"] == []
        assert (pairs["height"], pairs["svg_width"], pairs["svg_height"]) == (44, 850, 54)


def test_rag_history_stacks_red_amber_green_in_proportion():
    history = rag_history_bars(
        [
            ("Q1 2023/24", {"green": 2, "amber": 1, "red": 1}),
            ("Q2 2023/24", {"green": 3}),
        ]
    )
    first, second = history["rows"]
    assert first == {
        "label": "Q1 2023/24",
        "y": 0,
        "label_y": 18,
        "words_y": 42,
        "segments": [
            Segment(0.0, 120.0, "#d4351c", Rag.RED, 1),
            Segment(120.0, 120.0, "#f47738", Rag.AMBER, 1),
            Segment(240.0, 240.0, "#00703c", Rag.GREEN, 2),
        ],
        "words": "Red 1, Amber 1, Green 2",
    }
    # Colours with no returns draw nothing and take no room; the words still count them.
    assert second == {
        "label": "Q2 2023/24",
        "y": 56,
        "label_y": 74,
        "words_y": 98,
        "segments": [Segment(0.0, 480.0, "#00703c", Rag.GREEN, 3)],
        "words": "Red 0, Amber 0, Green 3",
    }
    assert (history["height"], history["plot_width"]) == (112, 480)
    assert (history["bar_left"], history["bar_height"]) == (130, 24)
    assert (history["svg_width"], history["svg_height"]) == (620, 122)


def test_a_quarter_without_returns_has_no_segments():
    (row,) = rag_history_bars([("Q3 2023/24", {})])["rows"]
    assert (row["segments"], row["words"]) == ([], "Red 0, Amber 0, Green 0")


def test_the_stacked_bar_width_can_be_chosen():
    history = rag_history_bars([("Q1", {"red": 1, "green": 3})], plot_width=200)
    assert history["rows"][0]["segments"] == [
        Segment(0.0, 50.0, "#d4351c", Rag.RED, 1),
        Segment(50.0, 150.0, "#00703c", Rag.GREEN, 3),
    ]
    assert history["svg_width"] == 340


def test_no_quarters_gives_no_rows_and_one_empty_row_of_height():
    history = rag_history_bars([])
    assert history["rows"] == []
    assert (history["height"], history["svg_width"], history["svg_height"]) == (56, 620, 66)


def test_the_templates_place_what_python_computed():
    pairs = target_forecast_bars([("Early help", D("1000"), D("500"))])
    svg = render_to_string("workstreams/charts/target_forecast.html", {"pairs": pairs})
    assert 'viewBox="0 0 850 54" width="850" height="54"' in svg
    assert '<text x="0" y="20" font-size="13" fill="#0b0c0c">Early help</text>' in svg
    assert '<rect x="250" y="4" width="420.0" height="14" fill="#b1b4b6"></rect>' in svg
    assert '<text x="676" y="16" font-size="12" fill="#0b0c0c">Target £1,000</text>' in svg
    assert '<rect x="250" y="22" width="210.0" height="14" fill="#1d70b8"></rect>' in svg
    assert '<text x="466" y="34" font-size="12" fill="#0b0c0c">Forecast £500</text>' in svg

    history = rag_history_bars([("Q1 2023/24", {"green": 1, "red": 1})])
    svg = render_to_string("workstreams/charts/rag_history.html", {"history": history})
    assert 'viewBox="0 0 620 66" width="620" height="66"' in svg
    assert '<desc id="chart-rag-history-desc">Q1 2023/24: Red 1, Amber 0, Green 1. </desc>' in svg
    assert (
        '<rect x="240.0" y="0" width="240.0" height="24" fill="#00703c" stroke="#ffffff" '
        'stroke-width="2" transform="translate(130 0)"></rect>'
    ) in svg
    words = '<text x="130" y="42" font-size="13" fill="#0b0c0c">Red 1, Amber 0, Green 1</text>'
    assert words in svg


def test_empty_charts_say_so_in_words():
    empty_pairs = render_to_string(
        "workstreams/charts/target_forecast.html", {"pairs": target_forecast_bars([])}
    )
    assert "No workstream in this view has a target or a forecast." in empty_pairs
    assert "<svg" not in empty_pairs
    empty_history = render_to_string(
        "workstreams/charts/rag_history.html", {"history": rag_history_bars([])}
    )
    assert "No returns yet." in empty_history
    assert "<svg" not in empty_history


def test_figures_are_written_as_the_templates_floatformat_wrote_them():
    from django.template.defaultfilters import floatformat

    from workstreams.charts import one_decimal

    values = [0.0, 0.05, 0.25, 12.45, 12.55, 84.0, 419.95, 420.0, 1 / 3, 2 / 3, 1e-9, 123456.75]
    values += [i * 420 / 997 for i in range(997)]
    for value in values:
        assert one_decimal(value) == floatformat(value, "1u"), value


def test_names_are_cut_as_truncator_cuts_them():
    from django.utils.text import Truncator

    from workstreams.charts import NAME_LENGTH, shown_name

    names = [
        "Early help",
        "x" * NAME_LENGTH,
        "x" * (NAME_LENGTH + 1),
        "Alternative Provision Reduction of out-of-borough places",
        "Cafe\u0301 provision" * 3,  # combining accents are not counted, and are composed
        "e\u0301" * NAME_LENGTH,
    ]
    for name in names:
        assert shown_name(name) == Truncator(name).chars(NAME_LENGTH), name
