"""Reads of the forecast and the HNB history.

The page-level reads, forecast_overview and history_overview, take an audience rather
than a membership and return frozen dataclasses of plain values: what the page prints,
which a published Schools Forum paper can store as JSON (hnb_monitor.plain) and show
again exactly. Each read runs a fixed number of queries, however many items there are.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Prefetch, Q

from forecasts import charts
from forecasts.agreements import agreement_at, agreements_of, terms_at
from forecasts.charts import LineChart
from forecasts.computation import (
    BOTTOM_LINE,
    DERIVED,
    LINE_BY_KEY,
    SCHEDULE_LINE_KEYS,
    SUBTOTAL_LINES,
    ForecastTable,
    ForecastYearInput,
    Headline,
    HistoryRow,
    HistoryYearInput,
    agreement_headline,
    compute_forecast,
    compute_history,
    movement,
    project_unchecked_deficit,
    reconcile_schedule,
    start_year_of,
    year_label,
)
from forecasts.forms import ENTERED_LINES, field_name
from forecasts.models import (
    FigureNote,
    Forecast,
    HistoryYear,
    InvestToTransform,
    ScheduleAmount,
    StatedProjection,
)
from hnb_monitor.choices import Audience, PeriodStatus
from hnb_monitor.locking import Conflict, ConflictLine, conflict_with
from hnb_monitor.models import Authority, FinancialYear, ReportingPeriod
from hnb_monitor.money import ZERO, format_money
from hnb_monitor.periods import PeriodRef, period_key, period_ref
from workstreams.choices import FORECAST_SCHEDULES
from workstreams.models import SavingsTarget, targets_as_of
from workstreams.selectors import visible_returns

SCHEDULE_NAMES = {schedule.value: schedule.short for schedule in FORECAST_SCHEDULES}


class ForecastNotVisible(LookupError):
    """The audience may not see a forecast for that period: there is none, or its quarter
    is still open and the audience is the Schools Forum."""


class NoForecastYet(ForecastNotVisible):
    """The audience may see no forecast of the authority at all."""


# What the forecast page shows ---------------------------------------------------------------


@dataclass(frozen=True)
class YearColumn:
    label: str
    is_outturn: bool  # final outturn; otherwise a forecast


@dataclass(frozen=True)
class MoneyRow:
    """A line of a "label × years" table in £, its values aligned with the years; None
    where there is no figure (printed as a dash)."""

    key: str
    label: str
    values: tuple[Decimal | None, ...]
    derived: bool = False  # computed from the other lines; nobody types it
    emphasis: str = ""  # "", "bold" or "total", as the paper sets its subtotals
    # What to know about a figure (FigureNote), aligned with the values; "" for none. Empty
    # when the line has no note at all.
    notes: tuple[str, ...] = ()

    def note_for(self, index: int) -> str:
        return self.notes[index] if self.notes else ""

    @property
    def cells(self) -> tuple[tuple[Decimal | None, str], ...]:
        """(value, note) for each year, for templates."""
        return tuple((value, self.note_for(i)) for i, value in enumerate(self.values))


@dataclass(frozen=True)
class WorkstreamLink:
    id: int
    name: str


@dataclass(frozen=True)
class ReconciliationTable:
    schedule: str
    name: str
    workstreams: tuple[WorkstreamLink, ...]  # those the schedule's items name
    rows: tuple[MoneyRow, ...]

    @property
    def caption(self) -> str:
        count = len(self.workstreams)
        return f"{self.name}: {count} linked workstream{'s' * (count != 1)}"


@dataclass(frozen=True)
class ScheduleLine:
    description: str
    workstream: WorkstreamLink | None
    amounts: tuple[Decimal | None, ...]  # aligned with the forecast's years; savings negative


@dataclass(frozen=True)
class Schedule:
    code: str
    name: str
    items: tuple[ScheduleLine, ...]


@dataclass(frozen=True)
class WorkstreamFigures:
    """A workstream a schedule item names, year by year with the forecast's years."""

    id: int
    name: str
    schedule: str  # of the first item that names it
    targets: tuple[Decimal | None, ...]  # positive
    # The latest return the audience may see, up to the forecast's period.
    forecasts: tuple[Decimal | None, ...]
    delivered: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class FigureNoteLine:
    """A note on one figure: a line in a year, as a Schools Forum paper can print it."""

    key: str
    year: str
    label: str
    text: str


@dataclass(frozen=True)
class ForecastOverview:
    period: PeriodRef
    years: tuple[YearColumn, ...]
    opening_retained_deficit: Decimal  # before the first year
    rows: tuple[MoneyRow, ...]  # the paper's table, in its order
    agreement: tuple[MoneyRow, ...]
    previous_label: str | None  # the forecast before this one, if the audience may see one
    movement: tuple[MoneyRow, ...]  # since that one; empty without it
    reconciliation: tuple[ReconciliationTable, ...]
    schedules: tuple[Schedule, ...]
    workstreams: tuple[WorkstreamFigures, ...]  # for the workbook's savings sheet
    chart: LineChart | None  # the retained deficit against the agreement's trajectory
    # Every note on a figure, in the table's order: (line key, year, line label, text).
    figure_notes: tuple["FigureNoteLine", ...] = ()

    @property
    def year_labels(self) -> tuple[str, ...]:
        return tuple(year.label for year in self.years)

    def values_of(self, key: str) -> tuple[Decimal | None, ...]:
        """A line by its key: the paper's lines, and the agreement's planned deficit,
        which the paper does not print."""
        for row in (*self.rows, *self.agreement):
            if row.key == key:
                return row.values
        raise KeyError(key)


def forecast_overview(
    *,
    authority: Authority,
    period: str | None,
    audience: Audience,
    forecasts: list[Forecast] | None = None,
) -> ForecastOverview:
    """The forecast page for a period code, or the latest forecast the audience may see.
    `forecasts`: the audience's visible forecasts, when the caller has them already.
    Raises NoForecastYet or ForecastNotVisible."""
    if forecasts is None:
        forecasts = visible_forecasts(authority, audience)
    if not forecasts:
        raise NoForecastYet(f"{authority.name} has no forecast the {audience.label} may see")
    forecast = forecast_by_code(forecasts, period) if period else forecasts[-1]
    earlier = [f for f in forecasts if period_order(f) < period_order(forecast)]
    agreements = agreements_of(authority.pk)
    data = load_forecast(forecast, agreements)
    previous = load_forecast(earlier[-1], agreements) if earlier else None
    table = data.table
    years = table.years
    linked = linked_workstreams(data, audience)
    notes = figure_notes(forecast)
    return ForecastOverview(
        period=period_ref(forecast.period),
        years=tuple(YearColumn(*column) for column in zip(years, table.is_outturn, strict=True)),
        opening_retained_deficit=forecast.opening_retained_deficit,
        rows=with_notes(paper_rows(table), years, notes),
        agreement=with_notes(agreement_rows(table), years, notes),
        previous_label=previous.forecast.period.label if previous else None,
        movement=movement_rows(table, previous.table) if previous else (),
        reconciliation=reconciliation(table, linked),
        schedules=tuple(
            Schedule(code, name, tuple(line for schedule, line in data.items if schedule == code))
            for code, name in SCHEDULE_NAMES.items()
        ),
        workstreams=tuple(linked),
        chart=charts.retained_deficit_chart(
            list(years), list(table.values[BOTTOM_LINE]), agreement_trajectory(table)
        ),
        figure_notes=tuple(
            FigureNoteLine(key, year, LINE_BY_KEY[key].label, text)
            for (key, year), text in sorted(
                notes.items(), key=lambda item: (LINE_ORDER[item[0][0]], item[0][1])
            )
            if year in years
        ),
    )


# Lines in the order the page shows them: the paper's, then the agreement's planned deficit.
LINE_ORDER = {key: order for order, key in enumerate(LINE_BY_KEY)}


def figure_notes(forecast: Forecast) -> dict[tuple[str, str], str]:
    """{(line key, year): note} for the forecast's figures: one query."""
    notes = FigureNote.objects.filter(forecast=forecast).values_list(
        "line", "financial_year__start_year", "text"
    )
    return {(key, year_label(start)): text for key, start, text in notes}


def with_notes(
    rows: tuple[MoneyRow, ...], years: tuple[str, ...], notes: dict[tuple[str, str], str]
) -> tuple[MoneyRow, ...]:
    """The rows with their figures' notes; a row with none keeps an empty `notes`."""
    return tuple(
        replace(row, notes=tuple(notes.get((row.key, year), "") for year in years))
        if any((row.key, year) in notes for year in years)
        else row
        for row in rows
    )


def forecast_by_code(forecasts: list[Forecast], period_code: str) -> Forecast:
    for forecast in forecasts:
        if forecast.period.code == period_code:
            return forecast
    raise ForecastNotVisible(f"No forecast for period {period_code!r}")


# Loading and computing one forecast ---------------------------------------------------------


@dataclass(frozen=True)
class LoadedForecast:
    forecast: Forecast
    table: ForecastTable
    items: tuple[tuple[str, ScheduleLine], ...]  # (schedule, item) in the schedules' order
    # Workstream id -> its place in the programme, to list linked workstreams in that order.
    workstream_order: dict[int, int]


def load_forecast(forecast: Forecast, agreements: list | None = None) -> LoadedForecast:
    """Three queries: the years, the items with their workstreams, and their amounts; and
    the authority's agreements (four more), unless the caller has them already."""
    if agreements is None:
        agreements = agreements_of(forecast.period.authority_id)
    terms = terms_at(agreements, period_key(forecast.period))
    years = list(forecast.years.select_related("financial_year"))
    labels = [column.financial_year.label for column in years]
    items = list(
        forecast.schedule_items.select_related("workstream").prefetch_related(
            Prefetch("amounts", queryset=ScheduleAmount.objects.select_related("financial_year"))
        )
    )
    totals: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    lines = []
    for item in items:
        by_year = {a.financial_year.label: a.amount for a in item.amounts.all()}
        for label, amount in by_year.items():
            totals[(item.schedule, label)] += amount
        workstream = item.workstream
        lines.append(
            (
                item.schedule,
                ScheduleLine(
                    description=item.description,
                    workstream=WorkstreamLink(workstream.pk, workstream.name)
                    if workstream
                    else None,
                    amounts=tuple(by_year.get(label) for label in labels),
                ),
            )
        )
    inputs = [
        ForecastYearInput(
            year=label,
            is_outturn=column.is_outturn,
            hnb_allocation=column.hnb_allocation,
            block_transfer=column.block_transfer,
            expenditure_before_savings=column.expenditure_before_savings,
            investment=column.investment,
            **{line: totals[(schedule, label)] for schedule, line in SCHEDULE_LINE_KEYS.items()},
            original_agreement_deficit=terms.planned_in(label),
            safety_valve_payment=terms.payment_in(label),
        )
        for label, column in zip(labels, years, strict=True)
    ]
    return LoadedForecast(
        forecast=forecast,
        table=compute_forecast(inputs, forecast.opening_retained_deficit),
        items=tuple(lines),
        workstream_order={
            item.workstream_id: item.workstream.order for item in items if item.workstream
        },
    )


def visible_forecasts(authority: Authority, audience: Audience) -> list[Forecast]:
    """The authority's forecasts the audience may read, oldest first: the Schools Forum
    sees those of signed-off and published quarters only."""
    forecasts = Forecast.objects.filter(period__authority=authority).select_related(
        "period__financial_year", "period__authority"
    )
    if not audience.sees_drafts:
        forecasts = forecasts.exclude(period__status=PeriodStatus.OPEN)
    return list(forecasts.order_by("period__financial_year__start_year", "period__quarter"))


def period_order(forecast: Forecast) -> tuple[int, int]:
    return period_key(forecast.period)


def paper_rows(table: ForecastTable) -> tuple[MoneyRow, ...]:
    return tuple(
        MoneyRow(
            key=key,
            label=label,
            values=values,
            derived=kind == DERIVED,
            emphasis="total" if key == BOTTOM_LINE else "bold" if key in SUBTOTAL_LINES else "",
        )
        for key, label, kind, values in table.rows()
    )


# Workstreams on the schedules ----------------------------------------------------------------


def linked_workstreams(data: LoadedForecast, audience: Audience) -> list[WorkstreamFigures]:
    """The workstreams the schedule items name, with their targets and the latest returns
    the audience may see: two queries."""
    linked: dict[int, tuple[str, WorkstreamLink]] = {}
    for schedule, item in data.items:
        if item.workstream and item.workstream.id not in linked:
            linked[item.workstream.id] = (schedule, item.workstream)
    if not linked:
        return []
    years = data.table.years
    targets: dict[int, dict[str, Decimal]] = defaultdict(dict)
    versions = SavingsTarget.objects.filter(workstream_id__in=linked).with_versions()
    for target in targets_as_of(versions, period_order(data.forecast)):
        targets[target.workstream_id][target.financial_year.label] = target.amount
    forecasts: dict[int, dict[str, Decimal]] = defaultdict(dict)
    delivered: dict[int, dict[str, Decimal]] = defaultdict(dict)
    up_to = period_order(data.forecast)
    returns = (
        visible_returns(audience)
        .filter(workstream_id__in=linked)
        .select_related("period__financial_year")
        .order_by("period__financial_year__start_year", "period__quarter")
    )
    for quarterly_return in returns:
        if period_key(quarterly_return.period) > up_to:
            continue
        label = quarterly_return.period.financial_year.label
        if quarterly_return.forecast_outturn is not None:
            forecasts[quarterly_return.workstream_id][label] = quarterly_return.forecast_outturn
        if quarterly_return.delivered_to_date is not None:
            delivered[quarterly_return.workstream_id][label] = quarterly_return.delivered_to_date
    rows = [
        WorkstreamFigures(
            id=workstream.id,
            name=workstream.name,
            schedule=schedule,
            targets=tuple(targets[workstream.id].get(year) for year in years),
            forecasts=tuple(forecasts[workstream.id].get(year) for year in years),
            delivered=tuple(delivered[workstream.id].get(year) for year in years),
        )
        for schedule, workstream in linked.values()
    ]
    return sorted(rows, key=lambda row: (row.schedule, data.workstream_order[row.id]))


def reconciliation(
    table: ForecastTable, linked: list[WorkstreamFigures]
) -> tuple[ReconciliationTable, ...]:
    """Schedule A always, B and C where an item names a workstream: the gap is shown."""
    tables = []
    for schedule, line in SCHEDULE_LINE_KEYS.items():
        on_schedule = [row for row in linked if row.schedule == schedule]
        if schedule != "A" and not on_schedule:
            continue
        years = table.years

        targets = yearly_total(years, on_schedule, "targets")
        years_rows = reconcile_schedule(
            dict(zip(years, table.values[line], strict=True)),
            {year: targets.get(year, ZERO) for year in years},
            yearly_total(years, on_schedule, "forecasts"),
        )
        name = SCHEDULE_NAMES[schedule]
        tables.append(
            ReconciliationTable(
                schedule=schedule,
                name=name,
                workstreams=tuple(WorkstreamLink(row.id, row.name) for row in on_schedule),
                rows=(
                    MoneyRow(
                        "schedule_total",
                        f"{name} total",
                        tuple(r.schedule_total for r in years_rows),
                    ),
                    MoneyRow(
                        "linked_targets",
                        "Targets of linked workstreams",
                        tuple(r.linked_targets for r in years_rows),
                    ),
                    MoneyRow(
                        "linked_forecasts",
                        "Their latest forecast outturn",
                        tuple(r.linked_forecasts for r in years_rows),
                    ),
                    MoneyRow(
                        "unreconciled",
                        "Not explained by workstreams",
                        tuple(r.unreconciled for r in years_rows),
                        emphasis="bold",
                    ),
                ),
            )
        )
    return tuple(tables)


def yearly_total(
    years: tuple[str, ...], rows: list[WorkstreamFigures], figure: str
) -> dict[str, Decimal]:
    """Per year, the sum of the workstreams' figures, in the years any of them has one."""
    sums: dict[str, Decimal] = {}
    for row in rows:
        for year, amount in zip(years, getattr(row, figure), strict=True):
            if amount is not None:
                sums[year] = sums.get(year, ZERO) + amount
    return sums


# Against the agreement, and since the last forecast ------------------------------------------


AGREEMENT_ROWS = (
    ("Planned in-year deficit in the agreement", "original_agreement_deficit"),
    ("Forecast in-year deficit / (surplus)", "in_year_deficit"),
    ("Variance from the agreement", "variance_from_original_agreement"),
    ("Variance after all mitigations", "variance_after_mitigations"),
)


def agreement_rows(table: ForecastTable) -> tuple[MoneyRow, ...]:
    """This forecast against the original safety-valve agreement, year by year."""
    return tuple(MoneyRow(key, label, table.values[key]) for label, key in AGREEMENT_ROWS)


def movement_rows(table: ForecastTable, previous: ForecastTable) -> tuple[MoneyRow, ...]:
    changes = movement(table, previous)
    return tuple(MoneyRow(key, label, changes[key]) for key, label, _, _ in table.rows())


def agreement_trajectory(table: ForecastTable) -> list[Decimal]:
    """The retained deficit had every year gone as the agreement planned."""
    retained, trajectory = table.opening_retained_deficit, []
    for planned, payment in zip(
        table.values["original_agreement_deficit"],
        table.values["safety_valve_payment"],
        strict=True,
    ):
        retained = retained + planned - payment
        trajectory.append(retained)
    return trajectory


# What the HNB history page shows --------------------------------------------------------------


@dataclass(frozen=True)
class YearAmount:
    year: str
    amount: Decimal


@dataclass(frozen=True)
class InvestActivity:
    id: int
    activity: str
    description: str
    allocation: Decimal | None
    progress: str
    committed_to_date: Decimal | None  # None: to be confirmed


# How the page's "if left unchecked" projection is computed, in words
# (forecasts.computation.project_unchecked_deficit).
PROJECTION_METHOD = (
    "This projection is HNB Monitor's own, not the council's. Each year's growth is the rise "
    "in the accumulated deficit on the year before. Over the last three years of growth we "
    "take the average yearly change in growth, and each projected year grows by the year "
    "before's growth plus that change, so a deficit whose growth has been speeding up keeps "
    "speeding up at the same pace. Growth is never taken below zero: left unchecked, a "
    "deficit is not assumed to start falling on its own."
)


@dataclass(frozen=True)
class ProjectionYear:
    """A projected year: our projection and the council's stated one, side by side."""

    year: str
    ours: Decimal | None
    stated: Decimal | None


@dataclass(frozen=True)
class HistoryOverview:
    rows: tuple[HistoryRow, ...]
    # The first year's growth is as the source states it (see history_rows).
    stated_growth: bool
    projection: tuple[YearAmount, ...]  # the projected years only, after the last actual one
    plan: tuple[YearAmount, ...]  # the retained deficit of the latest visible forecast
    chart: LineChart | None
    invest: tuple[InvestActivity, ...]
    # The projection as the council's own paper states it, where finance entered it.
    stated_projection: tuple[YearAmount, ...] = ()
    projection_method: str = PROJECTION_METHOD

    @property
    def projection_years(self) -> tuple[ProjectionYear, ...]:
        """Every projected year, ours and the council's, in order of year."""
        ours = {row.year: row.amount for row in self.projection}
        stated = {row.year: row.amount for row in self.stated_projection}
        return tuple(
            ProjectionYear(year, ours.get(year), stated.get(year))
            for year in sorted(ours.keys() | stated.keys(), key=start_year_of)
        )


def history_overview(*, authority: Authority, audience: Audience) -> HistoryOverview:
    rows = list(HistoryYear.objects.filter(authority=authority).select_related("financial_year"))
    projected = projection(rows)
    plan = plan_trajectory(authority, audience)
    return HistoryOverview(
        rows=tuple(history_rows(rows)),
        stated_growth=has_stated_growth(rows),
        projection=tuple(YearAmount(year, amount) for year, amount, later in projected if later),
        plan=tuple(YearAmount(year, amount) for year, amount in plan),
        chart=charts.unchecked_deficit_chart(projected, plan),
        invest=tuple(
            InvestActivity(
                id=activity.pk,
                activity=activity.activity,
                description=activity.description,
                allocation=activity.allocation,
                progress=activity.progress,
                committed_to_date=activity.committed_to_date,
            )
            for activity in InvestToTransform.objects.filter(authority=authority)
        ),
        stated_projection=tuple(
            YearAmount(year_label(start), amount)
            for start, amount in StatedProjection.objects.filter(authority=authority).values_list(
                "financial_year__start_year", "accumulated_deficit"
            )
        ),
    )


STATED_GROWTH = ["ehcp_growth_stated", "budget_growth_stated", "expenditure_growth_stated"]


def has_stated_growth(rows: list[HistoryYear]) -> bool:
    """Whether the first year's growth is as the source states it (see history_rows)."""
    return bool(rows) and any(getattr(rows[0], name) is not None for name in STATED_GROWTH)


def history_rows(rows: list[HistoryYear]) -> list[HistoryRow]:
    """Seed 002's table. The first year's growth comes from the year before, which the
    source may state without its figures: then the stated growth is shown, not invented."""
    if not rows:
        return []
    history = compute_history(
        [
            HistoryYearInput(
                year=row.financial_year.label,
                ehcp_count=row.ehcp_count,
                hnb_budget=row.hnb_budget,
                hnb_expenditure=row.hnb_expenditure,
                accumulated_deficit=row.accumulated_deficit,
            )
            for row in rows
        ]
    )
    first, stated = history[0], rows[0]
    history[0] = replace(
        first,
        ehcp_growth=first.ehcp_growth
        if first.ehcp_growth is not None
        else stated.ehcp_growth_stated,
        budget_growth=first.budget_growth
        if first.budget_growth is not None
        else stated.budget_growth_stated,
        expenditure_growth=first.expenditure_growth
        if first.expenditure_growth is not None
        else stated.expenditure_growth_stated,
    )
    return history


PROJECTION_YEARS = 4


def projection(rows: list[HistoryYear]) -> list[tuple[str, Decimal, bool]]:
    """The accumulated deficit "if left unchecked", four years past the last actual one."""
    if not rows:
        return []
    last = rows[-1].financial_year.start_year
    return project_unchecked_deficit(
        [(row.financial_year.label, row.accumulated_deficit) for row in rows],
        year_label(last + PROJECTION_YEARS),
    )


def stated_projection_years(authority: Authority) -> tuple[list[FinancialYear], dict]:
    """The years finance may state the council's projection for (those ours projects, and
    any already stated), and {financial year id: amount} of those stated."""
    last = (
        HistoryYear.objects.filter(authority=authority)
        .order_by("-financial_year__start_year")
        .values_list("financial_year__start_year", flat=True)
        .first()
    )
    stated = dict(
        StatedProjection.objects.filter(authority=authority).values_list(
            "financial_year_id", "accumulated_deficit"
        )
    )
    projected = Q(pk__in=stated)
    if last is not None:
        projected |= Q(start_year__gt=last, start_year__lte=last + PROJECTION_YEARS)
    return list(FinancialYear.objects.filter(projected).order_by("start_year")), stated


def plan_trajectory(authority: Authority, audience: Audience) -> list[tuple[str, Decimal]]:
    """The retained deficit of the latest forecast the audience may see: the plan's path."""
    forecasts = visible_forecasts(authority, audience)
    if not forecasts:
        return []
    table = load_forecast(forecasts[-1]).table
    return list(zip(table.years, table.values[BOTTOM_LINE], strict=True))


# Two people editing at once ------------------------------------------------------------------


def entered_lines_conflict(current: Forecast, form) -> Conflict:
    """Each entered figure where this user's version differs from the one now saved."""
    saved = {c.financial_year_id: c for c in current.years.select_related("financial_year")}
    lines = []
    if form.cleaned_data["opening_retained_deficit"] != current.opening_retained_deficit:
        lines.append(
            ConflictLine(
                "Opening retained deficit",
                format_money(form.cleaned_data["opening_retained_deficit"]),
                format_money(current.opening_retained_deficit),
            )
        )
    for column in form.columns:
        theirs = saved.get(column.financial_year_id)
        if theirs is None:
            continue
        start = column.financial_year.start_year
        for line, label in ENTERED_LINES:
            mine = form.cleaned_data[field_name(line, start)]
            if mine != getattr(theirs, line):
                lines.append(
                    ConflictLine(
                        f"{label}, {column.financial_year.label}",
                        format_money(mine),
                        format_money(getattr(theirs, line)),
                    )
                )
        mine = form.cleaned_data[f"is_outturn__{start}"]
        if mine != theirs.is_outturn:
            lines.append(
                ConflictLine(
                    f"{column.financial_year.label} is final outturn",
                    "Yes" if mine else "No",
                    "Yes" if theirs.is_outturn else "No",
                )
            )
    return conflict_with(current, lines)


def schedule_conflict(current: Forecast, rows) -> Conflict:
    """This user's rows as typed (not saved), to set beside the schedule now saved."""
    lines = []
    for _item, form in rows:
        data = form.cleaned_data
        if not data.get("description"):
            continue
        amounts = ", ".join(
            f"{year.label} {format_money(amount)}"
            for year, amount in form.amounts().items()
            if amount is not None
        )
        status = " (to be removed)" if data.get("remove") else ""
        lines.append(ConflictLine(data["description"] + status, amounts or "No amounts", ""))
    return conflict_with(current, lines)


# Against the agreement, for the dashboard -----------------------------------------------------


def period_headline(period: ReportingPeriod) -> Headline | None:
    """How far the quarter's own forecast is from the agreement that applies to it; None
    without either. The caller has decided the audience may see the quarter."""
    forecast = (
        Forecast.objects.filter(period=period)
        .select_related("period__financial_year", "period__authority")
        .first()
    )
    if forecast is None:
        return None
    agreements = agreements_of(period.authority_id)
    agreement = agreement_at(agreements, period_key(period))
    if agreement is None:
        return None
    table = load_forecast(forecast, agreements).table
    return agreement_headline(
        forecast=period.label,
        this_year=period.financial_year.label,
        years=table.years,
        opening=table.opening_retained_deficit,
        values=table.values.__getitem__,
        first_year=agreement.first_year.label,
        last_year=agreement.last_year.label,
    )
