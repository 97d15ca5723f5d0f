from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify

from forecasts import charts, selectors, services
from forecasts.forms import (
    ForecastForm,
    HistoryRowForm,
    InvestToTransformForm,
    VersionForm,
    schedule_item_forms,
)
from forecasts.models import Forecast, HistoryYear, InvestToTransform, ScheduleItem
from hnb_monitor.access import authority_view
from hnb_monitor.choices import Capability, PeriodStatus
from hnb_monitor.downloads import download
from hnb_monitor.models import FinancialYear, ReportingPeriod
from workstreams.models import Workstream

SCHEDULE_NAMES = dict(ScheduleItem.SCHEDULES)


def forecast_by_code(forecasts: list[Forecast], period_code: str) -> Forecast:
    for forecast in forecasts:
        if forecast.period.code == period_code:
            return forecast
    raise Http404("No forecast for that period")


def visible_forecast(request, authority, period_code) -> Forecast:
    return forecast_by_code(selectors.visible_forecasts(authority, request.membership), period_code)


def forecast_url(authority, period_code: str) -> str:
    return f"{reverse('forecast', kwargs={'authority_slug': authority.slug})}?period={period_code}"


def saved_message(what: str, changed: int) -> str:
    return f"{what} saved ({changed} change{'s' * (changed != 1)})"


def locked(request, forecast) -> bool:
    """A signed-off quarter's forecast is read-only: say so, and go back to it."""
    if forecast.period.is_locked:
        messages.info(request, f"{forecast.period.label} is signed off: its forecast is locked")
    return forecast.period.is_locked


@authority_view()
def forecast_page(request, authority):
    forecasts = selectors.visible_forecasts(authority, request.membership)
    if not forecasts:
        may_start = request.membership.can(Capability.EDIT_FORECAST)
        return render(
            request,
            "forecasts/forecast_empty.html",
            {
                "authority": authority,
                "to_start": period_to_start(authority, forecasts) if may_start else None,
            },
        )
    code = request.GET.get("period")
    forecast = forecast_by_code(forecasts, code) if code else forecasts[-1]
    data = selectors.load_forecast(forecast)
    earlier = [f for f in forecasts if selectors.period_order(f) < selectors.period_order(forecast)]
    previous = selectors.load_forecast(earlier[-1]) if earlier else None
    linked = selectors.linked_workstreams(data, request.membership)
    table = data.table
    return render(
        request,
        "forecasts/forecast.html",
        {
            "authority": authority,
            "forecast": forecast,
            "forecasts": forecasts,
            "data": data,
            "columns": list(zip(table.years, table.is_outturn, strict=True)),
            "rows": selectors.paper_rows(table),
            "reconciliation": selectors.reconciliation(data, linked),
            "agreement": selectors.agreement_rows(table),
            "movement": selectors.movement_rows(data, previous),
            "previous": previous,
            "chart": charts.retained_deficit_chart(
                list(table.years),
                list(table.values["retained_deficit"]),
                selectors.agreement_trajectory(table),
            ),
            "schedules": [
                (code, name, data.items_of(code)) for code, name in ScheduleItem.SCHEDULES
            ],
            "may_edit": request.membership.can(Capability.EDIT_FORECAST)
            and not forecast.period.is_locked,
            "may_export": request.membership.can(Capability.EXPORT),
            "to_start": period_to_start(authority, forecasts)
            if request.membership.can(Capability.EDIT_FORECAST)
            else None,
        },
    )


def period_to_start(authority, forecasts):
    """The latest open quarter without a forecast, if it comes after the latest forecast."""
    period = (
        ReportingPeriod.objects.filter(authority=authority, status=PeriodStatus.OPEN)
        .select_related("financial_year", "authority")
        .order_by("-financial_year__start_year", "-quarter")
        .first()
    )
    if period is None or (
        forecasts and selectors.period_key(period) <= selectors.period_order(forecasts[-1])
    ):
        return None
    return period


@authority_view(Capability.EDIT_FORECAST, read_capability=Capability.EDIT_FORECAST)
def forecast_start(request, authority):
    forecasts = selectors.visible_forecasts(authority, request.membership)
    period = period_to_start(authority, forecasts)
    if period is None:
        messages.info(request, "There is no open quarter waiting for a forecast")
        return redirect("forecast", authority_slug=authority.slug)
    source = forecasts[-1] if forecasts else None
    if request.method == "POST":
        if source is None:
            services.start_blank_forecast(period=period)
            messages.success(request, f"{period.label} forecast started: enter its figures")
            return redirect("forecast_edit", authority_slug=authority.slug, period_code=period.code)
        services.start_forecast(period=period, source=source)
        messages.success(
            request, f"{period.label} forecast started from {source.period.label}'s figures"
        )
        return redirect(forecast_url(authority, period.code))
    return render(
        request,
        "forecasts/forecast_start.html",
        {"authority": authority, "period": period, "source": source},
    )


@authority_view(Capability.EDIT_FORECAST, read_capability=Capability.EDIT_FORECAST)
def forecast_edit(request, authority, period_code):
    forecast = visible_forecast(request, authority, period_code)
    if locked(request, forecast):
        return redirect(forecast_url(authority, period_code))
    columns = list(forecast.years.select_related("financial_year"))
    form = ForecastForm(request.POST or None, columns=columns, forecast=forecast)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.save_entered_lines(
                forecast=forecast,
                expected_version=form.cleaned_data["version"],
                opening_retained_deficit=form.cleaned_data["opening_retained_deficit"],
                columns=list(form.column_values()),
            )
        except services.ForecastConflict as error:
            conflict = selectors.entered_lines_conflict(error.current, form)
            # Saving again now replaces theirs with yours: the form carries their version.
            data = request.POST.copy()
            data["version"] = error.current.version
            form = ForecastForm(data, columns=columns, forecast=forecast)
            form.is_valid()
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, saved_message("Forecast", changed))
            return redirect(forecast_url(authority, period_code))
    return render(
        request,
        "forecasts/forecast_edit.html",
        {
            "authority": authority,
            "forecast": forecast,
            "form": form,
            "columns": columns,
            "conflict": conflict,
        },
    )


CONFLICT_MESSAGE = (
    "Someone else saved this forecast while you were editing it, so nothing was saved. "
    "Compare the two versions below; saving again replaces theirs with yours."
)
# Items may have been added or removed, so a schedule form starts again from their version.
SCHEDULE_CONFLICT_MESSAGE = (
    "Someone else saved this forecast while you were editing it, so nothing was saved. "
    "The form now shows their version, with yours listed above it: enter your changes "
    "again where they still apply."
)


@authority_view(Capability.EDIT_FORECAST, read_capability=Capability.EDIT_FORECAST)
def schedule_edit(request, authority, period_code, schedule):
    if schedule not in SCHEDULE_NAMES:
        raise Http404
    forecast = visible_forecast(request, authority, period_code)
    if locked(request, forecast):
        return redirect(forecast_url(authority, period_code))
    years = [c.financial_year for c in forecast.years.select_related("financial_year")]
    workstreams = Workstream.objects.filter(authority=authority, active=True)

    def build(data=None):
        items = forecast.schedule_items.filter(schedule=schedule).prefetch_related("amounts")
        return schedule_item_forms(data, items=list(items), years=years, workstreams=workstreams)

    rows = build(request.POST or None)
    version = VersionForm(request.POST or None, initial={"version": forecast.version})
    conflict = None
    if request.method == "POST" and version.is_valid() and all(f.is_valid() for _, f in rows):
        try:
            changed = services.save_schedule_items(
                forecast=forecast,
                expected_version=version.cleaned_data["version"],
                schedule=schedule,
                rows=[(item, form.cleaned_data, form.amounts()) for item, form in rows],
            )
        except services.ForecastConflict as error:
            # Their items may have been added or removed, so the form starts again from their
            # version, and what this user typed is listed beside it to be entered again.
            conflict = selectors.schedule_conflict(error.current, rows)
            rows = build()
            version = VersionForm(initial={"version": error.current.version})
        else:
            messages.success(request, saved_message(SCHEDULE_NAMES[schedule], changed))
            return redirect(forecast_url(authority, period_code))
    errors = [error for _, form in rows for error in form_errors(form)]
    if conflict:
        errors.insert(0, ("main-content", SCHEDULE_CONFLICT_MESSAGE))
    return render(
        request,
        "forecasts/schedule_edit.html",
        {
            "authority": authority,
            "forecast": forecast,
            "schedule": schedule,
            "schedule_name": SCHEDULE_NAMES[schedule],
            "rows": rows,
            "years": years,
            "errors": errors,
            "version": version,
            "conflict": conflict,
        },
    )


def form_errors(form):
    """(field id, message) for an error summary over several forms on one page."""
    for field in form:
        for error in field.errors:
            label = str(field.label)
            yield field.id_for_label, error if label in error else f"{label}: {error}"


@authority_view(read_capability=Capability.EXPORT)
def forecast_export(request, authority, period_code):
    forecast = visible_forecast(request, authority, period_code)
    content = selectors.workbook_bytes_for(selectors.load_forecast(forecast), request.membership)
    return download(content, f"hnb-forecast-{slugify(authority.name)}-{forecast.period.code}.xlsx")


@authority_view()
def history_page(request, authority):
    rows = list(HistoryYear.objects.filter(authority=authority).select_related("financial_year"))
    projection = selectors.projection(rows)
    plan = selectors.plan_trajectory(authority, request.membership)
    return render(
        request,
        "forecasts/history.html",
        {
            "authority": authority,
            "history": selectors.history_rows(rows),
            "stated_growth": selectors.has_stated_growth(rows),
            "projection": [row for row in projection if row[2]],
            "plan": plan,
            "chart": charts.unchecked_deficit_chart(projection, plan),
            "invest": list(InvestToTransform.objects.filter(authority=authority)),
            "may_edit": request.membership.can(Capability.EDIT_FORECAST),
        },
    )


@authority_view(Capability.EDIT_FORECAST, read_capability=Capability.EDIT_FORECAST)
def history_edit(request, authority):
    saved = list(HistoryYear.objects.filter(authority=authority).select_related("financial_year"))
    taken = {row.financial_year_id for row in saved}
    years = FinancialYear.objects.exclude(id__in=taken).order_by("start_year")
    data = request.POST or None
    forms = [
        HistoryRowForm(data, prefix=f"year{index}", years=years, row=row)
        for index, row in enumerate([*saved, None])
    ]
    errors = []
    if request.method == "POST" and all(form.is_valid() for form in forms):
        rows = [
            (
                form.row,
                form.row.financial_year if form.row else form.cleaned_data["financial_year"],
                form.values(),
                form.cleaned_data["remove"],
            )
            for form in forms
            if not form.is_blank
        ]
        try:
            changed = services.save_history(authority=authority, rows=rows)
        except ValidationError as error:
            errors = [("main-content", message) for message in error.messages]
        else:
            messages.success(request, saved_message("High Needs history", changed))
            return redirect("hnb_history", authority_slug=authority.slug)
    errors += [error for form in forms for error in form_errors(form)]
    return render(
        request,
        "forecasts/history_edit.html",
        {"authority": authority, "forms": forms, "errors": errors},
    )


@authority_view(Capability.EDIT_FORECAST, read_capability=Capability.EDIT_FORECAST)
def invest_edit(request, authority, pk=None):
    activity = (
        get_object_or_404(InvestToTransform, authority=authority, pk=pk)
        if pk is not None
        else InvestToTransform(authority=authority)
    )
    form = InvestToTransformForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        services.save_invest_activity(form.save(commit=False))
        messages.success(request, f"{activity.activity}: invest-to-transform activity saved")
        return redirect("hnb_history", authority_slug=authority.slug)
    return render(
        request,
        "forecasts/invest_edit.html",
        {"authority": authority, "activity": activity, "form": form},
    )


@authority_view(Capability.EDIT_FORECAST, read_capability=Capability.EDIT_FORECAST)
def invest_remove(request, authority, pk):
    activity = get_object_or_404(InvestToTransform, authority=authority, pk=pk)
    if request.method == "POST":
        activity.delete()
        messages.success(request, f"{activity.activity}: removed (its history is kept)")
        return redirect("hnb_history", authority_slug=authority.slug)
    return render(
        request,
        "forecasts/invest_remove.html",
        {"authority": authority, "activity": activity},
    )
