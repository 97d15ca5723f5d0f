"""Reads of the forecast: plain inputs for the computation, in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from forecasts.computation import (
    BOTTOM_LINE,
    DERIVED,
    SCHEDULE_LINE_KEYS,
    SUBTOTAL_LINES,
    ForecastTable,
    ForecastYearInput,
    HistoryRow,
    HistoryYearInput,
    ScheduleReconciliation,
    compute_forecast,
    compute_history,
    movement,
    project_unchecked_deficit,
    reconcile_schedule,
    year_label,
)
from forecasts.forms import ENTERED_LINES, field_name
from forecasts.models import Forecast, HistoryYear, ScheduleAmount, ScheduleItem
from forecasts.workbook import (
    ScheduleItemRow,
    WorkstreamSavingsRow,
    build_forecast_workbook,
    workbook_bytes,
)
from hnb_monitor.choices import PeriodStatus
from hnb_monitor.models import Authority, Membership, ReportingPeriod
from hnb_monitor.money import ZERO, format_money
from hnb_monitor.periods import period_key
from workstreams.models import SavingsTarget, Workstream
from workstreams.selectors import visible_returns


@dataclass
class ForecastData:
    forecast: Forecast
    inputs: list[ForecastYearInput]
    items: list[ScheduleItem]
    table: ForecastTable
    year_labels: dict[int, str]  # FinancialYear id -> label, for the forecast's columns

    def items_of(self, schedule: str) -> list[ScheduleItem]:
        return [item for item in self.items if item.schedule == schedule]


def load_forecast(forecast: Forecast) -> ForecastData:
    years = list(forecast.years.select_related("financial_year"))
    items = list(
        forecast.schedule_items.select_related("workstream").prefetch_related(
            Prefetch("amounts", queryset=ScheduleAmount.objects.select_related("financial_year"))
        )
    )
    totals: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    for item in items:
        item.by_year = {a.financial_year_id: a.amount for a in item.amounts.all()}
        item.amount_list = [item.by_year.get(column.financial_year_id) for column in years]
        for year_id, amount in item.by_year.items():
            totals[(item.schedule, year_id)] += amount
    inputs = [
        ForecastYearInput(
            year=column.financial_year.label,
            is_outturn=column.is_outturn,
            hnb_allocation=column.hnb_allocation,
            block_transfer=column.block_transfer,
            expenditure_before_savings=column.expenditure_before_savings,
            investment=column.investment,
            **{
                line: totals[(schedule, column.financial_year_id)]
                for schedule, line in SCHEDULE_LINE_KEYS.items()
            },
            original_agreement_deficit=column.original_agreement_deficit,
            safety_valve_payment=column.safety_valve_payment,
        )
        for column in years
    ]
    table = compute_forecast(inputs, forecast.opening_retained_deficit)
    year_labels = {column.financial_year_id: column.financial_year.label for column in years}
    return ForecastData(
        forecast=forecast, inputs=inputs, items=items, table=table, year_labels=year_labels
    )


def visible_forecasts(authority: Authority, membership: Membership) -> list[Forecast]:
    """The authority's forecasts this member may read, oldest first: a Schools Forum member
    sees those of signed-off and published quarters only."""
    forecasts = Forecast.objects.filter(period__authority=authority).select_related(
        "period__financial_year", "period__authority"
    )
    if not membership.audience.sees_drafts:
        forecasts = forecasts.exclude(period__status=PeriodStatus.OPEN)
    return list(forecasts.order_by("period__financial_year__start_year", "period__quarter"))


def forecast_for(authority: Authority, period_code: str) -> Forecast | None:
    return (
        Forecast.objects.filter(period__in=ReportingPeriod.objects.with_code(period_code))
        .filter(period__authority=authority)
        .select_related("period__financial_year", "period__authority")
        .first()
    )


def period_order(forecast: Forecast) -> tuple[int, int]:
    return period_key(forecast.period)


@dataclass(frozen=True)
class PaperRow:
    key: str
    label: str
    derived: bool
    emphasis: str  # "", "bold" or "total"
    values: tuple


def paper_rows(table: ForecastTable) -> list[PaperRow]:
    return [
        PaperRow(
            key=key,
            label=label,
            derived=kind == DERIVED,
            emphasis="total" if key == BOTTOM_LINE else "bold" if key in SUBTOTAL_LINES else "",
            values=values,
        )
        for key, label, kind, values in table.rows()
    ]


# Workstreams on the schedules ----------------------------------------------------------------


@dataclass
class LinkedWorkstream:
    workstream: Workstream
    schedule: str
    targets: dict[str, Decimal] = field(default_factory=dict)  # by year label, positive
    # The latest visible return's forecast outturn in each year, up to this forecast's period.
    forecasts: dict[str, Decimal] = field(default_factory=dict)
    delivered: dict[str, Decimal] = field(default_factory=dict)


def linked_workstreams(data: ForecastData, membership: Membership) -> list[LinkedWorkstream]:
    """The workstreams the schedule items name, with their targets and latest returns."""
    linked: dict[int, LinkedWorkstream] = {}
    for item in data.items:
        if item.workstream_id and item.workstream_id not in linked:
            linked[item.workstream_id] = LinkedWorkstream(item.workstream, item.schedule)
    if not linked:
        return []
    targets = SavingsTarget.objects.filter(workstream_id__in=linked).select_related(
        "financial_year"
    )
    for target in targets:
        linked[target.workstream_id].targets[target.financial_year.label] = target.amount
    up_to = period_order(data.forecast)
    returns = (
        visible_returns(membership.audience)
        .filter(workstream_id__in=linked)
        .select_related("period__financial_year")
        .order_by("period__financial_year__start_year", "period__quarter")
    )
    for quarterly_return in returns:
        if period_key(quarterly_return.period) > up_to:
            continue
        row = linked[quarterly_return.workstream_id]
        label = quarterly_return.period.financial_year.label
        if quarterly_return.forecast_outturn is not None:
            row.forecasts[label] = quarterly_return.forecast_outturn
        if quarterly_return.delivered_to_date is not None:
            row.delivered[label] = quarterly_return.delivered_to_date
    return sorted(linked.values(), key=lambda row: (row.schedule, row.workstream.order))


@dataclass(frozen=True)
class ScheduleReconciliationTable:
    schedule: str
    name: str
    workstreams: list[LinkedWorkstream]
    years: list[ScheduleReconciliation]


def reconciliation(
    data: ForecastData, linked: list[LinkedWorkstream]
) -> list[ScheduleReconciliationTable]:
    """Schedule A always, B and C where an item names a workstream: the gap is shown."""
    tables = []
    for schedule, line in SCHEDULE_LINE_KEYS.items():
        on_schedule = [row for row in linked if row.schedule == schedule]
        if schedule != "A" and not on_schedule:
            continue
        years = data.table.years
        linked_forecasts: dict[str, Decimal] = {}
        for row in on_schedule:
            for year, amount in row.forecasts.items():
                linked_forecasts[year] = linked_forecasts.get(year, ZERO) + amount
        rows = reconcile_schedule(
            dict(zip(years, data.table.values[line], strict=True)),
            {
                year: sum((row.targets.get(year, ZERO) for row in on_schedule), ZERO)
                for year in years
            },
            {year: amount for year, amount in linked_forecasts.items() if year in years},
        )
        tables.append(
            ScheduleReconciliationTable(
                schedule, dict(ScheduleItem.SCHEDULES)[schedule], on_schedule, rows
            )
        )
    return tables


# Movement -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MovementRow:
    label: str
    values: tuple  # Decimal, or None where the earlier forecast has no such year


def movement_rows(data: ForecastData, previous: ForecastData | None) -> list[MovementRow]:
    if previous is None:
        return []
    changes = movement(data.table, previous.table)
    return [MovementRow(label, changes[key]) for key, label, _, _ in data.table.rows()]


@dataclass(frozen=True)
class AgreementRow:
    label: str
    key: str
    values: tuple


def agreement_rows(table: ForecastTable) -> list[AgreementRow]:
    """This forecast against the original safety-valve agreement, year by year."""
    keys = [
        ("Planned in-year deficit in the agreement", "original_agreement_deficit"),
        ("Forecast in-year deficit / (surplus)", "in_year_deficit"),
        ("Variance from the agreement", "variance_from_original_agreement"),
        ("Variance after all mitigations", "variance_after_mitigations"),
    ]
    return [AgreementRow(label, key, table.values[key]) for label, key in keys]


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


# The workbook -------------------------------------------------------------------------------


def workbook_bytes_for(data: ForecastData, membership: Membership) -> bytes:
    linked = linked_workstreams(data, membership)
    years = data.table.years
    schedules = {
        schedule: [
            ScheduleItemRow(
                description=item.description,
                workstream_name=item.workstream.name if item.workstream else None,
                amounts={
                    label: item.by_year[year_id]
                    for year_id, label in data.year_labels.items()
                    if year_id in item.by_year
                },
            )
            for item in data.items_of(schedule)
        ]
        for schedule in SCHEDULE_LINE_KEYS
    }
    savings = [
        WorkstreamSavingsRow(
            workstream=row.workstream.name,
            schedule=row.schedule,
            targets={y: a for y, a in row.targets.items() if y in years},
            delivered={
                y: (row.delivered if outturn else row.forecasts)[y]
                for y, outturn in zip(years, data.table.is_outturn, strict=True)
                if y in (row.delivered if outturn else row.forecasts)
            },
        )
        for row in linked
    ]
    workbook = build_forecast_workbook(
        authority_name=data.forecast.period.authority.name,
        period_code=data.forecast.period.code,
        generated_at=timezone.now(),
        table=data.table,
        inputs=data.inputs,
        opening_retained_deficit=data.forecast.opening_retained_deficit,
        schedules=schedules,
        workstream_savings=savings,
    )
    return workbook_bytes(workbook)


# HNB history --------------------------------------------------------------------------------


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


def plan_trajectory(authority: Authority, membership: Membership) -> list[tuple[str, Decimal]]:
    """The retained deficit of the latest forecast this member may see: the plan's path."""
    forecasts = visible_forecasts(authority, membership)
    if not forecasts:
        return []
    table = load_forecast(forecasts[-1]).table
    return list(zip(table.years, table.values["retained_deficit"], strict=True))


# Two people editing at once ------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictLine:
    label: str
    yours: str
    theirs: str


@dataclass(frozen=True)
class Conflict:
    saved_by: str
    saved_at: object  # datetime or None
    lines: list[ConflictLine]


def who_saved(current: Forecast) -> tuple[str, object]:
    latest = current.history.select_related("history_user").order_by("-history_date").first()
    if latest is None or latest.history_user is None:
        return "someone", latest.history_date if latest else None
    user = latest.history_user
    return user.get_full_name() or user.username, latest.history_date


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
    return Conflict(*who_saved(current), lines)


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
    return Conflict(*who_saved(current), lines)
