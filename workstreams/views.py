from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django_tables2 import RequestConfig

from hnb_monitor import caching
from hnb_monitor import services as period_services
from hnb_monitor.access import authority_view, period_for
from hnb_monitor.choices import Capability, PeriodStatus
from hnb_monitor.forms import ReopenForm, SignOffForm, form_on_their_version
from hnb_monitor.locking import EditConflict, field_conflict
from hnb_monitor.models import FinancialYear, ReportingPeriod
from hnb_monitor.periods import latest_open_period, period_ref, visible_periods
from workstreams import charts, selectors, services
from workstreams.access import return_for, return_for_entry, workstream_for
from workstreams.casework import selectors as casework_selectors
from workstreams.choices import ReturnStatus
from workstreams.filtersets import WorkstreamFilterSet
from workstreams.forms import RagRuleForm, ReturnForm, SendBackForm, TargetsForm
from workstreams.models import QuarterlyReturn, RagRule, SavingsTarget, Workstream
from workstreams.tables import WorkstreamTable


@authority_view()
@caching.cached_page("dashboard")
def dashboard(request, authority):
    audience = request.membership.audience
    periods = list(visible_periods(authority, audience))
    period = selectors.dashboard_period(periods, audience, request.GET.get("period"))
    if period is None:
        return render(request, "workstreams/dashboard_empty.html", {"authority": authority})
    # The read depends on the period and the filters; sorting and paging only shape the HTML.
    filtered = [(k, v) for k, v in request.GET.lists() if k not in ("sort", "page")]
    key = caching.page_key("dashboard", request, periods=periods, shown=period, asked=filtered)

    def respond():
        body = caching.rendered(
            key,
            lambda: dashboard_body(request, authority, period, periods, key),
            vary_on=request.GET,
        )
        context = {"authority": authority, "period": period_ref(period), "body": body}
        return render(request, "workstreams/dashboard.html", context)

    return caching.whole_page(request, key, respond)


def dashboard_body(request, authority, period, periods, key) -> str:
    audience = request.membership.audience
    filters = WorkstreamFilterSet.for_dashboard(request.GET, period=period, audience=audience)
    board = caching.read(
        key,
        selectors.Dashboard,
        lambda: selectors.dashboard(
            authority=authority,
            period=period,
            audience=audience,
            workstreams=filters.qs,
            years_of_each_workstream=False,
        ),
    )
    table = WorkstreamTable(board.rows, authority_slug=authority.slug)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    history = [(entry.period_label, entry.counts) for entry in board.rag_history]
    context = {
        "authority": authority,
        "board": board,
        "period": board.period,
        "periods": [period_ref(p) for p in periods],
        "filters": filters,
        "table": table,
        "pairs": charts.target_forecast_bars(board.chart_rows),
        "history": charts.rag_history_bars(history),
    }
    return render_to_string("workstreams/dashboard_body.html", context, request)


@authority_view()
def workstream_detail(request, authority, pk):
    workstream = get_object_or_404(Workstream, authority=authority, pk=pk)
    detail = selectors.workstream_page(workstream=workstream, audience=request.membership.audience)
    context = {
        "authority": authority,
        "detail": detail,
        "demo_notices": casework_selectors.demo_notices(authority, workstream),
    }
    return render(request, "workstreams/workstream_detail.html", context)


@authority_view(read_capability=Capability.ENTER_RETURNS)
def my_returns(request, authority):
    period = latest_open_period(authority)
    rows = []
    if period is not None:
        rows = selectors.returns_for_entry(
            authority=authority, period=period, membership=request.membership
        )
    return render(
        request,
        "workstreams/my_returns.html",
        {"authority": authority, "period": period, "rows": rows},
    )


RETURN_CONFLICT_MESSAGE = (
    "Someone else saved this return while you were editing it. Compare the "
    "two versions below; saving again replaces theirs with yours."
)


@authority_view(Capability.ENTER_RETURNS, read_capability=Capability.ENTER_RETURNS)
def return_edit(request, authority, pk, period_code):
    workstream, period = return_for_entry(request, pk, period_code)
    existing = QuarterlyReturn.objects.filter(workstream=workstream, period=period).first()
    quarterly_return = existing or services.new_return(workstream, period)
    if period.is_locked or quarterly_return.status != ReturnStatus.DRAFT:
        return closed_return(request, period, existing)
    context = services.return_context(workstream, period)
    form = ReturnForm(initial=selectors.return_initial(quarterly_return), context=context)
    conflict = None
    if request.method == "POST":
        form, conflict = save_return_form(request, quarterly_return, context)
        if form is None:
            return redirect("my_returns", authority.slug)
    return render(
        request,
        "workstreams/return_edit.html",
        {
            "authority": authority,
            "workstream": workstream,
            "period": period,
            "quarterly_return": quarterly_return,
            "context": context,
            "form": form,
            "conflict": conflict,
        },
    )


def save_return_form(request, quarterly_return, context):
    """Save or submit the posted return: (None, None) once saved, else the form to show
    again and, after an edit conflict, the conflict to show beside it."""
    form = ReturnForm(request.POST, context=context)
    if not form.is_valid():
        return form, None
    submit = request.POST.get("action") == "submit"
    try:
        services.save_return(
            quarterly_return=quarterly_return,
            values=form.cleaned_data,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            submit=submit,
        )
    except EditConflict as error:
        conflict = field_conflict(error.current, form.cleaned_data, services.RETURN_FIELDS)
        form = form_on_their_version(
            ReturnForm, request.POST, error.current, RETURN_CONFLICT_MESSAGE, context=context
        )
        return form, conflict
    except ValidationError as error:
        form.add_error(None, error)
        return form, None
    outcome = "submitted for approval" if submit else "saved as a draft"
    messages.success(request, f"{quarterly_return.workstream.name}: return {outcome}")
    return None, None


def closed_return(request, period, existing):
    """A return that can no longer be entered: show it, or say why there is none."""
    if existing is None:
        messages.info(request, f"{period.label} is {period.get_status_display().lower()}")
        return redirect("my_returns", request.authority.slug)
    return redirect("return_detail", request.authority.slug, existing.pk)


@authority_view(Capability.APPROVE_RETURNS)
def return_detail(request, authority, pk):
    """A return, read-only; finance and the programme lead approve or send it back here."""
    quarterly_return = return_for(request, pk)
    sending_back = request.method == "POST" and request.POST.get("action") != "approve"
    form = SendBackForm(request.POST if sending_back else None)
    if request.method == "POST":
        done = decided(request, form, lambda: review_return(request, quarterly_return, form))
        if done:
            return redirect("my_returns", authority.slug)
        quarterly_return.refresh_from_db()
    return render(
        request,
        "workstreams/return_detail.html",
        {
            "authority": authority,
            "quarterly_return": quarterly_return,
            "review": selectors.review_figures(quarterly_return),
            "form": form,
            "may_review": request.membership.can(Capability.APPROVE_RETURNS),
        },
    )


def decided(request, form, decide) -> bool:
    """Carry out a decision posted from a page (approve, send back, sign off, reopen).
    `decide()` says what was done, or None while the form is incomplete; a refusal's
    reason goes on the form. True once done and said."""
    if not form.is_bound:
        # Approving and signing off fill nothing in, yet a refusal must show on the form.
        form.cleaned_data = {}
    try:
        outcome = decide()
    except EditConflict as error:
        form.add_error(None, DECISION_CONFLICT_MESSAGE.format(now=error.current_state))
        return False
    except ValidationError as error:
        form.add_error(None, error)
        return False
    if outcome:
        messages.success(request, outcome)
    return bool(outcome)


DECISION_CONFLICT_MESSAGE = (
    "Someone else changed this while you had it open, so nothing was done. It is now "
    "{now}: check it below, then decide again."
)


def posted_version(request) -> int:
    """The version a decision was made on, as the page posted it; -1 (never current)
    when it is missing or not a version."""
    text = request.POST.get("version", "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else -1


def review_return(request, quarterly_return, form) -> str | None:
    """Approve, or send back with the form's comment, on the version the page showed."""
    name = quarterly_return.workstream.name
    version = posted_version(request)
    if request.POST.get("action") == "approve":
        negative = quarterly_return.forecast_outturn is not None and (
            quarterly_return.forecast_outturn < 0
        )
        if negative and not request.POST.get("confirm_negative"):
            raise ValidationError(
                "The forecast is a negative saving (it costs money): tick to confirm it "
                "before you approve the return"
            )
        services.approve_return(
            quarterly_return=quarterly_return, user=request.user, expected_version=version
        )
        return f"{name}: return approved"
    if not form.is_valid():
        return None
    services.send_back_return(
        quarterly_return=quarterly_return,
        user=request.user,
        comment=form.cleaned_data["comment"],
        expected_version=version,
    )
    return f"{name}: return sent back to the lead"


@authority_view(Capability.EDIT_TARGETS)
def rag_rule(request, authority):
    rule = RagRule.for_authority(authority)
    form = RagRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        services.set_rag_rule(rule=form.save(commit=False))
        messages.success(request, "RAG rule saved; open returns were re-rated")
        return redirect("rag_rule", authority.slug)
    return render(
        request,
        "workstreams/rag_rule.html",
        {
            "authority": authority,
            "form": form,
            "rule": rule,
            "may_edit": request.membership.can(Capability.EDIT_TARGETS),
        },
    )


def target_years(authority, workstream) -> list[FinancialYear]:
    """The years of the authority's programme: from its first reporting period (or first
    target) to two years past its last, as far as those financial years are known."""
    period_years = ReportingPeriod.objects.filter(authority=authority).values_list(
        "financial_year__start_year", flat=True
    )
    targeted = SavingsTarget.objects.filter(workstream=workstream).values_list(
        "financial_year__start_year", flat=True
    )
    known = [*period_years, *targeted]
    if not known:
        return list(FinancialYear.objects.order_by("start_year"))
    return list(
        FinancialYear.objects.filter(
            start_year__gte=min(known),
            start_year__lte=max(max(period_years, default=0) + 2, max(known)),
        ).order_by("start_year")
    )


TARGETS_CONFLICT_MESSAGE = (
    "Someone else changed these targets while you were editing them, so nothing was saved. "
    "Check the workstream's targets; saving again replaces theirs with yours."
)


@authority_view(Capability.EDIT_TARGETS, read_capability=Capability.EDIT_TARGETS)
def targets_edit(request, authority, pk):
    workstream = workstream_for(request, pk)
    form = targets_form(workstream, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form = save_targets_form(request, workstream, form)
        if form is None:
            messages.success(request, f"{workstream.name}: savings targets saved")
            return redirect("workstream_detail", authority.slug, pk)
    return render(
        request,
        "workstreams/targets_edit.html",
        {"authority": authority, "workstream": workstream, "form": form},
    )


def targets_form(workstream, data) -> TargetsForm:
    return TargetsForm(
        data,
        years=target_years(workstream.authority, workstream),
        targets=selectors.current_targets(workstream),
        version=selectors.targets_version(workstream),
    )


def save_targets_form(request, workstream, form) -> TargetsForm | None:
    """Save the posted targets: None once saved, else the form to show again."""
    try:
        services.set_targets(
            workstream=workstream,
            amounts=form.amounts(),
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except EditConflict:
        data = request.POST.copy()
        data["version"] = selectors.targets_version(workstream)
        form = targets_form(workstream, data)
        form.is_valid()
        form.add_error(None, TARGETS_CONFLICT_MESSAGE)
    except ValidationError as error:
        form.add_error(None, error)
    else:
        return None
    return form


@authority_view()
def risk_register(request, authority):
    register = selectors.risk_register(authority=authority, audience=request.membership.audience)
    return render(
        request, "workstreams/risk_register.html", {"authority": authority, "register": register}
    )


@authority_view()
def milestone_timeline(request, authority):
    timeline = selectors.milestone_timeline(
        authority=authority, audience=request.membership.audience
    )
    return render(
        request,
        "workstreams/milestone_timeline.html",
        {"authority": authority, "timeline": timeline},
    )


@authority_view(Capability.SIGN_OFF)
def period_detail(request, authority, period_code):
    """A reporting period: its returns by status; finance signs it off or reopens it."""
    period = period_for(request, period_code)
    is_open = period.status == PeriodStatus.OPEN
    missing = selectors.without_approved_return(period) if is_open else []
    form_class = SignOffForm if is_open else ReopenForm
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if decided(request, form, lambda: decide_period(request, period, form)):
            return redirect("period_detail", authority.slug, period.code)
    return render(
        request,
        "hnb_monitor/period_detail.html",
        {
            "authority": authority,
            "period": period,
            "form": form,
            "missing": missing,
            "events": selectors.period_events(period),
            "return_counts": selectors.period_return_counts(period),
            "may_sign_off": request.membership.can(Capability.SIGN_OFF),
        },
    )


def decide_period(request, period, form) -> str | None:
    """Sign off an open quarter (with the decision about missing returns), or reopen a
    signed-off one with the form's reason."""
    if not form.is_valid():
        return None
    if period.status == PeriodStatus.OPEN:
        services.sign_off(
            period=period, user=request.user, missing_returns=form.cleaned_data["missing_returns"]
        )
        return f"{period.label} signed off: its figures are locked"
    period_services.reopen_period(
        period=period, user=request.user, reason=form.cleaned_data["reason"]
    )
    return f"{period.label} reopened"


@authority_view(Capability.SIGN_OFF, read_capability=Capability.SIGN_OFF)
def open_next_quarter(request, authority):
    """Finance opens the quarter after the latest, once that one is signed off."""
    if request.method != "POST":
        return redirect("authority_home", authority.slug)
    try:
        period = services.open_next_quarter(authority=authority, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("authority_home", authority.slug)
    messages.success(request, f"{period.label} is open for returns; its forecast is started")
    return redirect("period_detail", authority.slug, period.code)
