from django.shortcuts import redirect, render

from hnb_monitor.access import authority_view
from hnb_monitor.models import Membership, ReportingPeriod
from hnb_monitor.periods import next_quarter, quarter_label


def home(request):
    """Pick an authority; with only one there is nothing to pick."""
    memberships = list(Membership.objects.filter(user=request.user).select_related("authority"))
    if len(memberships) == 1:
        return redirect("authority_home", authority_slug=memberships[0].authority.slug)
    return render(request, "hnb_monitor/home.html", {"memberships": memberships})


@authority_view()
def authority_home(request, authority):
    periods = list(
        ReportingPeriod.objects.filter(authority=authority)
        .select_related("financial_year")
        .order_by("-financial_year__start_year", "-quarter")
    )
    sees_drafts = request.membership.audience.sees_drafts
    after = next_quarter(periods[0]) if periods and periods[0].is_locked else None
    return render(
        request,
        "hnb_monitor/authority_home.html",
        {
            "authority": authority,
            "membership": request.membership,
            "periods": [(period, sees_drafts or period.is_locked) for period in periods],
            "next_quarter": quarter_label(*after) if after else None,
        },
    )


def accessibility(request):
    return render(request, "hnb_monitor/accessibility.html")
