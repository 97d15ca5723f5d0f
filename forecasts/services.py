"""Finance's writes to a forecast. Each saves only what changed, so history stays true."""

from django.core.exceptions import ValidationError
from django.db import transaction

from forecasts.agreements import agreement_at, agreements_of
from forecasts.computation import year_label
from forecasts.models import (
    Forecast,
    ForecastYear,
    HistoryYear,
    InvestToTransform,
    ScheduleAmount,
    ScheduleItem,
    StatedProjection,
    guard_period,
)
from hnb_monitor.locking import EditConflict, model_update
from hnb_monitor.models import FinancialYear
from hnb_monitor.periods import period_key


def _save_changed(instance, values: dict) -> int:
    return int(bool(model_update(instance=instance, data=values)))


def _lock(forecast: Forecast, expected_version: int) -> Forecast:
    """The forecast, locked for this transaction, if it is still the version the form had.

    One version covers the entered lines and every schedule: each save moves it on, so two
    people editing at once never overwrite each other silently.
    """
    current = Forecast.objects.select_for_update().select_related("period").get(pk=forecast.pk)
    guard_period(current.period)
    if current.version != expected_version:
        raise EditConflict(current)
    return current


def _next_version(forecast: Forecast, changed: int) -> None:
    if changed:
        forecast.version += 1
        forecast.save(update_fields=["version"])


@transaction.atomic
def save_entered_lines(
    *, forecast: Forecast, expected_version: int, opening_retained_deficit, columns
) -> int:
    """`columns`: (ForecastYear, {line: value}) pairs. Returns how many records changed."""
    forecast = _lock(forecast, expected_version)
    changed = _save_changed(forecast, {"opening_retained_deficit": opening_retained_deficit})
    for column, values in columns:
        changed += _save_changed(column, values)
    _next_version(forecast, changed)
    return changed


@transaction.atomic
def save_schedule_items(*, forecast: Forecast, expected_version: int, schedule: str, rows) -> int:
    """`rows`: (ScheduleItem or None, cleaned data, {FinancialYear: amount or None}).

    A row marked `remove` deletes its item; a new row with a description adds one.
    """
    forecast = _lock(forecast, expected_version)
    changed = 0
    for order, (item, data, amounts) in enumerate(rows, start=1):
        if item is not None and data.get("remove"):
            item.delete()
            changed += 1
            continue
        if item is None:
            if not data.get("description"):
                continue
            item = ScheduleItem.objects.create(
                forecast=forecast,
                schedule=schedule,
                description=data["description"],
                workstream=data.get("workstream"),
                order=order * 10,
            )
            changed += 1
        else:
            changed += _save_changed(
                item, {"description": data["description"], "workstream": data.get("workstream")}
            )
        existing = {a.financial_year_id: a for a in item.amounts.all()}
        for year, amount in amounts.items():
            current = existing.get(year.id)
            if amount is None:
                if current is not None:
                    current.delete()
                    changed += 1
            elif current is None:
                ScheduleAmount.objects.create(item=item, financial_year=year, amount=amount)
                changed += 1
            else:
                changed += _save_changed(current, {"amount": amount})
    _next_version(forecast, changed)
    return changed


# A first forecast spans the safety-valve window as the paper sets it out: two years of
# outturn before the quarter's year and two years of forecast after it (seed 000), or on
# to the last year of the agreement, if that is later.
YEARS_BEFORE, YEARS_AFTER = 2, 2


def agreement_last_year(period) -> int | None:
    """The last year of the safety-valve agreement that applies to the quarter."""
    agreement = agreement_at(agreements_of(period.authority_id), period_key(period))
    return agreement.last_year.start_year if agreement else None


@transaction.atomic
def start_blank_forecast(*, period) -> Forecast:
    """An authority's first forecast: the columns in place, every figure zero to fill in."""
    guard_period(period)
    if Forecast.objects.filter(period=period).exists():
        raise ValidationError(f"{period.label} already has a forecast")
    forecast = Forecast.objects.create(period=period, opening_retained_deficit=0)
    start = period.financial_year.start_year
    last = max(start + YEARS_AFTER, agreement_last_year(period) or start)
    for year in range(start - YEARS_BEFORE, last + 1):
        financial_year, _ = FinancialYear.objects.get_or_create(start_year=year)
        ForecastYear.objects.create(
            forecast=forecast, financial_year=financial_year, is_outturn=year < start
        )
    return forecast


@transaction.atomic
def start_forecast(*, period, source: Forecast) -> Forecast:
    """Begin a quarter's forecast as a copy of the last one, as finance does in Excel.

    Every entered figure and schedule item is carried over; finance then changes what moved,
    and the movement table shows exactly that.
    """
    guard_period(period)
    if Forecast.objects.filter(period=period).exists():
        raise ValidationError(f"{period.label} already has a forecast")
    if source.period.authority_id != period.authority_id:
        raise ValidationError("A forecast can only be copied within its own authority")
    forecast = Forecast.objects.create(
        period=period,
        opening_retained_deficit=source.opening_retained_deficit,
        notes=source.notes,
    )
    columns = list(source.years.select_related("financial_year"))
    for column in columns:
        column.pk = None
        column.forecast = forecast
        column.save()
    # The columns run to the end of the agreement, however far the source's went.
    shown = max((c.financial_year.start_year for c in columns), default=None)
    last = agreement_last_year(period)
    if shown is not None and last is not None:
        for year in range(shown + 1, last + 1):
            financial_year, _ = FinancialYear.objects.get_or_create(start_year=year)
            ForecastYear.objects.create(forecast=forecast, financial_year=financial_year)
    for item in source.schedule_items.prefetch_related("amounts"):
        amounts = list(item.amounts.all())
        item.pk = None
        item.forecast = forecast
        item.save()
        for amount in amounts:
            ScheduleAmount.objects.create(
                item=item, financial_year_id=amount.financial_year_id, amount=amount.amount
            )
    return forecast


@transaction.atomic
def save_history(*, authority, rows) -> int:
    """`rows`: (HistoryYear or None, FinancialYear, values, remove). Returns changes made.

    The years left must follow on from each other: growth is measured on the year before.
    """
    changed = 0
    for row, year, values, remove in rows:
        if row is not None and remove:
            row.delete()
            changed += 1
        elif row is None:
            HistoryYear.objects.create(authority=authority, financial_year=year, **values)
            changed += 1
        else:
            changed += _save_changed(row, values)
    years = sorted(
        HistoryYear.objects.filter(authority=authority).values_list(
            "financial_year__start_year", flat=True
        )
    )
    gaps = [year_label(a + 1) for a, b in zip(years, years[1:], strict=False) if b != a + 1]
    if gaps:
        raise ValidationError(
            f"The years must follow on from each other: add {gaps[0]} or remove the later years"
        )
    return changed


@transaction.atomic
def save_invest_activity(
    activity: InvestToTransform, expected_version: int | None = None
) -> InvestToTransform:
    """Save an invest-to-transform activity; a new one goes at the end of the list. A
    change names the version it was made on: one made over someone else's is refused."""
    if activity.pk is not None:
        current = InvestToTransform.objects.select_for_update().get(pk=activity.pk)
        if expected_version is not None and current.version != expected_version:
            raise EditConflict(current)
        activity.version = current.version + 1
    else:
        last = (
            InvestToTransform.objects.filter(authority=activity.authority)
            .order_by("-order")
            .first()
        )
        activity.order = (last.order if last else 0) + 10
    activity.save()
    return activity


@transaction.atomic
def save_stated_projection(*, authority, amounts: dict) -> int:
    """Keep the council's stated projection: a year's amount, or none where blank. Returns
    how many years changed."""
    changed = 0
    for year, amount in amounts.items():
        current = StatedProjection.objects.filter(authority=authority, financial_year=year).first()
        if current is not None and amount is None:
            current.delete()
            changed += 1
        elif current is None and amount is not None:
            StatedProjection.objects.create(
                authority=authority, financial_year=year, accumulated_deficit=amount
            )
            changed += 1
        elif amount is not None and model_update(
            instance=current, data={"accumulated_deficit": amount}
        ):
            changed += 1
    return changed
