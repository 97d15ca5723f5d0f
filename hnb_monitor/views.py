from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset as reset_failed_sign_ins
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db.models import Max, Q
from django.shortcuts import redirect, render
from django.utils import timezone

from hnb_monitor.access import authority_view
from hnb_monitor.forms import LoginForm
from hnb_monitor.models import Membership, ReportingPeriod
from hnb_monitor.periods import next_quarter, quarter_label


class SignInView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        # Signing in clears this username's wrong passwords, and no one else's: axes' own
        # reset on success would also clear every failure from the same address, so one
        # colleague's sign-in would reset the count against another's username.
        reset_failed_sign_ins(username=form.get_user().get_username())
        return super().form_valid(form)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in while the username or the address is locked out:
    what happened, and the time it can be tried again. The lockout ends once the latest
    counted failure is a cool-off old (a failure while locked out is not counted)."""
    username = get_client_username(request, credentials)
    latest = AccessAttempt.objects.filter(
        Q(username=username) | Q(ip_address=request.axes_ip_address)
    ).aggregate(latest=Max("attempt_time"))["latest"]
    try_again_at = (latest or timezone.now()) + get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "try_again_at": try_again_at,
        "today": timezone.localdate(try_again_at) == timezone.localdate(),
    }
    return render(
        request,
        "registration/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


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
