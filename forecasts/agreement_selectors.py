"""The agreement page, read once, for an audience: the terms, the payment schedule with
its versions, received against outstanding, the conditions, the reports to the DfE, and
a headline of how far the forecast is from the agreement.

The Schools Forum reads what signed-off quarters read: no agreement or schedule version
applying only from an open quarter, and no report to the DfE not yet submitted.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from forecasts.agreements import agreement_at, agreements_of
from forecasts.computation import Headline, agreement_headline, year_label
from forecasts.models import Condition, Submission
from forecasts.models.agreement import InstalmentStatus, applies_since
from forecasts.selectors import ForecastNotVisible, ForecastOverview, forecast_overview
from hnb_monitor.choices import Audience
from hnb_monitor.models import Authority
from hnb_monitor.money import ZERO, format_money
from hnb_monitor.periods import period_key, visible_periods
from workstreams.choices import Rag

RECEIVED = {InstalmentStatus.PAID, InstalmentStatus.BACK_DATED}


@dataclass(frozen=True)
class InstalmentLine:
    year: str
    part: int
    amount: Decimal
    due_on: datetime.date | None
    status: str
    status_label: str
    paid_on: datetime.date | None
    reason: str


@dataclass(frozen=True)
class ScheduleVersion:
    number: int
    applies_from: str | None  # "Q2 2023/24"; None: from the start
    reason: str
    instalments: tuple[InstalmentLine, ...]
    total: Decimal
    received: Decimal
    difference: Decimal  # total less the agreement's DfE contribution

    @property
    def outstanding(self) -> Decimal:
        return self.total - self.received

    @property
    def gap(self) -> Decimal:
        """How far the total is from the DfE contribution, either way."""
        return abs(self.difference)

    def paid_in(self, year: str) -> Decimal | None:
        """The year's payments, parts added up; None if the version has none that year."""
        amounts = [line.amount for line in self.instalments if line.year == year]
        return sum(amounts, ZERO) if amounts else None


@dataclass(frozen=True)
class ConditionLine:
    id: int
    text: str
    owner: str
    evidence: str
    rag: Rag | None
    workstreams: tuple[str, ...]


@dataclass(frozen=True)
class SubmissionLine:
    id: int
    period: str | None
    due_on: datetime.date
    submitted_on: datetime.date | None
    feedback: str
    outcome: str
    instalment: str | None
    kept: bool  # its return is kept as submitted


@dataclass(frozen=True)
class AgreementPage:
    signed_on: datetime.date | None
    first_year: str
    last_year: str
    dfe_contribution: Decimal
    authority_contribution: Decimal
    balance_year: str | None
    applies_from: str | None
    notes: str
    planned: tuple[tuple[str, Decimal | None], ...]  # the original trajectory, by year

    versions: tuple[ScheduleVersion, ...]  # newest first
    conditions: tuple[ConditionLine, ...]
    submissions: tuple[SubmissionLine, ...]
    next_submission: SubmissionLine | None
    days_to_next: int | None  # negative once overdue
    headline: Headline | None
    earlier_agreements: int

    @property
    def missing_planned(self) -> tuple[str, ...]:
        return tuple(year for year, amount in self.planned if amount is None)

    @property
    def days_overdue(self) -> int:
        return -self.days_to_next if self.days_to_next and self.days_to_next < 0 else 0

    @property
    def current(self) -> ScheduleVersion | None:
        return self.versions[0] if self.versions else None

    @property
    def comparison(self) -> tuple[tuple[str, tuple[Decimal | None, ...]], ...]:
        """Each year's payments in every version, oldest version first, side by side."""
        oldest_first = tuple(reversed(self.versions))
        years = sorted({line.year for v in oldest_first for line in v.instalments})
        return tuple((year, tuple(v.paid_in(year) for v in oldest_first)) for year in years)


def agreement_page(
    *, authority: Authority, audience: Audience, today: datetime.date
) -> AgreementPage | None:
    """None when the authority has no agreement the audience may see."""
    agreements = agreements_of(authority.pk)
    key = None if audience.sees_drafts else latest_locked_key(authority, audience)
    agreement = agreement_at(agreements, key)
    if agreement is None:
        return None
    # Every version of the payments the audience may see, of this agreement and of those
    # it varied: a variation carries the payments on, and their history with them.
    shown = [a for a in agreements if key is None or applies_since(a) <= key]
    versions = sorted(
        (
            (applies_since(a), applies_since(s), s.number, s)
            for a in shown
            for s in a.schedules.all()
            if key is None or applies_since(s) <= key
        ),
        key=lambda entry: entry[:3],
        reverse=True,
    )
    submissions = submissions_of(authority, audience)
    upcoming = [s for s in submissions if s.submitted_on is None]
    next_submission = min(upcoming, key=lambda s: s.due_on, default=None)
    return AgreementPage(
        signed_on=agreement.signed_on,
        first_year=agreement.first_year.label,
        last_year=agreement.last_year.label,
        dfe_contribution=agreement.dfe_contribution,
        authority_contribution=agreement.authority_contribution,
        balance_year=agreement.balance_year.label if agreement.balance_year else None,
        applies_from=agreement.applies_from.label if agreement.applies_from else None,
        notes=agreement.notes,
        planned=planned_of(agreement),
        versions=tuple(
            schedule_version(entry[-1], agreement.dfe_contribution) for entry in versions
        ),
        conditions=conditions_of(authority),
        submissions=tuple(submissions),
        next_submission=next_submission,
        days_to_next=(next_submission.due_on - today).days if next_submission else None,
        headline=headline(authority, audience, agreement),
        earlier_agreements=sum(applies_since(a) < applies_since(agreement) for a in agreements),
    )


def planned_of(agreement) -> tuple[tuple[str, Decimal | None], ...]:
    """Each year of the term and its planned deficit; None where not entered yet."""
    planned = {
        y.financial_year.start_year: y.planned_in_year_deficit for y in agreement.years.all()
    }
    return tuple(
        (year_label(start), planned.get(start))
        for start in range(agreement.first_year.start_year, agreement.last_year.start_year + 1)
    )


def latest_locked_key(authority: Authority, audience: Audience) -> tuple[int, int]:
    periods = list(visible_periods(authority, audience))
    return period_key(periods[-1]) if periods else (0, 0)


def schedule_version(schedule, dfe_contribution: Decimal) -> ScheduleVersion:
    lines = tuple(
        InstalmentLine(
            year=i.financial_year.label,
            part=i.part,
            amount=i.amount,
            due_on=i.due_on,
            status=i.status,
            status_label=i.get_status_display(),
            paid_on=i.paid_on,
            reason=i.reason,
        )
        for i in schedule.instalments.all()
    )
    total = sum((line.amount for line in lines), ZERO)
    return ScheduleVersion(
        number=schedule.number,
        applies_from=schedule.applies_from.label if schedule.applies_from else None,
        reason=schedule.reason,
        instalments=lines,
        total=total,
        received=sum((line.amount for line in lines if line.status in RECEIVED), ZERO),
        difference=total - dfe_contribution,
    )


def conditions_of(authority: Authority) -> tuple[ConditionLine, ...]:
    """The conditions, whichever agreement or variation recorded them."""
    conditions = Condition.objects.filter(agreement__authority=authority).prefetch_related(
        "workstreams"
    )
    return tuple(
        ConditionLine(
            id=c.pk,
            text=c.text,
            owner=c.owner,
            evidence=c.evidence,
            rag=Rag(c.rag) if c.rag else None,
            workstreams=tuple(w.name for w in sorted(c.workstreams.all(), key=lambda w: w.order)),
        )
        for c in conditions
    )


def submissions_of(authority: Authority, audience: Audience) -> list[SubmissionLine]:
    """The reporting calendar; the Forum sees each report's content once it is submitted,
    and of the rest only when it is due."""
    found = (
        Submission.objects.filter(agreement__authority=authority)
        .select_related("period__financial_year", "instalment__financial_year")
        .annotate(kept=Count("kept_return"))
    )
    lines = []
    for s in found:
        shown = audience.sees_drafts or s.submitted_on is not None
        lines.append(
            SubmissionLine(
                id=s.pk,
                period=s.period.label if s.period else None,
                due_on=s.due_on,
                submitted_on=s.submitted_on,
                feedback=s.feedback if shown else "",
                outcome=s.get_outcome_display() if shown else "",
                instalment=instalment_words(s.instalment) if s.instalment else None,
                kept=bool(s.kept),
            )
        )
    return lines


def instalment_words(instalment) -> str:
    part = f", part {instalment.part}" if instalment.part != 1 else ""
    return (
        f"{instalment.financial_year.label}{part}, {format_money(instalment.amount, symbol=True)}"
    )


def headline(authority: Authority, audience: Audience, agreement) -> Headline | None:
    try:
        overview = forecast_overview(authority=authority, period=None, audience=audience)
    except ForecastNotVisible:
        return None
    return headline_of(overview, agreement.first_year.label, agreement.last_year.label)


def headline_of(overview: ForecastOverview, first_year: str, last_year: str) -> Headline | None:
    return agreement_headline(
        forecast=overview.period.label,
        this_year=overview.period.year_label,
        years=overview.year_labels,
        opening=overview.opening_retained_deficit,
        values=overview.values_of,
        first_year=first_year,
        last_year=last_year,
    )
