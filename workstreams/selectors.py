"""Reads of the savings programme, each in a fixed number of queries.

Query counts must not grow with the number of workstreams, years or returns, so every
function here fetches whole sets once and joins in Python. The page-level reads
(`dashboard`, `workstream_page`, `risk_register`, `milestone_timeline`) take an audience
and return plain frozen values that a published paper can keep as JSON.
"""

import datetime
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from forecasts.computation import Headline
from hnb_monitor.choices import Audience, Capability, MissingReturns, PeriodStatus
from hnb_monitor.history import Change, changes_of, user_name
from hnb_monitor.models import Authority, ReportingPeriod
from hnb_monitor.money import ZERO
from hnb_monitor.periods import PeriodRef, period_key, period_ref
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


def workstream_ref(workstream: Workstream) -> WorkstreamRef:
    """Leads come from `workstream.leads.all()`: prefetch them when reading many."""
    return WorkstreamRef(
        id=workstream.pk,
        name=workstream.name,
        theme=workstream.theme,
        schedule=Schedule(workstream.schedule),
        safety_valve=workstream.safety_valve,
        description=workstream.description,
        leads=tuple(user_name(lead) for lead in workstream.leads.all()),
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


def add(total: Decimal | None, amount: Decimal | None) -> Decimal | None:
    if amount is None:
        return total
    return (total or ZERO) + amount


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


def year_totals(targets, returns) -> tuple[YearTotals, ...]:
    """Targets summed per year; delivered and forecast from each workstream's latest return
    of each year (returns sorted oldest first)."""
    years: dict[int, dict] = {}

    def year_of(financial_year) -> dict:
        return years.setdefault(financial_year.start_year, {"year": financial_year.label})

    for target in targets:
        totals = year_of(target.financial_year)
        totals["target"] = add(totals.get("target"), target.amount)
    for quarterly_return in latest_by_workstream_year(returns).values():
        totals = year_of(quarterly_return.period.financial_year)
        totals["delivered"] = add(totals.get("delivered"), quarterly_return.delivered_to_date)
        totals["forecast"] = add(totals.get("forecast"), quarterly_return.forecast_outturn)
    return tuple(YearTotals(**years[start]) for start in sorted(years))


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


def without_the_left_out(returns: list[QuarterlyReturn], period) -> list[QuarterlyReturn]:
    """The sign-off left the workstreams without a return of their own that quarter out of
    its figures: none of their returns of that year counts for it."""
    own = {r.workstream_id for r in returns if r.period_id == period.id}
    return [
        r
        for r in returns
        if r.workstream_id in own or r.period.financial_year_id != period.financial_year_id
    ]


def workstream_years(targets, latest, period) -> dict[int, tuple[WorkstreamYear, ...]]:
    """Each workstream's years up to the quarter's, from the targets and the latest return
    of each year already read for the dashboard (no further query)."""
    target_of = {(t.workstream_id, t.financial_year.start_year): t.amount for t in targets}
    return_of = {
        (workstream_id, r.period.financial_year.start_year): r
        for (workstream_id, _year), r in latest.items()
    }
    labels = {t.financial_year.start_year: t.financial_year.label for t in targets}
    labels |= {
        r.period.financial_year.start_year: r.period.financial_year.label for r in latest.values()
    }
    found = defaultdict(list)
    for workstream_id, start in sorted(set(target_of) | set(return_of), key=lambda k: k[1]):
        if start > period.financial_year.start_year:
            continue
        quarterly_return = return_of.get((workstream_id, start))
        found[workstream_id].append(
            WorkstreamYear(
                year=labels[start],
                target=target_of.get((workstream_id, start)),
                delivered=quarterly_return.delivered_to_date if quarterly_return else None,
                forecast=quarterly_return.forecast_outturn if quarterly_return else None,
                current=start == period.financial_year.start_year,
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
) -> Dashboard:
    """Totals per year, RAG counts, one row per (filtered) workstream, and RAG history."""
    workstreams = list(
        (workstreams if workstreams is not None else Workstream.objects.all())
        .filter(authority=authority, active=True)
        .prefetch_related(Prefetch("leads"))
    )
    ids = [w.id for w in workstreams]
    returns = list(
        visible_returns(audience)
        .filter(workstream_id__in=ids)
        .filter(period__authority=authority)
        .select_related("period__financial_year")
        .order_by("period__financial_year__start_year", "period__quarter")
    )
    upto = period_key(period)
    returns_upto = [r for r in returns if period_key(r.period) <= upto]
    if period.missing_returns == MissingReturns.LEAVE_OUT:
        returns_upto = without_the_left_out(returns_upto, period)
    # The targets as they applied to this quarter: a change after its sign-off is not one.
    targets = targets_as_of(
        SavingsTarget.objects.filter(workstream_id__in=ids).with_versions(), upto
    )

    latest = latest_by_workstream_year(returns_upto)
    this_year = {
        workstream_id: return_ref(r)
        for (workstream_id, year_id), r in latest.items()
        if year_id == period.financial_year_id
    }
    year_target = {
        t.workstream_id: t.amount
        for t in targets
        if t.financial_year_id == period.financial_year_id
    }
    years = workstream_years(targets, latest, period)
    rows = tuple(
        WorkstreamRow(
            workstream_ref(w),
            year_target.get(w.id),
            this_year.get(w.id),
            period.code,
            years.get(w.id, ()),
        )
        for w in workstreams
    )
    rag_counts = Counter(row.rag.value if row.rag else "" for row in rows)

    by_period = defaultdict(Counter)
    periods = {}
    for quarterly_return in returns_upto:
        by_period[quarterly_return.period_id][quarterly_return.rag] += 1
        periods[quarterly_return.period_id] = quarterly_return.period
    recent = sorted(periods.values(), key=period_key)[-history_quarters:]

    return Dashboard(
        audience=audience,
        period=period_ref(period),
        rows=rows,
        years=year_totals(
            [t for t in targets if t.financial_year.start_year <= period.financial_year.start_year],
            returns_upto,
        ),
        rag_counts={rag.value: rag_counts.get(rag.value, 0) for rag in RAG_ORDER}
        | {"": rag_counts.get("", 0)},
        rag_history=tuple(
            RagCounts(p.label, {rag.value: by_period[p.id][rag.value] for rag in RAG_ORDER})
            for p in recent
        ),
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
        years=year_totals(targets, returns),
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
