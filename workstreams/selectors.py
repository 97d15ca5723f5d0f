"""Reads of the savings programme, each in a fixed number of queries.

Query counts must not grow with the number of workstreams, years or returns, so every
function here fetches whole sets once and joins in Python. The page-level reads
(`dashboard`, `workstream_page`, `risk_register`, `milestone_timeline`) take an audience
and return plain frozen values that a published paper can keep as JSON.
"""

import datetime
import functools
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import DenseRank, RowNumber
from django.http import Http404
from django.utils import timezone

from forecasts.computation import Headline
from hnb_monitor.choices import Audience, Capability, MissingReturns, PeriodStatus
from hnb_monitor.history import Change, changes_of, user_name
from hnb_monitor.models import Authority, FinancialYear, ReportingPeriod
from hnb_monitor.money import ZERO
from hnb_monitor.periods import PeriodRef, period_key, period_ref, quarter_label
from workstreams.choices import (
    RAG_ORDER,
    MeasureUnit,
    MilestoneStatus,
    Rag,
    ReturnStatus,
    RiskStatus,
    Schedule,
)
from workstreams.models import (
    Measure,
    Milestone,
    QuarterlyReturn,
    Risk,
    SavingsTarget,
    Workstream,
    targets_as_of,
)


def visible_returns(audience: Audience) -> QuerySet[QuarterlyReturn]:
    """The returns whose figures count, for this audience.

    A signed-off or published period's figures are its approved returns only, for every
    audience and every output: what was not approved when the quarter was signed off
    never reaches a figure. Staff also see the drafts and submissions of open periods;
    the Schools Forum sees nothing of an open period.
    """
    approved_and_locked = Q(status=ReturnStatus.APPROVED) & ~Q(period__status=PeriodStatus.OPEN)
    if audience.sees_drafts:
        return QuarterlyReturn.objects.filter(
            approved_and_locked | Q(period__status=PeriodStatus.OPEN)
        )
    return QuarterlyReturn.objects.filter(approved_and_locked)


# Plain pieces shared by the reads ---------------------------------------------------------


@dataclass(frozen=True)
class WorkstreamRef:
    id: int
    name: str
    theme: str
    schedule: Schedule
    safety_valve: bool
    description: str
    leads: tuple[str, ...]
    order: int


def workstream_ref(workstream: Workstream, leads=None) -> WorkstreamRef:
    """Leads come from `workstream.leads.all()` unless given: when reading many, prefetch
    them to a list and give it (a related manager per workstream costs more than the
    rest of its row)."""
    if leads is None:
        leads = workstream.leads.all()
    return WorkstreamRef(
        id=workstream.pk,
        name=workstream.name,
        theme=workstream.theme,
        schedule=Schedule(workstream.schedule),
        safety_valve=workstream.safety_valve,
        description=workstream.description,
        leads=tuple(user_name(lead) for lead in leads),
        order=workstream.order,
    )


@dataclass(frozen=True)
class ReturnRef:
    """A quarterly return's figures, RAG and narrative, as pages and the paper show it."""

    id: int
    period: PeriodRef
    status: ReturnStatus
    delivered_to_date: Decimal | None
    forecast_outturn: Decimal | None
    rag: Rag | None
    progress_update: str
    next_steps: str
    risks_and_mitigations: str
    recovery_actions: str
    # A RAG set by judgement rather than suggested from the figures, and why.
    rag_override: Rag | None = None
    override_reason: str = ""

    @property
    def has_narrative(self) -> bool:
        return any(
            (
                self.progress_update,
                self.next_steps,
                self.risks_and_mitigations,
                self.recovery_actions,
            )
        )


def return_ref(quarterly_return: QuarterlyReturn) -> ReturnRef:
    return ReturnRef(
        id=quarterly_return.pk,
        period=period_ref(quarterly_return.period),
        status=ReturnStatus(quarterly_return.status),
        delivered_to_date=quarterly_return.delivered_to_date,
        forecast_outturn=quarterly_return.forecast_outturn,
        rag=quarterly_return.rag_choice,
        progress_update=quarterly_return.progress_update,
        next_steps=quarterly_return.next_steps,
        risks_and_mitigations=quarterly_return.risks_and_mitigations,
        recovery_actions=quarterly_return.recovery_actions,
        rag_override=Rag(quarterly_return.rag_override) if quarterly_return.rag_override else None,
        override_reason=quarterly_return.override_reason,
    )


def variance(target: Decimal | None, forecast: Decimal | None) -> Decimal | None:
    if forecast is None or target is None:
        return None
    return forecast - target


@dataclass(frozen=True)
class YearTotals:
    """None where nothing was entered: a blank is not a zero."""

    year: str
    target: Decimal | None = None
    delivered: Decimal | None = None
    forecast: Decimal | None = None

    @property
    def variance(self) -> Decimal | None:
        return variance(self.target, self.forecast)


def latest_by_workstream_year(
    returns: list[QuarterlyReturn],
) -> dict[tuple[int, int], QuarterlyReturn]:
    """The last return of each workstream in each financial year (returns come sorted)."""
    latest = {}
    for quarterly_return in returns:
        latest[(quarterly_return.workstream_id, quarterly_return.period.financial_year_id)] = (
            quarterly_return
        )
    return latest


@functools.cache
def year_label(start_year: int) -> str:
    """A financial year as it is written ("2023/24"), from its start year alone."""
    return FinancialYear(start_year=start_year).label


def year_totals(
    targets: Iterable[tuple[int, Decimal]],
    latest: Iterable[tuple[int, Decimal | None, Decimal | None]],
) -> tuple[YearTotals, ...]:
    """Targets summed per year, from (start year, amount); delivered and forecast summed
    per year from (start year, delivered, forecast) of each workstream's latest return of
    each year."""
    # Summed in plain loops, a dict per figure: a large council has thousands of each.
    years: set[int] = set()
    target: dict[int, Decimal] = {}
    delivered: dict[int, Decimal] = {}
    forecast: dict[int, Decimal] = {}
    for start_year, amount in targets:
        years.add(start_year)
        if amount is not None:
            target[start_year] = target.get(start_year, ZERO) + amount
    for start_year, delivered_to_date, forecast_outturn in latest:
        years.add(start_year)
        if delivered_to_date is not None:
            delivered[start_year] = delivered.get(start_year, ZERO) + delivered_to_date
        if forecast_outturn is not None:
            forecast[start_year] = forecast.get(start_year, ZERO) + forecast_outturn
    return tuple(
        YearTotals(
            year_label(start),
            target.get(start),
            delivered.get(start),
            forecast.get(start),
        )
        for start in sorted(years)
    )


# The dashboard ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkstreamYear:
    """A workstream's savings in one year up to the quarter, as the paper prints them:
    the target and what the year's latest return delivered (for the quarter's own year,
    what it forecasts)."""

    year: str  # "2021/22"
    target: Decimal | None
    delivered: Decimal | None
    forecast: Decimal | None
    current: bool


@dataclass(frozen=True)
class WorkstreamRow:
    """A workstream in a quarter. Without a return of its own that quarter, it shows its
    latest return of the same year, as the year's totals count it, and says from when."""

    workstream: WorkstreamRef
    target: Decimal | None
    quarterly_return: ReturnRef | None

    @property
    def carried_from(self) -> str | None:
        """ "Q1" when the figures are Q1's, carried into a later quarter; else None."""
        if self.quarterly_return is None or self.quarterly_return.period.code == self.period_code:
            return None
        return f"Q{self.quarterly_return.period.quarter}"

    period_code: str = ""
    years: tuple[WorkstreamYear, ...] = ()

    @property
    def delivered(self):
        return self.quarterly_return.delivered_to_date if self.quarterly_return else None

    @property
    def forecast(self):
        return self.quarterly_return.forecast_outturn if self.quarterly_return else None

    @property
    def variance(self):
        return variance(self.target, self.forecast)

    @property
    def rag(self) -> Rag | None:
        return self.quarterly_return.rag if self.quarterly_return else None

    @property
    def sort_key(self) -> dict:
        """Sortable stand-ins for the table: blanks sort after every figure."""

        def money(value):
            return (value is None, value or ZERO)

        rank = {rag.value: i for i, rag in enumerate(RAG_ORDER)}
        return {
            "target": money(self.target),
            "delivered": money(self.delivered),
            "forecast": money(self.forecast),
            "variance": money(self.variance),
            "rag": rank.get(self.rag.value if self.rag else "", len(rank)),
        }


@dataclass(frozen=True)
class RagCounts:
    period_label: str
    counts: dict[str, int]  # by Rag value


@dataclass(frozen=True)
class Dashboard:
    audience: Audience
    period: PeriodRef
    rows: tuple[WorkstreamRow, ...]
    years: tuple[YearTotals, ...]
    rag_counts: dict[str, int]  # by Rag value; "" counts workstreams with no RAG yet
    rag_history: tuple[RagCounts, ...]
    # The quarter's forecast against the safety-valve agreement, where there are both.
    headline: Headline | None = None

    @property
    def no_rag_count(self) -> int:
        return self.rag_counts.get("", 0)

    @property
    def rag_tally(self) -> list[tuple[Rag, int]]:
        return [(rag, self.rag_counts[rag.value]) for rag in Rag]

    @property
    def chart_rows(self) -> list[tuple[str, Decimal | None, Decimal | None]]:
        """(name, target, forecast) of the rows that carry money, for the bar chart."""
        return [
            (row.workstream.name, row.target, row.forecast)
            for row in self.rows
            if row.target is not None or row.forecast is not None
        ]


def dashboard_period(periods: list[ReportingPeriod], audience: Audience, code: str | None):
    """Of the periods this audience may see (oldest first), the one asked for by code
    (Http404 if it is not among them), or else the latest with a visible return, or the
    latest; None when there is none."""
    if not periods:
        return None
    if code:
        for period in periods:
            if period.code == code:
                return period
        raise Http404("No such reporting period")
    with_returns = set(
        visible_returns(audience)
        .filter(period__authority=periods[0].authority_id)
        .order_by()
        .values_list("period_id", flat=True)
        .distinct()
    )
    candidates = [p for p in periods if p.id in with_returns] or periods
    return candidates[-1]


def up_to(key: tuple[int, int], period: str = "period") -> Q:
    """The rows whose reporting period, at the path `period`, is no later than `key`
    (financial year, quarter)."""
    start_year, quarter = key
    return Q(**{f"{period}__financial_year__start_year__lt": start_year}) | Q(
        **{f"{period}__financial_year__start_year": start_year, f"{period}__quarter__lte": quarter}
    )


def counted_returns(
    *, authority: Authority, period: ReportingPeriod, audience: Audience, workstream_ids
) -> QuerySet[QuarterlyReturn]:
    """The visible returns of these workstreams that count for the quarter: its own and
    those before it. A sign-off that left out the workstreams without a return of their own
    that quarter left out all their returns of that year."""
    returns = visible_returns(audience).filter(
        up_to(period_key(period)), workstream_id__in=workstream_ids, period__authority=authority
    )
    if period.missing_returns == MissingReturns.LEAVE_OUT:
        own = visible_returns(audience).filter(period=period, workstream=OuterRef("workstream"))
        returns = returns.filter(~Q(period__financial_year=period.financial_year_id) | Exists(own))
    return returns


# Read with the quarter's own year only: its rows show them, earlier years only figures.
NARRATIVE = (
    "progress_update",
    "next_steps",
    "risks_and_mitigations",
    "recovery_actions",
    "override_reason",
)


def shown_returns(
    *,
    authority: Authority,
    period: ReportingPeriod,
    audience: Audience,
    workstream_ids,
    history_quarters: int,
):
    """Lean rows, in one query, of the counted returns the dashboard shows: each
    workstream's latest of each year, whose figures are the year's (for the quarter's own
    year, its row), and every return of the last `history_quarters` quarters with any, for
    the RAG history. Nothing after the quarter is read, nor a return that a later one of
    the same year replaces, unless the RAG history counts it."""
    counted = counted_returns(
        authority=authority, period=period, audience=audience, workstream_ids=workstream_ids
    )
    # Ranked in one pass over the counted returns rather than a subquery per return:
    # PostgreSQL took 30-50 ms over a large council's 6,400 returns that way. Ranking
    # among the counted returns alone is enough: a left-out workstream has none of
    # that year, and the rest have every return of it.
    ranked = counted.annotate(
        latest_of_year=Window(
            RowNumber(),
            partition_by=[F("workstream_id"), F("period__financial_year_id")],
            order_by=F("period__quarter").desc(),
        ),
        recent_quarter=Window(
            DenseRank(),
            order_by=[F("period__financial_year__start_year").desc(), F("period__quarter").desc()],
        ),
    )
    # The ranking picks ids alone: carrying every column through its sorts made it
    # slower on SQLite than the subquery per return.
    shown = ranked.filter(Q(latest_of_year=1) | Q(recent_quarter__lte=history_quarters))
    this_year = Q(period__financial_year=period.financial_year_id)
    return (
        QuarterlyReturn.objects.filter(pk__in=shown.values("pk"))
        .annotate(
            start_year=F("period__financial_year__start_year"),
            quarter=F("period__quarter"),
            period_status=F("period__status"),
            **{
                f"shown_{field}": Case(
                    When(this_year, then=F(field)), default=Value(""), output_field=TextField()
                )
                for field in NARRATIVE
            },
        )
        .order_by()
        .values_list(
            "id",
            "workstream_id",
            "start_year",
            "quarter",
            "period_status",
            "status",
            "delivered_to_date",
            "forecast_outturn",
            "rag",
            "rag_override",
            *(f"shown_{field}" for field in NARRATIVE),
            named=True,
        )
    )


def shown_return_ref(row, period: PeriodRef) -> ReturnRef:
    """`return_ref` of a row of `shown_returns` of the quarter's own year, in `period`."""
    return ReturnRef(
        id=row.id,
        period=period,
        status=ReturnStatus(row.status),
        delivered_to_date=row.delivered_to_date,
        forecast_outturn=row.forecast_outturn,
        rag=Rag(row.rag) if row.rag else None,
        progress_update=row.shown_progress_update,
        next_steps=row.shown_next_steps,
        risks_and_mitigations=row.shown_risks_and_mitigations,
        recovery_actions=row.shown_recovery_actions,
        rag_override=Rag(row.rag_override) if row.rag_override else None,
        override_reason=row.shown_override_reason,
    )


class TargetVersion(NamedTuple):
    """What `targets_as_of` needs of a target version, read without its model."""

    workstream_id: int
    financial_year_id: int
    start_year: int
    amount: Decimal
    applies_since: tuple[int, int]


def applying_targets(workstream_ids, period: ReportingPeriod) -> dict[tuple[int, int], Decimal]:
    """Each workstream's target for each year up to the quarter's, keyed by (workstream,
    start year), as it applied to the quarter: a change after its sign-off is not one."""
    upto = period_key(period)
    versions = (
        SavingsTarget.objects.filter(
            Q(applies_from__isnull=True) | up_to(upto, "applies_from"),
            workstream_id__in=workstream_ids,
            financial_year__start_year__lte=period.financial_year.start_year,
        )
        .order_by()
        .values_list(
            "workstream_id",
            "financial_year_id",
            "financial_year__start_year",
            "amount",
            "applies_from__financial_year__start_year",
            "applies_from__quarter",
        )
    )
    applying = targets_as_of(
        (
            TargetVersion(workstream, year, start, amount, (since or 0, quarter or 0))
            for workstream, year, start, amount, since, quarter in versions
        ),
        upto,
    )
    return {(t.workstream_id, t.start_year): t.amount for t in applying}


def rag_history(returns, quarters: int) -> tuple[RagCounts, ...]:
    """The RAG counts of the last `quarters` quarters with returns, oldest first, from the
    rows of `shown_returns`: every return of those quarters, and of older quarters only
    some, which are never counted."""
    by_quarter: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for row in returns:
        by_quarter[(row.start_year, row.quarter)][row.rag] += 1
    return tuple(
        RagCounts(quarter_label(*key), {rag.value: by_quarter[key][rag.value] for rag in RAG_ORDER})
        for key in sorted(by_quarter)[-quarters:]
    )


def workstream_years(targets, latest, period) -> dict[int, tuple[WorkstreamYear, ...]]:
    """Each workstream's years up to the quarter's, from the targets and the latest return
    of each year, both keyed by (workstream, start year), already read for the dashboard
    (no further query)."""
    this_year = period.financial_year.start_year
    found = defaultdict(list)
    for workstream_id, start in sorted(set(targets) | set(latest), key=lambda k: k[1]):
        latest_return = latest.get((workstream_id, start))
        found[workstream_id].append(
            WorkstreamYear(
                year=year_label(start),
                target=targets.get((workstream_id, start)),
                delivered=latest_return.delivered_to_date if latest_return else None,
                forecast=latest_return.forecast_outturn if latest_return else None,
                current=start == this_year,
            )
        )
    return {workstream_id: tuple(years) for workstream_id, years in found.items()}


def period_headline(period: ReportingPeriod) -> Headline | None:
    # Imported here: the forecast's reads build on this module's returns.
    from forecasts.selectors import period_headline

    return period_headline(period)


def dashboard(
    *,
    authority: Authority,
    period: ReportingPeriod,
    audience: Audience,
    workstreams: QuerySet[Workstream] | None = None,
    history_quarters: int = 4,
    years_of_each_workstream: bool = True,
) -> Dashboard:
    """Totals per year, RAG counts, one row per (filtered) workstream, and RAG history.

    Each row's years are for the paper; the dashboard page shows none and leaves them out
    (`years_of_each_workstream=False`): a large council's are most of the read's values."""
    workstreams = list(
        (workstreams if workstreams is not None else Workstream.objects.all())
        .filter(authority=authority, active=True)
        .prefetch_related(Prefetch("leads", to_attr="lead_list"))
    )
    ids = [w.id for w in workstreams]
    # Only the years up to the quarter's are read, and of them only the returns shown.
    shown = list(
        shown_returns(
            authority=authority,
            period=period,
            audience=audience,
            workstream_ids=ids,
            history_quarters=history_quarters,
        )
    )
    targets = applying_targets(ids, period)
    start_year = period.financial_year.start_year
    latest = {}
    for row in shown:
        slot = (row.workstream_id, row.start_year)
        if slot not in latest or row.quarter > latest[slot].quarter:
            latest[slot] = row
    # The quarter's own year: its rows show the returns, each with its quarter.
    quarters: dict[int, PeriodRef] = {}
    this_year = {}
    for (workstream_id, start), row in latest.items():
        if start != start_year:
            continue
        if row.quarter not in quarters:
            quarters[row.quarter] = period_ref(
                ReportingPeriod(
                    financial_year=period.financial_year,
                    quarter=row.quarter,
                    status=row.period_status,
                )
            )
        this_year[workstream_id] = shown_return_ref(row, quarters[row.quarter])
    year_target = {
        workstream_id: amount
        for (workstream_id, start), amount in targets.items()
        if start == start_year
    }
    years = workstream_years(targets, latest, period) if years_of_each_workstream else {}
    rows = tuple(
        WorkstreamRow(
            workstream_ref(w, w.lead_list),
            year_target.get(w.id),
            this_year.get(w.id),
            period.code,
            years.get(w.id, ()),
        )
        for w in workstreams
    )
    rag_counts = Counter(row.rag.value if row.rag else "" for row in rows)

    return Dashboard(
        audience=audience,
        period=period_ref(period),
        rows=rows,
        years=year_totals(
            ((start, amount) for (_, start), amount in targets.items()),
            (
                (start, row.delivered_to_date, row.forecast_outturn)
                for (_, start), row in latest.items()
            ),
        ),
        rag_counts={rag.value: rag_counts.get(rag.value, 0) for rag in RAG_ORDER}
        | {"": rag_counts.get("", 0)},
        rag_history=rag_history(shown, history_quarters),
        headline=period_headline(period),
    )


# The workstream page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    label: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal
    trend: str
    comparators: tuple[tuple[str, str], ...]  # (name, figure as the source gives it)
    note: str


@dataclass(frozen=True)
class MeasureLine:
    name: str
    unit: MeasureUnit
    readings: tuple[Reading, ...]


@dataclass(frozen=True)
class RiskLine:
    title: str
    description: str
    workstream_id: int | None
    workstream_name: str | None
    likelihood: int
    impact: int
    owner: str
    mitigation: str
    status: RiskStatus

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        return "high" if self.score >= 15 else "medium" if self.score >= 8 else "low"


@dataclass(frozen=True)
class MilestoneLine:
    date: datetime.date
    title: str
    status: MilestoneStatus
    workstream_id: int | None
    workstream_name: str | None
    overdue: bool  # its date has passed and it is neither complete nor recorded as missed


def risk_line(risk: Risk) -> RiskLine:
    return RiskLine(
        title=risk.title,
        description=risk.description,
        workstream_id=risk.workstream_id,
        workstream_name=risk.workstream.name if risk.workstream_id else None,
        likelihood=risk.likelihood,
        impact=risk.impact,
        owner=risk.owner,
        mitigation=risk.mitigation,
        status=RiskStatus(risk.status),
    )


def milestone_line(milestone: Milestone, today: datetime.date | None = None) -> MilestoneLine:
    today = today or timezone.localdate()
    status = MilestoneStatus(milestone.status)
    return MilestoneLine(
        date=milestone.date,
        title=milestone.title,
        status=status,
        workstream_id=milestone.workstream_id,
        workstream_name=milestone.workstream.name if milestone.workstream_id else None,
        overdue=milestone.date < today
        and status not in {MilestoneStatus.COMPLETE, MilestoneStatus.MISSED},
    )


def risk_order(risk: RiskLine) -> tuple:
    """Open risks first, the highest score first, then by title."""
    return (risk.status != RiskStatus.OPEN, -risk.score, risk.title)


@dataclass(frozen=True)
class WorkstreamPage:
    audience: Audience
    workstream: WorkstreamRef
    years: tuple[YearTotals, ...]
    returns: tuple[ReturnRef, ...]  # latest first
    measures: tuple[MeasureLine, ...]
    risks: tuple[RiskLine, ...]
    milestones: tuple[MilestoneLine, ...]
    changes: tuple[Change, ...]  # latest first


def workstream_page(*, workstream: Workstream, audience: Audience) -> WorkstreamPage:
    targets = targets_as_of(
        SavingsTarget.objects.filter(workstream=workstream).with_versions(), None
    )
    returns = list(
        visible_returns(audience)
        .filter(workstream=workstream)
        .select_related("period__financial_year")
        .order_by("period__financial_year__start_year", "period__quarter")
    )
    return WorkstreamPage(
        audience=audience,
        workstream=workstream_ref(workstream),
        years=year_totals(
            ((t.financial_year.start_year, t.amount) for t in targets),
            (
                (r.period.financial_year.start_year, r.delivered_to_date, r.forecast_outturn)
                for r in latest_by_workstream_year(returns).values()
            ),
        ),
        returns=tuple(return_ref(r) for r in reversed(returns)),
        measures=tuple(
            measure_line(measure)
            for measure in Measure.objects.filter(workstream=workstream).prefetch_related("values")
        ),
        risks=tuple(
            sorted(
                (risk_line(risk) for risk in workstream.risks.select_related("workstream")),
                key=lambda risk: -risk.score,
            )
        ),
        milestones=tuple(
            milestone_line(m) for m in workstream.milestones.select_related("workstream")
        ),
        changes=workstream_changes(workstream, audience, {r.period_id for r in returns}),
    )


def workstream_changes(workstream: Workstream, audience: Audience, periods) -> tuple[Change, ...]:
    """The workstream's, its targets' and its visible returns' changes, latest first."""
    history = [
        *changes_of(
            workstream.history.select_related("history_user").order_by("history_date"),
            lambda record: "Workstream",
        ),
        *changes_of(
            SavingsTarget.history.filter(workstream_id=workstream.id)
            .select_related("history_user", "financial_year")
            .order_by("history_date"),
            lambda record: f"Target {record.financial_year.label}",
        ),
    ]
    return_history = (
        QuarterlyReturn.history.filter(workstream_id=workstream.id)
        .select_related("history_user", "period__financial_year")
        .order_by("history_date")
    )
    if not audience.sees_drafts:
        # The Forum reads the history of approved figures only: each approved version of a
        # signed-off quarter's return against the approved version before it, never the
        # drafts, submissions and send-back comments in between.
        return_history = return_history.filter(
            period_id__in=list(periods), status=ReturnStatus.APPROVED
        ).exclude(period__status=PeriodStatus.OPEN)
    history += changes_of(return_history, lambda record: f"Return {record.period.label}")
    history.sort(key=lambda change: change.when, reverse=True)
    return tuple(history)


# The risk register and the timeline ---------------------------------------------------------


@dataclass(frozen=True)
class RiskRegister:
    risks: tuple[RiskLine, ...]


def risk_register(*, authority: Authority, audience: Audience) -> RiskRegister:
    """The same for every audience: the register holds no draft figures."""
    risks = Risk.objects.filter(authority=authority).select_related("workstream")
    return RiskRegister(tuple(sorted((risk_line(risk) for risk in risks), key=risk_order)))


@dataclass(frozen=True)
class TimelineYear:
    year: int
    milestones: tuple[MilestoneLine, ...]


@dataclass(frozen=True)
class Timeline:
    years: tuple[TimelineYear, ...]


def milestone_timeline(
    *, authority: Authority, audience: Audience, today: datetime.date | None = None
) -> Timeline:
    """The timeline grouped by calendar year, for the three-year view (seed 001); the same
    for every audience. Overdue means before `today`: a paper's day, or today."""
    milestones = Milestone.objects.filter(authority=authority).select_related("workstream")
    years = defaultdict(list)
    for milestone in milestones:
        years[milestone.date.year].append(milestone_line(milestone, today))
    return Timeline(
        tuple(TimelineYear(year, tuple(lines)) for year, lines in sorted(years.items()))
    )


@dataclass
class EntryRow:
    workstream: Workstream
    quarterly_return: QuarterlyReturn | None
    may_edit: bool


def returns_for_entry(*, authority, period, membership) -> list[EntryRow]:
    """The open period's returns: an officer's own workstreams, or all for finance."""
    workstreams = Workstream.objects.filter(authority=authority, active=True)
    if not membership.can(Capability.ENTER_ANY_RETURN):
        workstreams = workstreams.filter(leads=membership.user)
    returns = {
        r.workstream_id: r
        for r in QuarterlyReturn.objects.filter(period=period, workstream__in=workstreams)
    }
    return [EntryRow(w, returns.get(w.id), True) for w in workstreams.order_by("order", "name")]


def return_initial(quarterly_return: QuarterlyReturn) -> dict:
    from workstreams.services import NARRATIVE_FIELDS

    initial = {
        field: getattr(quarterly_return, field)
        for field in [
            "delivered_to_date",
            "forecast_outturn",
            "rag_override",
            "override_reason",
            *NARRATIVE_FIELDS,
        ]
    }
    initial["version"] = quarterly_return.version
    return initial


def trend_words(previous, current, *, unit: str, higher_is_better: bool) -> str:
    if previous is None:
        return "–"
    change = current - previous
    if change == 0:
        return "No change"
    size = (
        f"{abs(change):g} point{'s' if abs(change) != 1 else ''}"
        if unit == "percent"
        else f"{abs(change):g}"
    )
    better = (change > 0) == higher_is_better
    return f"{'Up' if change > 0 else 'Down'} {size} ({'better' if better else 'worse'})"


@dataclass(frozen=True)
class WorkstreamMeasures:
    workstream_id: int
    measures: tuple[MeasureLine, ...]


def workstream_measures(
    *, authority: Authority, audience: Audience
) -> tuple[WorkstreamMeasures, ...]:
    """Every workstream's measures, as its page shows them (the same for every audience:
    measures are published figures)."""
    measures = (
        Measure.objects.filter(workstream__authority=authority, workstream__active=True)
        .prefetch_related("values")
        .order_by("workstream_id", "name")
    )
    found = defaultdict(list)
    for measure in measures:
        found[measure.workstream_id].append(measure_line(measure))
    return tuple(WorkstreamMeasures(w, tuple(lines)) for w, lines in found.items())


def measure_line(measure) -> MeasureLine:
    values = list(measure.values.all())
    return MeasureLine(
        name=measure.name,
        unit=MeasureUnit(measure.unit),
        readings=tuple(
            Reading(
                label=value.label,
                numerator=value.numerator,
                denominator=value.denominator,
                value=value.value,
                trend=trend_words(
                    values[i - 1].value if i else None,
                    value.value,
                    unit=measure.unit,
                    higher_is_better=measure.higher_is_better,
                ),
                comparators=tuple(
                    (name, str(figure)) for name, figure in value.comparators.items()
                ),
                note=value.note,
            )
            for i, value in enumerate(values)
        ),
    )


def period_return_counts(period: ReportingPeriod) -> dict[str, int]:
    counts = dict(
        QuarterlyReturn.objects.filter(period=period)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in ReturnStatus.values}


def period_events(period: ReportingPeriod) -> list:
    """Sign-offs and reopenings, latest first, each with its reason."""
    events = period.history.select_related("history_user").order_by("-history_date")
    return [event for event in events if event.history_change_reason]


def without_approved_return(period: ReportingPeriod) -> list[str]:
    """The names of the authority's active workstreams with no approved return in the
    period, in the authority's order."""
    approved = QuarterlyReturn.objects.filter(period=period, status=ReturnStatus.APPROVED)
    return list(
        Workstream.objects.filter(authority_id=period.authority_id, active=True)
        .exclude(id__in=approved.values("workstream_id"))
        .order_by("order", "name")
        .values_list("name", flat=True)
    )


def targets_version(workstream: Workstream) -> str:
    """A fingerprint of every target version of the workstream: the targets form carries
    it, so a save made on targets someone has since changed is refused, not applied."""
    rows = SavingsTarget.objects.filter(workstream=workstream).order_by("pk")
    text = ";".join(
        f"{pk}:{year}:{since}:{amount}"
        for pk, year, since, amount in rows.values_list(
            "pk", "financial_year_id", "applies_from_id", "amount"
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def current_targets(workstream: Workstream) -> dict[int, Decimal]:
    """{financial year id: amount} of the newest version of each year's target."""
    versions = SavingsTarget.objects.filter(workstream=workstream).with_versions()
    return {t.financial_year_id: t.amount for t in targets_as_of(versions, None)}


@dataclass(frozen=True)
class ReviewFigures:
    """What a reviewer needs beside a return: the year's target as it applies to the
    return's quarter, the variance, and last quarter's return."""

    target: Decimal | None
    variance: Decimal | None
    previous: ReturnRef | None
    negative_saving: bool


def review_figures(quarterly_return: QuarterlyReturn) -> ReviewFigures:
    from workstreams.services import previous_return, target_for

    target = target_for(quarterly_return.workstream, quarterly_return.period)
    forecast = quarterly_return.forecast_outturn
    previous = previous_return(quarterly_return.workstream, quarterly_return.period)
    return ReviewFigures(
        target=target,
        variance=variance(target, forecast),
        previous=return_ref(previous) if previous else None,
        negative_saving=forecast is not None and forecast < 0,
    )
