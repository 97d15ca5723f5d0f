"""The high-level HNB forecast and the HNB history, computed from entered figures.

Plain Python over Decimal: nothing here imports Django, so the rules are tested without a
database and the models, views and workbook call them rather than repeat them.

The formulas are those of the published H&F table (fixtures/reference/README.md, section 1),
which follow from the entered lines exactly for every year. Money is never a float and is
never rounded here: the council's spreadsheet holds pence and so do we.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from hnb_monitor.money import PENNY, ZERO, format_money

ONE_DECIMAL_PLACE = Decimal("0.1")

ENTERED = "entered"
DERIVED = "derived"


# Financial years ----------------------------------------------------------------------------

FINANCIAL_YEAR_LABEL = re.compile(r"^(\d{4})/(\d{2})$")


def year_label(start_year: int) -> str:
    """The label of the financial year starting in April of start_year: 2023 -> "2023/24"."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def start_year_of(label: str) -> int:
    """The calendar year a financial year label starts in: "2023/24" -> 2023."""
    match = FINANCIAL_YEAR_LABEL.match(label)
    if match is None or year_label(int(match.group(1))) != label:
        raise ValueError(f"{label!r} is not a financial year label like 2023/24")
    return int(match.group(1))


def next_year_label(label: str) -> str:
    """ "2023/24" -> "2024/25"."""
    return year_label(start_year_of(label) + 1)


# The high-level forecast --------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    key: str
    label: str  # as the paper prints it (seed 000, "HIGH LEVEL FORECAST")
    kind: str  # ENTERED or DERIVED
    schedule: str | None = None  # "A", "B" or "C": the line is that schedule's total
    # Taken from the safety-valve agreement (its trajectory, its payment schedule) rather
    # than typed on the forecast: the two can never disagree.
    from_agreement: bool = False


# In the paper's order; the keys are those of fixtures/reference/hf-2023-24-q1-forecast.csv.
# Schedule lines are entered in the sense that the computation takes them as given: each is
# the total of its schedule's items.
LINES: tuple[Line, ...] = (
    Line("hnb_allocation", "HNB allocation", ENTERED),
    Line("block_transfer", "Block Transfer", ENTERED),
    Line("expenditure_before_savings", "HNB Expenditure before savings", ENTERED),
    Line("investment", "Investment", ENTERED),
    Line("schedule_a_savings", "Total savings (Schedule A)", ENTERED, schedule="A"),
    Line("hnb_after_savings", "HNB after savings", DERIVED),
    Line("in_year_deficit", "Sub total - Deficit / (Surplus)", DERIVED),
    Line(
        "variance_from_original_agreement",
        "Variance from original safety valve agreement to mitigate",
        DERIVED,
    ),
    Line(
        "schedule_b_further_savings",
        "Further savings to mitigate movement (Schedule B)",
        ENTERED,
        schedule="B",
    ),
    Line(
        "schedule_c_efficiency_target",
        "Additional Efficiency Target (Schedule C)",
        ENTERED,
        schedule="C",
    ),
    Line(
        "variance_after_mitigations",
        "Variance from original safety valve after all mitigations",
        DERIVED,
    ),
    Line(
        "deficit_after_mitigations",
        "Total deficit / (surplus) after all mitigations",
        DERIVED,
    ),
    Line("safety_valve_payment", "Safety Valve Payment", ENTERED, from_agreement=True),
    Line("retained_deficit", "Retained Deficit", DERIVED),
)

# Entered but not printed: the paper shows only the variance from the safety-valve agreement,
# not the agreement's planned in-year deficit the variance is measured against (README,
# section 1 gives the implied values). It is kept out of LINES so rows() prints exactly the
# paper's table, and it is still in ForecastTable.values for screens and the workbook.
AGREEMENT_LINE = Line(
    "original_agreement_deficit",
    "Planned in-year deficit in the safety-valve agreement",
    ENTERED,
    from_agreement=True,
)

LINE_BY_KEY: dict[str, Line] = {line.key: line for line in (*LINES, AGREEMENT_LINE)}
# What the computation takes as given, besides the schedules' totals.
INPUT_LINES: tuple[Line, ...] = tuple(
    line for line in (*LINES, AGREEMENT_LINE) if line.kind == ENTERED and line.schedule is None
)
# What finance types on the forecast itself; each schedule line is the total of its items,
# and the agreement's lines come from the agreement.
FORM_LINES: tuple[Line, ...] = tuple(line for line in INPUT_LINES if not line.from_agreement)
# The paper sets its subtotals in bold and rules off its bottom line (seed 000).
SUBTOTAL_LINES = frozenset({"hnb_after_savings", "in_year_deficit", "deficit_after_mitigations"})
BOTTOM_LINE = "retained_deficit"
SCHEDULE_LINE_KEYS: dict[str, str] = {line.schedule: line.key for line in LINES if line.schedule}


@dataclass(frozen=True)
class ForecastYearInput:
    """One year's entered figures, signed as the paper prints them (savings negative)."""

    year: str
    is_outturn: bool
    hnb_allocation: Decimal
    block_transfer: Decimal  # negative when moved into the HNB (seed 000: (528,000) in 2021/22)
    expenditure_before_savings: Decimal
    investment: Decimal
    schedule_a_savings: Decimal
    schedule_b_further_savings: Decimal
    schedule_c_efficiency_target: Decimal
    original_agreement_deficit: Decimal
    safety_valve_payment: Decimal


@dataclass(frozen=True)
class ForecastTable:
    """The computed forecast: one tuple of values per line, aligned with years."""

    years: tuple[str, ...]
    is_outturn: tuple[bool, ...]
    opening_retained_deficit: Decimal
    # Every key of LINES, plus AGREEMENT_LINE's key.
    values: dict[str, tuple[Decimal, ...]]

    def rows(self) -> Iterator[tuple[str, str, str, tuple[Decimal, ...]]]:
        """(key, label, kind, values) for each printed line, in the paper's order."""
        for line in LINES:
            yield line.key, line.label, line.kind, self.values[line.key]

    def value(self, key: str, year: str) -> Decimal:
        return self.values[key][self.years.index(year)]


def compute_forecast(
    years: Sequence[ForecastYearInput], opening_retained_deficit: Decimal
) -> ForecastTable:
    """Derive every line of the high-level forecast from the entered figures.

    years must be consecutive financial years in order: the retained deficit carries from
    one year to the next, so a missing year would silently carry the wrong figure.
    """
    check_consecutive([year.year for year in years])
    columns: list[dict[str, Decimal]] = []
    retained = opening_retained_deficit
    for entered in years:
        # README section 1, the formulas checked against every year of the published table.
        hnb_after_savings = (
            entered.expenditure_before_savings
            + entered.investment
            + entered.schedule_a_savings
            + entered.block_transfer
        )
        in_year_deficit = hnb_after_savings - entered.hnb_allocation  # negative = surplus
        variance_from_original = in_year_deficit - entered.original_agreement_deficit
        mitigations = entered.schedule_b_further_savings + entered.schedule_c_efficiency_target
        deficit_after_mitigations = in_year_deficit + mitigations
        retained = retained + deficit_after_mitigations - entered.safety_valve_payment
        columns.append(
            {
                "hnb_allocation": entered.hnb_allocation,
                "block_transfer": entered.block_transfer,
                "expenditure_before_savings": entered.expenditure_before_savings,
                "investment": entered.investment,
                "schedule_a_savings": entered.schedule_a_savings,
                "hnb_after_savings": hnb_after_savings,
                "in_year_deficit": in_year_deficit,
                "variance_from_original_agreement": variance_from_original,
                "schedule_b_further_savings": entered.schedule_b_further_savings,
                "schedule_c_efficiency_target": entered.schedule_c_efficiency_target,
                "variance_after_mitigations": variance_from_original + mitigations,
                "deficit_after_mitigations": deficit_after_mitigations,
                "safety_valve_payment": entered.safety_valve_payment,
                "retained_deficit": retained,
                "original_agreement_deficit": entered.original_agreement_deficit,
            }
        )
    return ForecastTable(
        years=tuple(year.year for year in years),
        is_outturn=tuple(year.is_outturn for year in years),
        opening_retained_deficit=opening_retained_deficit,
        values={key: tuple(column[key] for column in columns) for key in LINE_BY_KEY},
    )


def check_consecutive(labels: Sequence[str]) -> None:
    for previous, current in zip(labels, labels[1:], strict=False):
        if current != next_year_label(previous):
            raise ValueError(
                f"Forecast years must be consecutive: {current} follows {previous}, "
                f"expected {next_year_label(previous)}"
            )
    if labels:
        start_year_of(labels[0])  # a lone year must still be a well-formed label


def movement(
    current: ForecastTable, previous: ForecastTable
) -> dict[str, tuple[Decimal | None, ...]]:
    """How each line moved since the previous forecast, per year of the current one.

    Aligned by year label, not position: a later quarter may drop an old year or add a new
    one. None where the previous forecast has no such year (nothing to compare with).
    """
    changes: dict[str, tuple[Decimal | None, ...]] = {}
    for key, values in current.values.items():
        changes[key] = tuple(
            value - previous.value(key, year) if year in previous.years else None
            for year, value in zip(current.years, values, strict=True)
        )
    return changes


# Schedules and workstreams -------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleReconciliation:
    year: str
    schedule_total: Decimal
    linked_targets: Decimal
    linked_forecasts: Decimal | None  # None: no linked workstream has a forecast that year
    unreconciled: Decimal


def reconcile_schedule(
    schedule_total_by_year: dict[str, Decimal],
    linked_targets_by_year: dict[str, Decimal],
    linked_forecasts_by_year: dict[str, Decimal],
) -> list[ScheduleReconciliation]:
    """Set a schedule's total against the workstreams linked to its items, year by year.

    Sign convention: the schedule total is signed as the forecast prints it, so savings are
    negative (seed 000: "Total savings (Schedule A) (1,809,485)"), while workstream targets
    are positive amounts to be saved. The unreconciled difference is therefore
    schedule_total + linked_targets: the part of the schedule no linked workstream explains.
    Negative means savings in the schedule with no workstream behind them; positive means
    workstream targets beyond the schedule. The paper's workstreams do not add up to its
    Schedule A (README section 2), and that gap is shown, never forced to zero.
    """
    years = sorted(
        {*schedule_total_by_year, *linked_targets_by_year, *linked_forecasts_by_year},
        key=start_year_of,
    )
    rows = []
    for year in years:
        schedule_total = schedule_total_by_year.get(year, ZERO)
        linked_targets = linked_targets_by_year.get(year, ZERO)
        rows.append(
            ScheduleReconciliation(
                year=year,
                schedule_total=schedule_total,
                linked_targets=linked_targets,
                linked_forecasts=linked_forecasts_by_year.get(year),
                unreconciled=schedule_total + linked_targets,
            )
        )
    return rows


# HNB history (seed 002, Cambridgeshire) ------------------------------------------------------


@dataclass(frozen=True)
class HistoryYearInput:
    year: str
    ehcp_count: int
    hnb_budget: Decimal
    hnb_expenditure: Decimal
    # Entered: not the running sum of in-year deficits, since other DSG blocks and transfers
    # move it (README section 5).
    accumulated_deficit: Decimal


@dataclass(frozen=True)
class PreviousYearFigures:
    """The year before the first row, where known, so the first row can show its growth.

    Seed 002 prints 2016/17 growth (7.0%, 1.7%, 3.9%) but not the 2015/16 figures it comes
    from; without them the first year's growth is None rather than a figure we cannot check.
    """

    ehcp_count: int | None = None
    hnb_budget: Decimal | None = None
    hnb_expenditure: Decimal | None = None


@dataclass(frozen=True)
class HistoryRow:
    year: str
    ehcp_count: int
    ehcp_growth: Decimal | None  # percent, one decimal place
    hnb_budget: Decimal
    budget_growth: Decimal | None
    hnb_expenditure: Decimal
    expenditure_growth: Decimal | None
    in_year_deficit: Decimal
    accumulated_deficit: Decimal


def growth_percent(current: Decimal | int, previous: Decimal | int | None) -> Decimal | None:
    """Year-on-year growth in percent to one decimal place, as seed 002 prints it."""
    if previous is None or previous == 0:
        return None
    growth = (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)
    return growth.quantize(ONE_DECIMAL_PLACE, rounding=ROUND_HALF_UP)


def compute_history(
    rows: Sequence[HistoryYearInput], previous: PreviousYearFigures | None = None
) -> list[HistoryRow]:
    """Seed 002's table: in-year deficit = expenditure - budget, and growth year on year."""
    check_consecutive([row.year for row in rows])
    before = previous or PreviousYearFigures()
    history = []
    for row in rows:
        history.append(
            HistoryRow(
                year=row.year,
                ehcp_count=row.ehcp_count,
                ehcp_growth=growth_percent(row.ehcp_count, before.ehcp_count),
                hnb_budget=row.hnb_budget,
                budget_growth=growth_percent(row.hnb_budget, before.hnb_budget),
                hnb_expenditure=row.hnb_expenditure,
                expenditure_growth=growth_percent(row.hnb_expenditure, before.hnb_expenditure),
                in_year_deficit=row.hnb_expenditure - row.hnb_budget,
                accumulated_deficit=row.accumulated_deficit,
            )
        )
        before = PreviousYearFigures(row.ehcp_count, row.hnb_budget, row.hnb_expenditure)
    return history


def project_unchecked_deficit(
    accumulated_by_year: Sequence[tuple[str, Decimal]],
    until_year: str,
    trend_years: int = 3,
) -> list[tuple[str, Decimal, bool]]:
    """The accumulated deficit "if left unchecked" (seed 002), extrapolated from its growth.

    Method, plainly: a year's deficit growth is the rise in the accumulated deficit over the
    year before. Over the last trend_years growths we take the average yearly change in
    growth (the last growth minus the first, divided by the steps between them). Each
    projected year grows by the year before's growth plus that change, so a deficit whose
    growth has been speeding up keeps speeding up at the same pace. Left unchecked a deficit
    is not assumed to start falling on its own, so a projected year's growth is never below
    zero. The change in growth is rounded to the penny, so every projected amount is in
    pence like the actual ones.

    Seed 002's own projection (49.1, 62.3, 77.1, 93.2 £m for 2022/23 to 2025/26) came from
    the council's "previous forecasts", not from its table, and cannot be reproduced from it:
    this is a transparent stand-in, not the paper's figure.

    Returns (year, accumulated deficit, is_projection) for every actual year, unchanged, then
    each projected year up to and including until_year. With fewer than two actual years
    there is no growth to extrapolate, and only the actual years are returned.
    """
    if trend_years < 2:
        raise ValueError("The trend needs at least two years of growth")
    actual = list(accumulated_by_year)
    check_consecutive([year for year, _ in actual])
    result = [(year, amount, False) for year, amount in actual]
    if len(actual) < 2:
        return result
    amounts = [amount for _, amount in actual]
    growths = [later - earlier for earlier, later in zip(amounts, amounts[1:], strict=False)]
    trend = growths[-trend_years:]
    change_in_growth = ZERO
    if len(trend) > 1:
        change_in_growth = ((trend[-1] - trend[0]) / (len(trend) - 1)).quantize(
            PENNY, rounding=ROUND_HALF_UP
        )
    year, accumulated, growth = actual[-1][0], amounts[-1], growths[-1]
    while start_year_of(year) < start_year_of(until_year):
        year = next_year_label(year)
        growth = max(ZERO, growth + change_in_growth)
        accumulated = accumulated + growth
        result.append((year, accumulated, True))
    return result


# Against the safety-valve agreement ---------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """How far a forecast is from the safety-valve agreement, as the Forum asks it."""

    forecast: str  # "Q1 2023/24"
    year: str  # that quarter's year
    variance_this_year: Decimal  # after all mitigations; negative: better than agreed
    variance_to_date: Decimal  # the same, added up over the agreement's years so far
    first_year: str  # the first of those years the forecast shows
    end_year: str  # the last year of the agreement the forecast shows
    retained_at_end: Decimal
    agreed_retained_at_end: Decimal  # had every year gone as the agreement planned

    @property
    def retained_gap(self) -> Decimal:
        return self.retained_at_end - self.agreed_retained_at_end

    @property
    def this_year_words(self) -> str:
        return against_agreement(self.variance_this_year, "better", "worse")

    @property
    def to_date_words(self) -> str:
        return against_agreement(self.variance_to_date, "better", "worse")

    @property
    def end_words(self) -> str:
        return against_agreement(self.retained_gap, "less", "more")

    @property
    def retained_at_end_words(self) -> str:
        return deficit_words(self.retained_at_end)

    @property
    def agreed_retained_at_end_words(self) -> str:
        return deficit_words(self.agreed_retained_at_end)


def deficit_words(amount: Decimal) -> str:
    """A retained deficit in words: a negative one is a surplus, said so."""
    if amount < ZERO:
        return f"a surplus of {format_money(-amount, symbol=True)}"
    return f"a deficit of {format_money(amount, symbol=True)}"


def against_agreement(gap: Decimal, below: str, above: str) -> str:
    """A gap from the agreement in words: below it is good news for a deficit."""
    if gap == ZERO:
        return "as the agreement planned"
    words = below if gap < ZERO else above
    return f"{format_money(abs(gap), symbol=True)} {words} than the agreement"


def agreement_headline(
    *,
    forecast: str,
    this_year: str,
    years: Sequence[str],
    opening: Decimal,
    values,
    first_year: str,
    last_year: str,
) -> Headline | None:
    """The variance after all mitigations this year and over the agreement's years so far,
    and the retained deficit at the end of the term against the agreement's trajectory.
    `values(key)` gives a line of the forecast by year. None if the forecast does not show
    its own year."""
    years = list(years)
    if this_year not in years:
        return None
    now = years.index(this_year)
    start = years.index(first_year) if first_year in years else 0
    end = years.index(last_year) if last_year in years else len(years) - 1
    variance = values("variance_after_mitigations")
    planned = values("original_agreement_deficit")
    payments = values("safety_valve_payment")
    agreed = opening
    for year in range(end + 1):
        agreed = agreed + planned[year] - payments[year]
    return Headline(
        forecast=forecast,
        year=this_year,
        variance_this_year=variance[now],
        variance_to_date=sum(variance[start : now + 1], ZERO),
        first_year=years[start],
        end_year=years[end],
        retained_at_end=values("retained_deficit")[end],
        agreed_retained_at_end=agreed,
    )
