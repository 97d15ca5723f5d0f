"""Following an authority's Schools Forum meetings (an e-mail when an agenda or a paper
is published: reports/meetings/alerts.py), and a meeting for the member's calendar."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from hnb_monitor.access import authority_view
from hnb_monitor.choices import Capability
from hnb_monitor.downloads import download
from reports.meetings.access import meeting_for
from reports.meetings.alerts import place, site_link
from reports.models import Follow

# A meeting with no recorded end is put in the calendar for the usual two hours.
USUAL_LENGTH = datetime.timedelta(hours=2)
NO_EMAIL = "We have no e-mail address for you, so no alerts can be sent"


def is_following(user, authority) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, authority=authority).exists()


# Any member may follow, a Forum member too: FOLLOW_MEETINGS is every role's.
@authority_view(Capability.FOLLOW_MEETINGS)
@require_POST
def follow_meetings(request, authority):
    Follow.objects.get_or_create(user=request.user, authority=authority)
    if request.user.email:
        messages.success(request, f"You are following {authority.name}'s meetings")
    else:
        messages.warning(request, f"You are following {authority.name}'s meetings. {NO_EMAIL}")
    return redirect(back_to(request, authority))


@authority_view(Capability.FOLLOW_MEETINGS)
@require_POST
def unfollow_meetings(request, authority):
    Follow.objects.filter(user=request.user, authority=authority).delete()
    messages.success(request, f"You no longer get e-mails about {authority.name}'s meetings")
    return redirect(back_to(request, authority))


def back_to(request, authority) -> str:
    """The page the form was on, if it is one of ours; else the list of meetings."""
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse("meeting_list", args=[authority.slug])


@authority_view()
def meeting_calendar(request, authority, pk):
    """The meeting as one calendar event; a Forum member gets it once the agenda is out."""
    meeting = meeting_for(request, pk)
    day = timezone.localdate(meeting.starts_at)
    return download(calendar_file(meeting), f"{authority.slug}-schools-forum-{day}.ics")


def calendar_file(meeting) -> bytes:
    """One VEVENT. Its UID stays the same for the meeting, and its SEQUENCE goes up with
    each change, so importing it again updates the event rather than adding another.
    Exempt items are left out: a calendar is shared, synced and shown on lock screens."""
    authority = meeting.authority
    link = site_link(reverse("meeting_detail", args=[authority.slug, meeting.pk]))
    items = meeting.items.filter(exempt=False).order_by("number")
    agenda = [f"{item.number}. {item.title}" for item in items]
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{authority.slug}.hnb-monitor")
    event.add("dtstamp", timezone.now())
    event.add("sequence", meeting.version)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + USUAL_LENGTH)
    event.add("summary", f"{authority.name} {meeting.name}")
    if place(meeting):
        event.add("location", place(meeting))
    event.add("url", link)
    event.add("description", "\n".join([f"The meeting page: {link}", "", *agenda]))
    calendar = Calendar()
    calendar.add("prodid", "-//HNB Monitor//Schools Forum meetings//EN")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    return calendar.to_ical()
