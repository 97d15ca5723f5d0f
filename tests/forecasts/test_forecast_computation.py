"""The forecast and history computations against the published figures (no database)."""

import csv
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecasts.computation import (
    AGREEMENT_LINE,
    DERIVED,
    ENTERED,
    LINES,
    ForecastYearInput,
    HistoryYearInput,
    PreviousYearFigures,
    ScheduleReconciliation,
    compute_forecast,
    compute_history,
    movement,
    next_year_label,
    project_unchecked_deficit,
    reconcile_schedule,
    start_year_of,
    year_label,
)

REFERENCE = Path(__file__).resolve().parents[2] / "fixtures" / "reference"
HF_YEARS = ("2021/22", "2022/23", "2023/24", "2024/25", "2025/26")
# README section 1: the agreement's planned in-year deficits and the opening retained
# deficit implied by the published table.
HF_AGREEMENT = {
    "2021/22": Decimal("432193"),
    "2022/23": Decimal("-343510"),
    "2023/24": Decimal("381046"),
    "2024/25": Decimal("-1054873"),
    "2025/26": Decimal("-2055461"),
}
HF_OPENING_RETAINED_DEFICIT = Decimal("16678980")
HF_ENTERED = [
    "hnb_allocation",
    "block_transfer",
    "expenditure_before_savings",
    "investment",
    "schedule_a_savings",
    "schedule_b_further_savings",
    "schedule_c_efficiency_target",
    "safety_valve_payment",
]


def read_published_table(name: str) -> dict[str, dict[str, Decimal]]:
    with open(REFERENCE / name, encoding="utf-8") as f:
        reader = csv.reader(f)
        years = next(reader)[1:]
        return {row[0]: dict(zip(years, map(Decimal, row[1:]), strict=True)) for row in reader}


def read_rows(name: str) -> list[dict[str, str]]:
    with open(REFERENCE / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def hf_inputs(published=None) -> list[ForecastYearInput]:
    published = published or read_published_table("hf-2023-24-q1-forecast.csv")
    return [
        ForecastYearInput(
            year=year,
            is_outturn=year in ("2021/22", "2022/23"),
            original_agreement_deficit=HF_AGREEMENT[year],
            **{key: published[key][year] for key in HF_ENTERED},
        )
        for year in HF_YEARS
    ]


@pytest.fixture(scope="module")
def published():
    return read_published_table("hf-2023-24-q1-forecast.csv")


@pytest.fixture(scope="module")
def hf_table():
    return compute_forecast(hf_inputs(), HF_OPENING_RETAINED_DEFICIT)


# The H&F forecast, Q1 2023/24 (seed 000) ------------------------------------------------------


def test_lines_are_the_papers_lines_in_the_papers_order(published):
    assert [line.key for line in LINES] == list(published)
    assert [line.label for line in LINES] == [
        "HNB allocation",
        "Block Transfer",
        "HNB Expenditure before savings",
        "Investment",
        "Total savings (Schedule A)",
        "HNB after savings",
        "Sub total - Deficit / (Surplus)",
        "Variance from original safety valve agreement to mitigate",
        "Further savings to mitigate movement (Schedule B)",
        "Additional Efficiency Target (Schedule C)",
        "Variance from original safety valve after all mitigations",
        "Total deficit / (surplus) after all mitigations",
        "Safety Valve Payment",
        "Retained Deficit",
    ]
    assert {line.key for line in LINES if line.kind == ENTERED} == set(HF_ENTERED)
    assert {line.kind for line in LINES} == {ENTERED, DERIVED}
    # Entered, but not a printed line of the paper.
    assert AGREEMENT_LINE.kind == ENTERED
    assert AGREEMENT_LINE.key not in published


def test_hf_forecast_reproduces_every_published_figure(hf_table, published):
    assert hf_table.years == HF_YEARS
    assert hf_table.is_outturn == (True, True, False, False, False)
    for key, by_year in published.items():
        for year, printed in by_year.items():
            if (key, year) == ("variance_after_mitigations", "2024/25"):
                continue
            assert hf_table.value(key, year) == printed, (key, year)


def test_hf_2024_25_variance_after_mitigations_is_computed_not_copied(hf_table, published):
    # README section 1: the paper prints 799,354, but 7,084,325 - 6,284,972 = 799,353; its
    # spreadsheet held pence and the printed figures are rounded. From the printed inputs the
    # right answer is 799,353.
    assert published["variance_after_mitigations"]["2024/25"] == Decimal("799354")
    assert hf_table.value("variance_after_mitigations", "2024/25") == Decimal("799353")


def test_hf_agreement_line_is_kept_with_the_table(hf_table):
    assert dict(zip(HF_YEARS, hf_table.values["original_agreement_deficit"], strict=True)) == (
        HF_AGREEMENT
    )
    assert hf_table.opening_retained_deficit == HF_OPENING_RETAINED_DEFICIT


def test_rows_yield_the_printed_lines_in_order(hf_table):
    rows = list(hf_table.rows())
    assert [(key, label, kind) for key, label, kind, _ in rows] == [
        (line.key, line.label, line.kind) for line in LINES
    ]
    assert rows[-1] == (
        "retained_deficit",
        "Retained Deficit",
        DERIVED,
        tuple(map(Decimal, ["11820076", "4748692", "2847262", "1091742", "988309"])),
    )


def test_pence_are_kept_not_rounded():
    year = ForecastYearInput(
        year="2023/24",
        is_outturn=False,
        hnb_allocation=Decimal("100.10"),
        block_transfer=Decimal("0"),
        expenditure_before_savings=Decimal("150.25"),
        investment=Decimal("0.01"),
        schedule_a_savings=Decimal("-0.49"),
        schedule_b_further_savings=Decimal("-10.005"),
        schedule_c_efficiency_target=Decimal("0"),
        original_agreement_deficit=Decimal("40"),
        safety_valve_payment=Decimal("0.50"),
    )
    table = compute_forecast([year], Decimal("0.02"))
    assert table.value("hnb_after_savings", "2023/24") == Decimal("149.77")
    assert table.value("in_year_deficit", "2023/24") == Decimal("49.67")
    assert table.value("deficit_after_mitigations", "2023/24") == Decimal("39.665")
    assert table.value("retained_deficit", "2023/24") == Decimal("39.185")


def test_years_must_be_consecutive():
    first, second, third = hf_inputs()[:3]
    with pytest.raises(ValueError, match="2023/24 follows 2021/22"):
        compute_forecast([first, third], Decimal("0"))
    with pytest.raises(ValueError, match="2021/22 follows 2022/23"):
        compute_forecast([second, first], Decimal("0"))


def test_no_years_gives_an_empty_table():
    table = compute_forecast([], Decimal("5"))
    assert table.years == ()
    assert all(values == () for values in table.values.values())


def test_financial_year_labels():
    assert year_label(2023) == "2023/24"
    assert year_label(1999) == "1999/00"
    assert start_year_of("2025/26") == 2025
    assert next_year_label("2023/24") == "2024/25"
    assert next_year_label("2099/00") == "2100/01"
    for bad in ["2023/25", "2023-24", "23/24", "2023/24 "]:
        with pytest.raises(ValueError):
            start_year_of(bad)


# Properties of the computation for any entered figures -----------------------------------------

pennies = st.integers(min_value=-(10**11), max_value=10**11).map(lambda p: Decimal(p) / 100)


@st.composite
def forecasts(draw):
    start = draw(st.integers(min_value=2000, max_value=2040))
    count = draw(st.integers(min_value=1, max_value=6))
    years = [
        ForecastYearInput(
            year=year_label(start + offset),
            is_outturn=draw(st.booleans()),
            hnb_allocation=draw(pennies),
            block_transfer=draw(pennies),
            expenditure_before_savings=draw(pennies),
            investment=draw(pennies),
            schedule_a_savings=draw(pennies),
            schedule_b_further_savings=draw(pennies),
            schedule_c_efficiency_target=draw(pennies),
            original_agreement_deficit=draw(pennies),
            safety_valve_payment=draw(pennies),
        )
        for offset in range(count)
    ]
    return years, draw(pennies)


@given(forecasts())
def test_every_line_follows_the_published_formulas(forecast):
    inputs, opening = forecast
    table = compute_forecast(inputs, opening)
    retained_before = opening
    for index, entered in enumerate(inputs):
        column = {key: values[index] for key, values in table.values.items()}
        for key in [*HF_ENTERED, "original_agreement_deficit"]:
            assert column[key] == getattr(entered, key)
        b_and_c = entered.schedule_b_further_savings + entered.schedule_c_efficiency_target
        assert column["hnb_after_savings"] == (
            entered.expenditure_before_savings
            + entered.investment
            + entered.schedule_a_savings
            + entered.block_transfer
        )
        assert column["in_year_deficit"] == column["hnb_after_savings"] - entered.hnb_allocation
        assert column["variance_from_original_agreement"] == (
            column["in_year_deficit"] - entered.original_agreement_deficit
        )
        assert column["deficit_after_mitigations"] == column["in_year_deficit"] + b_and_c
        assert (
            column["variance_after_mitigations"] - column["deficit_after_mitigations"]
            == column["variance_from_original_agreement"] - column["in_year_deficit"]
        )
        assert column["retained_deficit"] == (
            retained_before + column["deficit_after_mitigations"] - entered.safety_valve_payment
        )
        retained_before = column["retained_deficit"]
        for value in column.values():
            assert isinstance(value, Decimal)
            assert value.as_tuple().exponent >= -2  # still to the penny: nothing rounded away


@given(forecasts(), pennies)
def test_a_change_in_one_years_investment_carries_into_every_later_retained_deficit(
    forecast, change
):
    inputs, opening = forecast
    changed = list(inputs)
    first = inputs[0]
    changed[0] = replace(first, investment=first.investment + change)
    moved = movement(compute_forecast(changed, opening), compute_forecast(inputs, opening))
    assert moved["retained_deficit"] == (change,) * len(inputs)
    assert moved["investment"] == (change, *(Decimal(0),) * (len(inputs) - 1))


# Movement between two forecasts ----------------------------------------------------------------


def test_movement_aligns_years_by_label(hf_table):
    # An earlier forecast covering 2020/21 to 2024/25, with 2023/24 investment 100,000
    # lower and a retained deficit 250,000 higher by the end of 2020/21.
    earlier_year = ForecastYearInput(
        year="2020/21",
        is_outturn=True,
        hnb_allocation=Decimal("27000000"),
        block_transfer=Decimal("0"),
        expenditure_before_savings=Decimal("30000000"),
        investment=Decimal("0"),
        schedule_a_savings=Decimal("0"),
        schedule_b_further_savings=Decimal("0"),
        schedule_c_efficiency_target=Decimal("0"),
        original_agreement_deficit=Decimal("0"),
        safety_valve_payment=Decimal("0"),
    )
    shared = []
    for entered in hf_inputs()[:4]:
        if entered.year == "2023/24":
            entered = replace(entered, investment=entered.investment - 100000)
        shared.append(entered)
    # 16,678,980 + 250,000 retained at the end of 2020/21, after its 3,000,000 deficit.
    previous = compute_forecast([earlier_year, *shared], Decimal("13928980"))
    assert previous.value("retained_deficit", "2020/21") == Decimal("16928980")

    moved = movement(hf_table, previous)

    assert set(moved) == set(hf_table.values)
    zero = Decimal("0")
    assert moved["investment"] == (zero, zero, Decimal("100000"), zero, None)
    assert moved["hnb_after_savings"] == (zero, zero, Decimal("100000"), zero, None)
    assert moved["hnb_allocation"] == (zero, zero, zero, zero, None)
    assert moved["retained_deficit"] == (
        Decimal("-250000"),
        Decimal("-250000"),
        Decimal("-150000"),
        Decimal("-150000"),
        None,
    )


# Schedule A against the workstreams linked to it (seed 000, README section 2) ---------------


def test_reconcile_schedule_a_shows_the_gap(published):
    # The demo links Schedule A's items to the schedule A workstreams with money, except the
    # Schools Block transfer, which the paper carries on the block transfer line.
    workstreams = [
        row
        for row in read_rows("hf-2023-24-q1-workstreams.csv")
        if row["schedule_hint"] == "A" and not row["workstream"].startswith("Schools Block")
    ]
    targets, forecasts_ = {}, {}
    for year, target_column, forecast_column in [
        ("2021/22", "target_2021_22", "delivered_2021_22"),
        ("2022/23", "target_2022_23", "delivered_2022_23"),
        ("2023/24", "target_2023_24", "forecast_2023_24_q1"),
    ]:
        targets[year] = sum(Decimal(r[target_column] or 0) for r in workstreams)
        forecasts_[year] = sum(Decimal(r[forecast_column] or 0) for r in workstreams)

    rows = reconcile_schedule(published["schedule_a_savings"], targets, forecasts_)

    assert rows == [
        ScheduleReconciliation(
            "2021/22", Decimal("-599772"), Decimal("696990"), Decimal("384572"), Decimal("97218")
        ),
        ScheduleReconciliation(
            "2022/23",
            Decimal("-1319465"),
            Decimal("1149753"),
            Decimal("875893"),
            Decimal("-169712"),
        ),
        ScheduleReconciliation(
            "2023/24",
            Decimal("-1809485"),
            Decimal("1490168"),
            Decimal("1002883"),
            Decimal("-319317"),
        ),
        # No workstream targets: the whole schedule is unexplained, and there is no forecast.
        ScheduleReconciliation(
            "2024/25", Decimal("-1919001"), Decimal("0"), None, Decimal("-1919001")
        ),
        ScheduleReconciliation(
            "2025/26", Decimal("-2040045"), Decimal("0"), None, Decimal("-2040045")
        ),
    ]


def test_reconcile_schedule_years_in_order_from_every_source():
    rows = reconcile_schedule(
        {"2024/25": Decimal("-10")},
        {"2023/24": Decimal("4.50")},
        {"2023/24": Decimal("3")},
    )
    assert rows == [
        ScheduleReconciliation(
            "2023/24", Decimal("0"), Decimal("4.50"), Decimal("3"), Decimal("4.50")
        ),
        ScheduleReconciliation("2024/25", Decimal("-10"), Decimal("0"), None, Decimal("-10")),
    ]


# Cambridgeshire HNB history (seed 002, README section 5) ----------------------------------------

# (year, EHCPs, budget £000, expenditure £000, accumulated deficit £000), as printed.
CAMBS_HISTORY = [
    ("2016/17", 3429, 63001, 65701, 113),
    ("2017/18", 3822, 65006, 69632, 642),
    ("2018/19", 4198, 68360, 77196, 7286),
    ("2019/20", 4690, 71041, 82619, 16630),
    ("2020/21", 5327, 76627, 89163, 26829),
    ("2021/22", 6100, 85327, 100178, 39264),
]
# (year, EHCP growth %, budget growth %, expenditure growth %, in-year deficit £000)
CAMBS_PRINTED = [
    ("2016/17", "7.0", "1.7", "3.9", 2700),
    ("2017/18", "11.5", "3.2", "6.0", 4626),
    ("2018/19", "9.8", "5.2", "10.9", 8836),
    ("2019/20", "11.7", "3.9", "7.0", 11578),
    ("2020/21", "13.6", "7.9", "7.9", 12536),
    ("2021/22", "14.5", "11.4", "12.4", 14851),
]


def cambs_inputs() -> list[HistoryYearInput]:
    return [
        HistoryYearInput(
            year=year,
            ehcp_count=ehcps,
            hnb_budget=Decimal(budget) * 1000,
            hnb_expenditure=Decimal(expenditure) * 1000,
            accumulated_deficit=Decimal(accumulated) * 1000,
        )
        for year, ehcps, budget, expenditure, accumulated in CAMBS_HISTORY
    ]


def test_cambridgeshire_history_matches_the_paper():
    history = compute_history(cambs_inputs())
    assert [row.year for row in history] == [year for year, *_ in CAMBS_HISTORY]
    for row, (year, ehcp, budget, expenditure, in_year_000) in zip(
        history, CAMBS_PRINTED, strict=True
    ):
        assert row.in_year_deficit == Decimal(in_year_000) * 1000, year
        if year == "2016/17":
            # The paper's 2016/17 growth needs 2015/16 figures it does not print.
            assert (row.ehcp_growth, row.budget_growth, row.expenditure_growth) == (None,) * 3
            continue
        assert row.ehcp_growth == Decimal(ehcp), year
        assert row.budget_growth == Decimal(budget), year
        assert row.expenditure_growth == Decimal(expenditure), year
    assert history[-1].accumulated_deficit == Decimal("39264000")


def test_first_years_growth_from_previous_figures_where_known():
    # Not in the paper: 2015/16 figures consistent with its printed 2016/17 growth.
    history = compute_history(
        cambs_inputs()[:1],
        previous=PreviousYearFigures(ehcp_count=3205, hnb_budget=Decimal("61949000")),
    )
    assert history[0].ehcp_growth == Decimal("7.0")
    assert history[0].budget_growth == Decimal("1.7")
    assert history[0].expenditure_growth is None


def test_growth_rounds_half_up_and_copes_with_zero():
    rows = [
        HistoryYearInput("2020/21", 0, Decimal("1000"), Decimal("2000"), Decimal("0")),
        HistoryYearInput("2021/22", 5, Decimal("1000.5"), Decimal("1999"), Decimal("0")),
    ]
    second = compute_history(rows)[1]
    assert second.ehcp_growth is None  # growth from nothing is not a percentage
    assert second.budget_growth == Decimal("0.1")  # 0.05% rounds half up
    assert second.expenditure_growth == Decimal("-0.1")  # -0.05% rounds away from zero


# The accumulated deficit "if left unchecked" --------------------------------------------------


def test_unchecked_projection_for_cambridgeshire():
    accumulated = [(row.year, row.accumulated_deficit) for row in cambs_inputs()]
    projection = project_unchecked_deficit(accumulated, "2025/26")
    assert projection[:6] == [(year, amount, False) for year, amount in accumulated]
    # Growth over the last three years: 9,344k, 10,199k, 12,435k, so it has risen by
    # 1,545.5k a year; each projected year grows by 1,545.5k more than the year before.
    assert projection[6:] == [
        ("2022/23", Decimal("53244500.00"), True),
        ("2023/24", Decimal("68770500.00"), True),
        ("2024/25", Decimal("85842000.00"), True),
        ("2025/26", Decimal("104459000.00"), True),
    ]


def test_unchecked_projection_edge_cases():
    assert project_unchecked_deficit([("2021/22", Decimal("5"))], "2025/26") == [
        ("2021/22", Decimal("5"), False)
    ]
    two = [("2020/21", Decimal("10")), ("2021/22", Decimal("15"))]
    assert project_unchecked_deficit(two, "2021/22") == [
        ("2020/21", Decimal("10"), False),
        ("2021/22", Decimal("15"), False),
    ]
    # One growth only: it carries on unchanged.
    assert project_unchecked_deficit(two, "2023/24")[2:] == [
        ("2022/23", Decimal("20"), True),
        ("2023/24", Decimal("25"), True),
    ]
    # Growth slowing by 6 a year: 4, then 0 (never negative), then 0.
    slowing = [("2019/20", Decimal("0")), ("2020/21", Decimal("16")), ("2021/22", Decimal("26"))]
    assert [amount for _, amount, _ in project_unchecked_deficit(slowing, "2024/25")[3:]] == [
        Decimal("30"),
        Decimal("30"),
        Decimal("30"),
    ]
    with pytest.raises(ValueError):
        project_unchecked_deficit(two, "2023/24", trend_years=1)


@given(
    start=st.integers(min_value=2005, max_value=2025),
    first=pennies,
    growths=st.lists(
        st.integers(min_value=0, max_value=10**11).map(lambda p: Decimal(p) / 100),
        min_size=1,
        max_size=8,
    ),
    years_ahead=st.integers(min_value=0, max_value=6),
    trend_years=st.integers(min_value=2, max_value=5),
)
def test_unchecked_projection_properties(start, first, growths, years_ahead, trend_years):
    accumulated = [(year_label(start), first)]
    for growth in growths:
        accumulated.append((next_year_label(accumulated[-1][0]), accumulated[-1][1] + growth))
    last_start = start_year_of(accumulated[-1][0])
    until = year_label(last_start + years_ahead)

    projection = project_unchecked_deficit(accumulated, until, trend_years=trend_years)

    assert projection[: len(accumulated)] == [(y, a, False) for y, a in accumulated]
    projected = projection[len(accumulated) :]
    assert [year for year, _, _ in projected] == [
        year_label(last_start + offset) for offset in range(1, years_ahead + 1)
    ]
    assert all(is_projection for _, _, is_projection in projected)
    amounts = [amount for _, amount, _ in projection]
    # Growth has never been negative, so neither is the projected growth.
    assert all(later >= earlier for earlier, later in zip(amounts, amounts[1:], strict=False))
    assert all(amount.as_tuple().exponent >= -2 for amount in amounts)
