"""Object access for the savings programme's views: one helper per kind of object, on
the view's first line, so that no view forgets the authority scope or the role's rule.
Each expects a request that `hnb_monitor.access.authority_view` has scoped."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from hnb_monitor.choices import Capability
from hnb_monitor.models import Membership, ReportingPeriod
from workstreams.choices import ReturnStatus
from workstreams.models import QuarterlyReturn, Workstream


def workstream_for(request, pk: int) -> Workstream:
    return get_object_or_404(Workstream, authority=request.authority, pk=pk)


def may_enter_return(membership: Membership, workstream: Workstream) -> bool:
    """Finance and the programme lead enter any workstream's return; an officer only
    those of the workstreams they lead."""
    if membership.can(Capability.ENTER_ANY_RETURN):
        return True
    return membership.can(Capability.ENTER_RETURNS) and (
        workstream.leads.filter(pk=membership.user_id).exists()
    )


def return_for_entry(request, pk: int, period_code: str) -> tuple[Workstream, ReportingPeriod]:
    """The workstream and period of a return this member may enter (404, else 403)."""
    workstream = workstream_for(request, pk)
    period = get_object_or_404(
        ReportingPeriod.objects.with_code(period_code).select_related("financial_year"),
        authority=request.authority,
    )
    if not may_enter_return(request.membership, workstream):
        raise PermissionDenied
    return workstream, period


def return_for(request, pk: int) -> QuarterlyReturn:
    """A return to read: the Forum reads approved returns of signed-off periods only."""
    quarterly_return = get_object_or_404(
        QuarterlyReturn.objects.select_related("workstream", "period__financial_year"),
        workstream__authority=request.authority,
        pk=pk,
    )
    if not request.membership.audience.sees_drafts and (
        quarterly_return.status != ReturnStatus.APPROVED or not quarterly_return.period.is_locked
    ):
        raise Http404
    return quarterly_return
