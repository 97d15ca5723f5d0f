"""Reaching a meeting from a view: through the scoped authority, and for the Schools
Forum only once its agenda is published."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from hnb_monitor.choices import Capability
from reports.choices import MeetingStatus
from reports.models import Meeting


def sees_exempt(request) -> bool:
    return request.membership.can(Capability.VIEW_EXEMPT)


def meeting_for(request, pk: int) -> Meeting:
    """A meeting of the scoped authority (404 otherwise); a draft is staff's only."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("authority"), pk=pk, authority=request.authority
    )
    if meeting.status == MeetingStatus.DRAFT and not request.membership.audience.sees_drafts:
        raise Http404("This meeting's agenda is not published yet")
    return meeting


def meeting_to_clerk(request, pk: int) -> Meeting:
    """A meeting the clerk may change: its minutes not yet approved."""
    meeting = meeting_for(request, pk)
    if meeting.minutes_locked:
        raise Http404("These minutes are approved: record a correction instead")
    return meeting
