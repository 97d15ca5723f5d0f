from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from hnb_monitor import services
from hnb_monitor.access import authority_view
from hnb_monitor.choices import Capability
from hnb_monitor.forms import GovukForm
from hnb_monitor.models import Membership, ReportingPeriod


class ReopenForm(GovukForm):
    reason = forms.CharField(
        label="Why is this quarter being reopened?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the quarter's history for audit",
        error_messages={"required": "Say why the quarter is being reopened"},
    )


def home(request):
    """Pick an authority; with only one there is nothing to pick."""
    memberships = list(Membership.objects.filter(user=request.user).select_related("authority"))
    if len(memberships) == 1:
        return redirect("authority_home", authority_slug=memberships[0].authority.slug)
    return render(request, "hnb_monitor/home.html", {"memberships": memberships})


@authority_view()
def authority_home(request, authority):
    periods = (
        ReportingPeriod.objects.filter(authority=authority)
        .select_related("financial_year")
        .order_by("-financial_year__start_year", "-quarter")
    )
    sees_drafts = request.membership.can(Capability.VIEW_DRAFTS)
    return render(
        request,
        "hnb_monitor/authority_home.html",
        {
            "authority": authority,
            "membership": request.membership,
            "periods": [(period, sees_drafts or period.is_locked) for period in periods],
        },
    )


def accessibility(request):
    return render(request, "hnb_monitor/accessibility.html")


@authority_view(Capability.SIGN_OFF)
def period_detail(request, authority, period_code):
    period = get_object_or_404(
        ReportingPeriod.objects.with_code(period_code).select_related("financial_year"),
        authority=authority,
    )
    if not (period.is_locked or request.membership.can(Capability.VIEW_DRAFTS)):
        raise Http404("An open quarter's figures are not published yet")
    form = ReopenForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "sign_off":
                services.sign_off_period(period=period, user=request.user)
                messages.success(request, f"{period.label} signed off: its figures are locked")
                return redirect("period_detail", authority.slug, period.code)
            if form.is_valid():
                services.reopen_period(
                    period=period, user=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, f"{period.label} reopened")
                return redirect("period_detail", authority.slug, period.code)
        except ValidationError as error:
            form.add_error(None, error)
    events = period.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "hnb_monitor/period_detail.html",
        {
            "authority": authority,
            "period": period,
            "form": form,
            "events": [e for e in events if e.history_change_reason],
            "return_counts": period_return_counts(period),
            "may_sign_off": request.membership.can(Capability.SIGN_OFF),
        },
    )


def period_return_counts(period) -> dict[str, int]:
    from django.db.models import Count

    from workstreams.models import QuarterlyReturn

    counts = dict(
        QuarterlyReturn.objects.filter(period=period)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in ("draft", "submitted", "approved")}
