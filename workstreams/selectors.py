"""Reads of the savings programme, each in a fixed number of queries.

Query counts must not grow with the number of workstreams, years or returns
(issue 3), so every function here fetches whole sets once and joins in Python.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from hnb_monitor.choices import Audience, PeriodStatus
from hnb_monitor.models import Authority, Membership, ReportingPeriod
from hnb_monitor.money import ZERO
from hnb_monitor.periods import period_key
from workstreams.choices import RAG_ORDER, Rag, ReturnStatus
from workstreams.models import QuarterlyReturn, SavingsTarget, Workstream


def visible_returns(audience: Audience) -> QuerySet[QuarterlyReturn]:
    """Staff see every return; the Forum approved returns of signed-off periods only."""
    returns = QuarterlyReturn.objects.all()
    if not audience.sees_drafts:
        returns = returns.filter(status=ReturnStatus.APPROVED).exclude(
            period__status=PeriodStatus.OPEN
        )
    return returns


@dataclass
class YearTotals:
    """None where nothing was entered: a blank is not a zero."""

    year: str
    target: Decimal | None = None
    delivered: Decimal | None = None
    forecast: Decimal | None = None

    @property
    def variance(self) -> Decimal | None:
        if self.forecast is None or self.target is None:
            return None
        return self.forecast - self.target


def add(total: Decimal | None, amount: Decimal | None) -> Decimal | None:
    if amount is None:
        return total
    return (total or ZERO) + amount


@dataclass
class WorkstreamRow:
    workstream: Workstream
    target: Decimal | None
    quarterly_return: QuarterlyReturn | None

    @property
    def delivered(self):
        return self.quarterly_return.delivered_to_date if self.quarterly_return else None

    @property
    def forecast(self):
        return self.quarterly_return.forecast_outturn if self.quarterly_return else None

    @property
    def variance(self):
        if self.forecast is None or self.target is None:
            return None
        return self.forecast - self.target

    @property
    def rag(self) -> Rag | None:
        return self.quarterly_return.rag_choice if self.quarterly_return else None

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


@dataclass
class Dashboard:
    period: ReportingPeriod
    rows: list[WorkstreamRow]
    years: list[YearTotals]
    rag_counts: dict[str, int]
    rag_history: list[tuple[ReportingPeriod, dict[str, int]]] = field(default_factory=list)

    @property
    def no_rag_count(self) -> int:
        return self.rag_counts.get("", 0)


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


def dashboard(
    *,
    authority: Authority,
    membership: Membership,
    period: ReportingPeriod,
    workstreams: QuerySet[Workstream],
    history_quarters: int = 4,
) -> Dashboard:
    """Totals per year, RAG counts, one row per (filtered) workstream, and RAG history."""
    workstreams = list(
        workstreams.filter(authority=authority, active=True)
        .select_related("authority")
        .prefetch_related(Prefetch("leads"))
    )
    ids = [w.id for w in workstreams]
    returns = list(
        visible_returns(membership.audience)
        .filter(workstream_id__in=ids)
        .filter(period__authority=authority)
        .select_related("period__financial_year")
        .order_by("period__financial_year__start_year", "period__quarter")
    )
    upto = period_key(period)
    returns_upto = [r for r in returns if period_key(r.period) <= upto]
    targets = list(
        SavingsTarget.objects.filter(workstream_id__in=ids).select_related("financial_year")
    )

    this_period = {r.workstream_id: r for r in returns_upto if r.period_id == period.id}
    year_target = {
        t.workstream_id: t.amount
        for t in targets
        if t.financial_year_id == period.financial_year_id
    }
    rows = [WorkstreamRow(w, year_target.get(w.id), this_period.get(w.id)) for w in workstreams]

    years: dict[int, YearTotals] = {}
    for target in targets:
        if target.financial_year.start_year > period.financial_year.start_year:
            continue
        totals = years.setdefault(
            target.financial_year.start_year, YearTotals(target.financial_year.label)
        )
        totals.target = add(totals.target, target.amount)
    for quarterly_return in latest_by_workstream_year(returns_upto).values():
        year = quarterly_return.period.financial_year
        totals = years.setdefault(year.start_year, YearTotals(year.label))
        totals.delivered = add(totals.delivered, quarterly_return.delivered_to_date)
        totals.forecast = add(totals.forecast, quarterly_return.forecast_outturn)

    rag_counts = Counter(row.quarterly_return.rag if row.quarterly_return else "" for row in rows)

    by_period = defaultdict(Counter)
    periods = {}
    for quarterly_return in returns_upto:
        by_period[quarterly_return.period_id][quarterly_return.rag] += 1
        periods[quarterly_return.period_id] = quarterly_return.period
    recent = sorted(periods.values(), key=period_key)[-history_quarters:]
    rag_history = [
        (p, {rag.value: by_period[p.id][rag.value] for rag in RAG_ORDER}) for p in recent
    ]

    return Dashboard(
        period=period,
        rows=rows,
        years=[years[start] for start in sorted(years)],
        rag_counts={rag.value: rag_counts.get(rag.value, 0) for rag in RAG_ORDER}
        | {"": rag_counts.get("", 0)},
        rag_history=rag_history,
    )


@dataclass
class YearLine:
    year: str
    target: Decimal | None = None
    delivered: Decimal | None = None
    forecast: Decimal | None = None

    @property
    def variance(self):
        if self.target is None or self.forecast is None:
            return None
        return self.forecast - self.target


@dataclass
class Change:
    when: object
    who: str
    what: str
    field: str
    old: str
    new: str


@dataclass
class WorkstreamDetail:
    years: list[YearLine]
    returns: list[QuarterlyReturn]
    measures: list
    risks: list
    milestones: list
    changes: list[Change]


def display_value(record, field_name: str, value, names: dict | None = None) -> str:
    """A field's value as a person reads it: names for related records, words for choices,
    dates in full, Yes or No, money as the papers print it."""
    if value is None or value == "":
        return "–"
    if names and field_name in names:
        return names[field_name].get(value, str(value))
    model_field = record.instance_type._meta.get_field(field_name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return f"{value:%-d %B %Y}"
    if isinstance(value, Decimal) and model_field.get_internal_type() == "DecimalField":
        from hnb_monitor.money import format_money

        return "£" + format_money(value, pence=value != value.to_integral_value())
    return str(value)


def name_of(obj) -> str:
    """A related record as people know it: a user by name, anything else as it prints."""
    if hasattr(obj, "get_full_name"):
        return obj.get_full_name() or obj.get_username()
    return str(obj)


HIDDEN_CHANGE_FIELDS = {"version", "suggested_rag", "rag", "submitted_at", "approved_at"}


def changes_of(history, describe) -> list[Change]:
    """Who changed what, when, old → new, from a history queryset (oldest first).

    A changed foreign key is shown by the name of the record it points to, looked up once
    per related model for the whole history.
    """
    history = list(history)
    deltas = []
    previous_by_object = {}
    for record in history:
        previous = previous_by_object.get(record.id)
        changed = []
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous, excluded_fields=["leads"])
            changed = [c for c in delta.changes if c.field not in HIDDEN_CHANGE_FIELDS]
        deltas.append((record, changed))
        previous_by_object[record.id] = record
    names = related_names(deltas)

    changes = []
    for record, changed in deltas:
        who = name_of(record.history_user) if record.history_user else "System (data load)"
        label = describe(record)
        if record.history_type == "+":
            changes.append(Change(record.history_date, who, label, "Created", "", ""))
        elif record.history_type == "-":
            changes.append(Change(record.history_date, who, label, "Deleted", "", ""))
        for change in changed:
            verbose = record.instance_type._meta.get_field(change.field).verbose_name
            changes.append(
                Change(
                    record.history_date,
                    who,
                    label,
                    str(verbose).capitalize(),
                    display_value(record, change.field, change.old, names),
                    display_value(record, change.field, change.new, names),
                )
            )
        if record.history_change_reason:
            changes.append(
                Change(record.history_date, who, label, "Reason", "", record.history_change_reason)
            )
    return changes


def related_names(deltas) -> dict[str, dict]:
    """{field name: {id: name}} for the foreign keys that changed: one query per model."""
    ids_by_field: dict[str, set] = defaultdict(set)
    models_by_field = {}
    for record, changed in deltas:
        for change in changed:
            model_field = record.instance_type._meta.get_field(change.field)
            if model_field.is_relation and model_field.many_to_one:
                models_by_field[change.field] = model_field.related_model
                ids_by_field[change.field] |= {v for v in (change.old, change.new) if v}
    names = {}
    for field_name, ids in ids_by_field.items():
        objects = models_by_field[field_name].objects.in_bulk(ids)
        names[field_name] = {pk: name_of(obj) for pk, obj in objects.items()}
    return names


def workstream_detail(*, workstream: Workstream, membership: Membership) -> WorkstreamDetail:
    targets = list(
        SavingsTarget.objects.filter(workstream=workstream).select_related("financial_year")
    )
    returns = list(
        visible_returns(membership.audience)
        .filter(workstream=workstream)
        .select_related("period__financial_year", "submitted_by", "approved_by")
        .order_by("period__financial_year__start_year", "period__quarter")
    )
    years: dict[int, YearLine] = {}
    for target in targets:
        year = target.financial_year
        years.setdefault(year.start_year, YearLine(year.label)).target = target.amount
    for quarterly_return in latest_by_workstream_year(returns).values():
        year = quarterly_return.period.financial_year
        line = years.setdefault(year.start_year, YearLine(year.label))
        line.delivered = quarterly_return.delivered_to_date
        line.forecast = quarterly_return.forecast_outturn

    periods = {r.period_id: r.period for r in returns}
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
    if not membership.audience.sees_drafts:
        return_history = return_history.filter(period_id__in=list(periods))
    history += changes_of(return_history, lambda record: f"Return {record.period.label}")
    history.sort(key=lambda change: change.when, reverse=True)

    from workstreams.models import Measure

    return WorkstreamDetail(
        years=[years[start] for start in sorted(years)],
        returns=list(reversed(returns)),
        measures=[
            (measure, measure_readings(measure))
            for measure in Measure.objects.filter(workstream=workstream).prefetch_related("values")
        ],
        risks=sorted(workstream.risks.all(), key=lambda risk: -risk.score),
        milestones=list(workstream.milestones.all()),
        changes=history,
    )


@dataclass
class EntryRow:
    workstream: Workstream
    quarterly_return: QuarterlyReturn | None
    may_edit: bool


def returns_for_entry(*, authority, period, membership) -> list[EntryRow]:
    """The open period's returns: an officer's own workstreams, or all for finance."""
    workstreams = Workstream.objects.filter(authority=authority, active=True)
    if membership.role == "officer":
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


@dataclass
class ConflictLine:
    label: str
    yours: str
    theirs: str


@dataclass
class Conflict:
    saved_by: str
    saved_at: object
    lines: list[ConflictLine]


def return_conflict(current: QuarterlyReturn, yours: dict) -> Conflict:
    latest = current.history.select_related("history_user").order_by("-history_date").first()
    who = "someone"
    if latest and latest.history_user:
        who = latest.history_user.get_full_name() or latest.history_user.username
    lines = []
    from workstreams.services import RETURN_FIELDS

    for name in RETURN_FIELDS:
        if name not in yours:
            continue
        theirs = getattr(current, name)
        mine = yours[name]
        if (theirs or None) != (mine or None):
            field = QuarterlyReturn._meta.get_field(name)
            shown = [
                display_value(latest or current.history.first(), name, v) for v in (mine, theirs)
            ]
            lines.append(ConflictLine(str(field.verbose_name).capitalize(), *shown))
    return Conflict(who, latest.history_date if latest else None, lines)


def milestones_by_year(milestones) -> list[tuple[int, list]]:
    """The timeline grouped by calendar year, for the three-year view (seed 001)."""
    years = defaultdict(list)
    for milestone in milestones:
        years[milestone.date.year].append(milestone)
    return sorted(years.items())


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


def measure_readings(measure) -> list[tuple]:
    values = list(measure.values.all())
    return [
        (
            value,
            trend_words(
                values[i - 1].value if i else None,
                value.value,
                unit=measure.unit,
                higher_is_better=measure.higher_is_better,
            ),
        )
        for i, value in enumerate(values)
    ]
