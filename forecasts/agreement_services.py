"""Writes of the safety-valve agreement's payment schedule.

An instalment's amount and year are forecast figures: a signed-off quarter's forecast
shows the payments it was signed off with, for ever. So once such a quarter has read a
version of the schedule, its amounts are never changed in place; the payments are
re-profiled instead, as a new version applying from the open quarter, with a reason.
An instalment's status, dates and reason are its record, not a forecast figure: they can
be kept up to date on any version.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from forecasts.agreements import agreement_at, agreements_of, schedule_at
from forecasts.models import Agreement, AgreementYear, Forecast, Instalment, PaymentSchedule
from forecasts.models.agreement import InstalmentStatus
from hnb_monitor.choices import PeriodStatus
from hnb_monitor.models import FinancialYear
from hnb_monitor.periods import latest_open_period, period_key


@dataclass(frozen=True)
class InstalmentRow:
    """One instalment as a form or a loader gives it."""

    financial_year: FinancialYear
    amount: Decimal
    part: int = 1
    due_on: date | None = None
    status: str = InstalmentStatus.DUE
    paid_on: date | None = None
    reason: str = ""


def quarters_reading(schedule: PaymentSchedule) -> list[str]:
    """The signed-off or published quarters whose forecast reads this schedule version."""
    return locked_quarters_reading(schedule.agreement.authority_id, schedule=schedule)


def locked_quarters_reading(authority_id: int, *, agreement=None, schedule=None) -> list[str]:
    """The signed-off or published quarters whose forecast reads this agreement, or this
    version of its payment schedule."""
    agreements = agreements_of(authority_id)
    locked = Forecast.objects.filter(
        period__authority_id=authority_id,
        period__status__in=[PeriodStatus.SIGNED_OFF, PeriodStatus.PUBLISHED],
    ).select_related("period__financial_year")
    reading = []
    for forecast in locked:
        key = period_key(forecast.period)
        applied = agreement_at(agreements, key)
        if applied is None:
            continue
        if schedule is not None:
            applied_schedule = schedule_at(applied, key)
            if applied_schedule is not None and applied_schedule.pk == schedule.pk:
                reading.append(forecast.period.label)
        elif applied.pk == agreement.pk:
            reading.append(forecast.period.label)
    return reading


def amounts_of(rows) -> dict[tuple[int, int], Decimal]:
    return {(row.financial_year.pk, row.part): row.amount for row in rows}


@transaction.atomic
def save_instalments(*, schedule: PaymentSchedule, rows: list[InstalmentRow]) -> None:
    """Replace the version's instalments with `rows`. Refused if it would change what a
    signed-off quarter's forecast read: re-profile instead."""
    schedule = PaymentSchedule.objects.select_for_update().get(pk=schedule.pk)
    current = list(schedule.instalments.select_related("financial_year"))
    if amounts_of(current) != amounts_of(rows):
        reading = quarters_reading(schedule)
        if reading:
            raise ValidationError(
                f"Version {schedule.number} of the payment schedule is what the forecast of "
                f"{', '.join(reading)} was signed off with, so its amounts cannot change: "
                "re-profile the payments as a new version, with the reason."
            )
    kept = {(i.financial_year_id, i.part): i for i in current}
    for row in rows:
        instalment = kept.pop((row.financial_year.pk, row.part), None) or Instalment(
            schedule=schedule, financial_year=row.financial_year, part=row.part
        )
        for field in ("amount", "due_on", "status", "paid_on", "reason"):
            setattr(instalment, field, getattr(row, field))
        instalment.save()
    for gone in kept.values():
        gone.delete()


@transaction.atomic
def reprofile(*, schedule: PaymentSchedule, rows: list[InstalmentRow], reason: str, user):
    """A new version of the payments, applying from the authority's open quarter on; the
    earlier version stays, read by the quarters before."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the payments are re-profiled"})
    agreement = schedule.agreement
    opening = latest_open_period(agreement.authority)
    if opening is None:
        raise ValidationError("No quarter is open: open the next quarter, then re-profile")
    # Locked through a plain query: an agreement read with its schedules carries their
    # optional quarter, an outer join PostgreSQL will not lock across.
    newest = (
        PaymentSchedule.objects.select_for_update()
        .filter(agreement=agreement)
        .order_by("-number")
        .first()
    )
    version = PaymentSchedule.objects.create(
        agreement=agreement,
        number=newest.number + 1,
        reason=reason,
        applies_from=opening,
        created_by=user,
    )
    for row in rows:
        Instalment.objects.create(
            schedule=version,
            financial_year=row.financial_year,
            part=row.part,
            amount=row.amount,
            due_on=row.due_on,
            status=row.status,
            paid_on=row.paid_on,
            reason=row.reason,
        )
    return version


def rows_of(schedule: PaymentSchedule) -> list[InstalmentRow]:
    """A version's instalments as rows, to copy or change."""
    return [
        InstalmentRow(
            financial_year=i.financial_year,
            amount=i.amount,
            part=i.part,
            due_on=i.due_on,
            status=i.status,
            paid_on=i.paid_on,
            reason=i.reason,
        )
        for i in schedule.instalments.select_related("financial_year")
    ]


# The agreement's terms -------------------------------------------------------------------


def quarters_reading_agreement(agreement: Agreement) -> list[str]:
    """The signed-off or published quarters whose forecast reads this agreement."""
    return locked_quarters_reading(agreement.authority_id, agreement=agreement)


TERMS = [
    "signed_on",
    "first_year",
    "last_year",
    "dfe_contribution",
    "authority_contribution",
    "balance_year",
    "notes",
]


@transaction.atomic
def save_agreement(
    *, authority, agreement: Agreement | None, terms: dict, planned: dict, reason: str, user
) -> Agreement:
    """Record the agreement, or change it. Its planned deficits are what signed-off
    quarters' variances were measured against: once a signed-off forecast has read them,
    changing them records a variation instead (a new agreement from the open quarter,
    with its reason, starting from the same payments); the earlier agreement is kept."""
    if terms["first_year"].start_year > terms["last_year"].start_year:
        raise ValidationError({"last_year": "The last year must not be before the first year"})
    first, last = terms["first_year"].start_year, terms["last_year"].start_year
    # Every year of the term goes in the calendar, so the form can ask for its planned
    # deficit; a year the term gains has none until it is entered (the page asks).
    for start in range(first, last + 1):
        FinancialYear.objects.get_or_create(start_year=start)
    planned = {year: amount for year, amount in planned.items() if first <= year.start_year <= last}
    if agreement is not None:
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        held = {y.financial_year: y.planned_in_year_deficit for y in agreement.years.all()}
        if held != planned and quarters_reading_agreement(agreement):
            return record_variation(agreement, terms, planned, reason, user)
    agreement = agreement or Agreement(authority=authority)
    for name in TERMS:
        setattr(agreement, name, terms[name])
    agreement._history_user = user
    agreement.save()
    agreement.years.exclude(financial_year__in=list(planned)).delete()
    for year, amount in planned.items():
        AgreementYear.objects.update_or_create(
            agreement=agreement, financial_year=year, defaults={"planned_in_year_deficit": amount}
        )
    if not agreement.schedules.exists():
        PaymentSchedule.objects.create(agreement=agreement, number=1, created_by=user)
    return agreement


def record_variation(agreement: Agreement, terms: dict, planned: dict, reason: str, user):
    reason = reason.strip()
    reading = quarters_reading_agreement(agreement)
    if not reason:
        raise ValidationError(
            {
                "variation_reason": "The planned deficits are what "
                f"{', '.join(reading)} {'was' if len(reading) == 1 else 'were'} signed off "
                "with: say what the variation changes and why, and it is recorded as a "
                "variation from the open quarter"
            }
        )
    opening = latest_open_period(agreement.authority)
    if opening is None:
        raise ValidationError(
            "No quarter is open: open the next quarter, then record the variation"
        )
    current = schedule_at(agreement, None)
    variation = Agreement.objects.create(
        authority=agreement.authority,
        applies_from=opening,
        variation_reason=reason,
        **{name: terms[name] for name in TERMS},
    )
    for year, amount in planned.items():
        AgreementYear.objects.create(
            agreement=variation, financial_year=year, planned_in_year_deficit=amount
        )
    # The payments carry on into the variation as the next version of the schedule.
    schedule = PaymentSchedule.objects.create(
        agreement=variation,
        number=current.number + 1 if current else 1,
        created_by=user,
        reason=f"Carried into the variation of {opening.label}",
    )
    for row in rows_of(current) if current else []:
        Instalment.objects.create(schedule=schedule, **row.__dict__)
    return variation
