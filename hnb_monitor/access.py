"""The permission layer every authority page goes through.

A view under /a/<authority_slug>/ is wrapped in `authority_view`: it resolves the
authority through the user's own memberships (404 for anyone else, so another
authority's pages do not even admit they exist) and checks the role's capability
(403). A view that accepts changes must name the capability it needs; without one it
is read-only and refuses POST. tests/test_access.py walks every URL to prove that no
view skips this.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from hnb_monitor import caching
from hnb_monitor.models import Membership, ReportingPeriod

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def membership_for(user, authority_slug: str) -> Membership:
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Membership.objects.select_related("authority"),
        user=user,
        authority__slug=authority_slug,
    )


def require(membership: Membership, capability: str) -> None:
    if not membership.can(capability):
        raise PermissionDenied


def authority_view(capability: str | None = None, *, read_capability: str | None = None):
    """Scope a view to one of the user's authorities and check what their role may do.

    `capability` is required for any change (POST and friends); `read_capability`, when
    given, is required just to see the page (e.g. casework rows, exports).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def scoped_view(request: HttpRequest, authority_slug: str, *args, **kwargs):
            membership = None
            if page := getattr(view, "cached_page", None):
                membership = caching.remembered_member(request, authority_slug, page)
            if membership is None:
                membership = membership_for(request.user, authority_slug)
                if page:
                    caching.remember_member(request, authority_slug, membership)
            # Set before the checks, so a 403 page still shows the authority's navigation.
            request.membership = membership
            request.authority = membership.authority
            if read_capability:
                require(membership, read_capability)
            if request.method not in SAFE_METHODS:
                if capability is None:
                    raise PermissionDenied
                require(membership, capability)
            return view(request, membership.authority, *args, **kwargs)

        scoped_view.authority_scoped = True
        return scoped_view

    return decorator


def period_for(request, period_code: str) -> ReportingPeriod:
    """A reporting period of the scoped authority; an open one is not there for the Forum."""
    period = get_object_or_404(
        ReportingPeriod.objects.with_code(period_code).select_related("financial_year"),
        authority=request.authority,
    )
    if not (period.is_locked or request.membership.audience.sees_drafts):
        raise Http404("An open quarter's figures are not published yet")
    return period
