from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from forecasts import agreement_selectors, selectors, services
from forecasts.exports import forecast_workbook
from forecasts.forms import (
    ForecastForm,
    HistoryForms,
    InvestToTransformForm,
    ScheduleForms,
    StatedProjectionForm,
)
from forecasts.models import Forecast, HistoryYear, InvestToTransform
from hnb_monitor import caching
from hnb_monitor.access import authority_view
from hnb_monitor.choices import Capability
from hnb_monitor.downloads import download
from hnb_monitor.forms import form_on_their_version
from hnb_monitor.locking import EditConflict
from hnb_monitor.models import FinancialYear, ReportingPeriod
from hnb_monitor.periods import latest_open_period, period_key, period_ref
from workstreams.models import Workstream

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


def visible_forecast(request, authority, period_code, forecasts=None) -> Forecast:
    if forecasts is None:
        forecasts = selectors.visible_forecasts(authority, request.membership.audience)
    try:
        return selectors.forecast_by_code(forecasts, period_code)
    except selectors.ForecastNotVisible as error:
        raise Http404(str(error)) from error


def forecast_url(authority, period_code: str) -> str:
    return f"{reverse('forecast', kwargs={'authority_slug': authority.slug})}?period={period_code}"


def saved_message(what: str, changed: int) -> str:
    return f"{what} saved ({changed} change{'s' * (changed != 1)})"


def locked(request, forecast) -> bool:
    """A signed-off quarter's forecast is read-only: say so, and go back to it."""
    if forecast.period.is_locked:
        messages.info(request, f"{forecast.period.label} is signed off: its forecast is locked")
    return forecast.period.is_locked


def period_to_start(authority, latest: tuple[int, int] | None) -> ReportingPeriod | None:
    """The latest open quarter, if it comes after the latest forecast's (start year, quarter)."""
    period = latest_open_period(authority)
    if period is None or (latest is not None and period_key(period) <= latest):
        return None
    return period


@authority_view()
@caching.cached_page("forecast")
def forecast_page(request, authority):
    may_edit = request.membership.can(Capability.EDIT_FORECAST)
    visible = selectors.visible_forecasts(authority, request.membership.audience)
    if not visible:
        to_start = period_to_start(authority, None) if may_edit else None
        context = {"authority": authority, "to_start": to_start}
        return render(request, "forecasts/forecast_empty.html", context)
    code = request.GET.get("period") or None
    shown = visible_forecast(request, authority, code, visible) if code else visible[-1]
    # Only the period shapes the page: `?period=` of the latest is the same page as none.
    asked = [("period", [shown.period.code])]
    periods = [f.period for f in visible]
    key = caching.page_key("forecast", request, periods=periods, shown=shown.period, asked=asked)
    to_start = period_to_start(authority, period_key(visible[-1].period)) if may_edit else None

    def respond():
        body = caching.rendered(key, lambda: forecast_body(request, authority, visible, shown, key))
        context = {"authority": authority, "period": period_ref(shown.period), "body": body}
        return render(request, "forecasts/forecast.html", context | {"to_start": to_start})

    # The notice of a quarter waiting for its forecast is part of the page around the body.
    return caching.whole_page(request, key if to_start is None else None, respond)


def forecast_body(request, authority, visible, shown, key) -> str:
    forecast = caching.read(
        key,
        selectors.ForecastOverview,
        lambda: selectors.forecast_overview(
            authority=authority,
            period=shown.period.code,
            audience=request.membership.audience,
            forecasts=visible,
        ),
    )
    context = {
        "authority": authority,
        "forecast": forecast,
        "periods": [period_ref(f.period) for f in visible],
        "may_edit": request.membership.can(Capability.EDIT_FORECAST)
        and not forecast.period.is_locked,
        "may_export": request.membership.can(Capability.EXPORT),
    }
    return render_to_string("forecasts/forecast_body.html", context, request)


@authority_view(Capability.EDIT_FORECAST, read_capability=Capability.EDIT_FORECAST)
def forecast_start(request, authority):
    forecasts = selectors.visible_forecasts(authority, request.membership.audience)
    source = forecasts[-1] if forecasts else None
    period = period_to_start(authority, selectors.period_order(source) if source else None)
    if period is None:
        messages.info(request, "There is no open quarter waiting for a forecast")
        return redirect("forecast", authority_slug=authority.slug)
    if request.method != "POST":
        context = {"authority": authority, "period": period, "source": source}
        return render(request, "forecasts/forecast_start.html", context)
    if source is None:
        services.start_blank_forecast(period=period)
        messages.success(request, f"{period.label} forecast started: enter its figures")
        return redirect("forecast_edit", authority_slug=authority.slug, period_code=period.code)
    services.start_forecast(period=period, source=source)
    messages.success(
        request, f"{period.label} forecast started from {source.period.label}'s figures"
    )
    return redirect(forecast_url(authority, period.code))


def save_entered_lines(form: ForecastForm):
    """Save the form's figures: (changes saved, None, form), or (None, the conflict if
    someone else saved first, the form to show again saying why nothing was saved)."""
    try:
        changed = services.save_entered_lines(
            forecast=form.forecast,
            expected_version=form.cleaned_data["version"],
            opening_retained_deficit=form.cleaned_data["opening_retained_deficit"],
            columns=list(form.column_values()),
        )
    except EditConflict as error:
        conflict = selectors.entered_lines_conflict(error.current, form)
        # Saving again now replaces theirs with yours: the form carries their version.
        form = form.with_version(error.current.version)
        form.add_error(None, CONFLICT_MESSAGE)
        return None, conflict, form
    except ValidationError as error:
        form.add_error(None, error)
        return None, None, form
    return changed, None, form


@authority_view(Capability.EDIT_FORECAST, read_capability=Capability.EDIT_FORECAST)
def forecast_edit(request, authority, period_code):
    forecast = visible_forecast(request, authority, period_code)
    if locked(request, forecast):
        return redirect(forecast_url(authority, period_code))
    columns = list(forecast.years.select_related("financial_year"))
    form = ForecastForm(request.POST or None, columns=columns, forecast=forecast)
    conflict = None
    if request.method == "POST" and form.is_valid():
        changed, conflict, form = save_entered_lines(form)
        if changed is not None:
            messages.success(request, saved_message("Forecast", changed))
            return redirect(forecast_url(authority, period_code))
    context = {"authority": authority, "forecast": forecast, "form": form, "columns": columns}
    return render(request, "forecasts/forecast_edit.html", context | {"conflict": conflict})


def save_schedule(forms: ScheduleForms):
    """Save the schedule's items: (changes saved, None, forms), or (None, what this user
    typed, the forms again) if someone else saved the forecast first."""
    try:
        changed = services.save_schedule_items(
            forecast=forms.forecast,
            expected_version=forms.version.cleaned_data["version"],
            schedule=forms.schedule,
            rows=forms.cleaned_rows(),
        )
    except EditConflict as error:
        # Their items may have been added or removed, so the form starts again from their
        # version, and what this user typed is listed beside it to be entered again.
        conflict = selectors.schedule_conflict(error.current, forms.rows)
        return None, conflict, forms.start_again(error.current.version)
    return changed, None, forms


@authority_view(Capability.EDIT_FORECAST, read_capability=Capability.EDIT_FORECAST)
def schedule_edit(request, authority, period_code, schedule):
    if schedule not in selectors.SCHEDULE_NAMES:
        raise Http404
    forecast = visible_forecast(request, authority, period_code)
    if locked(request, forecast):
        return redirect(forecast_url(authority, period_code))
    years = [c.financial_year for c in forecast.years.select_related("financial_year")]
    workstreams = Workstream.objects.filter(authority=authority, active=True)
    forms = ScheduleForms(
        request.POST or None,
        forecast=forecast,
        schedule=schedule,
        years=years,
        workstreams=workstreams,
    )
    conflict = None
    if request.method == "POST" and forms.is_valid():
        changed, conflict, forms = save_schedule(forms)
        if changed is not None:
            messages.success(request, saved_message(selectors.SCHEDULE_NAMES[schedule], changed))
            return redirect(forecast_url(authority, period_code))
    return render_schedule_edit(request, authority, forms, conflict)


def render_schedule_edit(request, authority, forms: ScheduleForms, conflict):
    errors = forms.errors()
    if conflict:
        errors.insert(0, ("main-content", SCHEDULE_CONFLICT_MESSAGE))
    context = {
        "authority": authority,
        "forecast": forms.forecast,
        "schedule": forms.schedule,
        "schedule_name": selectors.SCHEDULE_NAMES[forms.schedule],
        "years": forms.years,
        "rows": forms.rows,
        "version": forms.version,
        "errors": errors,
        "conflict": conflict,
    }
    return render(request, "forecasts/schedule_edit.html", context)


@authority_view(read_capability=Capability.EXPORT)
def forecast_export(request, authority, period_code):
    try:
        forecast = selectors.forecast_overview(
            authority=authority, period=period_code, audience=request.membership.audience
        )
    except selectors.ForecastNotVisible as error:
        raise Http404(str(error)) from error
    content = forecast_workbook(authority_name=authority.name, overview=forecast)
    return download(content, f"hnb-forecast-{slugify(authority.name)}-{forecast.period.code}.xlsx")


@authority_view()
def agreement_page(request, authority):
    page = agreement_selectors.agreement_page(
        authority=authority, audience=request.membership.audience, today=timezone.localdate()
    )
    return render(request, "forecasts/agreement.html", {"authority": authority, "page": page})


@authority_view()
def history_page(request, authority):
    overview = selectors.history_overview(authority=authority, audience=request.membership.audience)
    context = {
        "authority": authority,
        "history": overview,
        "may_edit": request.membership.can(Capability.EDIT_FORECAST),
    }
    return render(request, "forecasts/history.html", context)


@authority_view(Capability.EDIT_FORECAST, read_capability=Capability.EDIT_FORECAST)
def history_edit(request, authority):
    saved = list(HistoryYear.objects.filter(authority=authority).select_related("financial_year"))
    taken = {row.financial_year_id for row in saved}
    years = FinancialYear.objects.exclude(id__in=taken).order_by("start_year")
    forms = HistoryForms(request.POST or None, saved=saved, years=years)
    errors = []
    if request.method == "POST" and forms.is_valid():
        try:
            changed = services.save_history(authority=authority, rows=forms.cleaned_rows())
        except ValidationError as error:
            errors = [("main-content", message) for message in error.messages]
        else:
            messages.success(request, saved_message("High Needs history", changed))
            return redirect("hnb_history", authority_slug=authority.slug)
    errors += forms.errors()
    context = {"authority": authority, "forms": forms.forms, "errors": errors}
    return render(request, "forecasts/history_edit.html", context)


@authority_view(Capability.EDIT_FORECAST, read_capability=Capability.EDIT_FORECAST)
def stated_projection_edit(request, authority):
    """Finance enters the "if left unchecked" projection as the council's paper states it."""
    years, stated = selectors.stated_projection_years(authority)
    form = StatedProjectionForm(request.POST or None, years=years, stated=stated)
    if request.method == "POST" and form.is_valid():
        changed = services.save_stated_projection(authority=authority, amounts=form.amounts())
        messages.success(request, saved_message("The council's stated projection", changed))
        return redirect("hnb_history", authority_slug=authority.slug)
    return render(
        request, "forecasts/stated_projection_edit.html", {"authority": authority, "form": form}
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
        try:
            services.save_invest_activity(form.save(commit=False), form.cleaned_data["version"])
        except EditConflict as error:
            form = form_on_their_version(
                InvestToTransformForm,
                request.POST,
                error.current,
                INVEST_CONFLICT,
                instance=activity,
            )
        else:
            messages.success(request, f"{activity.activity}: invest-to-transform activity saved")
            return redirect("hnb_history", authority_slug=authority.slug)
    return render(
        request,
        "forecasts/invest_edit.html",
        {"authority": authority, "activity": activity, "form": form},
    )


INVEST_CONFLICT = (
    "Someone else saved this activity while you were editing it, so nothing was saved. "
    "Check the history page for their figures; saving again replaces theirs with yours."
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
